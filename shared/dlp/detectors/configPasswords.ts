/**
 * PASSWORD values that no label word precedes, as developers paste them (found by holdout8's first run):
 *   - a command line that takes the password attached to a flag: `mysql -u root -pS3cret!`, `mysqldump
 *     … -p'X'`, `sshpass -p X ssh …`;
 *   - an XML settings entry whose key names a password: `<add key="SmtpPassword" value="X" />`.
 * The value is read by readPassword, so placeholders (`#{SmtpPassword}#`, `${DB_PASSWORD}`, `<password>`,
 * "changeme") and words stay out as they do after a label. The patterns run only at the keywords the
 * engine's one keyword pass found ('cliPassword' in keywords.ts), with bounded quantifiers: linear work.
 */
import type { ScanState } from './common.js';
import { readPassword } from './passwordValue.js';

/**
 * The rule for each keyword of the 'cliPassword' category (keywords.ts), anchored at the keyword and run on
 * the next REACH characters (no g/y flag: nothing stateful at module level); the last group is where the value starts.
 */
const MYSQL = { re: /^(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n]{0,160}?[ \t]-p(['"]?[^\s'"])/, rule: 'password.command-line' };
const RULES: Readonly<Record<string, { re: RegExp; rule: string }>> = {
  // The client reads the password only when it is attached to -p ("-p secret" would be a database name).
  mysql: MYSQL,
  mysqldump: MYSQL,
  mysqladmin: MYSQL,
  mysqlimport: MYSQL,
  mariadb: MYSQL,
  sshpass: { re: /^sshpass[ \t]{1,3}-p[ \t]{0,3}(['"]?[^\s'"-])/, rule: 'password.command-line' },
  'add key': {
    // (The key is read whole, then checked: no backtracking through it.)
    re: /^add[ \t]{1,3}key[ \t]{0,2}=[ \t]{0,2}"([^"\n]{0,90})"[ \t]{1,3}value[ \t]{0,2}=[ \t]{0,2}("[^"\n])/,
    rule: 'password.config-entry',
  },
};
const REACH = 240;
const PASSWORD_KEY = /password|passwd|pwd/i;

/** The password a command or setting holds, read from the keyword `kw` at `at` (called by detectLabeled for 'cliPassword' hits). */
export function readConfigPassword(s: ScanState, kw: string, at: number): void {
  const r = RULES[kw];
  const text = s.text;
  if (!r || (r.rule === 'password.config-entry' && text.charCodeAt(at - 1) !== 60)) return; // "<add key="
  const m = r.re.exec(text.slice(at, at + REACH));
  if (!m || (m.length > 2 && !PASSWORD_KEY.test(m[1]!))) return;
  const g = m[m.length - 1]!;
  // Past an opening quote: readPassword then ends the value at the closing one.
  const pos = at + m[0].length - g.length + (g[0] === '"' || g[0] === "'" ? 1 : 0);
  const v = readPassword(text, pos, 'password', ':', s.rx);
  if (v) s.push({ ...v, rule: r.rule });
}
