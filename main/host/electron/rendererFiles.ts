import { isAppUrl } from './security';
import { rendererHeaders } from '../common/csp';
import { readStaticFile } from '../common/staticFiles';

/**
 * Serves app://approved-im/* from the packaged renderer directory with the renderer CSP, through the
 * hosts' one static file server (paths cannot leave the directory; anything else is 404).
 */
export async function serveRendererFile(rendererDir: string, url: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer | null }> {
  const headers = rendererHeaders();
  if (!isAppUrl(url)) return { status: 404, headers, body: null };
  const file = await readStaticFile(rendererDir, new URL(url).pathname);
  return { status: file.status, headers: file.contentType ? { ...headers, 'Content-Type': file.contentType } : headers, body: file.body };
}
