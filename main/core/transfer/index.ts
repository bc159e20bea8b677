/**
 * Text only (Policy 630-04 "IM file transfers shall be blocked"): every file-transfer path closed,
 * in both directions. docs/file-transfer.md lists each path and the test that proves it closed.
 *
 * The composition root wires the three parts into the core:
 *   const transfer = createFileTransferPolicy({ audit, log });
 *   createCore({ …, inboundGuards: [transfer.inboundGuard], sendGates: [transfer.sendGate], onSession: transfer.attach,
 *                    outboundGuard: transfer.outboundGuard });
 */
import type { SendGate } from '../ports';
import type { AuditSink } from '../audit';
import type { Logger } from '../log';
import type { CoreMessage, XmppSession } from '../xmpp/session';
import type { XmppElement } from '../xmpp/types';
import { createFileSharingGuard } from './fileLinks';
import { attachInboundRefusals, discoverUploadHosts } from './inboundRefusal';
import { createAuditedOutboundGuard } from './outboundGuard';
import { createTextOnlySendGate } from './sendGate';

export { outboundFileTransferGuard, installWireGuard, OutboundTransferRefused } from './outboundGuard';
export { FILE_SHARING_NOTICE } from './fileLinks';
export { UPLOAD_LINK_REFUSAL } from './sendGate';
export { PEER_REFUSAL_TEXT } from './inboundRefusal';

export interface FileTransferPolicy {
  /** CoreDeps.inboundGuards: notice on messages that try to share a file. */
  inboundGuard: (message: CoreMessage) => CoreMessage;
  /** CoreDeps.sendGates: files encoded as text and upload links are refused before sending. */
  sendGate: SendGate;
  /** CoreDeps.onSession: protocol refusals and the wire guard on each new session. */
  attach: (session: XmppSession) => void;
  /** CoreDeps.outboundGuard: the session's own last check, audited. */
  outboundGuard: (stanza: XmppElement) => string | null;
}

export function createFileTransferPolicy(deps: { audit: AuditSink; log: Logger }): FileTransferPolicy {
  // Upload services of the current session's server (discovered, never used).
  let uploadHosts: ReadonlySet<string> = new Set();
  return {
    inboundGuard: createFileSharingGuard({ audit: deps.audit, uploadHosts: () => uploadHosts }),
    sendGate: createTextOnlySendGate({ audit: deps.audit, uploadLinks: () => ({ uploadHosts }) }),
    outboundGuard: createAuditedOutboundGuard(deps.audit),
    attach(session) {
      uploadHosts = new Set();
      attachInboundRefusals(session, deps);
      session.on('phase', (phase) => {
        if (phase !== 'online') return;
        void discoverUploadHosts(session).then((hosts) => {
          uploadHosts = new Set(hosts);
        });
      });
    },
  };
}
