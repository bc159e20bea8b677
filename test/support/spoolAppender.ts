// Child process for test/integration/spoolLogCrash.test.ts: opens the spool in argv[2] (its key in a 0600
// file in argv[3], so the test's reopen finds it) and appends records as fast as it can, alternating single
// appends and groups of three, running the index (maintain) after some commits as the journal does. After
// each append returns (durable) it prints the acknowledged record ids, one line per commit, until killed.
import { createFileKeyStore } from '../../main/core/journal/keys';
import { draftFor, finalizeRecord } from '../../main/core/journal/records';
import { openSpool, type AppendRequest } from '../../main/core/journal/spool';
import { silentLogger } from '../../main/core/log';

const [dir = '', keyDir = '', prefix = 'run'] = process.argv.slice(2);
const spool = await openSpool(dir, createFileKeyStore(keyDir), silentLogger);
const req = (id: string): AppendRequest => {
  const draft = draftFor(
    'message',
    { message: { id, conversation: 'bob@example.gov', conversationType: 'chat', direction: 'out', from: 'alice@example.gov', body: `crash test ${id} ${'x'.repeat(Number(id.split('-').pop()) % 700)}`, sentAt: new Date().toISOString(), state: 'pending' } },
    'alice@example.gov',
  );
  return { recordId: `${spool.deviceId}/out/${id}`, build: (seq, dev) => finalizeRecord(draft, { deviceId: dev, seq, recordedAt: new Date().toISOString(), policyHash: 'p' }) };
};
process.stdout.write(`ready ${spool.deviceId}\n`);
for (let i = 0; ; i++) {
  const ids = i % 2 ? [`${prefix}-${i}-a`, `${prefix}-${i}-b`, `${prefix}-${i}-c`] : [`${prefix}-${i}`];
  const out = spool.append(ids.map(req), Date.now());
  process.stdout.write(`acked ${out.filter((r) => !r.duplicate).map((r) => r.recordId.split('/').pop()).join(' ')}\n`);
  if (i % 5 === 0) spool.maintain?.();
  if (i % 50 === 0) await new Promise((r) => setImmediate(r));
}
