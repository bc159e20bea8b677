/**
 * Electron host: thin. It hardens Electron, serves the renderer over app://, carries the IPC contract
 * over ipcMain with sender checks, and hands everything else to the plain-Node core.
 */
import { app, BrowserWindow, ipcMain, protocol, session, shell, dialog, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { bootClient } from '../common/boot';
import { createLogger } from '../../core/log';
import { createKeytarStore } from '../../core/credentials/credentialStore';
import { INVOKE_CHANNELS, type EventChannel } from '../../../shared/ipc/contract';
import { APP_ORIGIN, APP_SCHEME, WEB_PREFERENCES, frameOrigin, hardenSession, hardenWebContents, isTrustedSender, policyOverrideArg } from './security';
import { serveRendererFile } from './rendererFiles';
import { EVENT_IPC_CHANNEL } from '../../preload/channels';

const log = createLogger();
const audit = (event: string, fields: Record<string, string>) => log.warn(`security.${event}`, fields);

app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } }]);
if (!app.requestSingleInstanceLock()) app.quit();

async function confirmOpenExternal(url: string) {
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your web browser?',
    detail: url.slice(0, 500),
  });
  if (response === 0) await shell.openExternal(url);
}

async function start() {
  await app.whenReady();
  const rendererDir = join(__dirname, '..', 'renderer');
  const preload = join(__dirname, '..', 'preload', 'preload.cjs');
  protocol.handle(APP_SCHEME, async (request) => {
    const res = await serveRendererFile(rendererDir, request.url);
    return new Response(res.body ? new Uint8Array(res.body) : null, { status: res.status, headers: res.headers });
  });
  hardenSession(session.defaultSession, { audit });
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, { audit, openExternal: (url) => void confirmOpenExternal(url) }));

  // --policy is a development override: in a packaged build the service refuses it (fatal), never reads it.
  const overrideFile = policyOverrideArg(process.argv);
  let win: BrowserWindow | null = null;
  const { policy, router, shutdown } = await bootClient({
    platform: process.platform,
    ...(overrideFile !== undefined ? { overrideFile } : {}),
    isPackaged: app.isPackaged,
    credentials: await createKeytarStore(),
    dataDir: app.getPath('userData'),
    log,
    deliver: (channel: EventChannel, payload: unknown) => win?.webContents.send(EVENT_IPC_CHANNEL, channel, payload),
    isTrustedSender,
  });
  const devTools = !app.isPackaged || policy.current().values.DevToolsAllowed === true;

  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, request: unknown) => {
      const frame = event.senderFrame;
      return router.dispatch(channel, request, { origin: frame ? frameOrigin(frame.url) : '', isMainFrame: !!frame && frame === event.sender.mainFrame });
    });
  }

  win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Approved IM',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload, devTools },
  });
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('before-quit', () => void shutdown());
  app.on('window-all-closed', () => app.quit());
}

start().catch((err: unknown) => {
  log.error('host.start-failed', { name: err instanceof Error ? err.name : 'unknown' });
  dialog.showErrorBox('Approved IM could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
