/** `device list` / `device revoke` and the serve options of the XMPP account (issue 12). */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Store } from './store/types';
import type { XmppAccountOptions } from './xmppAccount';

export async function deviceList(store: Store, json: boolean): Promise<number> {
  const devices = await store.deviceRegistry().listDevices();
  const out = devices.map((d) => ({
    deviceId: d.deviceId,
    jid: d.jid,
    state: d.state,
    enrolledAt: d.enrolledAt,
    firstEnrolledAt: d.firstEnrolledAt,
    lastSeen: d.lastSeen,
    clientVersion: d.clientVersion,
    revokedAt: d.revokedAt,
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  }
  if (out.length === 0) process.stdout.write('No enrolled devices\n');
  for (const d of out) {
    process.stdout.write(
      `${d.deviceId}\t${d.jid}\t${d.state}\tenrolled ${d.enrolledAt}\tlast seen ${d.lastSeen ?? 'never'}\tclient ${d.clientVersion || '?'}${d.revokedAt ? `\trevoked ${d.revokedAt}` : ''}\n`,
    );
  }
  return 0;
}

export function deviceRevoke(store: Store, deviceId: string): Promise<boolean> {
  return store.deviceRegistry().revokeDevice(deviceId, new Date().toISOString());
}

interface XmppValues {
  'xmpp-jid'?: string;
  'xmpp-password-file'?: string;
  'xmpp-host'?: string;
  'xmpp-port'?: string;
  'xmpp-ca'?: string;
  'trust-proxy'?: string[];
}

/** The XMPP account options, or undefined without --xmpp-jid; throws a usage message when inconsistent. */
export function xmppOptions(v: XmppValues): XmppAccountOptions | undefined {
  for (const cidr of v['trust-proxy'] ?? []) {
    const [addr, bits, extra] = cidr.split('/');
    if (extra !== undefined || !addr || !isIP(addr) || (bits !== undefined && !/^\d{1,3}$/.test(bits))) throw new Error(`--trust-proxy must be an address or CIDR such as 10.0.0.0/8, not "${cidr}"`);
  }
  const jid = v['xmpp-jid'];
  const others = ['xmpp-password-file', 'xmpp-host', 'xmpp-port', 'xmpp-ca'] as const;
  if (!jid) {
    const stray = others.find((k) => v[k] !== undefined);
    if (stray) throw new Error(`--${stray} needs --xmpp-jid`);
    return undefined;
  }
  if (!/^[^@/\s]+@[^@/\s]+$/.test(jid)) throw new Error(`--xmpp-jid must be a bare JID such as retention@agency.gov, not "${jid}"`);
  const passwordFile = v['xmpp-password-file'];
  if (!passwordFile) throw new Error('--xmpp-jid needs --xmpp-password-file FILE (the password is never given on the command line)');
  if (!existsSync(passwordFile)) throw new Error(`--xmpp-password-file: ${passwordFile} does not exist`);
  if (v['xmpp-ca'] && !existsSync(v['xmpp-ca'])) throw new Error(`--xmpp-ca: ${v['xmpp-ca']} does not exist`);
  let port: number | undefined;
  if (v['xmpp-port'] !== undefined) {
    port = Number(v['xmpp-port']);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('--xmpp-port must be an integer from 1 to 65535');
  }
  return {
    jid,
    passwordFile,
    ...(v['xmpp-host'] ? { host: v['xmpp-host'] } : {}),
    ...(port ? { port } : {}),
    ...(v['xmpp-ca'] ? { caFile: v['xmpp-ca'] } : {}),
  };
}
