/**
 * Builds the retention server's .deb with `npm run retention:deb`, installs it on this machine (a throwaway
 * CI machine; the test runs as root), starts the server from the installed files the way its systemd unit
 * does (there is no systemd running here: the unit's EnvironmentFile, User, WorkingDirectory and ExecStart
 * are applied by hand, and `systemd-analyze` checks the unit offline), then removes and purges it.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../test/support/ports';
import { nodeDepends } from './retention-deb';

const root = join(import.meta.dirname, '..');
const NAME = 'approved-im-retention';
const UNIT = `/lib/systemd/system/${NAME}.service`;
const ENV_FILE = `/etc/${NAME}/retention.env`;
const STATE = `/var/lib/${NAME}`;
const isRoot = process.getuid?.() === 0;
const out = mkdtempSync(join(tmpdir(), 'retention-deb-'));
let deb = '';

function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 120_000, env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...opts.env } });
}
const asService = (args: string[]) => sh('runuser', ['-u', NAME, '--', ...args]);

/** KEY=value lines of a systemd EnvironmentFile (comments and blanks skipped). */
function readEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m?.[1]) env[m[1]] = (m[2] ?? '').replace(/^"(.*)"$/, '$1');
  }
  return env;
}

/** One directive's values in the unit ([Service] has no repeated keys we read except the filters). */
function directive(unit: string, key: string): string | undefined {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];
}

/** ExecStart as systemd expands it: ${VAR} is one word, $VAR splits on whitespace. */
function expandExecStart(line: string, env: Record<string, string>): string[] {
  return line.split(/\s+/).flatMap((word) => {
    const one = /^\$\{(\w+)\}$/.exec(word);
    if (one?.[1]) return [env[one[1]] ?? ''];
    const split = /^\$(\w+)$/.exec(word);
    if (split?.[1]) return (env[split[1]] ?? '').split(/\s+/).filter(Boolean);
    return [word];
  });
}

function purge(): void {
  sh('dpkg', ['--purge', NAME]);
  sh('deluser', ['--system', NAME]);
  rmSync(STATE, { recursive: true, force: true });
}

beforeAll(() => {
  if (!isRoot) return;
  purge();
  const res = sh('npm', ['run', '-s', 'retention:deb', '--', '--out', out], { env: { ...process.env } });
  expect(res.status, res.stderr).toBe(0);
  deb = join(out, readdirSync(out).find((f) => f.endsWith('.deb')) ?? 'missing.deb');
}, 180_000);

afterAll(() => {
  if (isRoot) purge();
  rmSync(out, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('the retention server .deb (installs as root)', () => {
  it('declares the system Node.js it runs on, and installs root-owned files, a system user and its state directory', () => {
    const info = sh('dpkg-deb', ['-f', deb, 'Depends', 'Package']).stdout;
    expect(info).toContain(`Depends: ${nodeDepends(process.version)}`);
    const listing = sh('dpkg-deb', ['-c', deb]).stdout.trim().split('\n');
    expect(listing.every((l) => l.split(/\s+/)[1] === 'root/root')).toBe(true);

    const install = sh('dpkg', ['-i', deb]);
    expect(install.status, install.stderr).toBe(0);
    expect(sh('dpkg-query', ['-W', '-f', '${Status}', NAME]).stdout).toBe('install ok installed');
    const user = sh('getent', ['passwd', NAME]).stdout;
    expect(user).toMatch(new RegExp(`^${NAME}:x:\\d+:\\d+:[^:]*:${STATE}:/usr/sbin/nologin`));
    expect((statSync(STATE).mode & 0o777).toString(8)).toBe('750');
    expect(sh('stat', ['-c', '%U:%G %a', STATE]).stdout.trim()).toBe(`${NAME}:${NAME} 750`);
    expect(sh('stat', ['-c', '%U:%G %a', ENV_FILE]).stdout.trim()).toBe(`root:${NAME} 640`);
    expect(sh('stat', ['-c', '%U:%G', `/usr/lib/${NAME}/retention.mjs`]).stdout.trim()).toBe('root:root');
  });

  it('ships a hardened unit that systemd accepts', () => {
    const unit = readFileSync(UNIT, 'utf8');
    expect(directive(unit, 'User')).toBe(NAME);
    expect(directive(unit, 'ProtectSystem')).toBe('strict');
    expect(directive(unit, 'NoNewPrivileges')).toBe('true');
    expect(directive(unit, 'StateDirectory')).toBe(NAME);
    expect(directive(unit, 'EnvironmentFile')).toBe(ENV_FILE);
    const verify = sh('systemd-analyze', ['verify', UNIT]);
    expect(`${verify.stdout}${verify.stderr}`.trim()).toBe('');
    expect(verify.status).toBe(0);
    // Offline exposure score: 0 (safe) … 10 (unsafe); systemd rates <= 2.0 as OK.
    const security = sh('systemd-analyze', ['security', '--offline=true', UNIT]);
    const score = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(security.stdout)?.[1]);
    expect(score, security.stdout.slice(-400)).toBeLessThanOrEqual(2.0);
  });

  it('puts approved-im-retention on the PATH with the same subcommands as npm run retention --', () => {
    const help = sh('approved-im-retention', ['--help']);
    expect(help.status).toBe(0);
    for (const sub of ['serve', 'token create', 'token list', 'token revoke', 'verify', 'sign']) expect(help.stdout).toContain(sub);
    const source = sh('npx', ['tsx', 'server/cli.ts', '--help'], { env: { ...process.env } });
    expect(help.stdout).toBe(source.stdout);
  });

  it('starts from the installed files as its unit does: as the service user, answering health and an audited read, and stops cleanly on SIGTERM', async () => {
    const unit = readFileSync(UNIT, 'utf8');
    const env = { ...readEnvFile(readFileSync(ENV_FILE, 'utf8')), ...readEnvFile(directive(unit, 'Environment') ?? '') };
    const db = env.RETENTION_DB ?? '';
    expect(db).toBe(`sqlite:${STATE}/retention.db`);
    const token = asService(['approved-im-retention', 'token', 'create', '--db', db, '--role', 'auditor', '--name', 'deb-test']);
    expect(token.status, token.stderr).toBe(0);
    const bearer = token.stdout.trim().split('\n').pop() ?? '';

    const port = await freePort();
    const argv = expandExecStart(directive(unit, 'ExecStart') ?? '', { ...env, RETENTION_PORT: String(port) });
    expect(argv.slice(0, 2)).toEqual(['/usr/bin/approved-im-retention', 'serve']);
    // setpriv (not runuser) so the server itself gets the SIGTERM, as under systemd.
    const server = spawn('/usr/bin/setpriv', ['--reuid', NAME, '--regid', NAME, '--init-groups', '--', ...argv], { cwd: directive(unit, 'WorkingDirectory'), env: { PATH: '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    server.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => stdout.includes('Retention server listening on'), { what: 'the installed server', timeoutMs: 30_000 });
      expect(stdout).toContain(`Retention server listening on http://127.0.0.1:${port}`);
      const health = await fetch(`http://127.0.0.1:${port}/v1/health`);
      expect(await health.json()).toEqual({ ok: true });
      const records = await fetch(`http://127.0.0.1:${port}/v1/records?participant=alice@example.gov`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(records.status).toBe(200);
      const refused = await fetch(`http://127.0.0.1:${port}/v1/records?participant=alice@example.gov`, { headers: { authorization: 'Bearer not-a-token' } });
      expect(refused.status).toBe(401);
      if (existsSync(`/usr/lib/${NAME}/console/index.html`)) {
        // The prebuilt records console is served from the installed files (no sources or esbuild needed).
        const page = await fetch(`http://127.0.0.1:${port}/console`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<div id="root">');
      }
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // The state the server wrote is the service user's, and verify reads it back intact.
    expect(sh('stat', ['-c', '%U', `${STATE}/retention.db`]).stdout.trim()).toBe(NAME);
    const verify = asService(['approved-im-retention', 'verify', '--db', db]);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });

  it('lets the service user write only its state directory (control: it can write there)', () => {
    expect(asService(['sh', '-c', `echo x > ${STATE}/probe && rm ${STATE}/probe`]).status).toBe(0);
    expect(asService(['sh', '-c', `echo x > /usr/lib/${NAME}/probe`]).status).not.toBe(0);
    expect(asService(['sh', '-c', `echo x >> ${ENV_FILE}`]).status).not.toBe(0);
    expect(existsSync(`/usr/lib/${NAME}/probe`)).toBe(false);
  });

  it('removes the program on uninstall but keeps the records; purge removes the settings', () => {
    expect(sh('dpkg', ['-r', NAME]).status).toBe(0);
    expect(existsSync('/usr/bin/approved-im-retention')).toBe(false);
    expect(existsSync(`${STATE}/retention.db`)).toBe(true);
    expect(existsSync(ENV_FILE)).toBe(true);
    expect(sh('dpkg', ['--purge', NAME]).status).toBe(0);
    expect(existsSync(`/etc/${NAME}`)).toBe(false);
    expect(existsSync(`${STATE}/retention.db`)).toBe(true);
  });
});
