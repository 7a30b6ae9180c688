/**
 * The desktop app: one instance per user, the engine and its scheduler running while the app
 * lives in the tray, the console window on demand, notifications from the health verdict, and a
 * quit that stops the scheduler (the current run gets SYNC_STOP_GRACE_SECONDS) before closing
 * the engine. Settings saved in the console restart the engine here, in-process.
 *
 * Everything Electron-specific lives in this folder, one concern per file (window, tray, ipc,
 * notifications, settings); the engine (electron/engine) knows nothing of Electron.
 */
import { join } from 'node:path';
import { app, dialog, powerMonitor, session } from 'electron';
import { consoleEvents, type ConsoleMethod } from '../../shared/console-contract';
import type { EngineEvent, EngineStatus } from '../../shared/engine-types';
import { messages, toLocale, type Locale, type Messages } from '../../shared/messages';
import { loadConfig, type ConfigSource } from '../engine/config';
import { createConsoleService, type ConsoleService } from '../engine/console';
import { InputError } from '../engine/console/input-error';
import { Engine } from '../engine/engine';
import { createEngineScheduler, type Scheduler } from '../engine/scheduler';
import { describeStartFailure } from '../engine/start-failure';
import { APP_ID } from './app-id';
import { desktopActor } from './desktop-actor';
import { registerConsoleIpc } from './ipc';
import { loginItem, type LoginItem } from './login-item';
import { HealthWatcher, postNotification } from './notifications';
import { registerSettingsIpc } from './settings-ipc';
import { SettingsStore } from './settings';
import { createTrayController, type TrayController } from './tray';
import { createConsoleWindow, type ConsoleWindow } from './window';

/** An engine with its scheduler and console service: what settings replace as one. */
export interface RunningEngine {
  engine: Engine;
  scheduler: Scheduler;
  service: ConsoleService;
}

export interface DesktopOptions {
  /** opens the engine for a configuration source (tests pass their own) */
  openEngine?: (source: ConfigSource, actor: string) => Promise<RunningEngine>;
  iconDir?: string;
  /** how often the tray and notifications look at the status, besides engine events */
  statusPollMs?: number;
  /** "Iniciar com o sistema" (default: this platform's; tests pass one that writes nowhere real) */
  loginItem?: LoginItem;
}

export async function openRunningEngine(source: ConfigSource, actor: string): Promise<RunningEngine> {
  const engine = await Engine.open(loadConfig(source));
  const scheduler = createEngineScheduler(engine);
  return { engine, scheduler, service: createConsoleService(engine, actor) };
}

/** The parts a running desktop app is made of (returned for tests and for the quit path). */
export interface DesktopApp {
  current(): RunningEngine;
  window: ConsoleWindow;
  tray: TrayController;
  watcher: HealthWatcher;
  settings: SettingsStore;
  /** reads the status once and updates the tray and notifications */
  refresh(): Promise<EngineStatus>;
  /**
   * Replaces the engine (settings applied): the scheduler stops first (no new run), then a run in
   * progress is waited for. Restarts run one at a time: a second one waits for the first.
   */
  restartEngine(source: ConfigSource): Promise<void>;
  /** what quitting does (after a restart in progress): scheduler stopped (grace for the current run), engine closed */
  shutdown(): Promise<void>;
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

/** The tray's and notifications' language from the system's (`en-US` → English; anything else pt-BR, the default). */
export function systemLocale(tag: string): Locale {
  return tag.toLowerCase().startsWith('en') ? 'en' : toLocale(tag);
}

const defaultIconDir = () => (app.isPackaged ? join(process.resourcesPath, 'icons') : join(import.meta.dirname, '../../resources/icons'));

/** Starts everything once Electron is ready; resolves with the running app. */
export async function startDesktop(options: DesktopOptions = {}): Promise<DesktopApp> {
  lockDownWebContents();
  // Windows shows an app's notifications only under an AppUserModelID that matches its installed shortcut.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const actor = desktopActor();
  const locale = systemLocale(app.getLocale());
  const m = (): Messages => messages[locale];
  process.env.CARTEIRA_DATA_DIR ??= app.getPath('userData');
  const settings = new SettingsStore(join(app.getPath('userData'), 'settings.json'));
  const openEngine = options.openEngine ?? openRunningEngine;
  const login = options.loginItem ?? loginItem();

  let source = settings.configSource(process.env).source;
  let running = await openEngine(source, actor);
  let unsubscribe: () => void = () => {};
  /** Restarts and the quit, one after another (never two engines opened against one stopped). */
  let lifecycle: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>): Promise<void> => {
    const done = lifecycle.then(step);
    lifecycle = done.catch(() => undefined);
    return done;
  };
  /** while settings are being applied, no run may start: the engine it would run on is about to close */
  let applying = false;
  let shuttingDown = false;
  const APPLYING_REFUSES_RUN = 'settings are being applied: a sync can start again once the engine has restarted';

  const window = createConsoleWindow({
    devUrl: !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null,
    onHiddenToTray: () => {
      if (settings.read().trayHintShown) return;
      settings.update({ trayHintShown: true });
      postNotification({ title: m().desktop.tray.keptInTray, body: m().desktop.tray.keptInTrayBody, panel: 'health' }, (panel) => window.show(panel));
    },
  });

  const watcher = new HealthWatcher({
    messages: m,
    muted: () => settings.read().mutedNotifications,
    post: (notification) => postNotification(notification, (panel) => window.show(panel)),
  });

  const reportFailure = (action: string) => (error: unknown) =>
    running.engine.logger.error('desktop.action_failed', m().desktop.tray.actionFailed(action, error instanceof Error ? error.message : String(error)));

  const tray = createTrayController({
    iconDir: options.iconDir ?? defaultIconDir(),
    messages: m,
    locale: () => locale,
    openAtLogin: () => login.openAtLogin,
    actions: {
      syncNow: () =>
        applying
          ? reportFailure('syncNow')(new Error(APPLYING_REFUSES_RUN))
          : void running.scheduler.runNow({ kind: 'planned', trigger: 'manual' }, `tray:${actor}`).catch(reportFailure('syncNow')),
      recoverLastTwoHours: () =>
        applying
          ? reportFailure('recover')(new Error(APPLYING_REFUSES_RUN))
          : void running.scheduler.runNow({ kind: 'window', minutes: 120 }, `tray:${actor}`).catch(reportFailure('recover')),
      openRelease: () => window.show('release'),
      openPause: () => window.show('pause'),
      openResume: () => window.show('resume'),
      openConsole: () => window.show(),
      setOpenAtLogin: (open) => {
        login.setOpenAtLogin(open);
        refreshQuietly();
      },
      quit: () => app.quit(),
    },
  });

  async function refresh(): Promise<EngineStatus> {
    const status = await running.engine.status();
    tray.update(status);
    watcher.observe(status, Date.parse(status.now));
    return status;
  }
  const refreshQuietly = () => void refresh().catch(reportFailure('status'));

  function attach(current: RunningEngine): void {
    unsubscribe = current.engine.on((event: EngineEvent) => {
      window.send(consoleEvents.channel, event);
      if (event.type !== 'log' && event.type !== 'run-progress') refreshQuietly();
    });
  }
  attach(running);

  const startsRun = (method: ConsoleMethod) => method === 'runSync' || method === 'reconcile';
  registerConsoleIpc(window, {
    dispatch: (method: ConsoleMethod, input: unknown) =>
      applying && startsRun(method) ? Promise.reject(new InputError(APPLYING_REFUSES_RUN)) : running.service.dispatch(method, input),
  });

  async function stopEngine(current: RunningEngine): Promise<void> {
    unsubscribe();
    await current.scheduler.stop();
    // A run the console started is not the scheduler's: it gets the same grace before close() aborts it.
    // (the engine knows its own run in memory: no status query, so a database gone cannot delay quitting)
    const deadline = Date.now() + current.engine.config.stopGraceSeconds * 1000;
    while (Date.now() < deadline && current.engine.isRunning) await new Promise((resolve) => setTimeout(resolve, 250));
    await current.engine.close();
  }

  const desktop: DesktopApp = {
    current: () => running,
    window,
    tray,
    watcher,
    settings,
    refresh,
    restartEngine: (next) => serially(() => restart(next)),
    shutdown: () => {
      shuttingDown = true; // a restart still queued is refused; one waiting for a run stops waiting
      return serially(() => stopEngine(running));
    },
  };

  async function restart(next: ConfigSource): Promise<void> {
    if (shuttingDown) throw new Error('the app is quitting: settings are not applied');
    loadConfig(next); // a bad configuration is refused before anything stops: the old engine keeps running
    const current = running;
    applying = true;
    try {
      // No new run from here on...
      await current.scheduler.stopTicking();
      // ...and never close under a running sync, the scheduler's or one the console started: wait for it to end
      // (the console shows the message meanwhile; a quit stops waiting, and gives the run the grace quitting gives).
      try {
        for (;;) {
          const status = await current.engine.status();
          if (!status.running || shuttingDown) break;
          current.engine.logger.info('desktop.restart_waiting', `Aguardando a execução #${status.running.runId} terminar para aplicar as configurações`);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      } catch (error) {
        // The status could not be read: the old engine stays, with a fresh scheduler (a stopped one does not start again).
        running = { ...current, scheduler: createEngineScheduler(current.engine) };
        await running.scheduler.start();
        throw error;
      }
      if (shuttingDown) throw new Error('the app is quitting: settings are not applied'); // the quit, next in line, closes `current`
      await stopEngine(current);
      try {
        running = await openEngine(next, actor);
        source = next;
      } catch (error) {
        // e.g. a database that refuses us: back to the configuration that worked, and say why
        running = await openEngine(source, actor);
        attach(running);
        await running.scheduler.start();
        throw error;
      }
      attach(running);
      await running.scheduler.start();
    } finally {
      applying = false;
    }
    await refresh().catch(reportFailure('status')); // applied: a status read failing now does not undo that
  }

  registerSettingsIpc(window, desktop);
  powerMonitor.on('resume', () => void running.scheduler.catchUp('resume'));
  await running.scheduler.start();
  window.show();
  await refresh().catch(reportFailure('status'));
  const poll = setInterval(refreshQuietly, options.statusPollMs ?? 15_000);
  poll.unref?.();

  let quitRequested = false;
  app.on('before-quit', (event) => {
    window.allowClose();
    if (quitRequested) return;
    event.preventDefault();
    quitRequested = true;
    clearInterval(poll);
    void desktop
      .shutdown()
      .catch((error: unknown) => console.error(error))
      .finally(() => app.exit(0));
  });
  return desktop;
}

/** The entry: one console per user (a second launch focuses the first), then start. */
export function runDesktopApp(options: DesktopOptions = {}): Promise<DesktopApp | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(null);
  }
  let started: DesktopApp | null = null;
  app.on('second-instance', () => started?.window.show());
  app.on('window-all-closed', () => {
    // Stay in the tray: the schedule keeps running.
  });
  return app
    .whenReady()
    .then(() => startDesktop(options))
    .then((desktop) => (started = desktop))
    .catch((error: unknown) => {
      // Typically a configuration problem (one line per problem), or a database that cannot be
      // opened: show its cause and what to do in the system's language, the error's own text below; never die silently.
      const m = messages[systemLocale(app.getLocale())];
      const { cause, detail } = describeStartFailure(error, undefined, m);
      console.error(error);
      dialog.showErrorBox(m.desktop.startFailed, cause ? `${cause}\n\n${m.details}: ${detail}` : detail);
      app.exit(1);
      return null;
    });
}
