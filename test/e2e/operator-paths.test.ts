/**
 * Issue 18 in Chromium, pt-BR (the operators' language), at 1440 px and at the desktop window's
 * minimum, 1024×700:
 * - 18.1: the old Python job's plain timestamp under the lock key is shown as a legacy value (its
 *   time, age and TTL), runs skip while it is there, and "Forçar liberação…" releases exactly that
 *   value, audited with the value it removed; a value changed before the confirmation is refused
 *   and audited;
 * - 18.5: every column of the runs table is reachable at 1024×700, and skipped runs are short rows;
 * - 18.6: resume asks a reason; the recovery form refuses a start in the future and asks twice for
 *   a long range before anything is sent; "Lacunas: nenhuma"; a rule not evaluated is not green;
 *   "Tudo" keeps recent runs readable over a long history, and offers older runs only when some
 *   may be left.
 * Screenshots go to CONSOLE_SCREENSHOT_DIR (default /tmp/console-shots); docs/screenshots/README.md
 * says which are copied there.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/engine/clock';
import { messages, type Messages } from '../../shared/messages';
import { accessibilityProblems } from '../support/accessibility';
import { connectTestRedis } from '../support/services';
import { consoleTestBed, openConsole, problemsOf, startStack, top, type Stack } from './helpers/console-stack';

const SHOTS = process.env.CONSOLE_SCREENSHOT_DIR ?? '/tmp/console-shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => join(SHOTS, `${name}-pt-BR.png`);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LEGACY = '2026-12-06 10:00:00.123456';
const m: Messages = messages['pt-BR'];
const SMALL = { width: 1024, height: 700 };

const bed = consoleTestBed();
let redis: Redis;

beforeAll(async () => {
  redis = await connectTestRedis();
});

afterAll(() => redis?.disconnect());

/** The old job's way of taking the lock: `SET key timestamp NX EX 1500`. */
async function oldJobTakesLock(prefix: string, value = LEGACY): Promise<void> {
  expect(await redis.set(`${prefix}:lock`, value, 'EX', 1500, 'NX')).toBe('OK');
}

describe('operator paths in pt-BR', () => {
  let stack: Stack;
  let page: Page;
  const key = () => `${stack.redisPrefix}:lock`;

  beforeAll(async () => {
    stack = await startStack({ staticDir: bed.staticDir });
    // some history: two syncs, then the old job holds the key and two scheduled runs skip
    expect((await stack.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('succeeded');
    expect((await stack.engine.runSync({ kind: 'window', minutes: 60 })).run.status).toBe('succeeded');
    await oldJobTakesLock(stack.redisPrefix);
    for (let i = 0; i < 2; i++) expect((await stack.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('skipped');
    page = await openConsole(bed.browser, stack.host.url, 'pt-BR');
  }, 90_000);

  afterAll(async () => {
    await page?.close();
    await stack?.close();
  });

  it("18.1: the old job's timestamp is shown as a legacy value; released from the console by that value, audited with it", async () => {
    await expect.poll(() => page.getByTestId('lock-holder').getAttribute('data-kind')).toBe('legacy');
    expect(await page.getByTestId('lock-diagnosis').getAttribute('data-state')).toBe('legacy');
    expect(await page.getByTestId('lock-value-kind').textContent()).toBe(m.lock.legacyValue);
    expect(await page.getByTestId('lock-raw').textContent()).toBe(LEGACY);
    // the time it holds (read as local time), with its age; its TTL as redis-cli TTL says it
    expect(await page.getByTestId('lock-written').textContent()).toMatch(/06\/12\/2026 10:00|10:00:00/);
    expect(await page.getByTestId('lock-ttl').textContent()).toMatch(/^1\d{3} s/);
    // no renewal claimed for a holder that renews nothing
    expect(await page.getByTestId('lock-renewed').count()).toBe(0);
    expect(await page.getByTestId('card-lock').textContent()).not.toContain('pid 0');
    // the runs it made skip, worded for the operator
    expect(await page.getByTestId('run-row').and(page.locator('[data-status="skipped"]')).count()).toBe(2);
    expect(await accessibilityProblems(page)).toEqual([]);
    await top(page);
    await page.screenshot({ path: shot('legacy-holder'), fullPage: true });
    await page.setViewportSize(SMALL);
    await top(page);
    await page.screenshot({ path: shot('legacy-holder-1024x700') });
    await page.getByTestId('card-lock').scrollIntoViewIfNeeded();
    await page.getByTestId('card-lock').screenshot({ path: shot('legacy-lock-card-1024') });

    await page.getByTestId('release-lock').click();
    expect(await page.getByTestId('release-legacy').isVisible()).toBe(true);
    expect(await page.getByTestId('release-legacy').textContent()).toContain(opening(m.lock.dialogLegacy));
    expect(await page.getByTestId('release-value').textContent()).toBe(LEGACY);
    await page.getByTestId('dialog-reason').fill('job antigo desligado no servidor velho');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByTestId('dialog').screenshot({ path: shot('release-legacy-1024') });
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain(`Lock liberado (estava com ${m.lock.holderLegacy(LEGACY)})`);
    expect(await redis.exists(key())).toBe(0);
    await expect.poll(() => page.getByTestId('lock-state').textContent()).toContain(m.lock.free);
    const row = page.getByTestId('audit-row').and(page.locator('[data-action="lock.force_release"]')).first();
    await row.waitFor();
    expect(await row.getByTestId('audit-holder').textContent()).toBe(m.audit.removed(m.lock.holderLegacy(LEGACY)));
    expect(await row.textContent()).toContain('job antigo desligado no servidor velho');
    const audit = (await stack.engine.audit())[0];
    expect(audit.details).toMatchObject({ released: true, previous: { value: { raw: LEGACY, kind: 'legacy' } } });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('18.1: a value changed between what was shown and the confirmation is refused, kept and audited', async () => {
    await oldJobTakesLock(stack.redisPrefix);
    await expect.poll(() => page.getByTestId('lock-raw').textContent()).toBe(LEGACY);
    await page.getByTestId('release-lock').click();
    // the old job let its key expire and took it again in between
    await redis.set(key(), '2026-12-06 10:30:00.000001', 'EX', 1500);
    await page.getByTestId('dialog-reason').fill('teste de corrida');
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Lock não liberado');
    expect(await redis.get(key())).toBe('2026-12-06 10:30:00.000001');
    const refused = page.getByTestId('audit-row').and(page.locator('[data-action="lock.force_release.refused"]')).first();
    await refused.waitFor();
    expect(await refused.getByTestId('audit-holder').textContent()).toBe(m.audit.found(m.lock.holderLegacy('2026-12-06 10:30:00.000001')));
    await redis.del(key());
  });

  it('18.5: at 1024×700 every column of the runs table is reachable and skipped runs are short rows', async () => {
    // at 1440 px nothing to scroll for either
    expect(await page.evaluate<boolean>(RUNS_TABLE_SCROLLS)).toBe(false);
    await page.setViewportSize(SMALL);
    const table = page.getByTestId('runs-table');
    await table.scrollIntoViewIfNeeded();
    const layout = await page.evaluate<{
      headers: { text: string; left: number; right: number }[];
      wrap: { left: number; right: number };
      scrollable: boolean;
      scrollbar: number;
    }>(`(() => {
      const wrap = document.querySelector('[data-testid="runs-table"]').closest('.table-wrap');
      const box = wrap.getBoundingClientRect();
      const headers = [...wrap.querySelectorAll('thead th')].map((th) => { const r = th.getBoundingClientRect(); return { text: th.textContent, left: r.left, right: r.right }; });
      return { headers, wrap: { left: box.left, right: box.right }, scrollable: wrap.scrollWidth > wrap.clientWidth + 1, scrollbar: wrap.offsetHeight - wrap.clientHeight };
    })()`);
    expect(layout.headers.map((header) => header.text)).toEqual([
      m.runs.run,
      m.runs.status,
      m.runs.trigger,
      m.runs.started,
      m.runs.took,
      m.runs.window,
      m.runs.orders,
      m.runs.rows,
      m.runs.lock,
      m.runs.error,
    ]);
    for (const header of layout.headers) {
      // visible inside the table's box, or reachable through a horizontal scrollbar that shows
      const visible = header.left >= layout.wrap.left - 1 && header.right <= layout.wrap.right + 1;
      expect(
        visible || (layout.scrollable && layout.scrollbar > 0),
        `${header.text}: ${header.left}–${header.right} in ${layout.wrap.left}–${layout.wrap.right}`,
      ).toBe(true);
    }
    // and in fact all of them fit: nothing to scroll for
    expect(layout.scrollable).toBe(false);
    const heights = await page.evaluate<Record<string, number[]>>(`(() => {
      const rows = {};
      for (const row of document.querySelectorAll('[data-testid="run-row"]')) (rows[row.dataset.status] ??= []).push(Math.round(row.getBoundingClientRect().height));
      return rows;
    })()`);
    expect(heights.skipped).toHaveLength(2);
    const tallestSucceeded = Math.max(...heights.succeeded);
    for (const height of heights.skipped) expect(height).toBeLessThanOrEqual(Math.max(tallestSucceeded, 44));
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator('.panel.runs').screenshot({ path: shot('runs-1024') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('18.6: resume asks a reason, audited like the pause', async () => {
    await stack.engine.pause('ops@vm', 'manutenção do Odoo');
    await page.getByTestId('resume').waitFor();
    await page.getByTestId('resume').click();
    expect(await page.getByTestId('dialog').textContent()).toContain(m.dialog.resumeTitle);
    await page.getByTestId('dialog-confirm').click();
    expect(await page.getByRole('alert').filter({ hasText: m.dialog.reasonRequired }).count()).toBe(1);
    expect((await stack.engine.status()).paused).not.toBeNull();
    await page.getByTestId('dialog-reason').fill('manutenção terminada');
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => (await stack.engine.status()).paused).toBeNull();
    const row = page.getByTestId('audit-row').and(page.locator('[data-action="scheduler.resume"]')).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('manutenção terminada');
  });

  it('18.6: the recovery form refuses a start in the future and asks twice for a long range, before anything is sent', async () => {
    const runsBefore = (await stack.engine.status()).recentRuns.length;
    await page.getByTestId('recovery-open').click();
    await page.getByTestId('recovery-mode-range').check();
    const typed = (d: Date) =>
      `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    await page.getByTestId('recovery-from').fill(typed(new Date(Date.now() + 2 * HOUR)));
    await page.getByTestId('recovery-to').fill(typed(new Date(Date.now() + 3 * HOUR)));
    expect(await page.getByTestId('recovery-error').textContent()).toBe(m.recovery.future);
    expect(await page.getByTestId('recovery-confirm').isDisabled()).toBe(true);
    // 2020 → now: far beyond the catch-up bound; the length with grouped digits
    await page.getByTestId('recovery-from').fill('01/01/2020 00:00');
    await page.getByTestId('recovery-to').fill(typed(new Date(Date.now() + HOUR)));
    await page.getByTestId('recovery-long').waitFor();
    expect(await page.getByTestId('recovery-long').textContent()).toMatch(/Intervalo longo: \d\.\d{3} d \d+ h/);
    expect(await page.getByTestId('recovery-preview').textContent()).toMatch(/\d\.\d{3} d \d+ h/);
    expect(await page.getByTestId('recovery-clipped').isVisible()).toBe(true);
    expect(await page.getByTestId('recovery-confirm').isDisabled()).toBe(true);
    await page.getByTestId('recovery-long-accept').check();
    expect(await page.getByTestId('recovery-confirm').isEnabled()).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByTestId('recovery').screenshot({ path: shot('recovery-long') });
    // nothing was sent
    expect((await stack.engine.status()).recentRuns.length).toBe(runsBefore);
    await page.getByTestId('recovery-open').click();
  });

  it('18.6: "Lacunas: nenhuma"; a rule not evaluated shows no green tick; no older runs offered when there are none', async () => {
    expect(await page.locator('[data-rule="gaps"] .rule-value').textContent()).toBe(m.health.gapsNone);
    const unchecked = page.locator('[data-rule="zeroOrders"] .rule-level');
    expect(await unchecked.textContent()).toContain(m.health.notChecked);
    expect(await unchecked.textContent()).not.toContain('✓');
    const colourOf = (selector: string) => page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).color`);
    const colour = await colourOf('[data-rule="zeroOrders"] .rule-level');
    const ok = await colourOf('[data-rule="gaps"] .rule-level');
    expect(colour).not.toBe(ok);
    await page.getByTestId('span-all').click();
    await page.getByTestId('all-loaded').waitFor();
    expect(await page.getByTestId('load-older').count()).toBe(0);
    await page.getByTestId('span-6h').click();
    expect(problemsOf(page)).toEqual([]);
  });
});

describe('"Tudo" over days of history (pt-BR)', () => {
  const clock = new ManualClock(new Date(Date.now() - 10 * 24 * HOUR));
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ staticDir: bed.staticDir, clock, orders: 20, env: { SYNC_MAX_CATCHUP_HOURS: '300' } });
    const scheduled = async () => expect((await stack.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
    expect((await stack.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('succeeded');
    for (let i = 0; i < 4; i++) {
      clock.advance(30 * MINUTE);
      await scheduled();
    }
    // ten days later (the service was down): one long catch-up, then the schedule again
    clock.set(new Date(Date.now() - 3 * HOUR));
    await scheduled();
    for (let i = 0; i < 5; i++) {
      clock.advance(30 * MINUTE);
      await scheduled();
    }
    page = await openConsole(bed.browser, stack.host.url, 'pt-BR', SMALL);
  }, 120_000);

  afterAll(async () => {
    await page?.close();
    await stack?.close();
  });

  it('18.6: recent windows stay readable (the plot scrolls, opened at now) instead of slivers', async () => {
    await page.getByTestId('timeline-bar').first().waitFor();
    await page.getByTestId('span-all').click();
    const scroller = (expression: string) =>
      page.evaluate<boolean>(`(() => { const el = document.querySelector('[data-testid="timeline-scroll"]'); return ${expression}; })()`);
    await expect.poll(() => scroller('el.scrollWidth > el.clientWidth + 100')).toBe(true);
    // opened at now: scrolled to the right end
    expect(await scroller('Math.abs(el.scrollLeft + el.clientWidth - el.scrollWidth) < 2')).toBe(true);
    const newest = (await stack.engine.status()).recentRuns[0];
    const width = await page.evaluate<number>(
      `document.querySelector('[data-testid="timeline-bar"][data-run-id="${newest.id}"]').getBoundingClientRect().width`,
    );
    expect(width).toBeGreaterThanOrEqual(20);
    expect(await accessibilityProblems(page)).toEqual([]);
    await top(page);
    await page.getByTestId('timeline').screenshot({ path: shot('timeline-all-1024') });
    expect(problemsOf(page)).toEqual([]);
  });
});

/** The runs table is wider than its box (a horizontal scroll). */
const RUNS_TABLE_SCROLLS = `(() => { const wrap = document.querySelector('[data-testid="runs-table"]').closest('.table-wrap'); return wrap.scrollWidth > wrap.clientWidth + 1; })()`;

/** The text before the first argument of a message. */
function opening(message: (...args: string[]) => string): string {
  return message('\u0000', '\u0000').split('\u0000')[0];
}
