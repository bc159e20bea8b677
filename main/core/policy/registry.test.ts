import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../shared/policy/evaluate';
import { ALL_POLICIES, POLICY_BY_NAME } from '../../../shared/policy/schema';
import { sampleValues } from '../../../shared/policy/templates/jsonSchema';
import { toRegFile } from '../../../shared/policy/templates/reg';
import { templateBytes } from '../../../shared/policy/templates/index';
import { parseRegFile, regFileReader, RegFileError } from './regFile';
import { decodeRegistryValue, expandEnvironment, windowsRegistrySource } from './registry';

const KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\ApprovedIM';

async function readReg(files: (string | Uint8Array)[], env: Record<string, string> = {}) {
  return windowsRegistrySource({ reader: regFileReader(files), env }).read();
}

describe('registry round trip: value -> .reg -> reader -> typed value', () => {
  const sample = sampleValues();
  it.each(ALL_POLICIES.map((d) => [d.name, d.kind] as const))('%s (%s)', async (name) => {
    const values = { [name]: sample[name] };
    for (const bytes of [toRegFile(values), templateBytes('x.reg', toRegFile(values))]) {
      const { layers, problems } = await readReg([bytes]);
      expect(problems).toEqual([]);
      expect(layers[0]?.invalid).toEqual({});
      expect(layers[0]?.values).toEqual(values);
      expect(POLICY_BY_NAME.get(name)!.schema.safeParse(layers[0]!.values[name]).success).toBe(true);
    }
  });

  it('reads integers from REG_DWORD and REG_QWORD alike', async () => {
    const dword = toRegFile({ XmppPort: 5223, RetentionMaxBacklogRecords: 4_000_000 });
    const qword = toRegFile({ XmppPort: 5223, RetentionMaxBacklogRecords: 4_000_000 }, { qword: true });
    expect(dword).toContain('"XmppPort"=dword:00001467');
    expect(qword).toContain('"XmppPort"=hex(b):67,14,00,00,00,00,00,00');
    for (const file of [dword, qword]) {
      const { layers } = await readReg([file]);
      expect(layers[0]?.values).toEqual({ XmppPort: 5223, RetentionMaxBacklogRecords: 4_000_000 });
    }
  });

  it('reads fractional numbers from REG_SZ text (and whole ones from DWORD)', async () => {
    const text = ['Windows Registry Editor Version 5.00', `[${KEY}]`, '"DlpMinConfidence"="0.65"'].join('\r\n');
    expect((await readReg([text])).layers[0]?.values).toEqual({ DlpMinConfidence: 0.65 });
    const dword = ['Windows Registry Editor Version 5.00', `[${KEY}]`, '"DlpMinConfidence"=dword:00000001'].join('\r\n');
    expect((await readReg([dword])).layers[0]?.values).toEqual({ DlpMinConfidence: 1 });
    const bad = ['Windows Registry Editor Version 5.00', `[${KEY}]`, '"DlpMinConfidence"="0,65"'].join('\r\n');
    expect((await readReg([bad])).layers[0]?.invalid).toEqual({ DlpMinConfidence: 'expected a number such as 0.5, found "0,65"' });
  });

  it('refuses a REG_QWORD beyond the safe integer range and wrong value types', async () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      `[${KEY}]`,
      '"XmppPort"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff',
      '"GroupChatAllowed"=dword:00000002',
      '"RememberPasswordAllowed"="yes"',
      '"DlpActions"="{not json"',
      '"XmppHost"=dword:00000001',
      '"MaxMessageLength"=hex:01,02',
    ].join('\r\n');
    const { layers } = await readReg([text]);
    expect(layers[0]?.invalid).toEqual({
      XmppPort: 'the REG_QWORD value is too large',
      GroupChatAllowed: 'expected 0 or 1, found 2',
      RememberPasswordAllowed: 'expected REG_DWORD 0 or 1, found REG_SZ',
      DlpActions: expect.stringMatching(/^not valid JSON/),
      XmppHost: 'expected text (REG_SZ), found REG_DWORD',
      MaxMessageLength: 'expected REG_DWORD or REG_QWORD, found REG_BINARY',
    });
  });

  it('keeps multi-line text (REG_MULTI_SZ) and expands REG_EXPAND_SZ paths', async () => {
    const text = 'First paragraph.\n\nSecond "quoted" paragraph with é.';
    const file = toRegFile({ RecordsNoticeText: text, XmppCaCertificateFile: '%ProgramData%\\Agency\\ca.pem' });
    expect(file).toContain('"RecordsNoticeText"=hex(7):');
    expect(file).toContain('"XmppCaCertificateFile"=hex(2):');
    const { layers } = await readReg([file], { PROGRAMDATA: 'C:\\ProgramData' });
    expect(layers[0]?.values).toEqual({ RecordsNoticeText: text, XmppCaCertificateFile: 'C:\\ProgramData\\Agency\\ca.pem' });
    expect(expandEnvironment('%Unknown%\\x', {})).toBe('%Unknown%\\x');
  });

  it('reads lists from numbered subkey values in numeric order, and from REG_MULTI_SZ', async () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      `[${KEY}\\AllowedContactDomains]`,
      '"10"="j.example"',
      '"2"="b.example"',
      '"1"="a.example"',
      `[${KEY}]`,
      '"DlpClassificationMarkings"=hex(7):43,00,55,00,49,00,00,00,00,00',
    ].join('\r\n');
    const { layers } = await readReg([text]);
    expect(layers[0]?.values).toEqual({ AllowedContactDomains: ['a.example', 'b.example', 'j.example'], DlpClassificationMarkings: ['CUI'] });
  });

  it('matches value names case-insensitively and reports unknown ones', async () => {
    const text = ['Windows Registry Editor Version 5.00', `[${KEY}]`, '"xmppdomain"="example.gov"', '"Typo"="x"'].join('\n');
    const { layers } = await readReg([text]);
    expect(layers[0]?.values).toEqual({ XmppDomain: 'example.gov', Typo: '(REG_SZ)' });
  });
});

describe('Windows precedence', () => {
  const hklm = toRegFile({ MaxMessageLength: 2000, XmppHost: 'xmpp.example.gov' });
  const hkcu = toRegFile({ MaxMessageLength: 99_000, XmppHost: 'evil.example' }, { hive: 'HKEY_CURRENT_USER' });
  const recLm = toRegFile({ IdleSignOutMinutes: 30 }, { recommended: true });
  const recCu = toRegFile({ IdleSignOutMinutes: 5, GroupChatAllowed: false }, { hive: 'HKEY_CURRENT_USER', recommended: true });

  it('reads HKLM, HKCU and both Recommended keys as four levels', async () => {
    const { layers } = await readReg([hkcu, recCu, hklm, recLm]);
    expect(layers.map((l) => [l.level, l.source])).toEqual([
      ['mandatory-machine', 'HKLM\\Software\\Policies\\ApprovedIM'],
      ['recommended-machine', 'HKLM\\Software\\Policies\\ApprovedIM\\Recommended'],
      ['mandatory-user', 'HKCU\\Software\\Policies\\ApprovedIM'],
      ['recommended-user', 'HKCU\\Software\\Policies\\ApprovedIM\\Recommended'],
    ]);
  });

  it('lets HKLM win over HKCU whatever the read order (no HKCU-wins bug)', async () => {
    const { layers } = await readReg([hkcu, hklm, recLm, recCu]);
    const p = evaluatePolicy(layers);
    expect(p.values.MaxMessageLength).toBe(2000);
    expect(p.values.XmppHost).toBe('xmpp.example.gov');
    expect(p.values.IdleSignOutMinutes).toBe(30);
    expect(p.values.GroupChatAllowed).toBe(false);
    const host = p.entries.find((e) => e.name === 'XmppHost')!;
    expect(host.conflicts[0]).toMatchObject({ source: 'HKCU\\Software\\Policies\\ApprovedIM', value: 'evil.example' });
  });

  it('reports a reader failure as a fatal problem instead of throwing', async () => {
    const source = windowsRegistrySource({
      reader: {
        readTree: async () => {
          throw new Error('access denied');
        },
      },
    });
    const { problems } = await source.read();
    expect(problems[0]).toMatchObject({ source: 'HKLM\\Software\\Policies\\ApprovedIM', fatal: true });
    expect(problems[1]).toMatchObject({ level: 'mandatory-user', fatal: true });
  });
});

describe('.reg parser', () => {
  it('reads the committed sample template (UTF-16LE) into the sample values', async () => {
    const bytes = await readFile(join(import.meta.dirname, '..', '..', '..', 'build', 'policy-templates', 'windows', 'sample-policy.reg'));
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    const { layers, problems } = await readReg([bytes]);
    expect(problems).toEqual([]);
    expect(evaluatePolicy(layers).values).toMatchObject(sampleValues());
    expect(evaluatePolicy(layers).fatal).toEqual([]);
  });

  it('applies deletions, continuations and comments', () => {
    const keys = parseRegFile(
      [
        'Windows Registry Editor Version 5.00',
        '; comment',
        `[${KEY}]`,
        '"A"="1"',
        '"B"="2"',
        '"B"=-',
        '"C"=hex(7):61,00,00,00,\\',
        '  62,00,00,00,00,00',
        `[${KEY}\\Gone]`,
        '"X"="y"',
        `[-${KEY}\\Gone]`,
      ].join('\r\n'),
    );
    const node = keys.get('hklm\\software\\policies\\approvedim')!;
    expect([...node.values.values()].map((v) => [v.name, v.value])).toEqual([
      ['A', { type: 'REG_SZ', data: '1' }],
      ['C', { type: 'REG_MULTI_SZ', data: ['a', 'b'] }],
    ]);
    expect(keys.has('hklm\\software\\policies\\approvedim\\gone')).toBe(false);
  });

  it('rejects files that are not .reg files with a line number', () => {
    expect(() => parseRegFile('hello')).toThrow(RegFileError);
    expect(() => parseRegFile(`Windows Registry Editor Version 5.00\n[${KEY}]\n"A"=bogus:1`)).toThrow(/line 3/);
    expect(() => parseRegFile('Windows Registry Editor Version 5.00\n[HKEY_NOPE\\x]')).toThrow(/hive/);
  });

  it('decodes booleans from DWORD 0/1 only', () => {
    const d = POLICY_BY_NAME.get('GroupChatAllowed')!;
    expect(decodeRegistryValue(d, { type: 'REG_DWORD', data: 0 })).toEqual({ ok: true, value: false });
    expect(decodeRegistryValue(d, { type: 'REG_QWORD', data: 1n })).toEqual({ ok: true, value: true });
    expect(decodeRegistryValue(d, { type: 'REG_DWORD', data: 7 }).ok).toBe(false);
  });
});

describe('hostile names', () => {
  it('keeps "__proto__" as an ordinary unknown name', async () => {
    const text = ['Windows Registry Editor Version 5.00', `[${KEY}]`, '"__proto__"="x"', '"XmppDomain"="example.gov"'].join('\r\n');
    const { layers } = await readReg([text]);
    expect(Object.keys(layers[0]!.values)).toEqual(['__proto__', 'XmppDomain']);
    expect(Object.getPrototypeOf(layers[0]!.values)).toBe(Object.prototype);
    expect(evaluatePolicy(layers).warnings.map((w) => w.policy)).toContain('__proto__');
  });
});
