import { describe, expect, it } from 'vitest';
import { FILE_REFUSAL, checkTransfer, htmlToText, type TransferLike } from './pasteGuard';

const transfer = (data: Record<string, string>, extra: Partial<TransferLike> = {}): TransferLike => ({
  types: Object.keys(data),
  getData: (t) => data[t] ?? '',
  ...extra,
});

describe('checkTransfer', () => {
  it('lets plain text through to the browser', () => {
    expect(checkTransfer(transfer({ 'text/plain': 'hello' }))).toEqual({ kind: 'allow' });
    expect(checkTransfer(transfer({ 'text/plain': 'hi', 'text/html': '<b>hi</b>' }))).toEqual({ kind: 'allow' });
  });
  it('refuses files and images with the policy sentence', () => {
    // With the facts main audits (composer:refused): what, the declared type and how many, never a name.
    expect(checkTransfer(transfer({ Files: '' }, { files: { length: 1 } }))).toEqual({ kind: 'refuse', reason: FILE_REFUSAL, what: 'file', count: 1 });
    expect(checkTransfer(transfer({ 'image/png': '' }))).toEqual({ kind: 'refuse', reason: FILE_REFUSAL, what: 'image', mime: 'image/png' });
    expect(checkTransfer(transfer({ 'text/plain': 'x' }, { items: [{ kind: 'file', type: 'application/pdf' }] }))).toEqual({ kind: 'refuse', reason: FILE_REFUSAL, what: 'file', mime: 'application/pdf', count: 1 });
    expect(checkTransfer(transfer({ 'application/x-custom': 'x' }))).toEqual({ kind: 'refuse', reason: FILE_REFUSAL, what: 'file' });
    expect(FILE_REFUSAL).toBe("Files and images can't be sent: Policy 630-04 allows text only.");
  });
  it('turns HTML-only paste into text', () => {
    expect(checkTransfer(transfer({ 'text/html': '<p>One &amp; <a href="https://x">two</a></p><p>three</p>' }))).toEqual({
      kind: 'insert',
      text: 'One & two\nthree',
    });
  });
  it('allows an empty or missing transfer', () => {
    expect(checkTransfer(null)).toEqual({ kind: 'allow' });
    expect(checkTransfer(transfer({}))).toEqual({ kind: 'allow' });
  });
});

describe('htmlToText', () => {
  it('drops scripts, styles and comments, keeps line structure and decodes entities', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><!-- c --><script>alert(1)</script>' +
      '<div>Line&nbsp;1<br>Line 2</div><ul><li>a</li><li>b</li></ul>&lt;b&gt; &#169; &#x1F600;</body></html>';
    expect(htmlToText(html)).toBe('Line 1\nLine 2\n• a\n• b\n<b> © 😀');
  });
  it('never produces markup from entities that spell tags', () => {
    expect(htmlToText('&lt;img src=x onerror=alert(1)&gt;')).toBe('<img src=x onerror=alert(1)>');
  });
});
