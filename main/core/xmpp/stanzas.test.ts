import { describe, expect, it } from 'vitest';
import { NS } from './ns';
import * as stanzas from './stanzas';
import { ADVERTISED_FEATURES } from './disco';
import type { ClearedText } from './cleared';
import type { XmppElement } from './types';

const cleared = (s: string) => s as ClearedText; // tests only: the outbound path mints these
const hints = (el: XmppElement) => el.getChildren('no-store', NS.hints).length + el.getChildren('no-permanent-store', NS.hints).length;

describe('stanza builders', () => {
  it('take only cleared text where user text goes (a plain string does not type-check)', () => {
    // @ts-expect-error user text must come through the outbound path
    stanzas.roomSubject('r@rooms.x', 'plain', 'id');
    // @ts-expect-error user text must come through the outbound path
    stanzas.mediatedInvite('r@rooms.x', 'b@x', 'id', 'plain');
    // @ts-expect-error user text must come through the outbound path
    stanzas.ownPresence({ show: 'away', status: 'plain' });
    // @ts-expect-error user text must come through the outbound path
    stanzas.chatMessage('b@x', 'plain', 'id');
    // @ts-expect-error user text must come through the outbound path
    stanzas.rosterSet('b@x', { name: 'plain' });
    expect(stanzas.roomSubject('r@rooms.x', cleared('Budget'), 'id').getChildText('subject')).toBe('Budget');
  });

  it('never puts a no-store or no-permanent-store hint on a message with a body', () => {
    const withBody = [
      stanzas.chatMessage('b@x', cleared('hi'), 'i1'),
      stanzas.chatMessage('b@x', cleared('hi'), 'i2', 'i1'),
      stanzas.groupchatMessage('r@rooms.x', cleared('hi'), 'i3'),
      stanzas.retraction('b@x', 'chat', 'i4', 'i1'),
      stanzas.enrollmentProof('retention@x', 'Approved IM device enrollment proof: abc'),
    ];
    for (const el of withBody) {
      expect(el.getChildText('body')).not.toBeNull();
      expect(hints(el)).toBe(0);
    }
    // Control: a chat state has no body and may carry no-store (XEP-0085).
    const typing = stanzas.typing('b@x', 'composing');
    expect(typing.getChildText('body')).toBeNull();
    expect(hints(typing)).toBe(1);
  });

  it('never advertises OMEMO or any end-to-end encryption', () => {
    expect(ADVERTISED_FEATURES.filter((f) => /omemo|axolotl|openpgp|otr|jabber:x:encrypted/i.test(f))).toEqual([]);
    expect(ADVERTISED_FEATURES).toContain(NS.receipts); // control: the list is the real one
  });
});
