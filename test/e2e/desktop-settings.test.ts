/**
 * "Configurações" and the `#panel=` requests in the built console, in Chromium. There is no
 * Electron here, so the preload's `window.desktopApi` is played by a bridge onto the real
 * main-process handlers (electron/main/settings-ipc.ts with its SettingsStore, under the
 * stand-in `electron` for safeStorage): what the screen sends is validated, tested and saved
 * exactly as in the app. Without the bridge (the headless host) there is no settings button.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../electron/engine/config';
import { createConsoleService } from '../../electron/engine/console';
import { Engine } from '../../electron/engine/engine';
import { startHttpHost, type HttpHost } from '../../electron/engine/http/http-host';
import { settingsHandlers } from '../../electron/main/settings-ipc';
import { SettingsStore } from '../../electron/main/settings';
import type { DesktopMethod } from '../../shared/console-contract';
import { messages } from '../../shared/messages';
import { accessibilityProblems } from '../support/accessibility';
import { builtRendererDir } from '../support/renderer-build';
import { REDIS_URL } from '../support/services';
import { launchChromium, removeTemps, tempDir } from './helpers/console-stack';

vi.mock('electron', async () => (await import('../support/fake-electron')).electronModule);

const m = messages['pt-BR'];
const PASSWORD = 'S3nha-do-Odoo-e2e';
const SHOTS = process.env.CONSOLE_SCREENSHOT_DIR ?? '/tmp/console-shots';
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
let engine: Engine;
let host: HttpHost;
let settingsFile: string;
const restarts: unknown[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const dataDir = tempDir('data');
  engine = await Engine.open(loadConfig({ CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '20', DEMO_CHANGES_PER_MINUTE: '0' }), { logSink: () => undefined });
  host = await startHttpHost(createConsoleService(engine, 'e2e'), { port: 0, host: '127.0.0.1', staticDir: await builtRendererDir(() => tempDir('build')) });
  settingsFile = join(dataDir, 'settings.json');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await engine?.close();
  removeTemps();
});

/** The console with `window.desktopApi` bridged to the real settings handlers (as the preload does over IPC). */
async function desktopConsole(hash = ''): Promise<Page> {
  const handlers = settingsHandlers(
    { settings: new SettingsStore(settingsFile), restartEngine: async (source) => void restarts.push(source) },
    { CARTEIRA_DATA_DIR: 'unused', SYNC_RECONCILE_HOUR: '4' }, // the environment this "app" was started with
  );
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.exposeFunction('__desktopInvoke', (method: DesktopMethod, input: unknown) => handlers[method](input));
  await page.addInitScript(`window.desktopApi = {
    getSettings: () => window.__desktopInvoke('getSettings'),
    saveSettings: (input) => window.__desktopInvoke('saveSettings', input),
    testConnection: (input) => window.__desktopInvoke('testConnection', input),
  };`);
  await page.goto(`${host.url}/${hash}`);
  return page;
}

describe('Configurações (desktop only)', () => {
  it('is not offered by the headless console', async () => {
    const page = await browser.newPage();
    await page.goto(`${host.url}/`);
    await page.getByTestId('recovery-open').waitFor();
    expect(await page.getByTestId('settings-open').count()).toBe(0);
    await page.close();
  });

  it('shows the settings, marks what the environment sets, tests a connection in one line, refuses what the CLI refuses, and saves secrets encrypted', async () => {
    const page = await desktopConsole();
    await page.getByTestId('settings-open').click();
    const dialog = page.getByTestId('settings');
    await dialog.waitFor();
    expect(await page.getByRole('heading', { name: m.desktop.settings.title }).count()).toBe(1);
    // set by the environment: read-only, and said
    await expect.poll(() => page.getByTestId('setting-SYNC_RECONCILE_HOUR').isDisabled()).toBe(true);
    expect(await dialog.textContent()).toContain(m.desktop.settings.fromEnv);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByTestId('setting-REDIS_URL').fill(REDIS_URL);
    await page.getByTestId('settings-test-redis').click();
    await expect.poll(() => page.getByTestId('settings-result-redis').textContent(), { timeout: 15_000 }).toMatch(/^✓ Redis \d.* respondeu ao PING$/);
    await dialog.screenshot({ path: join(SHOTS, 'settings-pt-BR.png') });

    await page.getByTestId('setting-SYNC_INTERVAL_MINUTES').fill('30');
    await page.getByTestId('setting-SYNC_WINDOW_MINUTES').fill('20');
    await page.getByTestId('settings-save').click();
    const problems = page.getByTestId('settings-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('SYNC_WINDOW_MINUTES (20) must be greater than SYNC_INTERVAL_MINUTES (30)');
    expect(existsSync(settingsFile)).toBe(false);

    await page.getByTestId('setting-SYNC_WINDOW_MINUTES').fill('40');
    await page.getByTestId('setting-ODOO_URL').fill('https://odoo.example.com');
    await page.getByTestId('setting-ODOO_DB').fill('prod');
    await page.getByTestId('setting-ODOO_USER').fill('sync');
    await page.getByTestId('setting-ODOO_PASSWORD').fill(PASSWORD);
    await page.getByTestId('settings-mute-gap').check();
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-outcome').textContent()).toBe(m.desktop.settings.saved);
    const saved = readFileSync(settingsFile, 'utf8');
    expect(saved).not.toContain(PASSWORD);
    expect(JSON.parse(saved)).toMatchObject({ values: { ODOO_URL: 'https://odoo.example.com', SYNC_WINDOW_MINUTES: '40' }, mutedNotifications: ['gap'] });
    // the password is never shown back: only that one is saved
    expect(await page.getByTestId('setting-ODOO_PASSWORD').inputValue()).toBe('');
    expect(await dialog.textContent()).toContain(m.desktop.settings.secretSaved);
    expect(restarts).toEqual([]);
    await page.close();
  });

  it('opens what the tray and notifications ask for (#panel=…)', async () => {
    const settings = await desktopConsole('#panel=settings');
    await settings.getByTestId('settings').waitFor();
    expect(new URL(settings.url()).hash).toBe(''); // taken out: a reload does not open it again
    await settings.close();

    const pause = await desktopConsole('#panel=pause');
    await pause.getByTestId('dialog').waitFor();
    expect(await pause.getByTestId('dialog').textContent()).toContain(m.dialog.pauseTitle);
    // a later request in the same page (the window already open): a hash change
    await pause.getByTestId('dialog-cancel').click();
    await pause.evaluate("window.location.hash = 'panel=recovery'");
    await pause.getByTestId('recovery').waitFor();
    await pause.close();
  });
});
