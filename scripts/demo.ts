/**
 * `npm run demo`: a local Prosody with two demo users, the retention server, and the client
 * (the web host, since Electron's binary cannot run on these machines). Ctrl+C stops everything.
 * Bob is played by a small bot that answers, so one person can try the client alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { startProsody } from '../test/support/prosody';
import { freePort } from '../test/support/ports';
import { makeCore } from '../test/support/clientHarness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children: ChildProcess[] = [];

function firstLine(proc: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    const timer = setTimeout(() => reject(new Error(`${what} did not start in time`)), 120_000);
    rl.on('line', (line) => {
      const m = pattern.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] ?? line);
      }
    });
    proc.once('exit', (code) => reject(new Error(`${what} exited (${code})`)));
  });
}

async function main() {
  const dir = join(root, '.tmp', 'demo');
  mkdirSync(dir, { recursive: true });
  const extra: Record<string, unknown> = {
    RememberPasswordAllowed: true,
    PolicyVersion: 'demo-2026.11',
    PolicyReviewedOn: new Date().toISOString().slice(0, 10),
  };
  let retentionUrl = '';
  let moduleToken = '';
  let auditorToken = '';
  let startRetention: ((prosody: Awaited<ReturnType<typeof startProsody>>) => Promise<void>) | null = null;
  if (existsSync(join(root, 'server', 'cli.ts'))) {
    const db = `sqlite:${join(dir, 'retention.db')}`;
    const port = await freePort();
    const createToken = async (role: string, name: string) => {
      const tokenProc = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/cli.ts'), 'token', 'create', '--db', db, '--role', role, '--name', name], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      tokenProc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await new Promise((r) => tokenProc.once('exit', r));
      return out.trim().split('\n').at(-1) ?? '';
    };
    const token = await createToken('client', 'demo-client');
    moduleToken = await createToken('xmpp-server', 'demo-prosody');
    auditorToken = await createToken('auditor', 'demo-auditor');
    // The server starts after Prosody (it signs in to its own XMPP account there); its address is known now,
    // so Prosody's module can be pointed at it (the module queues until the server answers).
    retentionUrl = `http://127.0.0.1:${port}`;
    Object.assign(extra, { RetentionServerUrl: retentionUrl, RetentionServerToken: token });
    startRetention = async (prosody: Awaited<ReturnType<typeof startProsody>>) => {
      // The retention server's own XMPP account: the demo client enrolls its device by sending it a
      // one-time challenge from its signed-in session (issue 12).
      const xmppPassword = randomBytes(18).toString('base64url');
      prosody.addUser('retention', xmppPassword);
      const passwordFile = join(dir, 'retention-xmpp-password');
      writeFileSync(passwordFile, `${xmppPassword}\n`, { mode: 0o600 });
      const xmppArgs = ['--xmpp-jid', `retention@${prosody.domain}`, '--xmpp-password-file', passwordFile, '--xmpp-host', 'localhost', '--xmpp-port', String(prosody.port), '--xmpp-ca', prosody.certs.caFile];
      const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/cli.ts'), 'serve', '--db', db, '--port', String(port), ...xmppArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(server);
      const url = await firstLine(server, /Retention server listening on (\S+)/, 'Retention server');
      console.log(`Retention server: ${url} (XMPP account retention@${prosody.domain}; devices enroll through it)`);
    };
  }
  // The XMPP server journals too: mod_approved_im (server/prosody/) on the VirtualHost and the MUC component.
  const moduleOn = retentionUrl !== '' && existsSync(join(root, 'server', 'prosody', 'mod_approved_im.lua'));
  const prosody = await startProsody({
    domain: 'demo.approved.test',
    ...(moduleOn
      ? {
          pluginPaths: [join(root, 'server', 'prosody')],
          extraModules: ['approved_im'],
          mucModules: ['approved_im'],
          globalOptions: { approved_im_retention_url: retentionUrl, approved_im_retention_token: moduleToken, approved_im_clients: 'report' },
        }
      : {}),
  });
  prosody.addUser('alice', 'alice-demo-1');
  prosody.addUser('bob', 'bob-demo-1');
  if (startRetention) await startRetention(prosody);
  const policyFile = prosody.policyFile(extra);
  writeFileSync(join(dir, 'policy.json'), JSON.stringify({ ...extra }, null, 2));

  // Bob, played by a bot that acknowledges each message.
  const bob = makeCore(prosody);
  await bob.core.handlers['session:signIn']({ address: `bob@${prosody.domain}`, password: 'bob-demo-1', remember: false });
  // Bob asks to be Alice's contact and accepts her requests, so presence shows both ways.
  await bob.core.handlers['contact:add']({ jid: `alice@${prosody.domain}`, name: 'Alice' });
  let seen = 0;
  let answered = 0;
  setInterval(() => {
    const requests = bob.of('contact:request');
    for (const r of requests.slice(answered)) void bob.core.handlers['contact:respond']({ jid: r.jid, accept: true }).catch(() => {});
    answered = requests.length;
    const msgs = bob.of('chat:message').filter((m) => m.direction === 'in');
    for (const m of msgs.slice(seen)) {
      void bob.core.handlers['chat:send']({ to: m.from, body: `Got it: “${m.body.slice(0, 80)}”. (Bob is a demo bot.)` }).catch(() => {});
    }
    seen = msgs.length;
  }, 500).unref();

  const web = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/web.ts'), '--policy', policyFile, '--memory-credentials'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(web);
  const ui = await firstLine(web, /^Client UI: (\S+)/, 'Web host');
  console.log(`
Approved IM demo is running.
  XMPP server:   ${prosody.domain} on 127.0.0.1:${prosody.port} (Prosody, STARTTLS with a demo CA)
  Policy file:   ${policyFile}
  Client UI:     ${ui}
  (Electron cannot start on this machine; the web host runs the same core and renderer.)

Sign in as   alice@${prosody.domain}   password  alice-demo-1
Chat with    bob@${prosody.domain}     (a bot that answers)
Press Ctrl+C to stop.`);
  if (moduleOn) {
    console.log(`
Prosody journals what it routes (mod_approved_im). Server and client records side by side:
  curl -s -H 'Authorization: Bearer ${auditorToken}' '${retentionUrl}/v1/records?participant=alice@${prosody.domain}'
  curl -s -H 'Authorization: Bearer ${auditorToken}' '${retentionUrl}/v1/reconciliation'
  (server records have meta.source "xmpp-server"; sign in with another XMPP client to see it listed as unapproved)`);
  }

  const stop = async () => {
    for (const c of children) c.kill('SIGTERM');
    await bob.core.shutdown().catch(() => {});
    await prosody.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  for (const c of children) c.kill('SIGTERM');
  process.exit(1);
});
