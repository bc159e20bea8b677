import type { TransferProtocol } from '../audit';
import type { XmppElement } from '../xmpp/types';
import { NS_REFERENCE, NS_XHTML_IM, fileTransferProtocolOf } from './namespaces';

export interface FileTransferPayload {
  protocol: TransferProtocol;
  /** The namespace (or rule) that matched. */
  ns: string;
  element: XmppElement;
}

/** Deeper than any stanza we build or accept; deeper trees are treated as suspect by the outbound guard. */
export const MAX_DEPTH = 32;

function nsOf(el: XmppElement, inherited: string | undefined): string | undefined {
  const prefixed = el.name.indexOf(':');
  if (prefixed > 0) {
    const prefix = el.name.slice(0, prefixed);
    // Look up xmlns:prefix on this element or its ancestors.
    for (let cur: XmppElement | null | undefined = el; cur; cur = cur.parent) {
      const v = cur.attrs[`xmlns:${prefix}`];
      if (v) return v;
    }
    return undefined;
  }
  return el.attrs.xmlns ?? inherited;
}

function localName(el: XmppElement): string {
  const i = el.name.indexOf(':');
  return i > 0 ? el.name.slice(i + 1) : el.name;
}

/**
 * Every file-transfer or attachment payload inside a stanza (any depth up to MAX_DEPTH), in document
 * order. `tooDeep` is set when the tree goes deeper than that.
 */
export function findFileTransferPayloads(stanza: XmppElement): { payloads: FileTransferPayload[]; tooDeep: boolean } {
  const payloads: FileTransferPayload[] = [];
  let tooDeep = false;
  const walk = (el: XmppElement, inherited: string | undefined, depth: number, inXhtml: boolean) => {
    if (depth > MAX_DEPTH) {
      tooDeep = true;
      return;
    }
    const ns = nsOf(el, inherited);
    const name = localName(el);
    const protocol = fileTransferProtocolOf(ns);
    if (protocol && ns) payloads.push({ protocol, ns, element: el });
    else if (ns === NS_REFERENCE && name === 'reference' && el.attrs.type === 'data') payloads.push({ protocol: 'sims', ns, element: el });
    else if (inXhtml && name === 'img') payloads.push({ protocol: 'xhtml-image', ns: NS_XHTML_IM, element: el });
    const xhtml = inXhtml || (ns === NS_XHTML_IM && name === 'html');
    for (const child of el.children) if (typeof child !== 'string') walk(child, ns, depth + 1, xhtml);
  };
  walk(stanza, stanza.attrs.xmlns, 0, false);
  return { payloads, tooDeep };
}

/** The most specific protocol among payloads ('jingle' is refined by its file-transfer description). */
export function primaryProtocol(payloads: readonly FileTransferPayload[]): TransferProtocol | null {
  if (!payloads.length) return null;
  return payloads.find((p) => p.protocol !== 'jingle')?.protocol ?? payloads[0]!.protocol;
}

/** Declared size and media type of an offered file (SI, Jingle FT, SIMS, SFS), for the audit record. */
export function declaredFileFacts(payloads: readonly FileTransferPayload[]): { size?: number; mediaType?: string } {
  const out: { size?: number; mediaType?: string } = {};
  const visit = (el: XmppElement, depth: number) => {
    if (depth > 8) return;
    if (out.size === undefined) {
      const raw = el.name === 'file' ? el.attrs.size ?? el.getChildText('size') : el.name === 'size' ? el.text() : undefined;
      const n = raw !== undefined && raw !== null && /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      if (Number.isFinite(n)) out.size = n;
    }
    if (out.mediaType === undefined) {
      const mt = el.name === 'media-type' ? el.text() : el.name === 'si' ? el.attrs['mime-type'] : el.name === 'data' && el.attrs.type ? el.attrs.type : undefined;
      if (mt && /^[\w.+-]{1,64}\/[\w.+-]{1,64}$/.test(mt.trim())) out.mediaType = mt.trim().toLowerCase();
    }
    for (const c of el.children) if (typeof c !== 'string') visit(c, depth + 1);
  };
  for (const p of payloads) visit(p.element, 0);
  return out;
}
