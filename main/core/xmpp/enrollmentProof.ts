/**
 * The EnrollmentProofPort over the core's XMPP session: one chat message with the proof body to the
 * retention server's account. Not user text (a fixed line with a server-issued challenge), so it is built
 * here under xmpp/ and takes the session's raw path rather than the outbox. No `no-store` hint: the client
 * never sends storage hints on a message with a body (issue 11); `no-copy` and carbons' `private` only keep
 * it off the user's other devices.
 */
import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client-core';
import { enrollmentProofBody } from '../../../shared/journal/enrollment';
import type { XmppElement } from './types';
import type { EnrollmentProofPort } from '../journal/ports';

export interface ProofSession {
  readonly phase: string;
  sendRaw(stanza: XmppElement): Promise<void>;
}

export function xmppEnrollmentProof(session: () => ProofSession | null): EnrollmentProofPort {
  return {
    async sendEnrollmentProof(to, challenge) {
      const s = session();
      if (!s || s.phase !== 'online') throw new Error('not signed in');
      await s.sendRaw(
        xml(
          'message',
          { to, type: 'chat', id: randomUUID() },
          xml('body', {}, enrollmentProofBody(challenge)),
          xml('no-copy', { xmlns: 'urn:xmpp:hints' }),
          xml('private', { xmlns: 'urn:xmpp:carbons:2' }),
        ),
      );
    },
  };
}
