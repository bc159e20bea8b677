import { z } from 'zod';

/**
 * Reusable value validators for policy definitions. Pure: no Node, no DOM (URL is an ECMAScript-host
 * global available in Node, browsers and Electron alike).
 */

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN_RE = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`, 'i');

/** A DNS name (also accepts a dotted IPv4 literal, which has the same shape). */
export const domainName = z.string().regex(DOMAIN_RE, 'must be a DNS domain name, e.g. example.gov');

/** A domain, or `*.domain` for the domain and all its subdomains. */
export const domainPattern = z
  .string()
  .regex(new RegExp(`^(?:\\*\\.)?${DOMAIN_RE.source.slice(1, -1)}$`, 'i'), 'must be a domain name or *.domain');

/** Accepts the empty string as "not set", else the given schema. */
export function orUnset<S extends z.ZodType<string>>(schema: S) {
  return z.union([z.literal(''), schema]);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * An absolute https URL without credentials or fragment. http is accepted only for loopback hosts
 * (a local development server), because such traffic never leaves the machine.
 */
export const serviceUrl = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL, e.g. https://records.example.gov' });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      ctx.addIssue({ code: 'custom', message: 'must use https (http is allowed only for 127.0.0.1/localhost)' });
    }
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password' });
    if (url.hash) ctx.addIssue({ code: 'custom', message: 'must not contain a #fragment' });
  });

/**
 * An absolute local file path: POSIX (/etc/pki/ca.pem) or Windows drive (C:\ProgramData\ca.pem).
 * UNC paths are refused: a trust anchor must not be fetched over the network.
 */
export const absoluteLocalPath = z
  .string()
  .max(4096)
  .superRefine((value, ctx) => {
    if (value.startsWith('\\\\') || value.startsWith('//')) {
      ctx.addIssue({ code: 'custom', message: 'must be a local path, not a network (UNC) path' });
    } else if (!/^\//.test(value) && !/^[A-Za-z]:[\\/]/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute path, e.g. /etc/pki/agency-ca.pem or C:\\ProgramData\\agency-ca.pem' });
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(value)) ctx.addIssue({ code: 'custom', message: 'must not contain control characters' });
  });

/** A calendar date written YYYY-MM-DD. */
export const isoDate = z.string().superRefine((value, ctx) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ok =
    m !== null &&
    (() => {
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
    })();
  if (!ok) ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD, e.g. 2026-01-31' });
});

/** Single-line text without control characters. */
export function singleLine(max: number) {
  return z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line of text without control characters');
}

/** Multi-line text: tabs and line breaks allowed, other control characters refused. */
export function multiLine(max: number) {
  return z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'must not contain control characters');
}

export function integer(min: number, max: number) {
  return z.number().int(`must be a whole number`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
}
