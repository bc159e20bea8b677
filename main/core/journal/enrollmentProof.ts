/**
 * The EnrollmentProofPort over the core's XMPP session: one chat message with the proof body to the
 * retention server's account. Not user text (a fixed line with a server-issued challenge), so it takes
 * the session's guarded raw path rather than the outbox; hints keep it out of archives and carbons.
 */
import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client-core';
import { enrollmentProofBody } from '../../../shared/journal/enrollment';
import type { XmppElement } from '../xmpp/types';
import type { EnrollmentProofPort } from './ports';

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
          xml('no-store', { xmlns: 'urn:xmpp:hints' }),
          xml('no-copy', { xmlns: 'urn:xmpp:hints' }),
          xml('private', { xmlns: 'urn:xmpp:carbons:2' }),
        ),
      );
    },
  };
}
