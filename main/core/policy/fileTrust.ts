import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/**
 * Policy files are trusted only when an administrator controls them: owned by root (uid 0) and not
 * writable by other users (nor by a group other than root's). The check runs on the opened file
 * descriptor, so a file swapped between the check and the read is still the file that was checked.
 */
export interface TrustOptions {
  /** Owner required for policy files and directories. Default 0 (root); tests pass their own uid. */
  trustedUid?: number;
  /** Files larger than this are refused. Default 1 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_POLICY_FILE_BYTES = 1024 * 1024;

interface StatLike {
  uid: number;
  gid: number;
  mode: number;
}

/** Why a file or directory is not trusted, or null when it is. */
export function untrustedReason(st: StatLike, trustedUid: number): string | null {
  if (st.uid !== trustedUid) return `is owned by uid ${st.uid}, not ${trustedUid === 0 ? 'root' : `uid ${trustedUid}`}`;
  if (st.mode & 0o002) return 'can be written by any user';
  if (st.mode & 0o020 && st.gid !== 0) return `can be written by group ${st.gid}`;
  return null;
}

export type TrustedRead = { ok: true; text: string; bytes: Buffer } | { ok: false; missing: boolean; message: string };

const code = (err: unknown) => (err as NodeJS.ErrnoException).code ?? 'error';

/** Read a policy file if it exists, is a regular file, is trusted and is not too large. Never throws. */
export async function readTrustedFile(path: string, opts: TrustOptions = {}): Promise<TrustedRead> {
  const trustedUid = opts.trustedUid ?? 0;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_POLICY_FILE_BYTES;
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const c = code(err);
    return { ok: false, missing: c === 'ENOENT', message: c === 'ENOENT' ? `${path} does not exist` : `cannot open ${path} (${c})` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, missing: false, message: `${path} is not a regular file; ignored` };
    const reason = untrustedReason(st, trustedUid);
    if (reason) return { ok: false, missing: false, message: `${path} ${reason}; ignored for safety (policy files must be owned by root and writable only by root)` };
    if (st.size > maxBytes) return { ok: false, missing: false, message: `${path} is larger than ${maxBytes} bytes; ignored` };
    const bytes = await handle.readFile();
    return { ok: true, bytes, text: bytes.toString('utf8') };
  } catch (err) {
    return { ok: false, missing: false, message: `cannot read ${path} (${code(err)})` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** 'missing', a reason the directory is not trusted, or null when it exists and is trusted. */
export async function checkTrustedDir(path: string, opts: TrustOptions = {}): Promise<'missing' | string | null> {
  try {
    const st = await stat(path);
    if (!st.isDirectory()) return `${path} is not a directory`;
    const reason = untrustedReason(st, opts.trustedUid ?? 0);
    return reason ? `${path} ${reason}; its policy files are ignored for safety` : null;
  } catch (err) {
    return code(err) === 'ENOENT' ? 'missing' : `cannot read ${path} (${code(err)})`;
  }
}
