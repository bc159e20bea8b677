import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles } from './importCycles';

describe('import cycles', () => {
  it('there are none in main/ or server/', () => {
    expect(importCycles(process.cwd(), ['main', 'server'])).toEqual([]);
  });

  it('finds one, type-only imports included (control)', () => {
    const root = mkdtempSync(join(tmpdir(), 'aim-cycles-'));
    mkdirSync(join(root, 'pkg', 'sub'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'a.ts'), "import { b } from './sub/b';\nexport const a = b;\nexport interface Port { x: number }\n");
    writeFileSync(join(root, 'pkg', 'sub', 'b.ts'), "import type { Port } from '../a';\nexport const b: Port = { x: 1 };\n");
    writeFileSync(join(root, 'pkg', 'c.ts'), "import { a } from './a';\nexport const c = a;\n");
    expect(importCycles(root, ['pkg'])).toEqual([['pkg/a.ts', 'pkg/sub/b.ts']]);
  });
});
