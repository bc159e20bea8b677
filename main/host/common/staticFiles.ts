/**
 * The one static file server for the renderer bundle, used by the Electron host (app:// protocol), the
 * web host (http on 127.0.0.1) and the renderer preview. Paths are decoded once and may not leave the
 * directory; anything else (missing, a directory, a traversal, a bad escape) is 404.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

export interface StaticFile {
  status: 200 | 404;
  /** Set when status is 200. */
  contentType?: string;
  body: Buffer | null;
}

const NOT_FOUND: StaticFile = { status: 404, body: null };

/** The file under `dir` for a URL path ('/' is index.html), or 404. */
export async function readStaticFile(dir: string, pathname: string): Promise<StaticFile> {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return NOT_FOUND;
  }
  if (path.includes('\0')) return NOT_FOUND;
  const base = resolve(dir);
  const rel = normalize(path === '/' || path === '' ? 'index.html' : path.replace(/^[/\\]+/, ''));
  const file = join(base, rel);
  if (rel.startsWith('..') || !file.startsWith(base + sep)) return NOT_FOUND;
  try {
    if (!(await stat(file)).isFile()) return NOT_FOUND;
    const body = await readFile(file);
    return { status: 200, contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body };
  } catch {
    return NOT_FOUND;
  }
}
