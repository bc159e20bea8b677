/**
 * A real syslog collector for the SIEM tests: Debian's rsyslogd (rsyslog + rsyslog-gnutls) with a
 * throwaway config on a free loopback port, receiving RFC 5425 syslog over TLS (imtcp + gtls, server
 * certificate from a test CA) and writing every parsed RFC 5424 message to a file, one line each:
 * `MSGID STRUCTURED-DATA MSG`. `stop()` / `start()` restart it on the same port, like a collector outage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates, type TestCertificates } from './certs';
import { freePort, waitFor } from './ports';

export interface Rsyslog {
  port: number;
  certs: TestCertificates;
  outFile: string;
  /** Every line written so far. */
  lines(): string[];
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function rsyslogAvailable(): boolean {
  return existsSync('/usr/sbin/rsyslogd') && existsSync('/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so');
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

export async function startRsyslog(): Promise<Rsyslog> {
  const dir = mkdtempSync(join(tmpdir(), 'aim-rsyslog-'));
  const certs = makeCertificates(join(dir, 'certs'), ['localhost', '127.0.0.1']);
  const port = await freePort();
  const work = join(dir, 'work');
  mkdirSync(work);
  const outFile = join(dir, 'siem.log');
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(
    conf,
    `global(workDirectory="${work}"
  DefaultNetstreamDriver="gtls"
  DefaultNetstreamDriverCAFile="${certs.caFile}"
  DefaultNetstreamDriverCertFile="${certs.certFile}"
  DefaultNetstreamDriverKeyFile="${certs.keyFile}")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
input(type="imtcp" address="127.0.0.1" port="${port}")
template(name="siemline" type="string" string="%msgid% %structured-data% %msg%\\n")
action(type="omfile" file="${outFile}" template="siemline" flushOnTXEnd="on" asyncWriting="off")
`,
  );
  let child: ChildProcess | null = null;
  let stderr = '';

  const start = async () => {
    if (child && child.exitCode === null) return;
    const pidFile = join(dir, 'rsyslogd.pid');
    rmSync(pidFile, { force: true });
    const c = spawn('/usr/sbin/rsyslogd', ['-n', '-f', conf, '-i', pidFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    c.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child = c;
    await waitFor(async () => c.exitCode === null && (await listening(port)), { timeoutMs: 20_000, what: `rsyslogd listening on ${port} (${stderr})` });
  };

  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    certs,
    outFile,
    lines: () => (existsSync(outFile) ? readFileSync(outFile, 'utf8').split('\n').filter((l) => l.length > 0) : []),
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
