/** Plain words for DLP finding types (CONTRACTS.md "DLP finding types"). */
const NAMES: Record<string, string> = {
  US_SSN: 'Social Security number',
  US_ITIN: 'taxpayer ID number',
  CREDIT_CARD: 'payment card number',
  ABA_ROUTING: 'bank routing number',
  US_BANK_ACCOUNT: 'bank account number',
  US_PASSPORT: 'passport number',
  US_DRIVER_LICENSE: "driver's license number",
  DOB: 'date of birth',
  PASSWORD: 'password',
  SECRET: 'secret or access key',
  PRIVATE_KEY: 'private key',
  CLASSIFICATION: 'classification marking',
  PHI: 'health information',
  ENCODED_BINARY: 'encoded file data',
};

export function findingName(type: string): string {
  return NAMES[type] ?? type.toLowerCase().replace(/_/g, ' ');
}

/** Distinct, readable names for a list of findings, in first-seen order. */
export function findingNames(findings: readonly { type: string }[]): string[] {
  return [...new Set(findings.map((f) => findingName(f.type)))];
}
