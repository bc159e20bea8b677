/**
 * A client we did not write that signs in with SASL2 (XEP-0388): stock @xmpp/client 0.14, which uses SASL2
 * whenever the server offers it and sends the <user-agent/> given here. Run as a child process (stock
 * @xmpp/client's STARTTLS takes no CA option, so the test CA comes in through NODE_EXTRA_CA_CERTS).
 *
 *   node --import tsx test/peers/sasl2Peer.ts '{"domain","port","username","password","software","device"}'
 *
 * Prints JSON lines: {"event":"sasl2-success"} when the server's SASL2 <success/> arrives, {"event":"online"},
 * {"event":"stream-error","condition","text"}, {"event":"message","from","body"}, {"event":"disconnected"}.
 * Reads JSON lines on stdin: {"cmd":"send","to","body"}.
 */
import { createInterface } from 'node:readline';
import { client, xml } from '@xmpp/client';

interface Config {
  domain: string;
  port: number;
  username: string;
  password: string;
  software: string;
  device?: string;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
const out = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

const userAgent = xml('user-agent', { id: crypto.randomUUID() }, xml('software', {}, cfg.software), ...(cfg.device ? [xml('device', {}, cfg.device)] : []));
const c = client({ service: `xmpp://localhost:${cfg.port}`, domain: cfg.domain, username: cfg.username, password: cfg.password, userAgent });
c.reconnect.stop();
c.on('element', (el: { name: string; attrs: Record<string, string>; getChildText(n: string): string | null; getChild(n: string, ns?: string): unknown; children: unknown[] }) => {
  if (el.name === 'success' && el.attrs.xmlns === 'urn:xmpp:sasl:2') out({ event: 'sasl2-success' });
  if (el.name === 'message' && el.getChildText('body') !== null) out({ event: 'message', from: el.attrs.from, body: el.getChildText('body') });
});
c.on('error', (err: Error & { condition?: string; text?: string }) => {
  if (err.name === 'StreamError') out({ event: 'stream-error', condition: err.condition, text: err.text });
  else out({ event: 'error', name: err.name, message: err.message });
});
c.on('offline', () => out({ event: 'disconnected' }));
c.on('disconnect', () => out({ event: 'disconnected' }));
c.on('online', () => {
  out({ event: 'online' });
  void c.send(xml('presence'));
});

createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line) as { cmd: string; to?: string; body?: string };
  if (cmd.cmd === 'send' && cmd.to) void c.send(xml('message', { to: cmd.to, type: 'chat' }, xml('body', {}, cmd.body ?? '')));
  if (cmd.cmd === 'stop') void c.stop().then(() => process.exit(0));
});

c.start().catch((err: Error) => out({ event: 'start-failed', name: err.name, message: err.message }));
