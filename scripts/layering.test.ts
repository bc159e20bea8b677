import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/** The architecture's import rules are enforced by lint: a violation fails, a legal import passes. */
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules (ARCHITECTURE.md)', () => {
  it.each([
    ['shared/policy/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['shared/ipc/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['shared/dlp/x.ts', "import React from 'react';\nexport const x = React;"],
    ['shared/dlp/x.ts', "import { createCore } from '../../main/core/app';\nexport const x = createCore;"],
    ['renderer/components/x.tsx', "import { readFileSync } from 'fs';\nexport const x = readFileSync;"],
    ['renderer/components/x.tsx', "import { createCore } from '../../main/core/app';\nexport const x = createCore;"],
    ['renderer/components/x.tsx', "import WebSocket from 'ws';\nexport const x = WebSocket;"],
    ['main/core/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/preload/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['server/x.ts', "import { createCore } from '../main/core/app';\nexport const x = createCore;"],
  ])('%s: refuses %s', async (file, code) => {
    expect(await errorsFor(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/policy/x.ts', "import { z } from 'zod';\nexport const x = z;"],
    ['renderer/components/x.tsx', "import { ipcInvokeContract } from '../../shared/ipc/contract';\nexport const x = ipcInvokeContract;"],
    ['main/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['main/host/electron/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/preload/x.ts', "import { contextBridge } from 'electron';\nexport const x = contextBridge;"],
    ['server/x.ts', "import { JournalRecordSchema } from '../shared/journal/record';\nexport const x = JournalRecordSchema;"],
  ])('%s: allows %s', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});
