/**
 * Smoke test of the REAL packaged app (CI, Linux, under xvfb-run; needs Electron's binary, so it cannot run
 * on our build machines). `.github/workflows/release.yml` runs it after building:
 *
 *   xvfb-run -a npx tsx scripts/package-smoke.ts --shipped release/linux-unpacked/approved-im \
 *                                                 --test-build release/test-build/linux-unpacked/approved-im
 *
 * 1. The shipped build refuses `--remote-debugging-port` (exit 2, says why); control: started plainly it keeps running.
 * 2. The smoke-test build (inspect fuse left on and Playwright's switches accepted, because Playwright launches
 *    Electron with --inspect=0 and --remote-debugging-port=0; it is never shipped) is driven with Playwright's
 *    Electron support: it is packaged, its window loads the renderer from app://, and the sign-in form (or the
 *    configuration error screen, naming the policy) is shown. A screenshot goes to --screenshot FILE.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { _electron } from 'playwright-core';

async function runFor(exe: string, args: string[], ms: number): Promise<{ code: number | null; stderr: string; stillRunning: boolean }> {
  const child = spawn(exe, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
  const first = await Promise.race([exited, timeout]);
  if (first === 'timeout') {
    child.kill('SIGTERM');
    await exited;
    return { code: null, stderr, stillRunning: true };
  }
  return { code: first, stderr, stillRunning: false };
}

export async function smoke(opts: { shipped: string; testBuild: string; screenshot?: string; log: (line: string) => void }): Promise<string[]> {
  const failures: string[] = [];
  const refused = await runFor(opts.shipped, ['--remote-debugging-port=9222'], 20_000);
  if (refused.code !== 2 || !refused.stderr.includes('will not start with --remote-debugging-port')) {
    failures.push(`the shipped build did not refuse --remote-debugging-port (exit ${String(refused.code)}; stderr: ${refused.stderr.slice(0, 300)})`);
  } else opts.log('ok: the shipped build refuses --remote-debugging-port and says why');
  const plain = await runFor(opts.shipped, [], 8_000);
  if (!plain.stillRunning) failures.push(`control: the shipped build started without switches exited (${String(plain.code)}): ${plain.stderr.slice(0, 300)}`);
  else opts.log('ok: control: the shipped build keeps running when started without switches');

  const app = await _electron.launch({ executablePath: opts.testBuild, args: [], timeout: 60_000 });
  try {
    const isPackaged = await app.evaluate(({ app: electronApp }) => electronApp.isPackaged);
    if (!isPackaged) failures.push('the smoke-test build does not report app.isPackaged');
    const win = await app.firstWindow();
    await win.waitForLoadState('domcontentloaded');
    if (!win.url().startsWith('app://approved-im/')) failures.push(`the window loaded ${win.url()}, not app://approved-im/`);
    const signIn = win.getByRole('textbox', { name: 'Address' });
    const configError = win.getByText('Configuration error');
    await signIn.or(configError).first().waitFor({ timeout: 30_000 });
    opts.log((await signIn.count()) > 0 ? 'ok: the packaged app shows the sign-in form' : 'ok: the packaged app shows the configuration error screen');
    if (opts.screenshot) await win.screenshot({ path: opts.screenshot });
  } finally {
    await app.close();
  }
  return failures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { shipped: { type: 'string' }, 'test-build': { type: 'string' }, screenshot: { type: 'string' } } });
  if (!values.shipped || !values['test-build']) {
    console.error('Usage: package-smoke --shipped EXE --test-build EXE [--screenshot FILE]');
    process.exit(2);
  }
  smoke({ shipped: values.shipped, testBuild: values['test-build'], screenshot: values.screenshot, log: (l) => console.log(l) }).then(
    (failures) => {
      for (const f of failures) console.log(`FAIL ${f}`);
      console.log(failures.length === 0 ? 'Smoke test passed' : `Smoke test failed: ${failures.length} problem(s)`);
      process.exit(failures.length === 0 ? 0 : 1);
    },
    (err: unknown) => {
      console.log(`FAIL smoke test: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
