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

/** Each rule is sticky at a keyword of the 'cliPassword' category (keywords.ts); group 1 is where the value starts. */
const RULES: readonly { re: RegExp; rule: string }[] = [
  // The client reads the password only when it is attached to -p ("-p secret" would be a database name).
  { re: /(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n]{0,160}?[ \t]-p(['"]?[^\s'"])/, rule: 'password.command-line' },
  { re: /sshpass[ \t]{1,3}-p[ \t]{0,3}(['"]?[^\s'"-])/, rule: 'password.command-line' },
  {
    re: /add[ \t]{1,3}key[ \t]{0,2}=[ \t]{0,2}"[^"\n]{0,60}(?:[Pp]assword|PASSWORD|[Pp]asswd|[Pp]wd)[^"\n]{0,30}"[ \t]{1,3}value[ \t]{0,2}=[ \t]{0,2}("[^"\n])/,
    rule: 'password.config-entry',
  },
];

/** The password a command or setting holds, read from the keyword at `at` (called by detectLabeled for 'cliPassword' hits). */
export function readConfigPassword(s: ScanState, at: number): void {
  const text = s.text;
  for (const r of RULES) {
    const re = new RegExp(r.re.source, 'y'); // (per call: no g/y regex at module level)
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) continue;
    if (r.rule === 'password.config-entry' && text.charCodeAt(at - 1) !== 60) return; // "<add key="
    const g = m[1]!;
    // Past an opening quote: readPassword then ends the value at the closing one.
    const pos = at + m[0].length - g.length + (g[0] === '"' || g[0] === "'" ? 1 : 0);
    const v = readPassword(text, pos, 'password', ':', s.rx);
    if (v) s.push({ ...v, rule: r.rule });
    return;
  }
}
