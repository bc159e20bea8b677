/**
 * The journal as the composition root builds it: spool in `<dataDir>/journal`, settings from the
 * effective policy (read live, so runtime policy changes apply), status pushed to the UI.
 */
import { join } from 'node:path';
import type { JournalStatus } from '../../../shared/ipc/types';
import type { PolicyValues } from '../../../shared/policy/schema';
import type { Logger } from '../log';
import type { KeyStore } from './keys';
import type { EnrollmentProofPort } from './ports';
import { Journal, journalConfigFromPolicy, type JournalOptions } from './journal';

export { Journal, journalConfigFromPolicy } from './journal';
export type { JournalConfig, FailMode } from './journal';
export { createFileKeyStore, withFileFallback, type KeyStore } from './keys';
export { createJournalAuditSink } from './auditSink';
export { xmppEnrollmentProof } from './enrollmentProof';
export type { EnrollmentProofPort } from './ports';

export interface ClientJournalOptions {
  dataDir: string;
  policy: { current(): { values: PolicyValues; hash: string } };
  keys: KeyStore;
  log: Logger;
  onStatus: (status: JournalStatus) => void;
  account: () => string;
  /** Sends the enrollment proof from the signed-in XMPP session (issue 12). */
  enrollmentProof: EnrollmentProofPort;
  clientVersion?: string;
  /** Tests: faster backoff, injected storage or transport. */
  overrides?: Partial<Pick<JournalOptions, 'uploader' | 'openStorage' | 'transport' | 'now' | 'enrollment'>>;
}

export function journalDir(dataDir: string): string {
  return join(dataDir, 'journal');
}

export function createClientJournal(o: ClientJournalOptions): Journal {
  const journal = new Journal({
    dir: journalDir(o.dataDir),
    keys: o.keys,
    log: o.log,
    config: () => journalConfigFromPolicy(o.policy.current().values),
    policyHash: () => o.policy.current().hash,
    onStatus: o.onStatus,
    account: o.account,
    enrollmentProof: o.enrollmentProof,
    ...(o.clientVersion !== undefined ? { clientVersion: o.clientVersion } : {}),
    ...o.overrides,
  });
  void journal.start();
  return journal;
}
