/**
 * "Nothing is written to disk": snapshot a client's data directory, and look for a marker (unique bytes
 * in the offered file) in every file created or changed under the temp directory since a start time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, `${rel}${name}/`);
      else out.push(`${rel}${name}`);
    }
  };
  walk(dir, '');
  return out;
}

/** Files under the temp directory (depth ≤ 6) changed since `sinceMs` that contain `marker`. */
export function filesContaining(marker: string, sinceMs: number, exclude: string[], root = tmpdir()): string[] {
  const skip = exclude.map((e) => resolve(e));
  const needle = Buffer.from(marker);
  const hits: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 6 || skip.some((s) => d === s || d.startsWith(s + '/'))) return;
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, depth + 1);
      else if (st.isFile() && st.mtimeMs >= sinceMs && st.size <= 8 * 1024 * 1024) {
        try {
          if (readFileSync(p).includes(needle)) hits.push(p);
        } catch {
          /* unreadable or gone */
        }
      }
    }
  };
  walk(resolve(root), 0);
  return hits;
}
