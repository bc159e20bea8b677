/**
 * A SIEM collector for tests: a TLS listener on a free loopback port that reads RFC 6587 octet-counted
 * frames ("LEN SP MSG") as rsyslog's imtcp does, and keeps each message in order of arrival.
 */
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';

export interface SiemCollector {
  port: number;
  /** Every message received so far, in order. */
  received: string[];
  close(): void;
}

export async function startSiemCollector(certFile: string, keyFile: string): Promise<SiemCollector> {
  const received: string[] = [];
  const server = createTlsServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const sp = buf.indexOf(0x20);
        if (sp < 0) break;
        const len = Number(buf.subarray(0, sp).toString('ascii'));
        if (buf.length < sp + 1 + len) break;
        received.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
        buf = buf.subarray(sp + 1 + len);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { port, received, close: () => void server.close() };
}
