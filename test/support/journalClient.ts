/**
 * A client core in its own process, for the kill -9 test (test/integration/journal.test.ts):
 * wired by composeClient exactly as the hosts wire it, it signs in, sends a burst of messages and prints
 * one line per event on stdout (pipes are synchronous on Linux, so a printed line was written before
 * any kill):
 *   DEVICE <deviceId>      the journal is open
 *   ACCEPTED <message id>  chat:send returned "sent" (so the record was already durable in the spool)
 *   REFUSED <reason>
 *   DRAINED                the spool is empty: every record has a receipt
 *
 * Run: node --import tsx test/support/journalClient.ts   with JOURNAL_CLIENT='{"dataDir":…}' in the env.
 */
import { composeClient, staticPolicyProvider } from '../../main/core/compose';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import { createFileKeyStore } from '../../main/core/journal';
import { createLogger } from '../../main/core/log';
import { join } from 'node:path';

export interface JournalClientConfig {
  dataDir: string;
  domain: string;
  xmppPort: number;
  caFile: string;
  user: string;
  password: string;
  peer: string;
  retentionUrl: string;
  token: string;
  count: number;
  concurrency: number;
  tag: string;
}

const cfg = JSON.parse(process.env.JOURNAL_CLIENT ?? '{}') as JournalClientConfig;
const say = (line: string) => process.stdout.write(`${line}\n`);

const policy = staticPolicyProvider(
  [
    {
      level: 'mandatory-machine',
      source: 'test',
      values: {
        XmppDomain: cfg.domain,
        XmppHost: 'localhost',
        XmppPort: cfg.xmppPort,
        XmppCaCertificateFile: cfg.caFile,
        RetentionServerUrl: cfg.retentionUrl,
        RetentionServerToken: cfg.token,
      },
    },
  ],
  { developmentBuild: true },
);

const { core, journal } = composeClient({
  policy,
  credentials: createMemoryStore(),
  // Stands in for the OS credential store, which must survive the process (a file outside the spool dir).
  journalKeys: createFileKeyStore(join(cfg.dataDir, 'test-keystore')),
  dataDir: cfg.dataDir,
  log: createLogger({ level: 'error' }),
  deliver: () => {},
  isTrustedSender: () => false,
});

while (!journal.deviceId) await new Promise((r) => setTimeout(r, 20));
say(`DEVICE ${journal.deviceId}`);

await core.handlers['session:signIn']({ address: `${cfg.user}@${cfg.domain}`, password: cfg.password, remember: false });
if ((await core.handlers['notice:get']({})).required) await core.handlers['notice:acknowledge']({});

let next = 0;
async function worker() {
  while (next < cfg.count) {
    const i = next++;
    const res = await core.handlers['chat:send']({ to: cfg.peer, body: `burst ${cfg.tag} ${i}` });
    if (res.status === 'sent') say(`ACCEPTED ${res.message.id}`);
    else say(`REFUSED ${res.reason}`);
  }
}
await Promise.all(Array.from({ length: cfg.concurrency }, () => worker()));

while (journal.status().pending > 0) await new Promise((r) => setTimeout(r, 50));
say('DRAINED');
await core.shutdown();
process.exit(0);
