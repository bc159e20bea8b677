/**
 * mod_approved_im and the SASL2 user-agent (XEP-0388), in enforce mode on a real Prosody with slixmpp users.
 * test/peers/prosody/mod_test_sasl2_stand_in.lua hands the module what newer prosody-modules' mod_sasl2 would
 * (session.sasl_handler.user_agent = { software, device } on "sasl2/c2s/success"), so every decision path
 * runs with slixmpp users; real SASL2 (Debian's packaged mod_sasl2 and stock @xmpp/client) is tested in
 * prosodyModuleSasl2Real.test.ts.
 *  - "Approved IM 1.4.2" from SASL2 is approved without asking XEP-0092 (slixmpp here answers no version);
 *  - "Gajim 1.8.4" from SASL2 is closed with the policy-violation stream error;
 *  - "Approved IM" without a version, where the approved list needs one, falls back to XEP-0092;
 *  - control: a user without a SASL2 user-agent is identified by XEP-0092 as before.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../shared/journal/api';
import { waitFor } from '../support/ports';
import type { ProsodyServer } from '../support/prosody';
import { chatPeer, moduleProsody, startModuleRetention, type ChatPeer, type ModuleRetention } from './prosodyModuleHarness';

const SLOW = 120_000;

describe('mod_approved_im with a SASL2 user-agent (enforce mode)', () => {
  let rs: ModuleRetention;
  let s: ProsodyServer;
  const peers: ChatPeer[] = [];
  beforeAll(async () => {
    rs = await startModuleRetention('sqlite');
    s = await moduleProsody(rs, {
      pluginPaths: [join(import.meta.dirname, '..', 'peers', 'prosody')],
      extraModules: ['test_sasl2_stand_in'],
      options: {
        approved_im_clients: 'enforce',
        approved_im_approved_clients: ['Approved IM >= 1.4.0'],
        approved_im_version_timeout: 3,
        test_sasl2_user_agents: ['erin=Approved IM 1.4.2|Workstation 42', 'frank=Gajim 1.8.4', 'gina=Approved IM', 'hal=Approved IM'],
      },
    });
    for (const u of ['erin', 'frank', 'gina', 'hal', 'ivan']) s.addUser(u, `${u}-pass-1`);
  }, SLOW);
  afterAll(async () => {
    for (const p of peers) await p.close();
    await s?.stop();
    await rs?.close();
  });
  const peer = async (local: string, software: { name: string; version?: string } | null = null) => {
    const p = await chatPeer(s, local, `${local}-pass-1`, software);
    peers.push(p);
    return p;
  };
  /** A session closed by enforce mode, maybe before slixmpp reported itself online (a SASL2 decision needs no round trip). */
  const closedPeer = async (local: string, software: { name: string; version?: string } | null = null) => {
    let p: ChatPeer;
    try {
      p = await peer(local, software);
    } catch (err) {
      expect(String(err)).toContain('"condition":"policy-violation"');
      expect(String(err)).toContain('accepts only approved client software');
      return;
    }
    const err = await p.waitFor((e) => e.event === 'stream-error', 'the stream error');
    expect(err.condition).toBe('policy-violation');
    expect(String(err.text)).toContain('accepts only approved client software');
  };
  const sessionOf = async (local: string): Promise<StoredRecord> =>
    waitFor(async () => (await rs.records({ participant: `${local}@${s.domain}` })).find((r) => r.kind === 'xmpp-session'), {
      timeoutMs: 20_000,
      what: `${local}'s session report`,
    });

  it(
    'takes the software from the SASL2 user-agent, asks XEP-0092 only for a missing version, and closes what is not approved',
    async () => {
      const erin = await peer('erin'); // SASL2: Approved IM 1.4.2; XEP-0092: no answer
      await closedPeer('frank', { name: 'Approved IM', version: '9.9' }); // SASL2 says Gajim: SASL2 wins
      const gina = await peer('gina', { name: 'Approved IM', version: '1.5.0' }); // SASL2 without a version → XEP-0092
      const ivan = await peer('ivan', { name: 'Approved IM', version: '1.4.0' }); // control: no SASL2 user-agent
      await closedPeer('hal'); // SASL2 without a version, no XEP-0092 answer
      expect((await sessionOf('erin')).meta).toMatchObject({ method: 'sasl2', software: 'Approved IM', softwareVersion: '1.4.2', os: 'Workstation 42', approved: 'true', action: 'reported' });
      expect((await sessionOf('frank')).meta).toMatchObject({ method: 'sasl2', software: 'Gajim', softwareVersion: '1.8.4', approved: 'false', action: 'closed' });
      expect((await sessionOf('gina')).meta).toMatchObject({ method: 'xep-0092', software: 'Approved IM', softwareVersion: '1.5.0', approved: 'true' });
      expect((await sessionOf('hal')).meta).toMatchObject({ method: 'sasl2', software: 'Approved IM', approved: 'false', action: 'closed' });
      expect((await sessionOf('ivan')).meta).toMatchObject({ method: 'xep-0092', software: 'Approved IM', softwareVersion: '1.4.0', approved: 'true' });

      // The approved sessions stay connected and can chat.
      erin.send({ cmd: 'send', to: `gina@${s.domain}`, body: 'still connected', id: 'e1' });
      await gina.waitFor((e) => e.event === 'message' && e.id === 'e1', 'erin’s message');
      ivan.send({ cmd: 'send', to: `erin@${s.domain}`, body: 'me too', id: 'i1' });
      await erin.waitFor((e) => e.event === 'message' && e.id === 'i1', 'ivan’s message');
      for (const p of [erin, gina, ivan]) expect(p.events.some((e) => e.event === 'stream-error')).toBe(false);
    },
    SLOW,
  );
});
