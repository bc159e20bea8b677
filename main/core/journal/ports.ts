/**
 * What the journal needs from the rest of the core (wired in the composition root).
 */

/** Sends one enrollment proof from the signed-in XMPP session; rejects when not online. */
export interface EnrollmentProofPort {
  sendEnrollmentProof(to: string, challenge: string): Promise<void>;
}
