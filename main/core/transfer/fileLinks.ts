import type { AuditSink, TransferProtocol } from '../audit';
import type { CoreMessage } from '../xmpp/session';
import type { XmppElement } from '../xmpp/types';
import { findEncodedBinaries } from '../../../shared/transfer/encodedBinary';
import { findFileTransferPayloads, primaryProtocol } from './payload';
import { refusalEvent } from './inboundRefusal';

/** CONTRACTS.md "Inbound file link": the notice shown with a message that tried to share a file. */
export const FILE_SHARING_NOTICE = 'File sharing is blocked by policy';

/** First path segments of the URLs XMPP upload services hand out (Prosody, ejabberd, Openfire, Tigase…). */
const UPLOAD_PATH_SEGMENTS = new Set(['file_share', 'upload', 'uploads', 'http_upload', 'http-upload', 'httpfileupload', 'httpupload', 'share', 'files', 'file']);
/** First host labels of upload services (upload.example.gov, xmpp-upload.example.org…). */
const UPLOAD_HOST_LABELS = new Set(['upload', 'uploads', 'xmpp-upload', 'http-upload', 'httpupload', 'httpfileupload', 'share', 'files', 'file-share', 'fileshare', 'xmpp-files']);
/** A random slot token: ≥ 16 of [A-Za-z0-9_-], as every service issues (UUIDs, hex, base64url). */
const SLOT_TOKEN = /^[A-Za-z0-9_-]{16,}$/;

export interface UploadLinkContext {
  /** Upload services discovered on the user's server (XEP-0363 disco). */
  uploadHosts: ReadonlySet<string>;
}

/** XEP-0454 (OMEMO media sharing) `aesgcm://` links, and links into an HTTP upload service. */
export function isUploadLink(raw: string, ctx: UploadLinkContext): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'aesgcm:') return true;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (ctx.uploadHosts.has(host)) return true;
  const labels = host.split('.');
  if (labels.length >= 3 && UPLOAD_HOST_LABELS.has(labels[0]!)) return true;
  const segments = url.pathname.split('/').filter(Boolean);
  // /file_share/<uuid>/<name>, /upload/<hash>/<random>/<name>, /httpfileupload/<uuid>/<name>
  if (segments.length >= 3 && UPLOAD_PATH_SEGMENTS.has(segments[0]!.toLowerCase())) {
    return segments.slice(1, -1).some((s) => SLOT_TOKEN.test(s));
  }
  return false;
}

/** Only the strict signals, for outbound text: our own server's upload hosts and aesgcm:// links. */
export function isKnownUploadLink(raw: string, ctx: UploadLinkContext): boolean {
  try {
    const url = new URL(raw);
    if (url.protocol === 'aesgcm:') return true;
    return (url.protocol === 'http:' || url.protocol === 'https:') && ctx.uploadHosts.has(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}

const URL_IN_TEXT = /\b(?:https?|aesgcm):\/\/[^\s<>"'`]{1,4096}/gi;

export function linksIn(text: string): string[] {
  return text.match(URL_IN_TEXT) ?? [];
}

/** Links the stanza itself declares (OOB url, SIMS/SFS sources). */
function declaredLinks(stanza: XmppElement | undefined): string[] {
  if (!stanza) return [];
  const out: string[] = [];
  const visit = (el: XmppElement, depth: number) => {
    if (depth > 12 || out.length > 32) return;
    if (el.name === 'url' && el.children.length) out.push(el.text().trim());
    if ((el.name === 'reference' || el.name === 'url-data') && (el.attrs.uri || el.attrs.target)) out.push(el.attrs.uri ?? el.attrs.target ?? '');
    for (const c of el.children) if (typeof c !== 'string') visit(c, depth + 1);
  };
  visit(stanza, 0);
  return out;
}

export interface FileSharingVerdict {
  protocol: TransferProtocol;
}

/** Why a message is a file-sharing attempt, or null when it is plain text. */
export function fileSharingIn(message: Pick<CoreMessage, 'body' | 'stanza'>, ctx: UploadLinkContext): FileSharingVerdict | null {
  const payloads = message.stanza ? findFileTransferPayloads(message.stanza).payloads : [];
  const fromPayload = primaryProtocol(payloads);
  if (fromPayload) return { protocol: fromPayload };
  if ([...linksIn(message.body), ...declaredLinks(message.stanza)].some((l) => isUploadLink(l, ctx))) return { protocol: 'http-upload' };
  if (findEncodedBinaries(message.body).length) return { protocol: 'encoded-binary' };
  return null;
}

/**
 * Inbound guard (CoreDeps.inboundGuards): a message that carries OOB, SIMS, file-sharing or other file
 * payloads, links into an HTTP upload service, or a file encoded as text keeps its text, gains the
 * notice "File sharing is blocked by policy", and is audited once (live messages only: history is
 * annotated but not audited again). Nothing is fetched: the core has no HTTP client for these links,
 * and the renderer shows every body as plain text, links included.
 */
export function createFileSharingGuard(deps: { audit: AuditSink; uploadHosts: () => ReadonlySet<string> }) {
  return (message: CoreMessage): CoreMessage => {
    const verdict = fileSharingIn(message, { uploadHosts: deps.uploadHosts() });
    if (!verdict) return message;
    if (!message.archived) {
      deps.audit.record(
        refusalEvent({
          peer: message.conversation,
          protocol: verdict.protocol,
          direction: message.direction,
          action: 'notice',
          ...(message.stanza ? { stanza: message.stanza } : {}),
        }),
      );
    }
    return { ...message, notice: FILE_SHARING_NOTICE };
  };
}
