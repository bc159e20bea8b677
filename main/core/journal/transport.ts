/**
 * The uploader's HTTP client for POST /v1/journal/batches. https is required; plain http only to a
 * loopback address. The server certificate is verified against the bundled roots plus the policy's CA
 * (the same trust the XMPP connection uses); verification is never turned off and redirects are not
 * followed.
 */
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { JOURNAL_BATCHES_PATH, type JournalBatchRequest } from '../../../shared/journal/api';

export interface TransportResponse {
  status: number;
  body: unknown;
  /** Retry-After of a 429/503, in seconds. */
  retryAfterSeconds?: number;
}

/** POST JSON to a path of the retention server (enrollment); rejects only when no HTTP response came back. */
export interface JsonTransport {
  request(path: string, body: unknown): Promise<TransportResponse>;
}

/** Posts one batch (with the device's signature headers); rejects only when no HTTP response came back. */
export interface BatchTransport extends JsonTransport {
  post(batch: JournalBatchRequest, headers?: Record<string, string>): Promise<TransportResponse>;
  close(): void;
}

export class RetentionUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetentionUrlError';
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** Parse and check RetentionServerUrl: https, or http to loopback only; no credentials or fragment. */
export function checkRetentionUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RetentionUrlError('RetentionServerUrl is not an absolute URL.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new RetentionUrlError('RetentionServerUrl must use https: plain http is refused for any host but this computer (127.0.0.1).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RetentionUrlError('RetentionServerUrl must use https.');
  if (url.username || url.password) throw new RetentionUrlError('RetentionServerUrl must not contain a user name or password.');
  return url;
}

const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export function createHttpTransport(opts: { url: string; token: string; extraCa?: string[]; timeoutMs?: number }): BatchTransport {
  const base = checkRetentionUrl(opts.url);
  const urlOf = (path: string) => new URL(path.replace(/^\//, ''), base.href.endsWith('/') ? base.href : `${base.href}/`);
  const endpoint = urlOf(JOURNAL_BATCHES_PATH);
  const secure = endpoint.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 1, ca: [...rootCertificates, ...(opts.extraCa ?? [])], minVersion: 'TLSv1.2', rejectUnauthorized: true })
    : new HttpAgent({ keepAlive: true, maxSockets: 1 });
  const timeoutMs = opts.timeoutMs ?? 30_000;

  const send = (target: URL, body: unknown, extraHeaders: Record<string, string>): Promise<TransportResponse> => {
      const payload = Buffer.from(JSON.stringify(body), 'utf8');
      return new Promise<TransportResponse>((resolve, reject) => {
        const req = (secure ? httpsRequest : httpRequest)(
          target,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': String(payload.length),
              authorization: `Bearer ${opts.token}`,
              ...extraHeaders,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              size += c.length;
              if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('response too large'));
              else chunks.push(c);
            });
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let body: unknown = null;
              try {
                body = text ? JSON.parse(text) : null;
              } catch {
                body = null;
              }
              const retryAfter = Number(res.headers['retry-after']);
              resolve({ status: res.statusCode ?? 0, body, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) });
            });
            res.on('error', reject);
          },
        );
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
        req.on('error', reject);
        req.end(payload);
      });
  };

  return {
    post: (batch, headers = {}) => send(endpoint, batch, { 'idempotency-key': batch.batchId, ...headers }),
    request: (path, body) => send(urlOf(path), body, {}),
    close() {
      agent.destroy();
    },
  };
}

/**
 * POST a JSON body and return the status code; the response body is discarded. The core's only other
 * HTTP use besides batch upload (the central audit feed), kept here so all egress is in one place:
 * POST only, https (or loopback http), the given CA list, no redirects followed.
 */
export function postJson(url: URL, body: string, ca: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const opts = { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs };
    const req = url.protocol === 'https:' ? httpsRequest(url, { ...opts, ca, rejectUnauthorized: true }) : httpRequest(url, opts);
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}
