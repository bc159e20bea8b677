import { describe, expect, it } from 'vitest';
import { createMemoryAuditSink, isRefusedTransfer } from '../audit';
import { createManualClock } from '../clock';
import { silentLogger } from '../log';
import { REFUSAL_AUDIT_CAP, REFUSAL_AUDIT_WINDOW_MS, transferHandlers } from './transfer';

function setup() {
  const audit = createMemoryAuditSink();
  const clock = createManualClock(Date.parse('2026-12-07T12:00:00Z'));
  const handlers = transferHandlers({ audit, clock, log: silentLogger });
  return { audit, clock, refused: handlers['composer:refused'] };
}

describe('composer:refused handler', () => {
  it('records one refused-transfer audit event with the facts only', async () => {
    const { audit, refused } = setup();
    expect(await refused({ how: 'drop', what: 'image', mime: 'IMAGE/PNG', count: 2 })).toEqual({});
    expect(await refused({ how: 'paste', what: 'encoded-binary' })).toEqual({});
    expect(audit.events).toHaveLength(2);
    const [image, encoded] = audit.events;
    expect(isRefusedTransfer(image!)).toBe(true);
    expect(image).toMatchObject({ type: 'refused-transfer', kind: 'refused-transfer', peer: '', protocol: 'local-file', direction: 'out', action: 'send-blocked', via: 'drop', what: 'image', mediaType: 'image/png', count: 2, at: '2026-12-07T12:00:00.000Z' });
    expect(encoded).toMatchObject({ type: 'refused-transfer', protocol: 'encoded-binary', via: 'paste', what: 'encoded-binary' });
    // Nothing else: no content, file name or text field can exist (the request schema has none, and none is added).
    expect(Object.keys(encoded!).sort()).toEqual(['action', 'at', 'direction', 'id', 'kind', 'peer', 'protocol', 'type', 'via', 'what']);
    for (const e of audit.events) for (const v of Object.values(e)) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(100);
  });

  it('caps a flood from the renderer and reports how many it left out', async () => {
    const { audit, clock, refused } = setup();
    for (let i = 0; i < 500; i++) await refused({ how: 'paste', what: 'file' });
    expect(audit.events).toHaveLength(REFUSAL_AUDIT_CAP);
    clock.advance(REFUSAL_AUDIT_WINDOW_MS);
    await refused({ how: 'paste', what: 'file' });
    expect(audit.events).toHaveLength(REFUSAL_AUDIT_CAP + 1);
    expect(audit.events.at(-1)).toMatchObject({ suppressed: 500 - REFUSAL_AUDIT_CAP });
    await refused({ how: 'paste', what: 'file' });
    expect(audit.events.at(-1)?.suppressed).toBeUndefined();
  });
});
