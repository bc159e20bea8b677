/**
 * What may enter the composer by paste or drop. Policy 630-04: text messages only.
 *
 * This is the renderer's first line only (main checks the exact text again before sending). Later
 * checks (encoded binaries, DLP hints) plug in here so the composer keeps one call per event.
 */

import { encodedTextRefusal } from './encodedGuard';

export const FILE_REFUSAL = "Files and images can't be sent: Policy 630-04 allows text only.";

export type TransferDecision =
  /** Let the browser insert the plain text itself. */
  | { kind: 'allow' }
  /** Cancel the browser's action and insert this text instead (e.g. HTML reduced to text). */
  | { kind: 'insert'; text: string }
  /** Cancel the browser's action and tell the user why; `what`, `mime` and `count` are what main audits (never content). */
  | { kind: 'refuse'; reason: string; what: RefusedWhat; mime?: string; count?: number };

export type RefusedWhat = 'file' | 'image' | 'encoded-binary';

/** The parts of a DataTransfer the guard reads; a real DataTransfer satisfies it. */
export interface TransferLike {
  readonly types: readonly string[];
  readonly files?: { readonly length: number } | null;
  readonly items?: ArrayLike<{ readonly kind: string; readonly type: string }> | null;
  getData(format: string): string;
}

function hasFiles(data: TransferLike): boolean {
  if (data.files && data.files.length > 0) return true;
  if (data.types.some((t) => t === 'Files' || t.startsWith('image/') || t === 'application/x-moz-file')) return true;
  const items = data.items ? Array.from(data.items) : [];
  return items.some((i) => i.kind === 'file' || i.type.startsWith('image/'));
}

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,49}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,49}$/i;

/** The refused files' facts for the audit: image or file, the first declared media type, how many. Never names. */
function fileFacts(data: TransferLike): { what: RefusedWhat; mime?: string; count?: number } {
  const items = data.items ? Array.from(data.items).filter((i) => i.kind === 'file' || i.type.startsWith('image/')) : [];
  const mime = items.map((i) => i.type).find((t) => MIME.test(t)) ?? data.types.find((t) => t.startsWith('image/') && MIME.test(t));
  const image = mime?.startsWith('image/') ?? false;
  const n = Math.max(data.files?.length ?? 0, items.length);
  return { what: image ? 'image' : 'file', ...(mime ? { mime: mime.toLowerCase() } : {}), ...(n > 0 ? { count: Math.min(n, 1000) } : {}) };
}

/** Decide what a paste or drop may put into the composer. */
export function checkTransfer(data: TransferLike | null | undefined): TransferDecision {
  if (!data) return { kind: 'allow' };
  if (hasFiles(data)) return { kind: 'refuse', reason: FILE_REFUSAL, ...fileFacts(data) };
  const types = new Set(data.types);
  // Text that carries a file (base64, hex, data: URI…) is a file transfer: refused with the reason.
  if (types.has('text/plain')) {
    const encoded = encodedTextRefusal(data.getData('text/plain'));
    return encoded ? { kind: 'refuse', reason: encoded, what: 'encoded-binary' } : { kind: 'allow' };
  }
  if (types.has('text/html')) {
    const text = htmlToText(data.getData('text/html'));
    const encoded = encodedTextRefusal(text);
    return encoded ? { kind: 'refuse', reason: encoded, what: 'encoded-binary' } : { kind: 'insert', text };
  }
  if (types.size === 0) return { kind: 'allow' };
  // Anything else (rich app formats, URI lists without text) is not plain text.
  return { kind: 'refuse', reason: FILE_REFUSAL, what: 'file' };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Reduce clipboard HTML to the text a person saw. Never parsed into a live document: tags are
 * stripped as text, so nothing in the HTML can run or load. Links keep their visible text only.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/(<\/(p|div|li|tr|h[1-6]|blockquote|pre|table|ul|ol)\s*>\s*)+/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '• ')
    .replace(/<\/t[dh]\s*>/gi, '\t')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
