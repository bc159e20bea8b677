import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../shared/policy/evaluate';
import { ALL_POLICIES } from '../../../shared/policy/schema';
import { sampleValues } from '../../../shared/policy/templates/jsonSchema';
import { linuxPolicySource } from './linuxSource';

const uid = process.getuid?.() ?? 0;
let root: string;
const source = (extra: { trustedUid?: number } = {}) => linuxPolicySource({ root, trustedUid: uid, ...extra });
const put = async (sub: string, name: string, content: unknown, mode = 0o644) => {
  await mkdir(join(root, sub), { recursive: true, mode: 0o755 });
  const file = join(root, sub, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  await chmod(file, mode);
  return file;
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'policy-linux-'));
  await chmod(root, 0o755);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('Linux policy directories', () => {
  it('round-trips every policy type: value -> JSON file -> reader -> typed value', async () => {
    const sample = sampleValues();
    await put('managed', '10-all.json', sample);
    const { layers, problems } = await source().read();
    expect(problems).toEqual([]);
    const p = evaluatePolicy(layers);
    for (const d of ALL_POLICIES) expect(p.values[d.name as keyof typeof p.values], d.name).toEqual(sample[d.name]);
    expect(p.fatal).toEqual([]);
  });

  it('reads managed as mandatory and recommended as recommended; the file sorting last wins', async () => {
    await put('managed', '10-agency.json', { MaxMessageLength: 1000, XmppHost: 'a.example' });
    await put('managed', '50-division.json', { MaxMessageLength: 2000 });
    await put('managed', 'notes.txt', 'ignored');
    await put('managed', '.hidden.json', '{bad');
    await put('recommended', '10.json', { IdleSignOutMinutes: 15 });
    const { layers, problems } = await source().read();
    expect(problems).toEqual([]);
    expect(layers.map((l) => [l.level, l.source.slice(root.length)])).toEqual([
      ['mandatory-machine', '/managed/50-division.json'],
      ['mandatory-machine', '/managed/10-agency.json'],
      ['recommended-machine', '/recommended/10.json'],
    ]);
    const p = evaluatePolicy(layers);
    expect(p.values.MaxMessageLength).toBe(2000);
    expect(p.values.XmppHost).toBe('a.example');
    expect(p.values.IdleSignOutMinutes).toBe(15);
    expect(p.entries.find((e) => e.name === 'MaxMessageLength')?.conflicts[0]).toMatchObject({ value: 1000 });
  });

  it('reads nothing, without problems, when the directory does not exist', async () => {
    expect(await linuxPolicySource({ root: join(root, 'absent'), trustedUid: uid }).read()).toEqual({ layers: [], problems: [] });
  });

  it('refuses files that others can write, and fails closed for managed ones', async () => {
    const file = await put('managed', '10.json', { XmppHost: 'evil.example' }, 0o666);
    const { layers, problems } = await source().read();
    expect(layers).toEqual([]);
    expect(problems).toEqual([{ source: file, level: 'mandatory-machine', fatal: true, message: expect.stringContaining('can be written by any user') }]);
  });

  it('refuses files that are not owned by the trusted owner (root in production)', async () => {
    const file = await put('managed', '10.json', { XmppHost: 'evil.example' });
    let trustedUid = uid;
    if (uid === 0) await chown(file, 4242, 4242);
    else trustedUid = uid + 1;
    const { problems } = await linuxPolicySource({ root, trustedUid }).read();
    expect(problems.some((p) => /is owned by uid/.test(p.message))).toBe(true);
    expect(problems.every((p) => p.fatal)).toBe(true);
  });

  it('refuses a directory that others can write', async () => {
    await put('recommended', '10.json', { IdleSignOutMinutes: 15 });
    await chmod(join(root, 'recommended'), 0o777);
    const { layers, problems } = await source().read();
    expect(layers).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ level: 'recommended-machine', fatal: false, message: expect.stringContaining('any user') })]);
  });

  it('reports corrupt files without crashing: fatal in managed, a warning in recommended', async () => {
    await put('managed', '10.json', '{"XmppHost": ');
    await put('managed', '20.json', '[1,2]');
    await put('recommended', '10.json', 'not json');
    await put('managed', '30.json', { GroupChatAllowed: false });
    const { layers, problems } = await source().read();
    expect(layers.map((l) => l.values)).toEqual([{ GroupChatAllowed: false }]);
    expect(problems.map((p) => [p.source.slice(root.length), p.fatal])).toEqual([
      ['/managed/20.json', true],
      ['/managed/10.json', true],
      ['/recommended/10.json', false],
    ]);
    expect(problems[0]?.message).toMatch(/must contain one JSON object/);
    expect(problems[1]?.message).toMatch(/not valid JSON/);
  });

  it('refuses files larger than the limit', async () => {
    await put('managed', '10.json', { PolicyVersion: 'x'.repeat(200) });
    const { problems } = await linuxPolicySource({ root, trustedUid: uid, maxBytes: 100 }).read();
    expect(problems[0]?.message).toMatch(/larger than 100 bytes/);
  });
});
