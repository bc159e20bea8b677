/** `retention backup` and `retention restore`: output and exit codes (the work is in backup.ts and restore.ts). */
import { backup, BackupError, KEY_NOTE } from './backup';
import { restore } from './restore';
import { redactUrl } from './store/open';

export interface BackupCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: BackupCommandIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

export async function backupCommand(db: string, to: string, json: boolean, io: BackupCommandIo = stdio): Promise<number> {
  return refusals(io, async () => {
    const m = await backup(db, to);
    if (json) io.out(`${JSON.stringify(m)}\n`);
    else {
      io.out(`Backup of ${m.source} written to ${to}: ${m.treeSize} records (root ${m.rootHash})` +
        (m.head ? `, latest signed tree head size ${m.head.treeSize} of ${m.head.timestamp}` : ', no signed tree head yet') + '\n');
      io.out(`Signing key ${KEY_NOTE}\n`);
    }
    return 0;
  });
}

export async function restoreCommand(from: string, db: string, json: boolean, io: BackupCommandIo = stdio): Promise<number> {
  return refusals(io, async () => {
    const r = await restore(from, db);
    if (json) io.out(`${JSON.stringify({ restored: redactUrl(db), treeSize: r.treeSize, head: r.head, backupCreatedAt: r.manifest.createdAt })}\n`);
    else {
      io.out(`Restored the backup of ${r.manifest.createdAt} into ${redactUrl(db)}: ${r.treeSize} records; its latest signed tree head` +
        (r.head ? ` (size ${r.head.treeSize}, root ${r.head.rootHash}) is the backup's` : ': none, as in the backup') + '\n');
      io.out('Next: run verify on it, and put the signing key back from escrow (--signing-key, or its default place) before serving\n');
    }
    return 0;
  });
}

async function refusals(io: BackupCommandIo, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    io.err(`retention: ${err.message}\n`);
    return err.exitCode;
  }
}
