/**
 * The release pipeline cannot run here (it needs Electron's binary, Windows and macOS runners), so its
 * structure is checked on every CI run: .github/workflows/release.yml and the Containerfile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '@action-validator/core';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  container?: string;
  strategy?: { matrix: { include: Record<string, string>[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = yaml.load(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')) as Workflow;
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const indexOf = (job: Job, pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? ''));

describe('.github/workflows/release.yml', () => {
  it("validates against GitHub's workflow schema (action-validator); a misspelt key is caught", () => {
    const text = readFileSync(join(root, '.github/workflows/release.yml'), 'utf8');
    expect(validateWorkflow(text).errors).toEqual([]);
    expect(validateWorkflow(text.replace('    runs-on: ubuntu-24.04\n    timeout-minutes: 30\n    steps:', '    runs-on: ubuntu-24.04\n    timeout-minutes: 30\n    stepz:')).errors).not.toEqual([]);
  });

  it('runs on tags and by hand, reads only, and never publishes an update feed', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const all = Object.values(workflow.jobs).map(runs).join('\n');
    expect(all).not.toMatch(/--publish\s+(always|onTag|onTagOrDraft)|GH_TOKEN/);
  });

  it('builds every target on Windows, macOS and Linux runners', () => {
    const client = workflow.jobs.client;
    expect(client).toBeDefined();
    const matrix = client?.strategy?.matrix.include ?? [];
    expect(matrix.map((m) => m.os?.split('-')[0]).sort()).toEqual(['macos', 'ubuntu', 'windows']);
    const targets = matrix.flatMap((m) => [...(m.targets ?? '').matchAll(/--target (\w+)/g)].map((t) => t[1])).sort();
    expect(targets).toEqual(['deb', 'msi', 'nsis', 'pkg', 'rpm']);
    for (const m of matrix) expect(m.platform).toMatch(/^--(win|mac|linux)$/);
  });

  it('installs with the Electron binary, rebuilds the native modules for Electron, then builds with the release checks', () => {
    const client = workflow.jobs.client as Job;
    const install = client.steps.find((s) => /^npm ci\b/.test(s.run ?? ''));
    expect(install).toBeDefined();
    expect(install?.env?.ELECTRON_SKIP_BINARY_DOWNLOAD).toBeUndefined();
    const rebuild = indexOf(client, /electron-rebuild --version "\$\(node -p "require\('electron\/package\.json'\)\.version"\)" --force --only "\$NATIVE_MODULES"/);
    const build = indexOf(client, /scripts\/package\.ts \$\{\{ matrix\.platform \}\} \$\{\{ matrix\.targets \}\} --release$/);
    expect(rebuild).toBeGreaterThan(client.steps.indexOf(install as Step));
    expect(build).toBeGreaterThan(rebuild);
    expect((client.steps[build]?.env ?? {}).CSC_LINK).toBeDefined();
  });

  it('smoke-tests the real packaged app on Linux with Playwright under xvfb-run, using the test build with the inspect fuse on', () => {
    const client = workflow.jobs.client as Job;
    const testBuild = indexOf(client, /scripts\/package\.ts --linux --target dir --test-build --release/);
    const smoke = indexOf(client, /^xvfb-run -a npx tsx scripts\/package-smoke\.ts/);
    expect(testBuild).toBeGreaterThan(indexOf(client, /--release$/));
    expect(smoke).toBeGreaterThan(testBuild);
    expect(client.steps[smoke]?.if).toBe("runner.os == 'Linux'");
    // The shipped build refuses --no-sandbox, so Chromium's SUID helper is set up as the packages' post-install does.
    expect(indexOf(client, /sudo chmod 4755 "\$d\/chrome-sandbox"/)).toBeGreaterThan(testBuild);
    expect(client.steps[smoke]?.run).toContain('--shipped release/linux-unpacked/approved-im');
    expect(client.steps[smoke]?.run).toContain('--test-build release/test-build/linux-unpacked/approved-im');
    expect(client.steps[testBuild]?.name).toMatch(/inspect fuse left on for Playwright/);
    expect(readFileSync(join(root, 'scripts/package-smoke.ts'), 'utf8')).toContain("from 'playwright-core'");
  });

  it('uploads the packages with the policy templates beside them', () => {
    const upload = (workflow.jobs.client as Job).steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toContain('release/policy-templates/**');
    expect(upload?.with?.path).toContain('${{ matrix.artifacts }}');
  });

  it('checks first (lint, typecheck, package:check), and builds and install-tests the retention .deb', () => {
    const checks = runs(workflow.jobs.checks as Job);
    for (const cmd of ['npm run -s lint', 'npm run -s typecheck', 'npm run -s package:check']) expect(checks).toContain(cmd);
    expect(workflow.jobs.client?.needs).toBe('checks');
    const deb = workflow.jobs['retention-server'] as Job;
    expect(deb.container).toBe('debian:bookworm');
    expect(runs(deb)).toContain('npm run -s retention:deb');
    expect(runs(deb)).toContain('npx vitest run scripts/retention-deb.test.ts');
  });

  it('names only scripts and npm commands that exist, and pins every action to a major version', () => {
    const all = Object.values(workflow.jobs).map(runs).join('\n');
    for (const [, file] of all.matchAll(/(scripts\/[\w.-]+\.ts)/g)) expect(existsSync(join(root, file ?? '')), file).toBe(true);
    for (const [, name] of all.matchAll(/npm run -s ([\w:]+)/g)) expect(scripts[name ?? ''], name).toBeDefined();
    for (const job of Object.values(workflow.jobs)) for (const s of job.steps) if (s.uses) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });
});

describe('Containerfile', () => {
  const text = readFileSync(join(root, 'Containerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => /^[A-Z]+\s/.test(l));

  it('builds in one stage and runs as the unprivileged service user on the same Node.js major in the next', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM docker.io/library/node:20-bookworm AS build', 'FROM docker.io/library/node:20-bookworm-slim']);
    const finalStage = text.slice(text.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^USER approved-im-retention$/m);
    expect(finalStage).toMatch(/^VOLUME \["\/var\/lib\/approved-im-retention"\]$/m);
    expect(finalStage).toContain('ENTRYPOINT ["/usr/bin/approved-im-retention"]');
    expect(finalStage).not.toMatch(/npm|build-essential/);
  });

  it('takes its files from the .deb built by scripts/retention-deb.ts, and serves TLS when listening beyond loopback', () => {
    expect(text).toContain('npx tsx scripts/retention-deb.ts --out /out');
    expect(text).toContain('COPY --from=build /pkg/usr/lib/approved-im-retention /usr/lib/approved-im-retention');
    const wrapper = readFileSync(join(root, 'build/server-deb/approved-im-retention'), 'utf8');
    expect(wrapper).toContain('LIB=/usr/lib/approved-im-retention');
    expect(wrapper).toContain('exec /usr/bin/node "$LIB/retention.mjs" "$@"');
    expect(text).toContain('ln -sf /usr/local/bin/node /usr/bin/node');
    const cmd = text.slice(text.indexOf('CMD ['));
    expect(cmd).toContain('"--host", "0.0.0.0"');
    expect(cmd).toContain('"--tls-cert"');
    expect(cmd).toContain('"--tls-key"');
  });
});
