/**
 * `npm run retention -- <command>`: the retention server's command line. See server/README.md.
 *
 *   serve        --db DB --port N [--host H] [--tls-cert F --tls-key F] [--signing-key F]
 *                [--sign-every N] [--sign-interval SECONDS] [--log-level L]
 *   token create --db DB --role ROLE --name NAME     prints the token as its last line (shown once)
 *   token list   --db DB
 *   token revoke --db DB --id ID
 *   verify       --db DB [--signing-key F | --public-key F] [--full] [--json] [--progress-every SECONDS]
 *   sign         --db DB [--signing-key F]           sign a tree head of the current tree now
 *   backup       --db DB --to DIR [--json]           online backup with a manifest (issue 18)
 *   restore      --from DIR --db DB [--json]         into a new, empty store (issue 18)
 *   device list  --db DB [--json]                    enrolled devices (issue 12)
 *   device revoke --db DB --id DEVICE                stop a device's writes at once
 *   serve also takes --xmpp-jid JID --xmpp-password-file F [--xmpp-host H --xmpp-port N --xmpp-ca F]
 *   and --trust-proxy CIDR (repeatable)
 *   verify-export PATH                               check a disclosure export offline (server/export/)
 *   sign         --db DB [--signing-key F]           sign a tree head of the current tree now
 *
 * Exit codes: 0 success; 1 integrity failure (verify); 2 usage or configuration error; 3 runtime error.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROLES, RoleSchema } from '../shared/journal/api';
import { createToken } from './auth';
import { CONSOLE_CLI_OPTIONS, CONSOLE_USAGE, consoleOptionsFrom } from './console/cliOptions';
import { verifyExportCommand } from './export/command';
import { DEFAULT_TREE_HEADS, defaultSigningKeyFile, startServer } from './serve';
import { loadPublicKey, loadSigningKey } from './signing';
import { openStore, redactUrl } from './store/open';
import type { Store } from './store/types';
import { errorText, TreeHeads } from './treeHeads';
import { verifyCommand } from './verifyCommand';
import { privateKeyFrom } from './verifyCheckpoint';
import { backupCommand, restoreCommand } from './backupCommand';
import { loadGroups } from './audit/centralAudit';
import type { CentralAuditServeOptions } from './audit/serve';
import { deviceList, deviceRevoke, xmppOptions } from './deviceCli';

/** Bad command line: the message and the usage are printed, exit 2. */
class UsageError extends Error {}
/** Bad configuration (e.g. plain HTTP on a public address): the message is printed, exit 2. */
class ConfigError extends Error {}

const USAGE = `Usage: npm run retention -- <command> [options]

  serve        --db sqlite:FILE|postgres://… --port N [--host 127.0.0.1]
               [--tls-cert FILE --tls-key FILE] [--signing-key FILE]
               [--sign-every RECORDS] [--sign-interval SECONDS] [--log-level info]
               [--read-db postgres://… (a streaming replica for searches, views, exports)]
${CONSOLE_USAGE}
               [--expected-policy-hash HASH]… [--min-client-version V] [--groups FILE]
               [--siem-url tls://host:port --siem-ca FILE [--siem-format cef|json]]
  token create --db … --role ${ROLES.join('|')} --name NAME
  token list   --db …
  token revoke --db … --id TOKEN_ID
  verify       --db … [--signing-key FILE | --public-key FILE] [--full] [--json] [--progress-every SECONDS (5)]
  sign         --db … [--signing-key FILE]
  backup       --db … --to DIR [--json]          online backup + manifest (the signing key is not included)
  restore      --from DIR --db … [--json]        into a new, empty store; checks the manifest's hashes first
  device list  --db … [--json]
  device revoke --db … --id DEVICE

  serve, device enrollment: --xmpp-jid JID --xmpp-password-file FILE
               [--xmpp-host HOST --xmpp-port N --xmpp-ca FILE] [--trust-proxy CIDR]…
  verify-export PATH   check a disclosure export (.zip or folder) offline
  sign         --db … [--signing-key FILE]
`;

const OPTIONS = {
  db: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'signing-key': { type: 'string' },
  'public-key': { type: 'string' },
  full: { type: 'boolean' },
  'progress-every': { type: 'string' },
  to: { type: 'string' },
  from: { type: 'string' },
  'sign-every': { type: 'string' },
  'sign-interval': { type: 'string' },
  'log-level': { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  id: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'expected-policy-hash': { type: 'string', multiple: true },
  'min-client-version': { type: 'string' },
  groups: { type: 'string' },
  'siem-url': { type: 'string' },
  'siem-ca': { type: 'string' },
  'siem-format': { type: 'string' },
  json: { type: 'boolean' },
  'xmpp-jid': { type: 'string' },
  'xmpp-password-file': { type: 'string' },
  'xmpp-host': { type: 'string' },
  'xmpp-port': { type: 'string' },
  'xmpp-ca': { type: 'string' },
  'trust-proxy': { type: 'string', multiple: true },
  'read-db': { type: 'string' },
  ...CONSOLE_CLI_OPTIONS,
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(errorText(err));
  }
  const { values, positionals } = parsed;
  if (positionals[0] === 'verify-export') return verifyExportCommand(positionals.slice(1));
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  switch (command) {
    case 'serve':
      return serve(values);
    case 'token create':
      return withStore(values, async (store) => {
        const role = RoleSchema.safeParse(values.role);
        if (!role.success) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        const name = values.name?.trim();
        if (!name || name.length > 200) throw new UsageError('--name NAME is required (at most 200 characters)');
        const { token, row } = await createToken(store, role.data, name);
        process.stdout.write(`Created ${row.role} token "${row.name}" (id ${row.id}). It is shown only once; store it now:\n${token}\n`);
        return 0;
      });
    case 'token list':
      return withStore(values, async (store) => {
        for (const t of await store.listTokens()) {
          process.stdout.write(`${t.id}\t${t.role}\t${t.name}\tcreated ${t.createdAt}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ''}\n`);
        }
        return 0;
      });
    case 'token revoke':
      return withStore(values, async (store) => {
        if (!values.id) throw new UsageError('--id TOKEN_ID is required (see token list)');
        const done = await store.revokeToken(values.id, new Date().toISOString());
        process.stdout.write(done ? `Revoked token ${values.id}\n` : `No live token with id ${values.id}\n`);
        return done ? 0 : 2;
      });
    case 'verify':
      return withStore(values, (store) => verify(store, values));
    case 'sign':
      return withStore(values, async (store) => {
        const keyFile = signingKeyFile(values);
        const treeHeads = new TreeHeads(store, loadSigningKey(keyFile, false), DEFAULT_TREE_HEADS);
        await treeHeads.registerKey();
        const head = await treeHeads.signNow(true);
        process.stdout.write(`${JSON.stringify(head)}\n`);
        return 0;
      });
    case 'backup':
      if (!values.db || !values.to) throw new UsageError('backup needs --db sqlite:FILE|postgres://… and --to DIR');
      return backupCommand(values.db, values.to, values.json === true);
    case 'restore':
      if (!values.db || !values.from) throw new UsageError('restore needs --from DIR and --db sqlite:FILE|postgres://… (a new, empty store)');
      return restoreCommand(values.from, values.db, values.json === true);
    case 'device list':
      return withStore(values, (store) => deviceList(store, values.json === true));
    case 'device revoke':
      return withStore(values, async (store) => {
        if (!values.id) throw new UsageError('--id DEVICE is required (see device list)');
        const done = await deviceRevoke(store, values.id);
        process.stdout.write(done ? `Revoked device ${values.id}: its batches are refused from now on; it can enroll again only through its XMPP account\n` : `No active device with id ${values.id}\n`);
        return done ? 0 : 2;
      });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function withStore(values: Values, fn: (store: Store) => Promise<number>, readDb?: string): Promise<number> {
  if (!values.db) throw new UsageError('--db sqlite:FILE or --db postgres://… is required');
  let store: Store;
  try {
    store = await openStore(values.db, readDb === undefined ? {} : { readDb });
  } catch (err) {
    throw new ConfigError(`cannot open ${redactUrl(values.db)}: ${errorText(err)}`);
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function signingKeyFile(values: Values): string {
  if (values['signing-key']) return values['signing-key'];
  if (!values.db) throw new UsageError('--db is required');
  return defaultSigningKeyFile(values.db);
}

async function verify(store: Store, values: Values): Promise<number> {
  const pinFile = values['public-key'] ?? signingKeyFile(values);
  const pinnedKey = pinFile && existsSync(pinFile) ? loadPublicKey(pinFile) : undefined;
  if ((values['public-key'] ?? values['signing-key']) && !pinnedKey) throw new UsageError(`key file not found: ${pinFile}`);
  const progressEveryMs = intOption(values['progress-every'], '--progress-every', 5, 0, 86_400) * 1000;
  const privateKey = values['public-key'] ? undefined : privateKeyFrom(pinFile);
  return (await verifyCommand(store, { pinnedKey, privateKey, full: values.full === true, json: values.json === true, progressEveryMs })).code;
}

function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

async function serve(values: Values): Promise<number> {
  if (!values.db) throw new UsageError('--db sqlite:FILE or --db postgres://… is required');
  if (values.port === undefined) throw new UsageError('--port N is required (0 picks a free port)');
  const port = intOption(values.port, '--port', 0, 0, 65535);
  const tlsCert = values['tls-cert'];
  const tlsKey = values['tls-key'];
  if (Boolean(tlsCert) !== Boolean(tlsKey)) throw new UsageError('give both --tls-cert and --tls-key, or neither');
  const keyFile = signingKeyFile(values);
  const everyRecords = intOption(values['sign-every'], '--sign-every', DEFAULT_TREE_HEADS.everyRecords, 1, 10_000_000);
  const everySeconds = intOption(values['sign-interval'], '--sign-interval', DEFAULT_TREE_HEADS.everyMs / 1000, 0, 86_400);
  const host = values.host ?? '127.0.0.1';
  const centralAudit = centralAuditOptions(values);
  let xmpp;
  let consoleOptions;
  try {
    xmpp = xmppOptions(values);
    consoleOptions = consoleOptionsFrom(values);
  } catch (err) {
    throw new UsageError(errorText(err));
  }

  return withStore(values, async (store) => {
    let server;
    try {
      server = await startServer({
        store,
        signingKeyFile: keyFile,
        host,
        port,
        tls: tlsCert && tlsKey ? { certFile: tlsCert, keyFile: tlsKey } : undefined,
        treeHeads: { everyRecords, everyMs: everySeconds * 1000 },
        logLevel: values['log-level'] ?? 'info',
        centralAudit,
        xmpp,
        trustProxy: values['trust-proxy'],
        console: consoleOptions,
      });
    } catch (err) {
      throw new ConfigError(errorText(err));
    }
    const running = server;
    process.stderr.write(`Tree heads signed with the key in ${keyFile} (key id ${running.treeHeads.keyId})\n`);
    process.stdout.write(`Retention server listening on ${running.url}\n`);
    if (consoleOptions) process.stderr.write(`Records console at ${running.url}/console/\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    process.stderr.write('Shutting down: signing a final tree head and closing the store\n');
    await running.close();
    return 0;
  }, values['read-db']);
}

function centralAuditOptions(values: Values): CentralAuditServeOptions {
  const hashes = values['expected-policy-hash'] ?? [];
  for (const h of hashes) if (!/^[A-Za-z0-9+/=:_-]{8,256}$/.test(h)) throw new UsageError(`--expected-policy-hash "${h}" is not a policy hash`);
  const min = values['min-client-version'];
  if (min !== undefined && !/^\d+(\.\d+)*(-[0-9A-Za-z.-]+)?$/.test(min)) throw new UsageError('--min-client-version must look like 1.2.3');
  let groups;
  try {
    groups = values.groups ? loadGroups(values.groups) : [];
  } catch (err) {
    throw new ConfigError(errorText(err));
  }
  const options: CentralAuditServeOptions = {
    config: { expectedPolicyHashes: hashes, groups, ...(min ? { minClientVersion: min } : {}) },
  };
  const url = values['siem-url'];
  if (url || values['siem-ca'] || values['siem-format']) {
    if (!url || !values['siem-ca']) throw new UsageError('SIEM forwarding needs --siem-url tls://host:port and --siem-ca FILE');
    const format = values['siem-format'] ?? 'json';
    if (format !== 'cef' && format !== 'json') throw new UsageError('--siem-format must be cef or json');
    if (!existsSync(values['siem-ca'])) throw new ConfigError(`--siem-ca: file not found: ${values['siem-ca']}`);
    options.siem = { url, caFile: values['siem-ca'], format };
  }
  return options;
}

const entry = process.argv[1];
if (entry !== undefined && fileURLToPath(import.meta.url) === resolve(entry)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`retention: ${err.message}\n\n${USAGE}`);
        process.exit(2);
      }
      if (err instanceof ConfigError) {
        process.stderr.write(`retention: ${err.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`retention: ${errorText(err)}\n`);
      process.exit(3);
    },
  );
}
