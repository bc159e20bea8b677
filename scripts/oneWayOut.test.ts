import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/**
 * One way out (issue 11): lint keeps user text off the wire except through main/core/outbound/. A
 * violation fails; the same code where it belongs passes (the control).
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const sendRaw = "import type { XmppSession } from '../xmpp/session';\nexport const f = (s: XmppSession, el: Parameters<XmppSession['sendRaw']>[0]) => s.sendRaw(el);\n";
const clientSend = "import type { XmppSession } from '../xmpp/session';\nexport const f = (s: XmppSession, el: Parameters<XmppSession['sendRaw']>[0]) => s.client.send(el);\n";
const mint = "import type { ClearedText } from '../xmpp/cleared';\nexport const f = (text: string) => text as ClearedText;\n";
const build = "import { xml } from '@xmpp/client-core';\nexport const f = (body: string) => xml('message', {}, xml('body', {}, body));\n";

describe('one way out (lint)', () => {
  it.each([
    ['main/core/handlers/x.ts', 'sendRaw', sendRaw],
    ['main/core/handlers/x.ts', 'client.send', clientSend],
    ['main/core/inbound/x.ts', 'a ClearedText cast', mint],
    ['main/core/handlers/x.ts', 'a stanza built outside xmpp/', build],
    ['main/core/session/x.ts', 'sendRaw', sendRaw],
    ['main/core/xmpp/x.ts', 'a ClearedText cast', mint.replace('../xmpp/cleared', './cleared')],
    ['main/core/transfer/x.ts', 'sendRaw', sendRaw],
    ['main/core/transfer/x.ts', 'a stanza built outside xmpp/', build],
  ])('%s: refuses %s', async (file, _what, code) => {
    expect(await errorsFor(file, code)).not.toEqual([]);
  });

  it.each([
    ['main/core/xmpp/x.ts', 'sendRaw', sendRaw.replace('../xmpp/session', './session')],
    ['main/core/xmpp/x.ts', 'a stanza builder', build],
    ['main/core/outbound/outbound.ts', 'the ClearedText cast', mint],
  ])('%s: allows %s', async (file, _what, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});
