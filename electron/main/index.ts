/**
 * The thin Electron shell: one window, a tray icon, IPC onto the engine's ConsoleApi, and
 * power events for catch-up. Everything else lives in electron/engine and is tested in
 * plain Node.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, nativeImage, powerMonitor, shell, Tray, type IpcMainInvokeEvent } from 'electron';
import { CONSOLE_CHANNELS } from '../../shared/console-api';
import { loadConfig } from '../engine/config';
import { createConsoleService } from '../engine/console-service';
import { Engine } from '../engine/engine';
import { Scheduler } from '../engine/scheduler';

let window: BrowserWindow | null = null;
let tray: Tray | null = null;

function rendererUrl(): string | null {
  return process.env.ELECTRON_RENDERER_URL ?? null;
}

function createWindow(): BrowserWindow {
  const created = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Carteira Sync Console',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.mjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  created.once('ready-to-show', () => created.show());
  created.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  created.webContents.on('will-navigate', (event) => event.preventDefault());
  const devUrl = rendererUrl();
  if (devUrl) void created.loadURL(devUrl);
  else void created.loadFile(join(__dirname, '../renderer/index.html'));
  return created;
}

/** IPC is accepted only from our own window's top frame. */
function trusted(event: IpcMainInvokeEvent): boolean {
  return window !== null && event.sender === window.webContents && event.senderFrame === window.webContents.mainFrame;
}

async function start(): Promise<void> {
  process.env.CARTEIRA_DATA_DIR ??= app.getPath('userData');
  const engine = await Engine.open(loadConfig());
  const scheduler = new Scheduler(engine, {
    intervalMinutes: engine.config.intervalMinutes,
    minIntervalMinutes: engine.config.minIntervalMinutes,
    reconcileHourUtc: engine.config.reconcileHourUtc,
    clock: engine.clock,
    logger: engine.logger,
  });
  engine.attachScheduler(() => scheduler.describe());
  const service = createConsoleService(engine, `desktop:${process.env.USER ?? 'operator'}`);

  const handle = (channel: string, fn: (input: unknown) => Promise<unknown>) =>
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!trusted(event)) throw new Error('IPC refused: unknown sender');
      return fn(input);
    });
  handle(CONSOLE_CHANNELS.getStatus, () => service.getStatus());
  handle(CONSOLE_CHANNELS.getLock, () => service.getLock());
  handle(CONSOLE_CHANNELS.runSync, (input) => service.runSync(input as never));
  handle(CONSOLE_CHANNELS.reconcile, () => service.reconcile());
  handle(CONSOLE_CHANNELS.pause, (input) => service.pause(input as never));
  handle(CONSOLE_CHANNELS.resume, () => service.resume());
  handle(CONSOLE_CHANNELS.releaseLock, (input) => service.releaseLock(input as never));
  service.onEvent((event) => window?.webContents.send(CONSOLE_CHANNELS.event, event));

  window = createWindow();
  tray = new Tray(nativeImage.createEmpty());
  tray.setToolTip('Carteira Sync Console');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open console', click: () => (window ? window.show() : (window = createWindow())) },
      { label: 'Sync now', click: () => void scheduler.runNow({ kind: 'planned', trigger: 'manual' }) },
      { type: 'separator' },
      { label: 'Quit', click: () => app.quit() },
    ]),
  );
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

app.whenReady().then(start, (error: unknown) => {
  console.error(error);
  app.exit(1);
});
app.on('window-all-closed', () => {
  // Stay in the tray: the schedule keeps running.
});
