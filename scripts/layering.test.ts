import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { LAYERS, layerOf } from './eslint-layering.js';

/**
 * The architecture's import rules are an allow-list enforced by lint (scripts/eslint-layering.js, after VS
 * Code's code-layering rule): an import a layer does not list fails, a listed one passes, and a file in
 * no layer fails.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layering/imports').map((m) => m.message);
}

describe('layering allow-list (ARCHITECTURE.md)', () => {
  it.each([
    ['shared/policy/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['shared/ipc/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['shared/dlp/x.ts', "import React from 'react';\nexport const x = React;"],
    ['shared/dlp/x.ts', "import { createCore } from '../../main/core/app';\nexport const x = createCore;"],
    ['shared/dlp/x.ts', "import { XMLParser } from 'fast-xml-parser';\nexport const x = XMLParser;"],
    ['renderer/components/x.tsx', "import { readFileSync } from 'fs';\nexport const x = readFileSync;"],
    ['renderer/components/x.tsx', "import { createCore } from '../../main/core/app';\nexport const x = createCore;"],
    ['renderer/components/x.tsx', "export { createCore } from '../../main/core/app';"],
    ['renderer/components/x.tsx', "export const x = import('../../main/core/app');"],
    ['renderer/components/x.tsx', "import type { Logger } from '../../main/core/log';\nexport type X = Logger;"],
    ['renderer/components/x.tsx', "import WebSocket from 'ws';\nexport const x = WebSocket;"],
    ['renderer/components/x.tsx', "import left from 'left-pad';\nexport const x = left;"],
    ['renderer/components/x.tsx', "import { startWebHostProcess } from '../../test/support/webHost';\nexport const x = startWebHostProcess;"],
    ['main/core/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/core/x.ts', "import { bootClient } from '../host/common/boot';\nexport const x = bootClient;"],
    ['main/core/x.ts', "import React from 'react';\nexport const x = React;"],
    ['main/core/x.ts', "import { startProsody } from '../../test/support/prosody';\nexport const x = startProsody;"],
    ['main/host/common/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/host/common/x.ts', "import { serveRendererFile } from '../electron/rendererFiles';\nexport const x = serveRendererFile;"],
    ['main/host/web/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/host/web/bridge.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['main/preload/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['main/preload/x.ts', "import { createCore } from '../core/app';\nexport const x = createCore;"],
    ['server/x.ts', "import { createCore } from '../main/core/app';\nexport const x = createCore;"],
    ['server/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['server/x.ts', "const { app } = require('electron');\nexport const x = app;"],
  ])('%s: refuses %s', async (file, code) => {
    expect(await errorsFor(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/policy/x.ts', "import { z } from 'zod';\nexport const x = z;"],
    ['shared/policy/x.ts', "import { bareJid } from '../xmpp/jid';\nexport const x = bareJid;"],
    ['renderer/components/x.tsx', "import { ipcInvokeContract } from '../../shared/ipc/contract';\nexport const x = ipcInvokeContract;"],
    ['renderer/components/x.tsx', "import { useVirtualizer } from '@tanstack/react-virtual';\nimport { createRoot } from 'react-dom/client';\nexport const x = [useVirtualizer, createRoot];"],
    ['main/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['main/core/x.ts', "import { client } from '@xmpp/client-core';\nexport const x = client;"],
    ['main/host/common/x.ts', "import { composeClient } from '../../core/compose';\nexport const x = composeClient;"],
    ['main/host/electron/x.ts', "import { app } from 'electron';\nimport { bootClient } from '../common/boot';\nexport const x = [app, bootClient];"],
    ['main/host/web/x.ts', "import { WebSocketServer } from 'ws';\nimport { rendererCsp } from '../common/csp';\nexport const x = [WebSocketServer, rendererCsp];"],
    ['main/preload/x.ts', "import { contextBridge } from 'electron';\nexport const x = contextBridge;"],
    ['server/x.ts', "import { JournalRecordSchema } from '../shared/journal/record';\nexport const x = JournalRecordSchema;"],
    ['renderer/components/x.test.tsx', "import { chromium } from 'playwright-core';\nimport { readFileSync } from 'node:fs';\nexport const x = [chromium, readFileSync];"],
    ['test/e2e/x.test.ts', "import { composeClient } from '../../main/core/compose';\nexport const x = composeClient;"],
  ])('%s: allows %s', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });

  it('a file in no layer fails lint, naming it (control: the same code in a classified folder passes)', async () => {
    const code = "import { z } from 'zod';\nexport const x = z;";
    expect(await errorsFor('main/loose.ts', code)).toEqual([expect.stringContaining('main/loose.ts is in no layer')]);
    expect(await errorsFor('docs/x.ts', code)).not.toEqual([]);
    expect(await errorsFor('main/core/loose.ts', code)).toEqual([]);
  });

  it('every source folder in the repository is classified', async () => {
    const { execFileSync } = await import('node:child_process');
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.js', '*.mjs', '*.cjs'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.startsWith('build/policy-templates/'));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => !layerOf(f))).toEqual([]);
    expect(new Set(LAYERS.map((l) => l.name)).size).toBe(LAYERS.length);
  });
});
