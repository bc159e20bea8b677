/**
 * The EnrollmentProofPort over the core's XMPP session: one chat message with the proof body to the
 * retention server's account. Not user text (a fixed line with a server-issued challenge); the stanza is
 * built under xmpp/ (stanzas.enrollmentProof) and sent on the session's guarded path, not the outbox.
 */
import { enrollmentProofBody } from '../../../shared/journal/enrollment';
import type { EnrollmentProofPort } from './ports';

export interface ProofSession {
  readonly phase: string;
  sendEnrollmentProof(to: string, body: string): Promise<void>;
}

export function xmppEnrollmentProof(session: () => ProofSession | null): EnrollmentProofPort {
  return {
    async sendEnrollmentProof(to, challenge) {
      const s = session();
      if (!s || s.phase !== 'online') throw new Error('not signed in');
      await s.sendEnrollmentProof(to, enrollmentProofBody(challenge));
    },
  };
}
