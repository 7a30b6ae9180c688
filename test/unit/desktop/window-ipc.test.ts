/**
 * The console window and the IPC door, against a stand-in `electron`: secure webPreferences, the
 * window opened at a panel, close keeps it in the tray, and IPC accepted only from our window's
 * top frame at our own URL, with inputs checked by the console's schemas.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleContract, consoleMethods } from '../../../shared/console-contract';
import { createConsoleService } from '../../../electron/engine/console';
import type { Engine } from '../../../electron/engine/engine';
import { registerConsoleIpc, REFUSED } from '../../../electron/main/ipc';
import { engineErrorOf } from '../../../renderer/src/api/engine-error';
import { createConsoleWindow } from '../../../electron/main/window';
import { fake, FakeFrame, FakeWebContents } from '../../support/fake-electron';

vi.mock('electron', async () => (await import('../../support/fake-electron')).electronModule);

const HTML = '/opt/carteira/out/renderer/index.html';

function openWindow() {
  const hidden = vi.fn();
  const window = createConsoleWindow({ devUrl: null, preloadPath: '/opt/carteira/out/preload/index.cjs', rendererHtml: HTML, onHiddenToTray: hidden });
  window.show();
  return { window, hidden, browser: fake.windows[0] };
}

beforeEach(() => fake.reset());

describe('console window', () => {
  it('is created with context isolation, the sandbox, no Node integration anywhere, no webview, and our preload', () => {
    const { browser } = openWindow();
    expect(browser.options.webPreferences).toEqual({
      preload: '/opt/carteira/out/preload/index.cjs',
      spellcheck: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(browser.loaded).toEqual(['file:///opt/carteira/out/renderer/index.html']);
    expect(browser.options).toMatchObject({ minWidth: 1024, minHeight: 700 });
  });

  it('opens at a panel in the same window (a hash change), and one window only', () => {
    const { window, browser } = openWindow();
    window.show('release');
    window.show('timeline');
    expect(fake.windows).toHaveLength(1);
    expect(browser.loaded.slice(1)).toEqual([
      'file:///opt/carteira/out/renderer/index.html#panel=release',
      'file:///opt/carteira/out/renderer/index.html#panel=timeline',
    ]);
    expect(browser.visible).toBe(true);
    expect(browser.focused).toBeGreaterThan(0);
  });

  it('closing hides it into the tray (the app is told, to say so once); after allowClose it really closes', () => {
    const { window, hidden, browser } = openWindow();
    browser.show();
    expect(browser.userCloses()).toEqual({ prevented: true });
    expect(browser.visible).toBe(false);
    expect(hidden).toHaveBeenCalledTimes(1);
    window.allowClose();
    expect(browser.userCloses()).toEqual({ prevented: false });
    window.show();
    expect(fake.windows).toHaveLength(2); // a closed window is created anew
  });
});

describe('IPC', () => {
  function wire() {
    const { window, browser } = openWindow();
    const engine = { status: vi.fn(async () => ({ mode: 'demo' })), runSync: vi.fn() } as unknown as Engine;
    registerConsoleIpc(window, { dispatch: (method, input) => createConsoleService(engine, 'tester@host').dispatch(method, input) });
    return { engine, browser, own: { sender: browser.webContents, senderFrame: browser.webContents.mainFrame } };
  }

  it('registers one handler per method of the contract table', () => {
    wire();
    expect([...fake.handlers.keys()].sort()).toEqual(consoleMethods.map((method) => consoleContract[method].channel).sort());
  });

  it('answers our window top frame', async () => {
    const { own } = wire();
    await expect(fake.invoke(consoleContract.getStatus.channel, undefined, own)).resolves.toEqual({ mode: 'demo' });
  });

  it('refuses another web contents, a subframe, and our window showing a foreign page', async () => {
    const { browser, engine } = wire();
    const channel = consoleContract.getStatus.channel;
    const foreign = new FakeWebContents();
    await expect(fake.invoke(channel, undefined, { sender: foreign, senderFrame: foreign.mainFrame })).rejects.toThrow(REFUSED);
    await expect(
      fake.invoke(channel, undefined, { sender: browser.webContents, senderFrame: new FakeFrame(browser.webContents.mainFrame.url) }),
    ).rejects.toThrow(REFUSED);
    await expect(fake.invoke(channel, undefined, { sender: browser.webContents, senderFrame: null })).rejects.toThrow(REFUSED);
    browser.webContents.mainFrame.url = 'https://evil.example/index.html';
    await expect(fake.invoke(channel, undefined, { sender: browser.webContents, senderFrame: browser.webContents.mainFrame })).rejects.toThrow(REFUSED);
    expect(engine.status).not.toHaveBeenCalled();
  });

  it('an engine failure carries its cause to the console, at the end of the message IPC keeps (issue 18.2)', async () => {
    const { engine, own } = wire();
    const gone = Object.assign(new Error('database "carteira" does not exist'), { code: '3D000', severity: 'FATAL' });
    (engine.status as ReturnType<typeof vi.fn>).mockRejectedValueOnce(gone);
    (engine as unknown as { config: unknown }).config = {
      mode: 'odoo',
      odoo: null,
      databaseUrl: 'postgres://u:pw@db:5432/carteira',
      redisUrl: null,
      dataDir: '/d',
    };
    const error = await fake.invoke(consoleContract.getStatus.channel, undefined, own).then(
      () => null,
      (rejected: unknown) => rejected as Error,
    );
    // as Electron hands it to the renderer
    const seen = engineErrorOf(new Error(`Error invoking remote method '${consoleContract.getStatus.channel}': Error: ${error?.message}`));
    expect(seen).toEqual({ message: 'database "carteira" does not exist', cause: { code: 'pgDatabaseNotFound', target: 'db:5432/carteira' } });
    expect(error?.message).not.toContain('pw');
  });

  it('rejects bad payloads with the schema message before the engine is asked', async () => {
    const { own, engine } = wire();
    await expect(fake.invoke(consoleContract.runSync.channel, { kind: 'window', minutes: -5 }, own)).rejects.toThrow(/runSync: minutes/);
    await expect(fake.invoke(consoleContract.pause.channel, { reason: 42 }, own)).rejects.toThrow(/pause: reason/);
    await expect(fake.invoke(consoleContract.releaseLock.channel, { force: true }, own)).rejects.toThrow(/releaseLock/);
    expect(engine.runSync).not.toHaveBeenCalled();
  });
});
