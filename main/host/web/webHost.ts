import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IpcRouter } from '../../core/ipc/router';
import type { EventChannel } from '../../../shared/ipc/contract';
import type { Logger } from '../../core/log';
import { rendererCsp, rendererHeaders } from '../common/csp';
import { readStaticFile } from '../common/staticFiles';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface WebHost {
  url: string;
  port: number;
  token: string;
  /** Deliver an event to every connected page. */
  broadcast(channel: EventChannel, payload: unknown): void;
  close(): Promise<void>;
}

export class NonLoopbackBindError extends Error {
  constructor(host: string) {
    super(`The web host only listens on the loopback interface (127.0.0.1); refusing to bind ${host}.`);
    this.name = 'NonLoopbackBindError';
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Development and test host: serves the built renderer and the bridge from `staticDir` on 127.0.0.1
 * and carries the IPC contract over a WebSocket that requires the per-run token and our own origin.
 */
export async function startWebHost(opts: { router: IpcRouter; staticDir: string; host?: string; port?: number; log: Logger }): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new NonLoopbackBindError(host);
  const token = randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  let origin = '';
  let port = 0;

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The one renderer CSP, with connect-src naming only this host's own WebSocket (never the Host header).
    const headers = rendererHeaders(rendererCsp(`ws://127.0.0.1:${port}`));
    if (req.method !== 'GET') {
      res.writeHead(405, headers).end();
      return;
    }
    const page = url.pathname === '/' || url.pathname === '/index.html';
    if (page && !sameToken(url.searchParams.get('token') ?? '', token)) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain' }).end('This page needs the access token printed by `npm run web`.');
      return;
    }
    const file = await readStaticFile(opts.staticDir, url.pathname);
    if (file.status !== 200 || !file.body) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': file.contentType ?? 'application/octet-stream' }).end(file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const okOrigin = req.headers.origin === origin;
    if (url.pathname !== '/ipc' || !okOrigin || !sameToken(url.searchParams.get('token') ?? '', token)) {
      opts.log.warn('web.refused-socket', { originOk: okOrigin, path: url.pathname });
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', async (data) => {
        let frame: { t?: unknown; id?: unknown; channel?: unknown; request?: unknown };
        try {
          frame = JSON.parse(String(data)) as typeof frame;
        } catch {
          return;
        }
        if (frame.t !== 'invoke' || typeof frame.id !== 'number') return;
        const result = await opts.router.dispatch(frame.channel, frame.request, { origin, isMainFrame: true });
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id: frame.id, result }));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    broadcast(channel, payload) {
      const frame = JSON.stringify({ t: 'event', channel, payload });
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
