/**
 * Finding types in plain words, for what people read: the composer's hints and main's refusal. One list,
 * so the warning while typing and the refusal on send name a finding the same way.
 */
export const DLP_TYPE_PHRASES: Readonly<Record<string, string>> = {
  US_SSN: 'a Social Security number',
  US_ITIN: 'a taxpayer ID number (ITIN)',
  CREDIT_CARD: 'a payment card number',
  ABA_ROUTING: 'a bank routing number',
  US_BANK_ACCOUNT: 'a bank account number',
  US_PASSPORT: 'a passport number',
  US_DRIVER_LICENSE: "a driver's license number",
  DOB: 'a date of birth',
  PASSWORD: 'a password',
  SECRET: 'a secret or access key',
  PRIVATE_KEY: 'a private key',
  CLASSIFICATION: 'a classification marking',
  PHI: 'health information about a person',
  ENCODED_BINARY: 'a file encoded as text',
};

/** "a Social Security number", or the custom type in words. */
export function dlpTypePhrase(type: string): string {
  return DLP_TYPE_PHRASES[type] ?? `text matching “${type.replace(/^CUSTOM_/, '').toLowerCase().replace(/_/g, ' ')}”`;
}
