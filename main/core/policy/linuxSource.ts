import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolicyLayer, PolicyLevel, SourceProblem } from '../../../shared/policy/evaluate';
import { POLICY_PRODUCT } from '../../../shared/policy/schema';
import { checkTrustedDir, readTrustedFile, type TrustOptions } from './fileTrust';
import { PolicyFileError, parsePolicyJson } from './policyFile';
import { pollWatcher, problem, type PolicySource } from './source';

export interface LinuxSourceOptions extends TrustOptions {
  /** Default /etc/approved-im/policies; tests pass a temporary directory. */
  root?: string;
  /** Safety-net re-read interval in addition to file-system notifications. Default 60 s. */
  pollMs?: number;
}

const DIRS: readonly [string, PolicyLevel][] = [
  ['managed', 'mandatory-machine'],
  ['recommended', 'recommended-machine'],
];

/**
 * Linux (and other Unix) policy: every `*.json` file in <root>/managed (mandatory) and <root>/recommended
 * (recommended), each one JSON object. Files are applied in name order, so the file that sorts last wins
 * within a directory (use 10-agency.json, 50-division.json…); the others' differing values show as
 * conflicts. Hidden files and other extensions are ignored. Files and directories that are not owned by
 * root or that others can write are refused, as are unreadable or corrupt files; such a problem in
 * managed/ fails closed (the client does not start), in recommended/ it is a warning.
 */
export function linuxPolicySource(opts: LinuxSourceOptions = {}): PolicySource {
  const root = opts.root ?? POLICY_PRODUCT.linuxDir;
  const trust: TrustOptions = { trustedUid: opts.trustedUid ?? 0, maxBytes: opts.maxBytes };
  return {
    name: `linux:${root}`,
    kind: 'policy',
    async read() {
      const layers: PolicyLayer[] = [];
      const problems: SourceProblem[] = [];
      const rootState = await checkTrustedDir(root, trust);
      if (rootState === 'missing') return { layers, problems };
      if (rootState) return { layers, problems: [problem(root, 'mandatory-machine', rootState)] };
      for (const [sub, level] of DIRS) {
        const dir = join(root, sub);
        const state = await checkTrustedDir(dir, trust);
        if (state === 'missing') continue;
        if (state) {
          problems.push(problem(dir, level, state));
          continue;
        }
        let names: string[];
        try {
          names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
        } catch (err) {
          problems.push(problem(dir, level, `cannot list ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`));
          continue;
        }
        for (const name of names.reverse()) {
          const file = join(dir, name);
          const got = await readTrustedFile(file, trust);
          if (!got.ok) {
            if (!got.missing) problems.push(problem(file, level, got.message));
            continue;
          }
          try {
            layers.push(parsePolicyJson(got.text, file, level));
          } catch (err) {
            problems.push(problem(file, level, err instanceof PolicyFileError ? err.message : String(err)));
          }
        }
      }
      return { layers, problems };
    },
    watch(onChange) {
      const watchers: FSWatcher[] = [];
      for (const dir of [root, join(root, 'managed'), join(root, 'recommended')]) {
        try {
          const w = fsWatch(dir, { persistent: false }, () => onChange());
          w.on('error', () => undefined);
          watchers.push(w);
        } catch {
          // Not there yet: the poll notices when it appears.
        }
      }
      const stopPoll = pollWatcher(opts.pollMs ?? 60_000)(onChange);
      return () => {
        stopPoll();
        for (const w of watchers) w.close();
      };
    },
  };
}
