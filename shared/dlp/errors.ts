/** Thrown by createDlpEngine for an invalid or unsafe policy entry. The message never contains scanned text. */
export class DlpConfigError extends Error {
  /** The policy that holds the bad entry, e.g. `DlpPatterns`. */
  readonly policy: string;
  /** The name of the rule (pattern or keyword list) that is wrong, when there is one. */
  readonly rule: string | undefined;
  constructor(message: string, policy: string, rule?: string) {
    super(message);
    this.name = 'DlpConfigError';
    this.policy = policy;
    this.rule = rule;
  }
}
