// @ts-check
/**
 * Layering as an allow-list (after VS Code's `code-layering` rule): every source file belongs to exactly one
 * layer, and each layer lists what it may import — other layers of this repository, Node built-ins,
 * Electron, and npm packages. An import that its layer does not allow is an error; so is a file that no
 * layer classifies, so a new folder cannot slip past the architecture (ARCHITECTURE.md, "Layout and layers").
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * @typedef {object} Layer
 * @property {string} name
 * @property {string} description
 * @property {(file: string) => boolean} [match] a file test beyond the folder prefixes
 * @property {string[]} dirs folder prefixes (repo-relative, '/'-separated); the longest matching prefix wins
 * @property {string[] | '*'} layers layers it may import ('*': any)
 * @property {boolean} node Node built-ins allowed
 * @property {boolean} electron the `electron` package allowed
 * @property {string[] | '*'} packages npm packages allowed ('*': any npm package except electron, react and react-dom unless listed)
 */

/** Tests, benchmarks, scripts and config may import anything: they start real things and drive them. */
const TOOLING_FILE = /(^|\/)[^/]+\.(test|e2e\.test|bench)\.[cm]?[jt]sx?$|(^|\/)[^/]+\.config\.[cm]?[jt]s$|^[^/]+\.[cm]?[jt]s$/;

/** @type {Layer[]} */
export const LAYERS = [
  { name: 'tooling', description: 'tests, benchmarks, scripts, config', dirs: ['test/', 'bench/', 'scripts/', 'types/', 'build/', 'server/test/', 'renderer/previewKit.ts'], match: (f) => TOOLING_FILE.test(f), layers: '*', node: true, electron: true, packages: '*' },
  { name: 'manifest', description: 'package.json (the client version)', dirs: ['package.json'], layers: [], node: false, electron: false, packages: [] },
  { name: 'shared', description: 'pure TypeScript used by every side', dirs: ['shared/'], layers: ['shared'], node: false, electron: false, packages: ['zod'] },
  { name: 'renderer', description: 'the untrusted React UI', dirs: ['renderer/'], layers: ['shared', 'renderer'], node: false, electron: false, packages: ['react', 'react-dom', 'react-dom/client', '@tanstack/react-virtual'] },
  { name: 'preload', description: 'the only bridge into the renderer', dirs: ['main/preload/'], layers: ['shared', 'preload'], node: false, electron: true, packages: [] },
  { name: 'core', description: 'the plain-Node client core', dirs: ['main/core/'], layers: ['shared', 'core', 'manifest'], node: true, electron: false, packages: '*' },
  { name: 'host-common', description: 'what both hosts share (CSP, static files, boot)', dirs: ['main/host/common/'], layers: ['shared', 'core', 'host-common'], node: true, electron: false, packages: [] },
  { name: 'host-electron', description: 'the thin Electron host', dirs: ['main/host/electron/'], layers: ['shared', 'core', 'host-common', 'host-electron', 'preload'], node: true, electron: true, packages: [] },
  { name: 'host-web', description: 'the development/test web host', dirs: ['main/host/web/'], layers: ['shared', 'core', 'host-common', 'host-web'], node: true, electron: false, packages: ['ws'] },
  { name: 'web-bridge', description: "the web host's page script (runs in the browser)", dirs: ['main/host/web/bridge.ts'], layers: ['shared'], node: false, electron: false, packages: [] },
  { name: 'server', description: 'the retention server', dirs: ['server/'], layers: ['shared', 'server', 'manifest'], node: true, electron: false, packages: '*' },
];

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const UI_PACKAGES = new Set(['react', 'react-dom']);

/** Repo-relative '/'-path of a file, or null when it lies outside the repository. */
function repoPath(root, file) {
  const rel = relative(root, file);
  if (rel.startsWith('..') || rel === '') return null;
  return rel.split(sep).join('/');
}

/** The layer of a repo-relative path (a file, or an import target without extension). */
export function layerOf(path) {
  let best = null;
  let bestLen = -1;
  for (const layer of LAYERS) {
    for (const d of layer.dirs) {
      const hit = d.endsWith('/') ? path.startsWith(d) : path === d || path.replace(/\.[cm]?[jt]sx?$/, '') === d.replace(/\.[cm]?[jt]sx?$/, '');
      if (hit && d.length > bestLen) {
        best = layer;
        bestLen = d.length;
      }
    }
  }
  const tooling = LAYERS[0];
  if (tooling?.match?.(path)) return tooling;
  return best;
}

/** The package name of a bare specifier: 'react-dom/client' → 'react-dom', '@xmpp/iq/caller.js' → '@xmpp/iq'. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `spec` may not be imported from `layer`, or null when it may. */
export function refusal(layer, spec, fromFile, root) {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = repoPath(root, resolve(dirname(fromFile), spec));
    if (target === null) return `${spec} is outside the repository`;
    const to = layerOf(target);
    if (!to) return `${target} is in no layer (classify its folder in scripts/eslint-layering.js)`;
    if (layer.layers === '*' || layer.layers.includes(to.name)) return null;
    return `${layer.name} may import ${layer.layers.join(', ')}; not ${to.name} (${target})`;
  }
  if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0] ?? '')) return layer.node ? null : `${layer.name} may not use Node built-ins (${spec})`;
  const pkg = packageName(spec);
  if (pkg === 'electron') return layer.electron ? null : `${layer.name} may not import electron`;
  if (layer.packages === '*') return UI_PACKAGES.has(pkg) && layer.name !== 'tooling' && layer.name !== 'server' ? `${layer.name} has no UI (${spec})` : null;
  if (layer.packages.includes(spec) || layer.packages.includes(pkg)) return null;
  return `${layer.name} may import the packages ${layer.packages.length ? layer.packages.join(', ') : '(none)'}; not ${spec}`;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports allowed per layer (allow-list); every file classified.' },
    schema: [],
    messages: {
      refused: 'Layering: {{why}}.',
      unclassified: 'Layering: {{file}} is in no layer; add its folder to LAYERS in scripts/eslint-layering.js.',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = repoPath(root, context.filename);
    if (file === null) return {};
    const layer = layerOf(file);
    if (!layer) {
      return {
        Program(node) {
          context.report({ node, messageId: 'unclassified', data: { file } });
        },
      };
    }
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const why = refusal(layer, source, context.filename, root);
      if (why) context.report({ node, messageId: 'refused', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
    };
  },
};

export const layeringPlugin = { rules: { imports: rule } };
