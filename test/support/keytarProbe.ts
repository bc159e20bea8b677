// Run inside a D-Bus session with an unlocked gnome-keyring (see test/integration/keytar.test.ts).
import { createKeytarStore } from '../../main/core/credentials/credentialStore';

const store = await createKeytarStore('Approved IM (test)');
const account = `alice-${process.pid}@approved.test`;
const secret = process.argv[2] ?? 'correct horse battery staple';
await store.set(account, secret);
const got = await store.get(account);
const deleted = await store.delete(account);
const after = await store.get(account);
process.stdout.write(JSON.stringify({ roundTrip: got === secret, deleted, after }) + '\n');
