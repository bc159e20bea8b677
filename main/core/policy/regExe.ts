import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRegFile, treeFromKeys } from './regFile';
import type { RegistryHive, RegistryReader } from './registry';

/**
 * The production Windows registry reader without a native module: `reg.exe export <key> <file> /y`
 * into a private temporary directory, then the .reg parser. reg.exe ships with every Windows version
 * and exports the key with all its subkeys as UTF-16LE. A missing key makes reg.exe exit non-zero
 * without writing the file, which reads as "not set". Other failures surface as a read error (and
 * fail closed for mandatory policy). A native reader (registry-js, @vscode/policy-watcher) can replace
 * this through the RegistryReader interface.
 */
export type ExecFileFn = (file: string, args: readonly string[]) => Promise<{ code: number; stderr: string }>;

const defaultExec: ExecFileFn = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { windowsHide: true, timeout: 15_000 }, (err, _stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? Number(err.code) : 1) : 0;
      resolve({ code, stderr: String(stderr ?? '') });
    });
  });

export function regExeReader(opts: { exec?: ExecFileFn; regExe?: string } = {}): RegistryReader {
  const exec = opts.exec ?? defaultExec;
  const regExe = opts.regExe ?? join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'reg.exe');
  return {
    async readTree(hive: RegistryHive, path: string) {
      const dir = await mkdtemp(join(tmpdir(), 'approved-im-reg-'));
      const file = join(dir, 'export.reg');
      try {
        const { code, stderr } = await exec(regExe, ['export', `${hive}\\${path}`, file, '/y']);
        const bytes = await readFile(file).catch(() => null);
        if (!bytes) {
          if (code === 1) return null;
          throw new Error(`reg.exe export failed (exit ${code}): ${stderr.trim().slice(0, 200)}`);
        }
        return treeFromKeys(parseRegFile(bytes), hive, path);
      } finally {
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
    },
  };
}
