/**
 * Issue 18.2 in Chromium, pt-BR: a failure says its cause and the next step, once, in the
 * operator's words. With ODOO_URL pointing nowhere the console used to say three times "Falhou: a
 * marca d'água não avançou…" beside two identical "Sincronizar agora" buttons, the cause
 * (`ECONNREFUSED …`) only under "Detalhes técnicos", in English.
 *
 * Three kinds, each on its own engine: Odoo refusing the connection (nothing listens on ODOO_URL),
 * Odoo refusing the password, and PostgreSQL rows held by another session (a report left `FOR
 * UPDATE`, PG_LOCK_TIMEOUT_SECONDS=1). For each: the run's row and the banner name the cause and
 * what to do, the engine's text stays behind "Detalhes técnicos", there is one "Sincronizar agora"
 * (the top bar's) and one retry offer (the banner's), nothing repeats the generic "Falhou"; at 1440
 * and at the window's minimum, 1024×700. Screenshots: docs/screenshots/failure-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailureCause, FailureCauseCode } from '../../shared/failure-cause';
import { describeCause } from '../../shared/failure-text';
import { messages, type Messages } from '../../shared/messages';
import { accessibilityProblems } from '../support/accessibility';
import { closedPort } from '../support/closed-port';
import { POSTGRES_ADMIN_URL } from '../support/services';
import { consoleTestBed, openConsole, problemsOf, startStack, top, type Stack } from './helpers/console-stack';

const SHOTS = process.env.CONSOLE_SCREENSHOT_DIR ?? '/tmp/console-shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => join(SHOTS, `${name}-pt-BR.png`);
const m: Messages = messages['pt-BR'];
const SMALL = { width: 1024, height: 700 };

const bed = consoleTestBed();

/**
 * The page's visible text (a closed "Detalhes técnicos" shows nothing of what it holds), without
 * the live log: its lines are the engine's own, the raw text included, as a log's are.
 */
const visibleText = (page: Page) =>
  page.evaluate<string>(`(() => {
    const log = document.querySelector('[data-testid="log-panel"]');
    const shown = log.style.display;
    log.style.display = 'none';
    const text = document.body.innerText;
    log.style.display = shown;
    return text;
  })()`);
const occurrences = (text: string, part: string) => text.split(part).length - 1;

interface Kind {
  name: string;
  code: FailureCauseCode;
  /** the engine's own text, which must stay behind "Detalhes técnicos" */
  raw: RegExp;
  env?: (stack: { closedPort: number }) => Record<string, string>;
  /** what makes the next "Sincronizar agora" fail, once the page is open */
  arrange?: (stack: Stack, page: Page) => Promise<() => Promise<void>>;
}

const KINDS: Kind[] = [
  {
    name: 'odoo-refused',
    code: 'odooConnectionRefused',
    raw: /ECONNREFUSED/,
    env: ({ closedPort }) => ({ ODOO_URL: `http://127.0.0.1:${closedPort}` }),
  },
  {
    name: 'odoo-login',
    code: 'odooLoginRefused',
    raw: /for user \w+ on database/,
    env: () => ({ ODOO_PASSWORD: 'senha-errada' }),
  },
  {
    name: 'pg-row-held',
    code: 'pgRowLocked',
    raw: /espera por lock esgotada/,
    env: () => ({ PG_LOCK_TIMEOUT_SECONDS: '1', SYNC_BATCH_ORDERS: '50' }),
    // a first load, then Odoo changes an order whose carteira rows a report holds FOR UPDATE and leaves idle
    arrange: async (stack, page) => {
      await page.getByTestId('sync-now').click();
      await page.getByTestId('run-row').and(page.locator('[data-status="succeeded"]')).first().waitFor();
      const report = new pg.Client({ connectionString: stack.engine.config.databaseUrl!, application_name: 'relatorio-mensal' });
      await report.connect();
      const [line] = stack.sim.orm.searchRead(
        'sale.order.line',
        [
          ['display_type', '=', false],
          ['product_id', '!=', false],
        ],
        { fields: ['order_id', 'product_uom_qty'], limit: 1 },
      );
      stack.sim.orm.write('sale.order.line', line.id as number, { product_uom_qty: (line.product_uom_qty as number) + 7 });
      await report.query('BEGIN');
      await report.query('SELECT 1 FROM carteira WHERE odoo_order_id = $1 FOR UPDATE', [(line.order_id as [number, string])[0]]);
      return async () => {
        await report.query('ROLLBACK').catch(() => undefined);
        await report.end().catch(() => undefined);
      };
    },
  },
];

describe.each(KINDS)('a failure in pt-BR: $name', (kind) => {
  let stack: Stack;
  let page: Page;
  let release: () => Promise<void> = async () => undefined;
  let cause: FailureCause;

  beforeAll(async () => {
    const env = kind.env?.({ closedPort: await closedPort() }) ?? {};
    stack = await startStack({ staticDir: bed.staticDir, env, orders: 20 });
    page = await openConsole(bed.browser, stack.host.url, 'pt-BR');
    await page.getByTestId('no-runs').waitFor();
    release = (await kind.arrange?.(stack, page)) ?? release;
  }, 60_000);

  afterAll(async () => {
    await release();
    await page?.close();
    await stack?.close();
  });

  it('the run row and the banner say the cause and the next step; the engine text stays behind "Detalhes técnicos"; one of each button', async () => {
    await page.getByTestId('sync-now').click();
    const failed = page.getByTestId('run-row').and(page.locator('[data-status="failed"]')).first();
    await failed.waitFor({ timeout: 30_000 });

    // the engine decided the cause where it recorded the outcome
    const recorded = (await stack.engine.status()).recentRuns[0];
    expect(recorded).toMatchObject({ status: 'failed', problem: 'failed', cause: { code: kind.code } });
    cause = recorded.cause!;
    const { title, next } = describeCause(cause, m);

    const cell = failed.getByTestId('run-problem');
    expect(await cell.getAttribute('data-cause')).toBe(kind.code);
    await expect.poll(() => cell.innerText()).toContain(title);
    expect(await cell.innerText()).toContain(next);
    const banner = page.getByTestId('banner-last-failed');
    await expect.poll(() => banner.innerText()).toContain(title);
    expect(await banner.innerText()).toContain(next);
    expect(await banner.getAttribute('data-cause')).toBe(kind.code);

    const text = await visibleText(page);
    // once in the banner, once in the run's own row: not in the card, not in a notice
    expect(occurrences(text, title)).toBe(2);
    expect(text).not.toContain(m.runs.problem.failed);
    expect(text).not.toMatch(kind.raw);
    // the engine's text is there, behind the disclosure
    await cell.getByTestId('error-detail').locator('summary').click();
    expect(await cell.getByTestId('error-detail').innerText()).toMatch(kind.raw);
    await cell.getByTestId('error-detail').locator('summary').click();

    // one "Sincronizar agora" (the top bar's) and one retry offer (the banner's)
    expect(await page.getByRole('button', { name: m.actions.syncNow, exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: m.alerts.syncNowOffer, exact: true }).count()).toBe(1);
    expect(await page.getByTestId('notice-sync-now').count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await top(page);
    await page.screenshot({ path: shot(`failure-${kind.name}`), fullPage: true });
  });

  it('a second failure: one more row with its cause, still one banner and one of each button', async () => {
    const before = await page.getByTestId('run-row').and(page.locator('[data-status="failed"]')).count();
    await page.getByTestId('offer-sync-now').click();
    await expect.poll(() => page.getByTestId('run-row').and(page.locator('[data-status="failed"]')).count(), { timeout: 30_000 }).toBe(before + 1);
    await expect.poll(() => page.getByTestId('sync-now').isEnabled()).toBe(true);
    const { title } = describeCause(cause, m);
    expect(occurrences(await visibleText(page), title)).toBe(before + 2);
    expect(await page.getByTestId('banner-last-failed').count()).toBe(1);
    expect(await page.getByRole('button', { name: m.actions.syncNow, exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: m.alerts.syncNowOffer, exact: true }).count()).toBe(1);
  });

  it("at 1024×700: the banner in view with its cause, the row's cause inside the table, nothing to scroll sideways", async () => {
    await page.setViewportSize(SMALL);
    await top(page);
    const { title } = describeCause(cause, m);
    const banner = page.getByTestId('banner-last-failed');
    expect(await banner.isVisible()).toBe(true);
    const box = (await banner.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(SMALL.height);
    expect(box.x + box.width).toBeLessThanOrEqual(SMALL.width);
    expect(await banner.innerText()).toContain(title);
    await page.screenshot({ path: shot(`failure-${kind.name}-1024x700`) });

    const cell = page.getByTestId('run-row').and(page.locator('[data-status="failed"]')).first().getByTestId('run-problem');
    await cell.scrollIntoViewIfNeeded();
    const layout = await page.evaluate<{ cell: { left: number; right: number }; wrap: { left: number; right: number }; scrollable: boolean }>(`(() => {
      const wrap = document.querySelector('[data-testid="runs-table"]').closest('.table-wrap');
      const cell = document.querySelector('[data-testid="run-row"][data-status="failed"] [data-testid="run-problem"]').getBoundingClientRect();
      const box = wrap.getBoundingClientRect();
      return { cell: { left: cell.left, right: cell.right }, wrap: { left: box.left, right: box.right }, scrollable: wrap.scrollWidth > wrap.clientWidth + 1 };
    })()`);
    expect(layout.scrollable).toBe(false);
    expect(layout.cell.left).toBeGreaterThanOrEqual(layout.wrap.left - 1);
    expect(layout.cell.right).toBeLessThanOrEqual(layout.wrap.right + 1);
    expect(await cell.innerText()).toContain(title);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator('.panel.runs').screenshot({ path: shot(`failure-${kind.name}-runs-1024`) });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('ran without page errors', () => {
    expect(problemsOf(page)).toEqual([]);
  });
});

describe('a failure in pt-BR: the engine up, its PostgreSQL database gone', () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ staticDir: bed.staticDir, orders: 10 });
    page = await openConsole(bed.browser, stack.host.url, 'pt-BR');
    await page.getByTestId('no-runs').waitFor();
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    await stack?.close();
  });

  it('the banner says the engine answers but its database is gone, and what to do; an action says the same', async () => {
    const url = new URL(stack.engine.config.databaseUrl!);
    const name = url.pathname.slice(1);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    const banner = page.getByTestId('banner-stale');
    // the first answers may be the cut connections' (unreachable); then the database is missing
    await expect.poll(() => banner.getAttribute('data-cause'), { timeout: 20_000 }).toBe('pgDatabaseNotFound');
    const { title, next } = describeCause({ code: 'pgDatabaseNotFound', target: `${url.hostname}:${url.port || 5432}/${name}` }, m);
    const text = await banner.innerText();
    expect(text).toContain(m.alerts.engineFailed);
    expect(text).toContain(title);
    expect(text).toContain(next);
    expect(text).not.toContain(m.alerts.staleTitle);
    expect(text).not.toContain('does not exist');

    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('notice').innerText(), { timeout: 20_000 }).toContain(m.actions.failedBecause(m.actions.syncNow, title));
    expect(await accessibilityProblems(page)).toEqual([]);
    await top(page);
    await page.screenshot({ path: shot('failure-pg-database-gone') });
  });
});
