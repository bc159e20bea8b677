import type { SendGate } from '../ports';
import type { AuditSink } from '../audit';
import { encodedBinaryRefusal } from '../../../shared/transfer/encodedBinary';
import { isKnownUploadLink, linksIn, type UploadLinkContext } from './fileLinks';
import { refusalEvent } from './inboundRefusal';

export const UPLOAD_LINK_REFUSAL =
  "This message links to a file on a file-sharing service. Policy 630-04 allows text messages only: files can't be shared over IM. Remove the link and send your text.";

/**
 * The send gate for text-only (Policy 630-04), on the exact body main is about to send: a file encoded
 * as text (data: URI, base64/hex that decodes to a file, uuencode…) or a link into the server's upload
 * service is refused with a sentence saying why, and audited (never the body).
 * Independent of the DLP policy: turning the DLP ENCODED_BINARY detector off does not turn this off.
 */
export function createTextOnlySendGate(deps: { audit: AuditSink; uploadLinks?: () => UploadLinkContext }): SendGate {
  return {
    async check({ to, body }) {
      const encoded = encodedBinaryRefusal(body);
      const reason = encoded ?? (deps.uploadLinks && linksIn(body).some((l) => isKnownUploadLink(l, deps.uploadLinks!())) ? UPLOAD_LINK_REFUSAL : null);
      if (!reason) return { action: 'allow' };
      deps.audit.record(refusalEvent({ peer: to, protocol: encoded ? 'encoded-binary' : 'http-upload', direction: 'out', action: 'send-blocked' }));
      return { action: 'refuse', reason };
    },
  };
}
