import { createHash } from 'node:crypto';
import { watch as fsWatch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PolicyView } from '../../../shared/ipc/types';
import { canonicalJson } from '../../../shared/journal/record';
import { evaluatePolicy, type EffectivePolicy, type PolicyLayer, type PolicyProblem, type SourceProblem } from '../../../shared/policy/evaluate';
import { POLICY_BY_NAME } from '../../../shared/policy/schema';
import { buildPolicyView } from '../../../shared/policy/view';
import { silentLogger, type Logger } from '../log';
import { linuxPolicySource } from './linuxSource';
import { macosManagedPreferencesSource, managedPreferencesFileReader, type ManagedPreferencesReader } from './macosSource';
import { PolicyFileError, parsePolicyJson } from './policyFile';
import { regExeReader } from './regExe';
import { windowsRegistrySource, type RegistryReader } from './registry';
import { pollWatcher, readSafely, userSettingsSource, type PolicySource } from './source';

export type { PolicySource } from './source';

/** The policy in force, with the SHA-256 (lower-case hex) of its canonical effective values. */
export type AppliedPolicy = EffectivePolicy & { hash: string };

export interface PolicyService {
  /** The policy in force. Runtime policies follow changes; the others keep their start-up value until restart. */
  current(): AppliedPolicy;
  /** For 'policy:get': every policy with its value (sensitive ones masked), source, status and message. */
  view(now?: Date): PolicyView;
  /**
   * Called after a change was applied: a new hash, new problems, or a new value waiting for a restart.
   * If `p.fatal` becomes non-empty at runtime the app must stop the session and show the configuration
   * error screen (fail closed). Returns an unsubscribe function.
   */
  onChange(listener: (p: AppliedPolicy, restartRequired: string[]) => void): () => void;
  /** Re-read every source now (e.g. a "Reload policy" action, tests). */
  refresh(): Promise<void>;
  /** Policies whose changed value waits for a restart. */
  restartRequired(): string[];
  close(): void;
}

export interface PolicyServiceOptions {
  sources: PolicySource[];
  /** Development `--policy FILE`: replaces the OS policy sources. Refused (fatal) in packaged builds. */
  overrideFile?: string;
  isPackaged: boolean;
  /** Follow changes (file-system notifications and polling). Default true. */
  watch?: boolean;
  /** Coalesce bursts of change notifications. Default 250 ms. */
  debounceMs?: number;
  logger?: Logger;
}

/** SHA-256 (hex) of the canonical JSON of the effective values: the policy hash reported centrally and journaled. */
export function policyHash(values: EffectivePolicy['values']): string {
  return createHash('sha256').update(canonicalJson(values)).digest('hex');
}

export const OVERRIDE_REFUSED =
  'The --policy override is only available in development builds. Remove it from the command line; packaged builds read policy only from the operating system.';

/** The development override file: one JSON object like a Linux managed file, at mandatory machine level. */
export function overrideFileSource(file: string): PolicySource {
  const path = resolve(file);
  const source = `--policy ${path}`;
  return {
    name: source,
    kind: 'policy',
    async read() {
      try {
        const layer: PolicyLayer = parsePolicyJson(await readFile(path, 'utf8'), source, 'mandatory-machine');
        return { layers: [layer], problems: [] };
      } catch (err) {
        const message =
          err instanceof PolicyFileError ? err.message : `Cannot read policy file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`;
        return { layers: [], problems: [{ source, level: 'mandatory-machine', message, fatal: true }] };
      }
    },
    watch(onChange) {
      const stopPoll = pollWatcher(2000)(onChange);
      let w: ReturnType<typeof fsWatch> | null = null;
      try {
        w = fsWatch(path, { persistent: false }, () => onChange());
        w.on('error', () => undefined);
      } catch {
        // The poll covers it.
      }
      return () => {
        stopPoll();
        w?.close();
      };
    },
  };
}

export interface DefaultSourcesOptions {
  /** Linux/Unix policy directory. Default /etc/approved-im/policies. */
  linuxRoot?: string;
  /** Owner required for Linux policy files and macOS managed preferences. Default 0 (root). */
  trustedUid?: number;
  /** Windows: default reg.exe export (regExeReader). */
  registryReader?: RegistryReader;
  /** macOS: default the files under /Library/Managed Preferences. */
  managedPreferencesReader?: ManagedPreferencesReader;
  /** The user's choices for user-settable policies (from the app's settings store). */
  userSettings?: () => Promise<Record<string, unknown>>;
}

/** The policy sources for an OS: registry on Windows, managed preferences on macOS, JSON directories elsewhere. */
export function defaultPolicySources(platform: NodeJS.Platform, opts: DefaultSourcesOptions = {}): PolicySource[] {
  const sources: PolicySource[] = [];
  if (platform === 'win32') sources.push(windowsRegistrySource({ reader: opts.registryReader ?? regExeReader() }));
  else if (platform === 'darwin') {
    const reader = opts.managedPreferencesReader ?? managedPreferencesFileReader({ trustedUid: opts.trustedUid });
    sources.push(macosManagedPreferencesSource({ reader }));
  } else sources.push(linuxPolicySource({ root: opts.linuxRoot, trustedUid: opts.trustedUid }));
  if (opts.userSettings) sources.push(userSettingsSource({ read: opts.userSettings }));
  return sources;
}

function problemsOf(list: readonly PolicyProblem[], keep: (p: PolicyProblem) => boolean): PolicyProblem[] {
  return list.filter(keep);
}

/**
 * Apply `next` over `prev`: runtime policies take their new value; the others keep the value they had at
 * start-up and are listed as waiting for a restart. While the client is stopped on a configuration error
 * (prev has fatal problems) everything applies at once, so fixing the policy unblocks sign-in.
 */
export function applyChange(prev: EffectivePolicy, next: EffectivePolicy): { applied: EffectivePolicy; restartRequired: string[] } {
  if (prev.fatal.length) return { applied: next, restartRequired: [] };
  const isFrozen = (name: string) => POLICY_BY_NAME.get(name)?.runtime === false;
  const prevByName = new Map(prev.entries.map((e) => [e.name, e]));
  const restartRequired: string[] = [];
  const entries = next.entries.map((e) => {
    const old = prevByName.get(e.name);
    if (!old || !isFrozen(e.name)) return e;
    if (canonicalJson(old.value) !== canonicalJson(e.value) || old.status !== e.status) restartRequired.push(e.name);
    return old;
  });
  const values = Object.fromEntries(entries.map((e) => [e.name, e.value])) as EffectivePolicy['values'];
  const frozenProblem = (p: PolicyProblem) => isFrozen(p.policy);
  return {
    applied: {
      values,
      entries,
      fatal: [...problemsOf(next.fatal, (p) => !frozenProblem(p)), ...problemsOf(prev.fatal, frozenProblem)],
      warnings: [...problemsOf(next.warnings, (p) => !frozenProblem(p)), ...problemsOf(prev.warnings, frozenProblem)],
      sources: next.sources,
    },
    restartRequired,
  };
}

function freeze(p: EffectivePolicy, hash: string): AppliedPolicy {
  return Object.freeze({ ...p, hash });
}

export async function createPolicyService(opts: PolicyServiceOptions): Promise<PolicyService> {
  const log = opts.logger ?? silentLogger;
  const refused: SourceProblem[] = [];
  let sources = opts.sources;
  if (opts.overrideFile !== undefined) {
    if (opts.isPackaged) {
      refused.push({ source: '--policy', level: 'mandatory-machine', message: OVERRIDE_REFUSED, fatal: true });
      log.error('policy.override_refused', {});
    } else {
      sources = [overrideFileSource(opts.overrideFile), ...opts.sources.filter((s) => s.kind !== 'policy')];
      log.warn('policy.override_in_use', {});
    }
  }

  const evaluateAll = async (): Promise<EffectivePolicy> => {
    const results = await Promise.all(sources.map(readSafely));
    return evaluatePolicy(
      results.flatMap((r) => r.layers),
      { developmentBuild: !opts.isPackaged, sourceProblems: [...refused, ...results.flatMap((r) => r.problems)] },
    );
  };

  let applied = await evaluateAll();
  let current = freeze(applied, policyHash(applied.values));
  let pending: string[] = [];
  const signature = () => canonicalJson([current.hash, current.fatal, current.warnings, pending]);
  let lastSignature = signature();
  const listeners = new Set<(p: AppliedPolicy, restartRequired: string[]) => void>();
  log.info('policy.loaded', { hash: current.hash, fatal: current.fatal.length, warnings: current.warnings.length });

  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  const refresh = (): Promise<void> => {
    chain = chain.then(async () => {
      if (closed) return;
      const next = await evaluateAll();
      const { applied: a, restartRequired } = applyChange(applied, next);
      applied = a;
      current = freeze(a, policyHash(a.values));
      pending = restartRequired;
      const sig = signature();
      if (sig === lastSignature) return;
      lastSignature = sig;
      log.info('policy.changed', { hash: current.hash, fatal: current.fatal.length, warnings: current.warnings.length, restartRequired: pending.length });
      for (const l of [...listeners]) {
        try {
          l(current, [...pending]);
        } catch (err) {
          log.error('policy.listener_failed', { error: (err as Error).message });
        }
      }
    });
    return chain;
  };

  const stops: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  if (opts.watch ?? true) {
    const schedule = () => {
      if (closed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void refresh();
      }, opts.debounceMs ?? 250);
      timer.unref?.();
    };
    for (const s of sources) if (s.watch) stops.push(s.watch(schedule));
  }

  return {
    current: () => current,
    view: (now = new Date()) => buildPolicyView(current, { hash: current.hash, now, restartRequired: pending }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
    restartRequired: () => [...pending],
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const stop of stops.splice(0)) stop();
      listeners.clear();
    },
  };
}
