// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { layeringPlugin } from './scripts/eslint-layering.js';

/**
 * Layering from ARCHITECTURE.md as an allow-list (scripts/eslint-layering.js, after VS Code's code-layering
 * rule): every file belongs to one layer, and an import its layer does not list is an error —
 *  - shared/   imports only shared/ and zod (no electron, no Node, no DOM libraries, no React)
 *  - renderer/ imports shared/, renderer/ and its UI packages only
 *  - main/preload/ imports shared/ and electron (contextBridge/ipcRenderer) only
 *  - main/core is plain Node: shared/, core, Node, npm packages; never electron
 *  - main/host/{common,electron,web}: the hosts; only host/electron touches `electron`
 *  - server/   imports shared/, server/, Node and npm packages
 *  - tests, benchmarks, scripts and config (tooling) may import anything; nothing imports them
 */
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
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { layering: layeringPlugin },
    rules: { 'layering/imports': 'error' },
  },
  { files: ['renderer/**/*.{ts,tsx}', 'main/host/web/bridge.ts'], languageOptions: { globals: { ...globals.browser } } },
);
