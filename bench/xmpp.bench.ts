/**
 * Login time and send→receive round trip, through our core vs. a bare @xmpp/client, against a real
 * Prosody using its production SCRAM iteration count (10000), measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startProsody } from '../test/support/prosody';
import { summarize, round } from './stats';

const here = dirname(fileURLToPath(import.meta.url));

export async function run(opts: { iterations?: number; rtt?: number } = {}): Promise<Record<string, unknown>> {
  const server = await startProsody({ iterationCount: 10_000 });
  try {
    server.addUser('alice', 'alice-pass');
    server.addUser('bob', 'bob-pass');
    const cfg = { domain: server.domain, port: server.port, caFile: server.certs.caFile, iterations: opts.iterations ?? 10, rtt: opts.rtt ?? 50 };
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'xmppWorker.ts'), JSON.stringify(cfg)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: server.certs.caFile },
      timeout: 300_000,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number[]>;
    const s = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, summarize(v)]));
    return {
      unit: 'ms',
      scramIterations: 10_000,
      login: {
        stockXmppJs: s.loginStock,
        oursClient: s.loginOurs,
        oursCoreSignIn: s.loginOursCore,
        speedupClientVsStock: round(s.loginStock!.median / s.loginOurs!.median, 2),
        speedupCoreSignInVsStock: round(s.loginStock!.median / s.loginOursCore!.median, 2),
      },
      roundTrip: {
        stockXmppJs: s.rttStock,
        oursCore: s.rttOurs,
        ratioOursVsStock: round(s.rttOurs!.median / s.rttStock!.median, 2),
        note: 'ours includes IPC validation, text policy, receipts/markers/origin-id and the outbox; stock sends a bare <body>',
      },
    };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'));
}
