import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningWebHost {
  url: string;
  proc: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Start the web host exactly as `npm run web -- --policy FILE` does and read its `Client UI:` line. */
export async function startWebHostProcess(policyFile: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunningWebHost> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/web.ts'), '--policy', policyFile, '--memory-credentials', ...extraArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${err}`)), 60_000);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^Client UI: (\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`web host exited ${code}: ${err}`)));
  });
  return {
    url,
    proc,
    stderr: () => err,
    async stop() {
      if (proc.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
