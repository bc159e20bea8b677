/**
 * mod_approved_im with real SASL2 (XEP-0388): Debian's Prosody 0.12 with prosody-modules' mod_sasl2 (Debian
 * package prosody-modules) and stock @xmpp/client 0.14, which signs in with SASL2 whenever the server offers
 * it and sends its <user-agent/> (test/peers/sasl2Peer.ts). Enforce mode, approved "Approved IM >= 1.4.0":
 *  - a SASL2 user-agent "Gajim 1.8.4" is closed with the policy-violation stream error, and reported with
 *    method sasl2;
 *  - control: "Approved IM 1.4.2" over SASL2 stays connected, is reported approved with method sasl2, and
 *    can chat.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../shared/journal/api';
import { waitFor } from '../support/ports';
import type { ProsodyServer } from '../support/prosody';
import { moduleProsody, startModuleRetention, type ModuleRetention } from './prosodyModuleHarness';

const SLOW = 120_000;
const ROOT = join(import.meta.dirname, '..', '..');
const MOD_SASL2 = '/usr/lib/prosody/modules/mod_sasl2/mod_sasl2.lua';

interface Sasl2Peer {
  events: Record<string, unknown>[];
  waitFor(pred: (e: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
  send(to: string, body: string): void;
  close(): void;
}

function sasl2Peer(s: ProsodyServer, username: string, software: string, device?: string): Sasl2Peer {
  const cfg = { domain: s.domain, port: s.port, username, password: `${username}-pass-1`, software, device };
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'peers', 'sasl2Peer.ts'), JSON.stringify(cfg)], {
    cwd: ROOT,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: s.certs.caFile },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  createInterface({ input: proc.stdout }).on('line', (line) => {
    if (line.trim()) events.push(JSON.parse(line) as Record<string, unknown>);
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-3000)));
  return {
    events,
    waitFor: (pred, what) => waitFor(() => events.find(pred), { timeoutMs: 30_000, what: `${username}: ${what} (events: ${JSON.stringify(events)}; stderr: ${stderr})` }),
    send: (to, body) => proc.stdin.write(`${JSON.stringify({ cmd: 'send', to, body })}\n`),
    close: () => void proc.kill('SIGKILL'),
  };
}

describe.skipIf(!existsSync(MOD_SASL2))('mod_approved_im with real SASL2 (prosody-modules mod_sasl2, stock @xmpp/client)', () => {
  let rs: ModuleRetention;
  let s: ProsodyServer;
  const peers: Sasl2Peer[] = [];
  beforeAll(async () => {
    rs = await startModuleRetention('sqlite');
    s = await moduleProsody(rs, {
      pluginPaths: [join(ROOT, 'test', 'peers', 'prosody')],
      extraModules: ['test_sasl2_compat', 'sasl2'],
      options: { approved_im_clients: 'enforce', approved_im_approved_clients: ['Approved IM >= 1.4.0'], approved_im_version_timeout: 3 },
    });
    for (const u of ['erin', 'frank', 'gina']) s.addUser(u, `${u}-pass-1`);
  }, SLOW);
  afterAll(async () => {
    for (const p of peers) p.close();
    await s?.stop();
    await rs?.close();
  });
  const peer = (local: string, software: string, device?: string) => {
    const p = sasl2Peer(s, local, software, device);
    peers.push(p);
    return p;
  };
  const sessionOf = async (local: string): Promise<StoredRecord> =>
    waitFor(async () => (await rs.records({ participant: `${local}@${s.domain}` })).find((r) => r.kind === 'xmpp-session'), {
      timeoutMs: 20_000,
      what: `${local}'s session report`,
    });

  it(
    'closes a SASL2 user-agent that is not approved and keeps an approved one, both identified by SASL2',
    async () => {
      const erin = peer('erin', 'Approved IM 1.4.2', 'Workstation 42');
      const gina = peer('gina', 'Approved IM 1.4.3');
      const frank = peer('frank', 'Gajim 1.8.4', 'Laptop');
      for (const p of [erin, gina, frank]) await p.waitFor((e) => e.event === 'sasl2-success', 'a SASL2 sign-in');
      const err = await frank.waitFor((e) => e.event === 'stream-error', 'the stream error');
      expect(err.condition).toBe('policy-violation');
      expect(String(err.text)).toContain('accepts only approved client software');
      expect((await sessionOf('frank')).meta).toMatchObject({ method: 'sasl2', software: 'Gajim', softwareVersion: '1.8.4', os: 'Laptop', approved: 'false', action: 'closed' });
      // Control: approved software over the same SASL2 path stays and chats.
      await erin.waitFor((e) => e.event === 'online', 'online');
      await gina.waitFor((e) => e.event === 'online', 'online');
      expect((await sessionOf('erin')).meta).toMatchObject({ method: 'sasl2', software: 'Approved IM', softwareVersion: '1.4.2', os: 'Workstation 42', approved: 'true' });
      erin.send(`gina@${s.domain}`, 'still connected');
      await gina.waitFor((e) => e.event === 'message' && e.body === 'still connected', 'erin’s message');
      expect(erin.events.some((e) => e.event === 'stream-error')).toBe(false);
    },
    SLOW,
  );
});
