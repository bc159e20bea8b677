import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createDlpEngine } from './index.js';
import type { DlpConfig, DlpFinding, RegexLike } from './types.js';

// Issue 16 item 5: no module-level mutable state in shared/dlp. A RegExp with the g or y flag carries
// lastIndex; matchers, scanners and sinks keep their last match: each engine makes its own (regexes.ts).

/** Classes whose instances keep state while scanning: made per engine, never at module level. */
const STATEFUL_CLASSES = new Set(['PhraseMatcher', 'PhraseScanner', 'RegexSink', 'WordStarts', 'EngineRegexes', 'Context']);

/** Module-level code in `source` that holds mutable scan state: "file:line what" for each. */
function moduleStateViolations(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const where = (n: ts.Node): string => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (node: ts.Node): void => {
    // Function bodies run per call and class members per instance; static members are module-level.
    if (ts.isFunctionLike(node) && !ts.isClassStaticBlockDeclaration(node)) return;
    if (ts.isPropertyDeclaration(node) && !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return;
    if (ts.isRegularExpressionLiteral(node)) {
      const flags = node.text.slice(node.text.lastIndexOf('/') + 1);
      if (/[gy]/.test(flags)) out.push(`${where(node)} regex literal with flags ${flags}`);
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      if (name === 'RegExp') {
        const flags = node.arguments?.[1];
        if (flags && !ts.isStringLiteralLike(flags)) out.push(`${where(node)} new RegExp with computed flags`);
        else if (flags && /[gy]/.test(flags.text)) out.push(`${where(node)} new RegExp with flags ${flags.text}`);
      }
      if (STATEFUL_CLASSES.has(name)) out.push(`${where(node)} new ${name} at module level`);
    }
    if (ts.isVariableStatement(node) && (node.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== ts.NodeFlags.Const) {
      out.push(`${where(node)} module-level let/var`);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('no module-level mutable state in shared/dlp', () => {
  const root = fileURLToPath(new URL('.', import.meta.url));

  it('finds what it looks for (control)', () => {
    const bad = [
      'const A = /x/g;',
      "const B = new RegExp('x', 'y');",
      'let counter = 0;',
      'const M = new PhraseMatcher([]);',
      'class K { static re = /x/y; plain = /x/g; }',
      'function f() { const ok = /x/g; return ok; }',
      'const C = /x/i;',
      "const D = new RegExp('x', 'i');",
    ].join('\n');
    expect(moduleStateViolations('fixture.ts', bad).map((v) => v.split(' ')[0])).toEqual([
      'fixture.ts:1', 'fixture.ts:2', 'fixture.ts:3', 'fixture.ts:4', 'fixture.ts:5',
    ]);
  });

  it('holds no g/y regex, stateful matcher or let at module level', () => {
    const files = sources(root);
    expect(files.length).toBeGreaterThan(40);
    const found = files.flatMap((f) => moduleStateViolations(f.slice(root.length), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});

describe('engines share no state', () => {
  const load = (name: string): string[] =>
    readFileSync(fileURLToPath(new URL(`./corpus/${name}`, import.meta.url)), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
  const texts = [...load('holdout6.jsonl'), ...load('holdout4.jsonl').slice(0, 200)];
  const config: DlpConfig = { patterns: [{ name: 'case-number', pattern: 'CASE-\\d{6}' }] };

  it('two engines interleaved on the same inputs give the answers of one engine alone', () => {
    const alone = createDlpEngine(config);
    const expected = texts.map((t) => alone.scan(t));
    const a = createDlpEngine(config);
    const b = createDlpEngine(config);
    const gotA: DlpFinding[][] = [];
    const gotB: DlpFinding[][] = [];
    // b runs one message behind a, so each engine's scans alternate with the other's on different text.
    for (let i = 0; i <= texts.length; i++) {
      if (i < texts.length) gotA.push(a.scan(texts[i]!));
      if (i > 0) gotB.push(b.scan(texts[i - 1]!));
    }
    expect(gotA).toEqual(expected);
    expect(gotB).toEqual(expected);
    expect(expected.filter((f) => f.length > 0).length).toBeGreaterThan(300); // (the control: there is something to compare)
  });

  it('a scan re-entered from another engine’s callback gives the same answers', () => {
    const inner = createDlpEngine(config);
    const reference = createDlpEngine(config);
    const innerTexts = texts.slice(0, 120);
    const innerGot: DlpFinding[][] = [];
    let k = 0;
    // An administrator pattern whose compiled regex scans another text with the other engine on every
    // exec: the other engine runs in the middle of this one's scan.
    const compile = (source: string, flags: string): RegexLike => {
      const re = new RegExp(source, flags);
      return {
        get lastIndex() {
          return re.lastIndex;
        },
        set lastIndex(v: number) {
          re.lastIndex = v;
        },
        exec(text: string) {
          const t = innerTexts[k++ % innerTexts.length]!;
          innerGot.push(inner.scan(t));
          return re.exec(text);
        },
      };
    };
    const outer = createDlpEngine(config, { compile });
    const outerTexts = texts.slice(120, 240);
    const got = outerTexts.map((t) => outer.scan(t));
    expect(got).toEqual(outerTexts.map((t) => reference.scan(t)));
    expect(innerGot.length).toBeGreaterThanOrEqual(outerTexts.length);
    expect(innerGot).toEqual(innerGot.map((_, i) => reference.scan(innerTexts[i % innerTexts.length]!)));
  });
});
