import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBinary, type PlistValue } from 'plist';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../shared/policy/evaluate';
import { ALL_POLICIES } from '../../../shared/policy/schema';
import { sampleValues } from '../../../shared/policy/templates/jsonSchema';
import { plistDocument } from '../../../shared/policy/templates/xml';
import { macosManagedPreferencesSource, managedPreferencesFileReader } from './macosSource';

const uid = process.getuid?.() ?? 0;
const DOMAIN = 'gov.state.approvedim';
let dir: string;

const source = () => macosManagedPreferencesSource({ reader: managedPreferencesFileReader({ dir, user: 'alice', trustedUid: uid }) });
async function put(path: string, content: string | Uint8Array) {
  const file = join(dir, path);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, content);
  await chmod(file, 0o644);
  return file;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'policy-macos-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('macOS managed preferences', () => {
  it('round-trips every policy type: value -> XML plist -> reader -> typed value', async () => {
    const sample = sampleValues();
    await put(`${DOMAIN}.plist`, plistDocument(sample));
    const { layers, problems } = await source().read();
    expect(problems).toEqual([]);
    expect(layers[0]).toMatchObject({ level: 'mandatory-machine', invalid: {} });
    const p = evaluatePolicy(layers);
    for (const d of ALL_POLICIES) expect(p.values[d.name as keyof typeof p.values], d.name).toEqual(sample[d.name]);
  });

  it('reads binary plists and the per-user file as mandatory user policy; the device file wins', async () => {
    await put(`${DOMAIN}.plist`, buildBinary({ MaxMessageLength: 500, XmppHost: 'xmpp.example.gov' }));
    await put(`alice/${DOMAIN}.plist`, plistDocument({ MaxMessageLength: 9000, GroupChatAllowed: false }));
    await put(`bob/${DOMAIN}.plist`, plistDocument({ GroupChatAllowed: true }));
    const { layers } = await source().read();
    expect(layers.map((l) => l.level)).toEqual(['mandatory-machine', 'mandatory-user']);
    const p = evaluatePolicy(layers);
    expect(p.values.MaxMessageLength).toBe(500);
    expect(p.values.GroupChatAllowed).toBe(false);
  });

  it('accepts JSON policies as JSON text and dates for PolicyReviewedOn', async () => {
    const value: PlistValue = { DlpActions: '{"US_SSN":"block"}', PolicyReviewedOn: new Date('2026-03-04T00:00:00Z') };
    await put(`${DOMAIN}.plist`, buildBinary(value));
    const { layers } = await source().read();
    expect(layers[0]?.values).toEqual({ DlpActions: { US_SSN: 'block' }, PolicyReviewedOn: '2026-03-04' });
  });

  it('marks values of the wrong plist type invalid', async () => {
    await put(`${DOMAIN}.plist`, plistDocument({ XmppPort: '5222', GroupChatAllowed: 1, AllowedContactDomains: 'a.example', DlpActions: 'nope' }));
    const { layers } = await source().read();
    expect(layers[0]?.invalid).toEqual({
      XmppPort: 'expected <integer>, found string',
      GroupChatAllowed: 'expected <true/> or <false/>, found number',
      AllowedContactDomains: 'expected an <array> of <string>, found string',
      DlpActions: expect.stringMatching(/^not valid JSON/),
    });
  });

  it('reports a corrupt plist as a fatal problem without crashing', async () => {
    const file = await put(`${DOMAIN}.plist`, '<?xml version="1.0"?><plist><dict><key>XmppHost</key>');
    const bin = await put(`alice/${DOMAIN}.plist`, Buffer.from('bplist00garbage'));
    const { layers, problems } = await source().read();
    expect(layers).toEqual([]);
    expect(problems.map((p) => [p.source, p.fatal])).toEqual([
      [file, true],
      [bin, true],
    ]);
  });

  it('refuses files others can write or that root does not own', async () => {
    const file = await put(`${DOMAIN}.plist`, plistDocument({ XmppHost: 'evil.example' }));
    await chmod(file, 0o666);
    expect((await source().read()).problems[0]?.message).toMatch(/any user/);
    await chmod(file, 0o644);
    if (uid === 0) {
      await chown(file, 4242, 4242);
      expect((await source().read()).problems[0]?.message).toMatch(/owned by uid 4242/);
    }
  });
});
