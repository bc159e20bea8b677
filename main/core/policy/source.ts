import type { PolicyLayer, PolicyLevel, SourceProblem } from '../../../shared/policy/evaluate';

/**
 * One place policy comes from (a directory of JSON files, the Windows registry, macOS managed
 * preferences, the user's own settings, the development override). Each OS has its own reader behind
 * this one interface; the service merges what they return by precedence (see shared/policy/evaluate.ts).
 */
export interface PolicySource {
  /** For logs and the policy page, e.g. "linux:/etc/approved-im/policies". */
  readonly name: string;
  /** `policy` sources are replaced by the --policy override in development builds; user settings are not. */
  readonly kind: 'policy' | 'user-settings';
  /** Layers strongest first within a level. Must not throw; report problems instead. */
  read(): Promise<SourceReadResult>;
  /** Calls `onChange` (possibly spuriously) when the source may have changed. Returns a stop function. */
  watch?(onChange: () => void): () => void;
}

export interface SourceReadResult {
  layers: PolicyLayer[];
  problems: SourceProblem[];
}

export const EMPTY_READ: SourceReadResult = { layers: [], problems: [] };

/** Mandatory sources fail closed: if their content is unknown, security-critical values may be missing. */
export function isMandatory(level: PolicyLevel): boolean {
  return level === 'mandatory-machine' || level === 'mandatory-user';
}

export function problem(source: string, level: PolicyLevel, message: string): SourceProblem {
  return { source, level, message, fatal: isMandatory(level) };
}

/** Set an own property even for names like "__proto__" (keys come from untrusted files). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Run a source's read and turn an unexpected exception into a problem, so a bad source never crashes the app. */
export async function readSafely(source: PolicySource): Promise<SourceReadResult> {
  try {
    return await source.read();
  } catch (err) {
    const message = `Could not read policy (${err instanceof Error ? err.message : String(err)}).`;
    return { layers: [], problems: [{ source: source.name, level: 'mandatory-machine', message, fatal: source.kind === 'policy' }] };
  }
}

/** A periodic re-read, for sources without change notifications. unref'd so it never keeps the process alive. */
export function pollWatcher(intervalMs: number): (onChange: () => void) => () => void {
  return (onChange) => {
    const timer = setInterval(onChange, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  };
}

/**
 * The user's own choices for policies marked `userSettable` (e.g. IdleSignOutMinutes), kept by the app
 * in its settings store. They rank below every policy level.
 */
export function userSettingsSource(opts: { read: () => Promise<Record<string, unknown>>; name?: string }): PolicySource {
  const name = opts.name ?? 'user settings';
  return {
    name,
    kind: 'user-settings',
    async read() {
      try {
        const values = await opts.read();
        if (!values || typeof values !== 'object' || Array.isArray(values)) return EMPTY_READ;
        return { layers: [{ level: 'user-setting', source: name, values: { ...values } }], problems: [] };
      } catch (err) {
        return { layers: [], problems: [{ source: name, level: 'user-setting', message: `Could not read user settings (${(err as Error).message}).`, fatal: false }] };
      }
    },
  };
}
