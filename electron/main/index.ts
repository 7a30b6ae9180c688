/**
 * The thin Electron shell: one window, a tray icon, IPC onto the engine's ConsoleApi, and
 * power events for catch-up. Everything else lives in electron/engine and is tested in
 * plain Node.
 *
 * Built by electron-vite as ESM (out/main/index.js, "type": "module"), so paths are taken
 * from `import.meta.dirname`; the preload is emitted as CommonJS (out/preload/index.cjs)
 * because a sandboxed preload cannot be an ES module. See electron.vite.config.ts.
 *
 * Security (DESIGN.md): contextIsolation + sandbox + no nodeIntegration; the preload exposes
 * only ConsoleApi; the renderer carries a strict CSP (meta tag injected at build time);
 * every IPC call is checked to come from our window's top frame at our own URL; navigation,
 * new windows, <webview> and permission requests are denied for every web contents.
 */
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, powerMonitor, session, Tray, type IpcMainInvokeEvent } from 'electron';
import { consoleContract, consoleEvents, consoleMethods } from '../../shared/console-contract';
import type { EngineEvent } from '../../shared/engine-types';
import { loadConfig } from '../engine/config';
import { createConsoleService, type ConsoleService } from '../engine/console';
import { Engine } from '../engine/engine';
import { createEngineScheduler } from '../engine/scheduler';

const PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');
const RENDERER_HTML = join(import.meta.dirname, '../renderer/index.html');
/** electron-vite dev server (only with `electron-vite dev`, never in a packaged build) */
const DEV_URL = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;

let window: BrowserWindow | null = null;
let tray: Tray | null = null;

/** The URL the console is loaded from; IPC is accepted only from a frame at this origin/path. */
function rendererUrl(): URL {
  return DEV_URL ? new URL(DEV_URL) : pathToFileURL(RENDERER_HTML);
}

function isOwnRendererUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  const expected = rendererUrl();
  if (expected.protocol === 'file:') return url.protocol === 'file:' && url.pathname === expected.pathname;
  return url.origin === expected.origin;
}

function createWindow(): BrowserWindow {
  const created = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    title: 'Carteira Sync Console',
    show: false,
    webPreferences: {
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  created.once('ready-to-show', () => created.show());
  created.on('closed', () => {
    if (window === created) window = null;
  });
  if (DEV_URL) void created.loadURL(DEV_URL);
  else void created.loadFile(RENDERER_HTML);
  return created;
}

function showWindow(): void {
  if (!window || window.isDestroyed()) window = createWindow();
  else {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }
}

/** IPC is accepted only from our own window's top frame, showing our own renderer. */
function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return (
    window !== null &&
    !window.isDestroyed() &&
    event.sender === window.webContents &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    isOwnRendererUrl(frame.url)
  );
}

/** Deny-by-default for every web contents the app ever creates (windows, devtools, ...). */
function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** One IPC handler per method of the console contract; inputs are validated by the service, as for HTTP. */
function registerIpc(service: ConsoleService): void {
  for (const method of consoleMethods) {
    ipcMain.handle(consoleContract[method].channel, (event, input: unknown) => {
      if (!trusted(event)) throw new Error('IPC refused: unknown sender');
      return service.dispatch(method, input);
    });
  }
  service.onEvent((event: EngineEvent) => {
    if (window && !window.isDestroyed()) window.webContents.send(consoleEvents.channel, event);
  });
}

async function start(): Promise<void> {
  lockDownWebContents();
  process.env.CARTEIRA_DATA_DIR ??= app.getPath('userData');
  const engine = await Engine.open(loadConfig());
  const scheduler = createEngineScheduler(engine);
  registerIpc(createConsoleService(engine, desktopActor()));

  showWindow();
  tray = new Tray(nativeImage.createEmpty());
  tray.setToolTip(engine.config.mode === 'demo' ? 'Carteira Sync Console (DEMO)' : 'Carteira Sync Console');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open console', click: () => showWindow() },
      {
        label: 'Sync now',
        click: () =>
          void scheduler
            .runNow({ kind: 'planned', trigger: 'manual' })
            .catch((error: unknown) => engine.logger.error('tray.sync', `Erro na sincronização: ${(error as Error).message}`)),
      },
      { type: 'separator' },
      { label: 'Quit', click: () => app.quit() },
    ]),
  );
  tray.on('click', () => showWindow());
  powerMonitor.on('resume', () => void scheduler.catchUp('resume'));
  await scheduler.start();

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void scheduler
      .stop()
      .then(() => engine.close())
      .finally(() => app.exit(0));
  });
}

// One console per user: a second launch focuses the first (whose scheduler is already running).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // Typically a configuration problem (one line per problem): show it, do not die silently.
      const message = error instanceof Error ? error.message : String(error);
      console.error(error);
      dialog.showErrorBox('Carteira Sync Console could not start', message);
      app.exit(1);
    });
  app.on('window-all-closed', () => {
    // Stay in the tray: the schedule keeps running.
  });
}

/** The audit's actor in the desktop app: the OS user, on this host. */
function desktopActor(): string {
  let user = process.env.USER ?? process.env.USERNAME ?? 'operator';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): the environment's name
  }
  return `${user}@${hostname()}`;
}
