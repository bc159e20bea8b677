import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRegFile } from '../shared/policy/templates/reg';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const run = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(TSX, [join(ROOT, 'scripts', 'policy-check.ts'), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });

const XMPP = { XmppDomain: 'example.gov', XmppHost: 'xmpp.example.gov', XmppPort: 5222, XmppCaCertificateFile: '/etc/pki/agency-ca.pem' };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'policy-check-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run policy:check', () => {
  it('exits 0 for the sample templates (JSON, .reg, mobileconfig)', async () => {
    for (const f of ['linux/sample-policy.json', 'windows/sample-policy.reg', 'macos/gov.state.approvedim.mobileconfig']) {
      const r = await run(join(ROOT, 'build', 'policy-templates', f));
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^OK: /);
    }
  });

  it('exits 0 for a partial file and notes the required policies it leaves to other sources', async () => {
    const file = join(dir, 'xmpp.json');
    await writeFile(file, JSON.stringify(XMPP));
    const r = await run(file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: RetentionServerUrl: Required policy is not set.');
    const complete = await run(file, '--complete');
    expect(complete.code).toBe(1);
    expect(complete.stderr).toContain('error: RetentionServerUrl: Required policy is not set.');
    expect((await run(file, '--complete', '--development')).code).toBe(0);
  });

  it('exits non-zero naming each policy and its problem', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ ...XMPP, XmppPort: 70000, RetentionFailMode: 'fail_closed', MaxMessagLength: 5 }));
    const r = await run(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: XmppPort: Invalid value: must be at most 65535.');
    expect(r.stderr).toContain('error: RetentionFailMode: Invalid value: must be fail-open-spooled or fail-closed.');
    expect(r.stderr).toContain('error: MaxMessagLength: Unknown policy');
  });

  it('exits non-zero for corrupt files and for .reg values of the wrong type', async () => {
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"XmppHost":');
    expect((await run(corrupt)).stderr).toMatch(/not valid JSON/);
    const reg = join(dir, 'bad.reg');
    await writeFile(reg, toRegFile({ XmppDomain: 'example.gov' }).replace('"XmppDomain"="example.gov"', '"XmppDomain"=dword:00000001'));
    const r = await run(reg);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: XmppDomain: Invalid value: expected text (REG_SZ), found REG_DWORD.');
  });

  it('exits 2 without a file', async () => {
    expect((await run()).code).toBe(2);
  });
});
