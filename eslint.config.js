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
  // One way out (issue 11): user text reaches the wire only through main/core/outbound/, which alone
  // mints ClearedText; sendRaw and the client's own send stay under main/core/xmpp/, where every builder
  // with user text takes ClearedText; stanzas are built only under xmpp/.
  ...oneWayOut(),
);

function oneWayOut() {
  const sendRaw = { selector: "CallExpression[callee.property.name='sendRaw']", message: 'sendRaw is for stanzas built under main/core/xmpp/: user text goes out only through main/core/outbound/ (policy → DLP → journal → socket).' };
  const clientSend = { selector: "CallExpression[callee.object.property.name='client'][callee.property.name=/^(send|sendMany|write)$/]", message: 'Only main/core/xmpp/ writes to the XMPP client; user text goes out through main/core/outbound/.' };
  const mint = { selector: "TSAsExpression > TSTypeReference[typeName.name='ClearedText'], TSTypeAssertion > TSTypeReference[typeName.name='ClearedText']", message: 'Only main/core/outbound/ clears text for the wire (policy → DLP → journal).' };
  const builder = { selector: "ImportDeclaration[source.value='@xmpp/client-core']", message: 'Stanzas are built only under main/core/xmpp/ (stanzas.ts).' };
  const core = ['main/core/**/*.ts'];
  const tests = ['main/**/*.test.ts'];
  return [
    { files: core, ignores: [...tests, 'main/core/xmpp/**', 'main/core/outbound/outbound.ts', 'main/core/transfer/**'], rules: { 'no-restricted-syntax': ['error', sendRaw, clientSend, mint, builder] } },
    // The transfer guard wraps the client's send (outboundGuard.ts) to check every stanza; it builds none.
    { files: ['main/core/transfer/**/*.ts'], ignores: tests, rules: { 'no-restricted-syntax': ['error', sendRaw, mint, builder] } },
    { files: ['main/core/outbound/outbound.ts'], rules: { 'no-restricted-syntax': ['error', sendRaw, clientSend, builder] } },
    { files: ['main/core/xmpp/**/*.ts'], ignores: tests, rules: { 'no-restricted-syntax': ['error', mint] } },
  ];
}
