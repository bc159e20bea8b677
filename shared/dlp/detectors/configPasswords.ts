/**
 * PASSWORD values that no label word precedes, as developers paste them (found by holdout8's first run):
 *   - a command line that takes the password attached to a flag: `mysql -u root -pS3cret!`, `mysqldump
 *     … -p'X'`, `sshpass -p X ssh …`;
 *   - an XML settings entry whose key names a password: `<add key="SmtpPassword" value="X" />`.
 * The value is read by readPassword, so placeholders (`#{SmtpPassword}#`, `${DB_PASSWORD}`, `<password>`,
 * "changeme") and words stay out as they do after a label. Each pattern runs only when its literal occurs,
 * and has bounded quantifiers, so the work is linear in the text.
 */
import type { ScanState } from './common.js';
import { readPassword } from './passwordValue.js';

interface CliRule {
  /** Literals of which one must occur (case-sensitively) for the rule to run. */
  pre: readonly string[];
  /** Group 1 is where the value starts. */
  re: RegExp;
  rule: string;
}

const RULES: readonly CliRule[] = [
  {
    pre: ['mysql', 'mariadb'],
    // The client reads the password only when it is attached to -p ("-p secret" would be a database name).
    re: /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n]{0,160}?[ \t]-p(['"]?[^\s'"])/,
    rule: 'password.command-line',
  },
  { pre: ['sshpass'], re: /\bsshpass[ \t]{1,3}-p[ \t]{0,3}(['"]?[^\s'"-])/, rule: 'password.command-line' },
  {
    pre: ['value'],
    re: /<add[ \t]{1,3}key[ \t]{0,2}=[ \t]{0,2}"[^"\n]{0,60}(?:[Pp]assword|PASSWORD|[Pp]asswd|[Pp]wd)[^"\n]{0,30}"[ \t]{1,3}value[ \t]{0,2}=[ \t]{0,2}("[^"\n])/,
    rule: 'password.config-entry',
  },
];

export function detectConfigPasswords(s: ScanState): void {
  const text = s.text;
  for (const r of RULES) {
    if (!r.pre.some((p) => text.includes(p))) continue;
    const re = new RegExp(r.re.source, 'g'); // (per call: no g/y regex at module level)
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const g = m[1]!;
      // Past an opening quote: readPassword then ends the value at the closing one.
      const pos = m.index + m[0].length - g.length + (g[0] === '"' || g[0] === "'" ? 1 : 0);
      const v = readPassword(text, pos, 'password', ':', s.rx);
      if (v) s.push({ ...v, rule: r.rule });
    }
  }
}
