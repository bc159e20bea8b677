/**
 * electron-builder.yml against electron-builder's own JSON schema (app-builder-lib/scheme.json), plus the
 * deployment rules this project holds it to (targets, per-machine installs, fixed MSI upgrade code, no
 * self-update, policy templates as resources).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
/** electron-builder's own YAML parser (a dependency of app-builder-lib), so the file is read as it reads it. */
const yaml = require('js-yaml') as { load(text: string): unknown };

export const MSI_UPGRADE_CODE = 'BF2A9953-4B3D-4502-A0E3-A9DB6E31B7B3';

export function loadBuilderConfig(root: string): Record<string, unknown> {
  const loaded = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
  if (typeof loaded !== 'object' || loaded === null || Array.isArray(loaded)) throw new Error('electron-builder.yml is not a mapping');
  return loaded as Record<string, unknown>;
}

/** Schema errors, as "path: message" lines (empty when valid). */
export function schemaErrors(config: unknown): string[] {
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  if (validate(config)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const targets = (v: unknown): string[] => (Array.isArray(obj(v).target) ? (obj(v).target as unknown[]).map(String) : []);

/** The project's own rules for the configuration (each broken rule, in words). */
export function deploymentRuleErrors(config: Obj): string[] {
  const errors: string[] = [];
  const rule = (ok: boolean, message: string) => {
    if (!ok) errors.push(message);
  };
  rule('publish' in config && config.publish === null, 'publish must be null: updates come through the agency software distribution, never self-update');
  rule(targets(config.linux).sort().join() === 'deb,rpm', `linux targets must be deb and rpm (AppImage is user-writable), not ${targets(config.linux).join(', ')}`);
  rule(targets(config.win).sort().join() === 'msi,nsis', `win targets must be msi and nsis, not ${targets(config.win).join(', ')}`);
  rule(targets(config.mac).join() === 'pkg', `mac target must be pkg, not ${targets(config.mac).join(', ')}`);
  rule(obj(config.msi).perMachine === true && obj(config.nsis).perMachine === true, 'msi and nsis must install per machine');
  rule(obj(config.msi).upgradeCode === MSI_UPGRADE_CODE, `msi.upgradeCode must stay ${MSI_UPGRADE_CODE} (GPO, SCCM and Intune upgrade by it)`);
  rule(config.asar === true, 'asar must be true');
  const resources = Array.isArray(config.extraResources) ? (config.extraResources as unknown[]).map(obj) : [];
  rule(resources.some((r) => r.from === 'build/policy-templates' && r.to === 'policy-templates'), 'extraResources must carry build/policy-templates as policy-templates');
  rule(obj(config.directories).app === 'dist/app', 'directories.app must be dist/app (the stage of scripts/package-stage.ts)');
  return errors;
}

/** What the deb and rpm must say, checked on the arguments electron-builder passes to fpm (each broken rule, in words). */
export function linuxPackageErrors(target: 'deb' | 'rpm', args: readonly string[]): string[] {
  const errors: string[] = [];
  const has = (flag: string, value?: string) => args.some((a, i) => a === flag && (value === undefined ? (args[i + 1] ?? '') !== '' : args[i + 1] === value));
  const rule = (ok: boolean, message: string) => {
    if (!ok) errors.push(`${target}: ${message}`);
  };
  rule(has(`--${target}-user`, 'root') && has(`--${target}-group`, 'root'), `files must be root-owned (--${target}-user root --${target}-group root)`);
  rule(has('-d', target === 'deb' ? 'libsecret-1-0' : 'libsecret'), `must depend on ${target === 'deb' ? 'libsecret-1-0' : 'libsecret'} (keytar keeps secrets in the OS credential store)`);
  rule(has('--url'), 'needs the project homepage (package.json homepage)');
  rule(has('--maintainer'), 'needs a maintainer');
  rule(args.some((a) => a.endsWith('=/opt/Approved IM')), 'must install the app in /opt/Approved IM');
  return errors;
}
