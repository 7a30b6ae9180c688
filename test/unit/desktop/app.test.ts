/**
 * The desktop app's lifecycle against a stand-in `electron` and a real engine (demo mode: the
 * Odoo simulator over HTTP and an embedded PGlite in a temp folder): single instance, the tray
 * (icon, tooltip, each item calling the right engine method), login item, the audit actor, and a
 * quit that stops the scheduler (the run in progress finishes) before closing the engine.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openRunningEngine, runDesktopApp, systemLocale, type DesktopApp, type RunningEngine } from '../../../electron/main/app';
import { desktopActor } from '../../../electron/main/desktop-actor';
import { loginItem } from '../../../electron/main/login-item';
import { consoleContract, desktopContract } from '../../../shared/console-contract';
import { SETTING_NAMES, type SettingsOutcome } from '../../../shared/desktop-settings';
import type { EngineStatus, RunReport } from '../../../shared/engine-types';
import { waitFor } from '../../support/cli-process';
import { fake } from '../../support/fake-electron';

vi.mock('electron', async () => (await import('../../support/fake-electron')).electronModule);

const ICONS = join(import.meta.dirname, '..', '..', '..', 'resources', 'icons');
const ME = `${userInfo().username}@${hostname()}`;

let dataDir = '';
let desktop: DesktopApp;
let opened: RunningEngine[] = [];
/** the engines closed so far (the others are open: their scheduler and pools alive) */
const closed = new Set<RunningEngine>();
/** set once "Sair" has shut the app down (the single-instance test resets the fake app afterwards) */
let quit = false;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'carteira-desktop-'));
  fake.reset();
  fake.app.userData = dataDir;
  const started = await runDesktopApp({
    iconDir: ICONS,
    statusPollMs: 60_000,
    loginItem: loginItem('darwin'), // Electron's (the Linux one writes to ~/.config: login-item.test.ts)
    // the demo engine in the temp folder, whatever this machine's environment says, plus what
    // "Configurações" saved (the settings' names only, none of this machine's other variables)
    openEngine: async (source, actor) => {
      const saved = Object.fromEntries(
        SETTING_NAMES.filter((name) => source[name] !== undefined && process.env[name] === undefined).map((name) => [name, source[name]]),
      );
      const demo = { CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '30', DEMO_CHANGES_PER_MINUTE: '0', SYNC_STOP_GRACE_SECONDS: '20' };
      const running = await openRunningEngine({ ...demo, ...saved }, actor);
      opened.push(running);
      const close = running.engine.close.bind(running.engine);
      running.engine.close = () => {
        closed.add(running);
        return close();
      };
      return running;
    },
  });
  if (!started) throw new Error(`the desktop app did not start: ${JSON.stringify(fake.dialogErrors)}`);
  desktop = started;
  // the catch-up run at start (never synced) finishes first
  await waitFor(async () => (await desktop.refresh()).lastSuccess, 'the first sync');
}, 120_000);

afterAll(async () => {
  if (!quit) await desktop?.shutdown();
  await rm(dataDir, { recursive: true, force: true });
  opened = [];
});

const tray = () => fake.trays[0];
const browser = () => fake.windows[0];
const ownFrame = () => ({ sender: browser().webContents, senderFrame: browser().webContents.mainFrame });

describe('desktop app', () => {
  it('the audit actor is the OS user on this host', () => {
    expect(desktopActor()).toBe(ME);
  });

  it("speaks the system's language: English for any English locale, else pt-BR", () => {
    expect(['en-US', 'en-GB', 'en', 'pt-BR', 'pt', 'es-AR'].map(systemLocale)).toEqual(['en', 'en', 'en', 'pt-BR', 'pt-BR', 'pt-BR']);
  });

  it('opens one secure window and answers the console over IPC from it', async () => {
    expect(fake.windows).toHaveLength(1);
    expect(browser().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    const status = (await fake.invoke(consoleContract.getStatus.channel, undefined, ownFrame())) as EngineStatus;
    expect(status.mode).toBe('demo');
  });

  it('a second launch focuses the first window', () => {
    browser().hide();
    const focused = browser().focused;
    fake.app.emit('second-instance');
    expect(browser().visible).toBe(true);
    expect(browser().focused).toBe(focused + 1);
    expect(fake.windows).toHaveLength(1);
  });

  it('shows the verdict as the tray icon (a real PNG per state) and in the tooltip', async () => {
    await desktop.refresh();
    const image = tray().images.at(-1)!;
    expect(image).toBe(join(ICONS, 'tray-ok.png'));
    for (const state of ['ok', 'warn', 'critical', 'paused', 'running']) {
      for (const name of [`tray-${state}.png`, `tray-${state}@2x.png`]) {
        const bytes = await readFile(join(ICONS, name));
        expect(bytes.subarray(1, 4).toString('ascii'), name).toBe('PNG');
      }
    }
    expect(existsSync(join(ICONS, 'trayTemplate.png'))).toBe(true);
    expect(tray().tooltip).toMatch(/^Carteira Sync Console \(DEMO\) — OK · última sincronização \d\d\/\d\d,? \d\d:\d\d · próxima \d\d\/\d\d,? \d\d:\d\d$/);
  });

  it('lists the menu in pt-BR, in order', () => {
    expect(
      tray()
        .menu.filter((item) => item.type !== 'separator')
        .map((item) => item.label),
    ).toEqual([
      'Estado: OK',
      'Sincronizar agora',
      'Recuperar últimas 2 h',
      'Forçar liberação do lock…',
      'Pausar agendamento…',
      'Abrir console',
      'Iniciar com o sistema',
      'Sair',
    ]);
  });

  it('"Sincronizar agora" and "Recuperar últimas 2 h" run through the scheduler (manual; a 120-minute recovery window)', async () => {
    const runNow = vi.spyOn(desktop.current().scheduler, 'runNow');
    tray().click('sync-now');
    const manual = (await runNow.mock.results[0].value) as RunReport;
    expect(runNow).toHaveBeenLastCalledWith({ kind: 'planned', trigger: 'manual' }, `tray:${ME}`);
    // issue 16.9: the run records that it came from the tray, and whose
    expect(manual.run).toMatchObject({ trigger: 'manual', status: 'succeeded', actor: `tray:${ME}` });

    tray().click('recover-2h');
    const recovery = (await runNow.mock.results[1].value) as RunReport;
    expect(runNow).toHaveBeenLastCalledWith({ kind: 'window', minutes: 120 }, `tray:${ME}`);
    expect(recovery.run).toMatchObject({ trigger: 'recovery', status: 'succeeded', actor: `tray:${ME}` });
    expect(Date.parse(recovery.run.windowTo) - Date.parse(recovery.run.windowFrom!)).toBe(120 * 60_000);
    runNow.mockRestore();
  });

  it('"Forçar liberação do lock…" and "Pausar…" open the console on their dialogs (a reason is asked there)', () => {
    tray().click('release-lock');
    expect(browser().loaded.at(-1)).toMatch(/index\.html#panel=release$/);
    tray().click('pause');
    expect(browser().loaded.at(-1)).toMatch(/index\.html#panel=pause$/);
    expect(browser().visible).toBe(true);
  });

  it('"Retomar agendamento…" (shown while paused) opens the console on the resume dialog: a resume is audited with its reason, like a pause', async () => {
    await desktop.current().engine.pause(ME, 'manutenção do Odoo');
    await desktop.refresh();
    expect(tray().images.at(-1)).toBe(join(ICONS, 'tray-paused.png'));
    const resume = vi.spyOn(desktop.current().engine, 'resume');
    tray().click('resume');
    expect(browser().loaded.at(-1)).toMatch(/index\.html#panel=resume$/);
    expect(browser().visible).toBe(true);
    // nothing resumed behind the operator's back: the dialog asks the reason first
    expect(resume).not.toHaveBeenCalled();
    expect((await desktop.current().engine.status()).paused).not.toBeNull();
    await desktop.current().engine.resume(ME, 'manutenção terminada');
    expect((await desktop.current().engine.audit())[0]).toMatchObject({ actor: ME, action: 'scheduler.resume', reason: 'manutenção terminada' });
    resume.mockRestore();
  });

  it('"Iniciar com o sistema" sets the login item and the checkbox follows it', async () => {
    tray().click('open-at-login');
    expect(fake.app.loginItems).toEqual([{ openAtLogin: true }]);
    await waitFor(async () => tray().menu.find((item) => item.id === 'open-at-login')?.checked === true, 'the checkbox checked');
  });

  it('closing the window keeps the app in the tray and says so once', async () => {
    browser().show();
    expect(browser().userCloses().prevented).toBe(true);
    browser().show();
    expect(browser().userCloses().prevented).toBe(true);
    const hints = fake.notifications.filter((notification) => notification.options.title === 'O Carteira Sync Console continua na bandeja');
    expect(hints).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ trayHintShown: true });
  });

  it('"Salvar e aplicar" restarts the engine in-process after the running sync, with the new schedule', async () => {
    const before = desktop.current();
    const close = vi.spyOn(before.engine, 'close');
    const runNow = vi.spyOn(before.scheduler, 'runNow');
    tray().click('sync-now');
    const running = runNow.mock.results[0].value as Promise<RunReport>;
    let finishedAt = 0;
    void running.then(() => (finishedAt = performance.now()));
    const outcome = (await fake.invoke(
      desktopContract.saveSettings.channel,
      { values: { SYNC_INTERVAL_MINUTES: '15', SYNC_WINDOW_MINUTES: '25', SYNC_LOCK_TIMEOUT_SECONDS: '600' }, apply: true },
      ownFrame(),
    )) as SettingsOutcome;
    expect(outcome).toEqual({ problems: [], saved: true, applied: true });
    expect((await running).run.status).toBe('succeeded');
    expect(close).toHaveBeenCalledTimes(1);
    expect(finishedAt).toBeGreaterThan(0);
    expect(desktop.current()).not.toBe(before);
    expect(opened).toHaveLength(2);
    // the same IPC handlers now reach the new engine
    const status = (await fake.invoke(consoleContract.getStatus.channel, undefined, ownFrame())) as EngineStatus;
    expect(status.settings.intervalMinutes).toBe(15);
    expect(status.scheduler?.active).toBe(true);
  });

  it('a configuration the CLI would refuse is not applied, and the engine keeps running', async () => {
    const current = desktop.current();
    const outcome = (await fake.invoke(
      desktopContract.saveSettings.channel,
      { values: { SYNC_WINDOW_MINUTES: '10' }, apply: true },
      ownFrame(),
    )) as SettingsOutcome;
    expect(outcome.saved).toBe(false);
    expect(outcome.problems.join('\n')).toMatch(/SYNC_WINDOW_MINUTES/);
    expect(desktop.current()).toBe(current);
  });

  it('two "Salvar e aplicar" at once are applied one after the other and leave exactly one engine open', async () => {
    const openBefore = opened.length;
    const apply = (interval: string) =>
      fake.invoke(
        desktopContract.saveSettings.channel,
        { values: { SYNC_INTERVAL_MINUTES: interval, SYNC_WINDOW_MINUTES: '60', SYNC_LOCK_TIMEOUT_SECONDS: '600' }, apply: true },
        ownFrame(),
      ) as Promise<SettingsOutcome>;
    const outcomes = await Promise.all([apply('20'), apply('30')]);
    expect(outcomes).toEqual([
      { problems: [], saved: true, applied: true },
      { problems: [], saved: true, applied: true },
    ]);
    expect(opened.length).toBe(openBefore + 2);
    expect(opened.filter((engine) => !closed.has(engine))).toEqual([desktop.current()]);
    expect((await desktop.refresh()).settings.intervalMinutes).toBe(30); // the last one asked wins

    // the same straight at restartEngine (no IPC in between): one at a time too
    const source = desktop.settings.configSource({}).source;
    const demo = { CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '30', DEMO_CHANGES_PER_MINUTE: '0' };
    await Promise.all([desktop.restartEngine({ ...demo, ...source }), desktop.restartEngine({ ...demo, ...source })]);
    expect(opened.length).toBe(openBefore + 4);
    expect(opened.filter((engine) => !closed.has(engine))).toEqual([desktop.current()]);
    expect(desktop.current().scheduler.describe().active).toBe(true);
  });

  it('while settings are applied no sync may start: the scheduler stops before the wait for the running sync', async () => {
    const before = desktop.current();
    const stop = vi.spyOn(before.scheduler, 'stopTicking');
    const status = vi.spyOn(before.engine, 'status');
    const restarting = desktop.restartEngine({
      ...desktop.settings.configSource({}).source,
      CARTEIRA_DATA_DIR: dataDir,
      DEMO_ORDERS: '30',
      DEMO_CHANGES_PER_MINUTE: '0',
    });
    await expect(fake.invoke(consoleContract.runSync.channel, { kind: 'planned', trigger: 'manual' }, ownFrame())).rejects.toThrow(
      /settings are being applied/,
    );
    await restarting;
    expect(stop.mock.invocationCallOrder[0]).toBeLessThan(status.mock.invocationCallOrder[0]);
    expect(opened.filter((engine) => !closed.has(engine))).toEqual([desktop.current()]);
  });

  it('"Sair" stops the scheduler — the run in progress finishes, even one the console started — then closes the engine and exits 0', async () => {
    const { scheduler, engine } = desktop.current();
    const stop = vi.spyOn(scheduler, 'stop');
    const close = vi.spyOn(engine, 'close');
    // a recovery over the whole demo history, started from the console (not the scheduler)
    const fromConsole = fake.invoke(consoleContract.runSync.channel, { kind: 'window', minutes: 60 * 24 * 30 }, ownFrame()) as Promise<RunReport>;
    await waitFor(async () => (await engine.status()).running, 'the run to start');
    tray().click('quit');
    await waitFor(async () => fake.app.exitCodes.length > 0, 'the app to exit', 60_000);
    quit = true;
    expect(fake.app.exitCodes).toEqual([0]);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(close).toHaveBeenCalledTimes(1);
    expect(stop.mock.invocationCallOrder[0]).toBeLessThan(close.mock.invocationCallOrder[0]);
    expect((await fromConsole).run).toMatchObject({ trigger: 'recovery', status: 'succeeded' });
    // closing now really closes the window
    expect(browser().userCloses().prevented).toBe(false);
  });
});

describe('single instance', () => {
  it('a second app quits at once, opening nothing', async () => {
    fake.reset();
    fake.app.singleInstance = false;
    const openEngine = vi.fn();
    await expect(runDesktopApp({ openEngine })).resolves.toBeNull();
    expect(fake.app.quitCalls).toBe(1);
    expect(openEngine).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
  });
});

describe('a desktop app that cannot start', () => {
  it('says the cause and what to do in the system language, the error text as technical details, and exits 1 (issue 18.2)', async () => {
    fake.reset();
    const { StoreOpenError } = await import('../../../electron/engine/store/store-open-error');
    const gone = Object.assign(new Error('database "nao_existe" does not exist'), { code: '3D000', severity: 'FATAL' });
    const opening = new StoreOpenError(
      'postgres',
      'db:5432/nao_existe',
      `cannot open PostgreSQL at postgres://db:5432/nao_existe (DATABASE_URL): ${gone.message}`,
      {
        cause: gone,
      },
    );
    await expect(runDesktopApp({ openEngine: () => Promise.reject(opening) })).resolves.toBeNull();
    expect(fake.dialogErrors).toEqual([
      {
        title: 'O Carteira Sync Console não pôde iniciar',
        content: `O banco de dados PostgreSQL db:5432/nao_existe não existe. Crie o banco (createdb) ou corrija o nome em DATABASE_URL.\n\nDetalhes técnicos: ${opening.message}`,
      },
    ]);
    expect(fake.app.exitCodes).toEqual([1]);
  });
});
