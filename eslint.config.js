// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Layering rules from ARCHITECTURE.md, enforced on every lint run:
 *  - shared/   imports only shared/ (no electron, no node:*, no DOM libraries, no React)
 *  - renderer/ imports shared/ and browser code only
 *  - main/preload/ imports shared/ and electron (contextBridge/ipcRenderer) only
 *  - main/     imports shared/, Node and Electron; only main/host/electron touches `electron`
 *  - server/   imports shared/ and Node
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'tls', 'http', 'https', 'events', 'stream', 'url', 'util', 'worker_threads', 'zlib', 'dgram', 'dns'];
const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'build/policy-templates/**', '.tmp/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'electron/*'], message: 'shared/ is pure: no Electron.' },
        { group: nodeBuiltins, message: 'shared/ is pure: no Node built-ins.' },
        { group: ['react', 'react-dom', 'react-dom/*'], message: 'shared/ is pure: no React.' },
        { group: ['**/main/**', '**/renderer/**', '**/server/**'], message: 'shared/ imports only shared/.' },
      ]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'electron/*'], message: 'The renderer is untrusted: no Electron.' },
        { group: nodeBuiltins, message: 'The renderer is untrusted: no Node.' },
        { group: ['**/main/**', '**/server/**'], message: 'renderer/ imports shared/ and browser code only.' },
        { group: ['ws', '@xmpp/*', 'keytar', 'better-sqlite3', 'pg'], message: 'The renderer has no network or native access.' },
      ]),
    },
  },
  {
    files: ['main/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: nodeBuiltins, message: 'The preload exposes only the contract.' },
        { group: ['**/renderer/**', '**/server/**', '../core/**', '../host/**'], message: 'The preload imports shared/ and electron only.' },
      ]),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/preload/**', 'main/host/electron/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'electron/*'], message: 'Only main/host/electron touches Electron; the core is plain Node.' },
        { group: ['**/renderer/**', '**/server/**'], message: 'main/ imports shared/, Node and Electron main APIs.' },
      ]),
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'electron/*'], message: 'The retention server does not use Electron.' },
        { group: ['**/main/**', '**/renderer/**'], message: 'server/ imports shared/ and Node only.' },
      ]),
    },
  },
);
