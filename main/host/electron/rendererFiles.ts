import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { RENDERER_CSP, isAppUrl } from './security';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };

/**
 * Serves app://approved-im/* from the packaged renderer directory with a strict CSP. Paths cannot
 * leave the directory; anything else is 404.
 */
export async function serveRendererFile(rendererDir: string, url: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer | null }> {
  const headers = { 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff' };
  if (!isAppUrl(url)) return { status: 404, headers, body: null };
  const path = decodeURIComponent(new URL(url).pathname);
  const rel = normalize(path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
  const file = join(rendererDir, rel);
  if (rel.startsWith('..') || !file.startsWith(rendererDir + sep)) return { status: 404, headers, body: null };
  try {
    const body = await readFile(file);
    return { status: 200, headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }, body };
  } catch {
    return { status: 404, headers, body: null };
  }
}
