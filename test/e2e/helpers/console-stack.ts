/**
 * What the console e2e files share: Debian's Chromium (missing is a failure, never a skip), a
 * real engine on PostgreSQL, Redis and the Odoo simulator behind the headless host serving the
 * built console, and a page opened in a language (the browser itself in the other one).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { ManualClock } from '../../../electron/engine/clock';
import { loadConfig } from '../../../electron/engine/config';
import { createConsoleService } from '../../../electron/engine/console';
import { Engine } from '../../../electron/engine/engine';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import type { Locale } from '../../../shared/messages';
import { builtRendererDir } from '../../support/renderer-build';
import { REDIS_URL, createTestDatabase, deleteRedisKeys, uniqueRedisPrefix } from '../../support/services';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Temporary folders, removed by `removeTemps()`. */
const temps: string[] = [];
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `carteira-e2e-${label}-`));
  temps.push(dir);
  return dir;
}
export function removeTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium) — the console e2e tests need it and never skip`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface ConsoleTestBed {
  browser: Browser;
  /** the built console, served by each stack's host */
  staticDir: string;
}

/**
 * Chromium and the built console for the calling test file: launched and built in its
 * `beforeAll`, closed (with the temporary folders) in its `afterAll`. Read them in tests and hooks.
 */
export function consoleTestBed(): Readonly<ConsoleTestBed> {
  const bed = {} as ConsoleTestBed;
  beforeAll(async () => {
    bed.browser = await launchChromium();
    bed.staticDir = await builtRendererDir(() => tempDir('build'));
  }, 180_000);
  afterAll(async () => {
    await bed.browser?.close();
    removeTemps();
  });
  return bed;
}

export interface Stack {
  sim: OdooSimulator;
  engine: Engine;
  host: HttpHost;
  redisPrefix: string;
  close(): Promise<void>;
}

export async function startStack(options: { staticDir: string; clock?: ManualClock; env?: Record<string, string>; orders?: number }): Promise<Stack> {
  const sim = await startOdooSimulator({ port: 0, seed: 11, orders: options.orders ?? 60, linesPerOrder: 4, clock: options.clock });
  const database = await createTestDatabase('e2e');
  const config = loadConfig({
    ODOO_URL: sim.url,
    ODOO_DB: sim.db,
    ODOO_USER: sim.login,
    ODOO_PASSWORD: sim.password,
    ODOO_TIMEOUT_SECONDS: '10',
    CARTEIRA_DATA_DIR: tempDir('data'),
    DATABASE_URL: database.url,
    REDIS_URL,
    SYNC_REDIS_PREFIX: uniqueRedisPrefix('e2e'),
    ...options.env,
  });
  const engine = await Engine.open(config, { clock: options.clock, logSink: () => undefined, owner: 'e2e-engine@test' });
  const host = await startHttpHost(createConsoleService(engine, 'e2e'), { port: 0, host: '127.0.0.1', staticDir: options.staticDir });
  return {
    sim,
    engine,
    host,
    redisPrefix: config.redisPrefix,
    close: async () => {
      await host.close();
      await engine.close();
      await sim.close();
      await database.drop();
      await deleteRedisKeys(config.redisPrefix);
    },
  };
}

/** Page errors and console errors seen on a page (none expected). */
const problems = new WeakMap<Page, string[]>();
export const problemsOf = (page: Page): string[] => problems.get(page) ?? [];

/**
 * The console in `locale`: pt-BR is the default (nothing stored); English is chosen as an operator
 * would have, stored. The browser itself runs in the OTHER language, so nothing the console shows
 * or reads (numbers, dates, the recovery range) may follow the browser's locale.
 */
export async function openConsole(browser: Browser, url: string, locale: Locale, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: locale === 'pt-BR' ? 'en-US' : 'pt-BR' });
  if (locale !== 'pt-BR')
    await page.addInitScript(`localStorage.getItem('carteira.locale') || localStorage.setItem('carteira.locale', ${JSON.stringify(locale)})`);
  const seen: string[] = [];
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console error: ${message.text()} (${message.location().url})`);
  });
  problems.set(page, seen);
  await page.goto(url);
  return page;
}

/** Back to the top of the page, nothing focused (a focused bar scrolls the page), before a screenshot. */
export async function top(page: Page): Promise<void> {
  await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur(); window.scrollTo(0, 0)');
}
