import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Non-secret per-user state kept in the app's data directory (last address, notice acknowledgement…). */
export interface UserSettings {
  lastAddress?: string;
  [key: string]: unknown;
}

export interface SettingsStore {
  read(): Promise<UserSettings>;
  update(patch: Partial<UserSettings>): Promise<UserSettings>;
}

export function createSettingsStore(dataDir: string): SettingsStore {
  const file = join(dataDir, 'settings.json');
  let cache: UserSettings | null = null;
  const read = async (): Promise<UserSettings> => {
    if (cache) return cache;
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      cache = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as UserSettings) : {};
    } catch {
      cache = {};
    }
    return cache;
  };
  return {
    read,
    async update(patch) {
      const next = { ...(await read()), ...patch };
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
      await rename(tmp, file);
      cache = next;
      return next;
    },
  };
}
