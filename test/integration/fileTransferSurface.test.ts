/**
 * The file surface of the app, checked on every run: no open/save dialog, no file picker, no download
 * path, no file channel in the IPC contract. (The Electron session itself — will-download cancelled,
 * file:// navigation denied — is tested with stubs in main/host/electron/security.test.ts, since the
 * Electron binary cannot run here; this test makes sure the hardening is actually applied.)
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/contract';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|html)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
    }
  };
  walk(join(root, dir));
  return out;
}

const app = [...sources('main'), ...sources('renderer'), ...sources('shared')];

function offenders(pattern: RegExp, files = app): string[] {
  return files.filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
}

describe('no file surface in the client', () => {
  it('has no open or save dialog (Electron) and no file pickers (web platform)', () => {
    expect(offenders(/\bshow(Open|Save)Dialog(Sync)?\b/)).toEqual([]);
    expect(offenders(/\bshow(Open|Save)FilePicker\b|\bshowDirectoryPicker\b/)).toEqual([]);
    expect(offenders(/type\s*=\s*["'{]\s*["']?file\b/)).toEqual([]);
    expect(offenders(/\bwebkitdirectory\b/)).toEqual([]);
  });

  it('has no download path: no download attributes, object URLs or file readers in the renderer', () => {
    const renderer = sources('renderer');
    expect(offenders(/\bdownload\s*=\s*[{"']/, renderer)).toEqual([]);
    expect(offenders(/\bcreateObjectURL\b/, renderer)).toEqual([]);
    expect(offenders(/\bnew FileReader\b|\.arrayBuffer\(\)|\bgetAsFile\(\)/, renderer)).toEqual([]);
    expect(offenders(/\bdangerouslySetInnerHTML\b/, renderer)).toEqual([]);
  });

  it('the core has no HTTP client that could fetch a shared file', () => {
    const core = sources('main/core');
    expect(offenders(/\bfetch\(|from ['"]node:https?['"]|require\(['"]https?['"]\)|\bundici\b|\baxios\b/, core.filter((f) => !f.includes('/journal/')))).toEqual([]);
  });

  it('the IPC contract has no file, upload, download or attachment channel', () => {
    const channels = [...INVOKE_CHANNELS, ...EVENT_CHANNELS];
    expect(channels.length).toBeGreaterThan(5);
    expect(channels.filter((c) => /file|upload|download|attach|transfer|blob/i.test(c))).toEqual([]);
  });

  it('the Electron host applies the hardening that cancels downloads and denies file:// navigation', () => {
    const electron = sources('main/host/electron');
    if (electron.length === 0) return; // no Electron host in this tree
    const mainTs = electron.find((f) => f.endsWith('main.ts'));
    expect(mainTs).toBeDefined();
    const text = readFileSync(mainTs!, 'utf8');
    expect(text).toMatch(/hardenSession\(/);
    expect(text).toMatch(/hardenWebContents\(/);
    const security = readFileSync(electron.find((f) => f.endsWith('security.ts'))!, 'utf8');
    expect(security).toMatch(/'will-download'[\s\S]{0,200}item\.cancel\(\)/);
    expect(security).toMatch(/navigateOnDragDrop:\s*false/);
  });
});
