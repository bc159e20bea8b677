/** XML text and attribute escaping (both contexts: & < > " '). Control characters other than tab/CR/LF are refused. */
export function xmlEscape(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw new Error('XML cannot carry control characters');
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * An XML property-list fragment for a JSON-like value (the mobileconfig and the test fixtures).
 * Whole numbers become <integer>, other numbers <real>; objects become <dict> with keys in insertion order.
 */
export function plistValue(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (typeof value === 'string') return `${indent}<string>${xmlEscape(value)}</string>`;
  if (typeof value === 'boolean') return `${indent}<${value}/>`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('plist numbers must be finite');
    return Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}<array/>`;
    return [`${indent}<array>`, ...value.map((v) => plistValue(v, inner)), `${indent}</array>`].join('\n');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return `${indent}<dict/>`;
    return [`${indent}<dict>`, ...entries.flatMap(([k, v]) => [`${inner}<key>${xmlEscape(k)}</key>`, plistValue(v, inner)]), `${indent}</dict>`].join(
      '\n',
    );
  }
  throw new Error(`plist cannot represent ${value === null ? 'null' : typeof value}`);
}

export const PLIST_HEADER = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
].join('\n');

/** A complete XML plist document holding one top-level value. */
export function plistDocument(value: unknown): string {
  return `${PLIST_HEADER}\n<plist version="1.0">\n${plistValue(value)}\n</plist>\n`;
}
