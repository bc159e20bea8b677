// Run inside a D-Bus session with an unlocked gnome-keyring (see test/integration/journal.keytar.test.ts):
// the spool key goes to the OS credential store through keytar, never to disk, and a reopened spool reads
// its entries back with it.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeytarStore } from '../../main/core/credentials/credentialStore';
import { spoolKeyAccount } from '../../main/core/journal/keys';
import { deviceKeyAccount, loadDeviceKey, newDeviceKey } from '../../main/core/journal/deviceKey';
import { draftFor, finalizeRecord } from '../../main/core/journal/records';
import { openSpool } from '../../main/core/journal/spool';
import { silentLogger } from '../../main/core/log';

const keys = await createKeytarStore('Approved IM (test)');
const dir = mkdtempSync(join(tmpdir(), 'aim-keyring-spool-'));
const body = 'Keyring-protected journal entry';
const draft = draftFor(
  'message',
  { message: { id: 'k-1', conversation: 'bob@example.gov', conversationType: 'chat', direction: 'out', from: 'alice@example.gov', body, sentAt: new Date().toISOString(), state: 'pending' } },
  'alice@example.gov',
);

const first = await openSpool(dir, keys, silentLogger);
const deviceId = first.deviceId;
first.append([{ recordId: `${deviceId}/out/k-1`, build: (seq, dev) => finalizeRecord(draft, { deviceId: dev, seq, recordedAt: new Date().toISOString(), policyHash: 'p' }) }], Date.now());
first.close();

const key = await keys.get(spoolKeyAccount(deviceId));
// The device's Ed25519 signing key (issue 12) goes to the same credential store.
const deviceKey = await newDeviceKey(keys, deviceId);
const deviceSecret = (await keys.get(deviceKeyAccount(deviceId))) ?? '';
const deviceKeyBack = await loadDeviceKey(keys, deviceId);
const onDisk = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
const again = await openSpool(dir, keys, silentLogger);
const entries = again.readBatch(10, 1e6);
again.close();

process.stdout.write(
  JSON.stringify({
    keyInKeyring: typeof key === 'string' && Buffer.from(key, 'base64').length === 32,
    keyNotOnDisk: !!key && !onDisk.includes(key) && !onDisk.includes(Buffer.from(key, 'base64').toString('latin1')),
    bodyNotOnDisk: !onDisk.includes(body),
    sameDevice: again.deviceId === deviceId,
    readBack: entries.length === 1 && entries[0]?.record.body === body,
    deviceKeyInKeyring: deviceSecret.length > 0 && deviceKeyBack?.publicKey === deviceKey.publicKey && !onDisk.includes(deviceSecret),
  }) + '\n',
);
