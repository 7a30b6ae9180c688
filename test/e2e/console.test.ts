/**
 * The console end to end: the built renderer served by the headless HTTP host, in Debian's
 * Chromium driven by playwright-core, against a real Engine (PostgreSQL, Redis, the Odoo
 * simulator over HTTP). Chromium missing is a failure, never a skip.
 *
 * The renderer build is reused from out/renderer when it is newer than its sources;
 * otherwise (CI, or sources edited since) it is built with electron-vite into a temp dir.
 *
 * Every flow runs in pt-BR (the default: nothing stored) and in English (chosen and stored), its
 * expected words taken from the catalogue; axe-core checks the main screen and the dialogs.
 * Screenshots go to CONSOLE_SCREENSHOT_DIR (default /tmp/console-shots), one per state and language.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/engine/clock';
import type { RunRequest } from '../../shared/console-schemas';
import { messages, type Locale, type Messages } from '../../shared/messages';
import { accessibilityProblems } from '../support/accessibility';
import { connectTestRedis } from '../support/services';
import { consoleTestBed, openConsole, problemsOf, startStack, top, type Stack } from './helpers/console-stack';

const SHOTS = process.env.CONSOLE_SCREENSHOT_DIR ?? '/tmp/console-shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (locale: Locale, name: string) => join(SHOTS, `${name}-${locale}.png`);
const MINUTE = 60_000;
const RECOVERY_PRESET = 120;

const bed = consoleTestBed();

/** Pairs of timeline bars (full-load markers included) drawn over each other, as `#a/#b`: none expected. */
const OVERLAPPING_BARS = `(() => {
  const boxes = [...document.querySelectorAll('[data-testid="timeline-bar"]')].map((el) => ({ id: el.dataset.runId, r: el.getBoundingClientRect() }));
  const found = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i].r, boxes[j].r];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) found.push('#' + boxes[i].id + '/#' + boxes[j].id);
    }
  return found;
})()`;

/** The text before the first argument of a message: what a message says whatever its arguments. */
const opening = (message: (arg: string) => string) => message('\u0000').split('\u0000')[0];

describe.each(['pt-BR', 'en'] as const)('console: operator flows (%s)', (locale) => {
  const m: Messages = messages[locale];
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    // Small batches: the lock test needs a run that takes a few seconds under latency.
    stack = await startStack({ staticDir: bed.staticDir, env: { SYNC_BATCH_ORDERS: '4' } });
    page = await openConsole(bed.browser, stack.host.url, locale);
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    await stack?.close();
  });

  it('loads in its language with the mode, an empty history, a free lock and the health verdict', async () => {
    await expect.poll(() => page.getByTestId('mode').textContent()).toBe('ODOO');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe(locale);
    expect(await page.getByTestId('no-runs').textContent()).toContain(m.runs.none);
    expect(await page.getByTestId('timeline-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('lock-state').textContent()).toContain(m.lock.free);
    expect(await page.title()).toBe('Carteira Sync Console');
    // Never synced: not OK, but no gap either.
    expect(await page.getByTestId('health-verdict').textContent()).toContain(m.health.level.warn);
    // one row per rule the verdict evaluates, whatever rules the engine has (it had 7, now 9: keyCollisions, heldDeactivation)
    const rules = (await stack.engine.status()).health.rules.map((rule) => rule.id);
    expect(rules.length).toBeGreaterThanOrEqual(7);
    await expect
      .poll(() => page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid="health-rule"]')].map((row) => row.dataset.rule)`))
      .toEqual(rules);
    expect(await page.getByTestId('sync-now').textContent()).toBe(m.actions.syncNow);
    // ODOO_PROTOCOL=auto: no protocol until the first call asks the server
    expect(await page.getByTestId('odoo-protocol').textContent()).toContain(m.app.protocolUndecided);
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('Sync now: a succeeded run in the table and on the timeline, its log lines, and the health verdict OK', async () => {
    await page.getByTestId('sync-now').click();
    await page.getByTestId('run-row').and(page.locator('[data-status="succeeded"]')).first().waitFor();
    await page.getByTestId('timeline-bar').and(page.locator('[data-status="succeeded"]')).first().waitFor();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain(m.status.succeeded);
    expect(await page.getByTestId('no-runs').count()).toBe(0);
    expect(await page.getByTestId('card-last-run').textContent()).toContain(m.status.succeeded);
    expect(Number((await page.getByTestId('totals-active').textContent())?.replace(/\D+/g, ''))).toBeGreaterThan(0);
    await expect.poll(async () => (await page.getByTestId('log-panel').textContent()) ?? '').toContain('SINCRONIZAÇÃO INCREMENTAL CONCLUÍDA COM SUCESSO');
    await expect.poll(() => page.getByTestId('health').getAttribute('data-level')).toBe('ok');
    expect(await page.getByTestId('health-verdict').textContent()).toContain(m.health.level.ok);
    // auto without an API key chose JSON-RPC at the first call
    await expect.poll(() => page.getByTestId('odoo-protocol').textContent()).toContain('JSON-RPC');
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('pause needs a reason, shows as paused, and resume undoes it; both land in the audit panel', async () => {
    await page.getByTestId('pause').click();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByTestId('dialog-confirm').click();
    expect(await page.getByRole('alert').filter({ hasText: m.dialog.reasonRequired }).count()).toBe(1);
    // Focus stays in the dialog: Tab from its last button comes back to its first field.
    await page.getByTestId('dialog-confirm').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-testid')")).toBe('dialog-reason');
    await page.getByTestId('dialog-reason').fill('e2e: Odoo maintenance');
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('schedule-state').textContent()).toContain(m.cards.paused);
    expect(await page.getByTestId('banner-paused').textContent()).toContain('e2e: Odoo maintenance');
    expect((await stack.engine.status()).paused?.reason).toBe('e2e: Odoo maintenance');

    // a resume is audited with its reason, like the pause (issue 18.6)
    await page.getByTestId('resume').click();
    await page.getByTestId('dialog-reason').fill('e2e: Odoo back');
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('schedule-state').textContent()).not.toContain(m.cards.paused);
    expect(await page.getByTestId('banner-paused').count()).toBe(0);
    expect((await stack.engine.status()).paused).toBeNull();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(2);
    expect(await page.getByTestId('audit').textContent()).toContain('e2e: Odoo maintenance');
    expect(await page.getByTestId('audit').textContent()).toContain(m.audit.actions['scheduler.pause']);
    // The actor is who asked: without a token, anonymous at the browser's address.
    expect(await page.getByTestId('audit').textContent()).toMatch(/anonymous@(::ffff:)?127\.0\.0\.1/);
  });

  it('Recuperar: a window of 120 minutes (the preset), previewed on the timeline, runs as a recovery', async () => {
    await page.getByTestId('recovery-open').click();
    expect(await page.getByTestId('recovery-minutes').inputValue()).toBe('120');
    await page.getByTestId('timeline-preview').waitFor();
    expect(await page.getByTestId('recovery-preview').textContent()).toContain('2 h 00 min');
    expect(await accessibilityProblems(page)).toEqual([]);
    await top(page);
    await page.screenshot({ path: shot(locale, 'recovery'), fullPage: true });
    await page.getByTestId('recovery-confirm').click();
    // shown as soon as it starts; wait for it to finish
    await page.getByTestId('run-row').and(page.locator('[data-trigger="recovery"][data-status="succeeded"]')).first().waitFor();
    expect(await page.getByTestId('run-row').and(page.locator('[data-trigger="recovery"]')).first().textContent()).toContain(m.trigger.recovery);
    expect((await stack.engine.status()).recentRuns[0]).toMatchObject({ trigger: 'recovery', status: 'succeeded' });
    expect(await page.getByTestId('timeline-preview').count()).toBe(0);

    // Or a from–to range, typed as the console's language writes dates (the browser runs in the
    // other language): the start after the end, an ISO string, a day February lacks are refused
    // before anything is sent, each with its own words.
    const pad = (n: number) => String(n).padStart(2, '0');
    const typed = (d: Date) => {
      const [day, month] = [pad(d.getDate()), pad(d.getMonth() + 1)];
      return `${locale === 'pt-BR' ? `${day}/${month}` : `${month}/${day}`}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    await page.getByTestId('recovery-open').click();
    await page.getByTestId('recovery-mode-range').check();
    expect(await page.getByTestId('recovery-from').getAttribute('placeholder')).toBe(m.recovery.datePattern);
    const presetFrom = await page.getByTestId('recovery-from').inputValue();
    // preset: 120 minutes back, in the console's order (the minute may have turned since it opened)
    expect([0, 1].map((late) => typed(new Date(Date.now() - (RECOVERY_PRESET + late) * MINUTE)))).toContain(presetFrom);
    await page.getByTestId('recovery-from').fill(typed(new Date(2030, 0, 2, 10, 0)));
    await page.getByTestId('recovery-to').fill(typed(new Date(2030, 0, 1, 10, 0)));
    expect(await page.getByTestId('recovery-confirm').isDisabled()).toBe(true);
    expect(await page.getByTestId('recovery-error').textContent()).toBe(m.recovery.invalid);
    await page.getByTestId('recovery-from').fill('2030-01-01T10:00');
    expect(await page.getByTestId('recovery-error').textContent()).toContain(m.recovery.datePattern);
    expect(await page.getByTestId('recovery-from').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('recovery-from').fill(locale === 'pt-BR' ? '31/02/2030 10:00' : '02/31/2030 10:00');
    expect(await page.getByTestId('recovery-confirm').isDisabled()).toBe(true);
    expect(await page.getByTestId('recovery-error').textContent()).toBe(
      m.recovery.dateInvalid(m.recovery.from.charAt(0).toUpperCase() + m.recovery.from.slice(1)),
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    const runsBefore = (await stack.engine.status()).recentRuns.length;
    const from = new Date(Date.now() - 90 * MINUTE);
    await page.getByTestId('recovery-from').fill(typed(from));
    await page.getByTestId('recovery-to').fill(typed(new Date(from.getTime() + 60 * MINUTE)));
    expect(await page.getByTestId('recovery-preview').textContent()).toContain('1 h 00 min');
    await page.getByTestId('recovery-confirm').click();
    await expect.poll(async () => (await stack.engine.status()).recentRuns.length).toBe(runsBefore + 1);
    // recorded as soon as it starts: wait for it to finish
    await expect.poll(async () => (await stack.engine.status()).recentRuns[0].status).not.toBe('running');
    const ranged = (await stack.engine.status()).recentRuns[0];
    expect(ranged).toMatchObject({ trigger: 'recovery', status: 'succeeded' });
    expect(Date.parse(ranged.windowTo) - Date.parse(ranged.windowFrom!)).toBe(60 * MINUTE);
  });

  it('a live run holding the lock: diagnosed live, the release dialog warns with its progress; released, the run ends aborted and "Sync now" is offered', async () => {
    stack.sim.faults.inject({ kind: 'latency', ms: 300, match: { service: 'object' }, times: 'always' });
    const request: RunRequest = { kind: 'range', from: '2000-01-01T00:00:00Z', to: new Date().toISOString() };
    const running = stack.engine.runSync(request);
    try {
      await expect.poll(() => page.getByTestId('lock-state').textContent(), { timeout: 10_000 }).toContain(m.lock.held);
      expect(await page.getByTestId('lock-holder').textContent()).toContain('e2e-engine@test');
      expect(await page.getByTestId('lock-ttl').textContent()).toMatch(/\d+ s/);
      expect(await page.getByTestId('lock-key').textContent()).toBe(`${stack.redisPrefix}:lock`);
      // The lock is taken a moment before the run is recorded: the banner may come one status later.
      await expect.poll(() => page.getByTestId('banner-running').isVisible()).toBe(true);
      await expect.poll(() => page.getByTestId('lock-diagnosis').getAttribute('data-state')).toBe('live');

      await page.getByTestId('release-lock').click();
      expect(await page.getByTestId('dialog').textContent()).toContain('e2e-engine@test');
      expect(await page.getByTestId('release-live').isVisible()).toBe(true);
      await page.getByTestId('dialog-reason').fill('e2e: the run is stuck');
      expect(await accessibilityProblems(page)).toEqual([]);
      await top(page);
      await page.screenshot({ path: shot(locale, 'release-live') });
      await page.getByTestId('dialog-confirm').click();
      await page.getByTestId('dialog').waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain(opening(m.actions.released));

      const report = await running;
      expect(report.run.status).toBe('aborted');
      await page.getByTestId('run-row').and(page.locator('[data-status="aborted"]')).first().waitFor();
      // its row says, in the operator's words, that nothing more was written after the release
      const aborted = page.getByTestId('run-row').and(page.locator('[data-status="aborted"]')).first().getByTestId('run-problem');
      expect(await aborted.getAttribute('data-problem')).toBe('lockLost');
      expect(await aborted.textContent()).toContain(m.runs.lockLost);
      await expect.poll(() => page.getByTestId('lock-state').textContent()).toContain(m.lock.free);
      expect(await page.getByTestId('banner-last-failed').textContent()).toContain(m.status.aborted);
      // one offer to run again (the banner's), never two alike beside the top bar's (issue 18.2)
      expect(await page.getByTestId('offer-sync-now').isVisible()).toBe(true);
      expect(await page.getByTestId('notice-sync-now').count()).toBe(0);
      expect(await page.getByRole('button', { name: m.actions.syncNow, exact: true }).count()).toBe(1);
      await expect.poll(() => page.getByTestId('audit-row').and(page.locator('[data-action="lock.force_release"]')).count()).toBe(1);
      expect(await page.getByTestId('audit').textContent()).toContain('e2e: the run is stuck');
      await top(page);
      await page.screenshot({ path: shot(locale, 'after-release'), fullPage: true });
    } finally {
      stack.sim.faults.clear();
      await running.catch(() => undefined);
    }
  });

  it('switching the language changes the words and is kept', async () => {
    const other: Locale = locale === 'pt-BR' ? 'en' : 'pt-BR';
    await page.getByTestId(`lang-${other}`).click();
    await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe(other);
    expect(await page.getByTestId('sync-now').textContent()).toBe(messages[other].actions.syncNow);
    await page.reload();
    await expect.poll(() => page.getByTestId('sync-now').textContent()).toBe(messages[other].actions.syncNow);
    await page.getByTestId(`lang-${locale}`).click();
    await expect.poll(() => page.getByTestId('sync-now').textContent()).toBe(m.actions.syncNow);
  });

  it('ran without page errors', () => {
    expect(problemsOf(page)).toEqual([]);
  });
});

describe.each(['pt-BR', 'en'] as const)('console: a day of history (%s, screenshots)', (locale) => {
  const m: Messages = messages[locale];
  const clock = new ManualClock(new Date(Date.now() - 6 * 60 * MINUTE));
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ staticDir: bed.staticDir, clock, orders: 120, env: { SYNC_MAX_CATCHUP_HOURS: '1' } });
    page = await openConsole(bed.browser, stack.host.url, locale);
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    await stack?.close();
  });

  const scheduled = (options: { minIntervalMinutes?: number } = {}) => stack.engine.runSync({ kind: 'planned', trigger: 'scheduled' }, options);
  const later = (minutes: number, changes = 12) => {
    clock.advance(minutes * MINUTE);
    stack.sim.changes.tick(changes);
  };

  it('shows runs, a failure, a skip, a long run, an overlap-laden timeline and a gap; Fill gap closes it', async () => {
    await page.getByTestId('timeline-empty').waitFor();
    // Recent activity before the first load, so the watermark starts near "now".
    stack.sim.changes.tick(10);
    expect((await stack.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('succeeded');
    for (let slot = 1; slot <= 3; slot++) {
      later(30);
      expect((await scheduled()).run.status).toBe('succeeded');
    }
    // A double fire stands down.
    expect((await scheduled({ minIntervalMinutes: 5 })).run.status).toBe('skipped');
    // Odoo answers with a fault: the run fails, the watermark stays, the next run covers it.
    later(30);
    stack.sim.faults.inject({ kind: 'fault', code: 1, string: 'Odoo Server Error: could not serialize access', match: { service: 'object' }, times: 'always' });
    expect((await scheduled()).run.status).toBe('failed');
    stack.sim.faults.clear();
    later(30);
    expect((await scheduled()).run.status).toBe('succeeded');
    // Two and a half hours down, more than SYNC_MAX_CATCHUP_HOURS: the next run leaves a gap.
    later(150, 30);
    const afterOutage = await scheduled();
    expect(afterOutage.run.status).toBe('succeeded');
    expect(afterOutage.run.gap).not.toBeNull();
    // A long run: Odoo slow, 7 min 30 s on the clock — over the runbook's 5 minutes.
    later(30);
    stack.sim.faults.inject({ kind: 'latency', ms: 200, match: { service: 'object' }, times: 'always' });
    const long = scheduled();
    await expect.poll(async () => (await stack.engine.status()).running !== null, { timeout: 10_000 }).toBe(true);
    clock.advance(7.5 * MINUTE);
    stack.sim.faults.clear();
    const longRun = (await long).run;
    expect(longRun.status).toBe('succeeded');
    expect(Date.parse(longRun.finishedAt!) - Date.parse(longRun.startedAt)).toBeGreaterThanOrEqual(7.5 * MINUTE);
    later(7, 0);

    await page.getByTestId('fill-gap').first().waitFor();
    await page.getByTestId('banner-gaps').waitFor();
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(9);
    // The page may still hold a status from before the long run finished (its refresh follows the event).
    await expect.poll(() => page.getByTestId('run-row').and(page.locator('[data-status="running"]')).count(), { timeout: 10_000 }).toBe(0);
    // The whole day on the axis (6 h from a slot ahead would leave the first load out, depending on the minute).
    await page.getByTestId('span-24h').click();
    expect(await page.getByTestId('timeline-bar').and(page.locator('[data-status="failed"]')).count()).toBe(1);
    expect(await page.getByTestId('timeline-bar').and(page.locator('[data-status="skipped"]')).count()).toBe(1);
    expect(await page.getByTestId('timeline-bar').and(page.locator('[data-full-load="true"]')).count()).toBe(1);
    expect(await page.getByTestId('timeline-gap').count()).toBe(1);
    expect(await page.getByTestId('timeline-next').count()).toBe(1);
    expect(await page.getByTestId('timeline-durations').isVisible()).toBe(true);
    expect(await page.evaluate<string[]>(OVERLAPPING_BARS)).toEqual([]);
    await page.getByTestId('log-line').first().waitFor();
    // A gap in coverage: the verdict is Crítico until it is filled.
    await expect.poll(() => page.locator('[data-rule="gaps"]').getAttribute('data-level')).toBe('critical');
    expect(await page.getByTestId('health').getAttribute('data-level')).toBe('critical');
    // the long run: Atenção on the duration rule, and a bar over the 5-minute line on the strip
    await expect.poll(() => page.locator('[data-rule="duration"]').getAttribute('data-level')).toBe('warn');
    expect(await page.getByTestId('timeline-durations').locator('.strip-bar.over').count()).toBe(1);
    await page.getByTestId('span-6h').click();
    // issue 18.5: the runs table fits its box (skips, a failure, gap lines): nothing hidden to the right
    expect(
      await page.evaluate<boolean>(
        "(() => { const w = document.querySelector('[data-testid=\"runs-table\"]').closest('.table-wrap'); return w.scrollWidth <= w.clientWidth + 1; })()",
      ),
    ).toBe(true);
    // The bars are reachable with the keyboard, and tell their details.
    expect(await page.evaluate<string[]>(OVERLAPPING_BARS)).toEqual([]);
    await page.getByTestId('timeline-bar').and(page.locator('[data-status="failed"]')).focus();
    expect(await page.getByTestId('timeline-detail').textContent()).toContain(m.status.failed);
    expect(await accessibilityProblems(page)).toEqual([]);
    await top(page);
    await page.screenshot({ path: shot(locale, 'history'), fullPage: true });

    await page.getByTestId('fill-gap').first().click();
    await page.getByTestId('gap-list').waitFor({ state: 'detached' });
    expect(await page.getByTestId('banner-gaps').count()).toBe(0);
    expect((await stack.engine.status()).coverage.gaps).toEqual([]);
    await expect.poll(() => page.getByTestId('health').getAttribute('data-level')).toBe('ok');
    const newest = (await stack.engine.status()).recentRuns[0];
    expect(newest.trigger).toBe('recovery');
    expect(newest.status).toBe('succeeded');
    await top(page);
    await page.screenshot({ path: shot(locale, 'filled'), fullPage: true });
    // "Tudo" asks the store for older runs itself (here none beyond those the status carries): nothing more is offered.
    await page.getByTestId('span-all').click();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain(m.timeline.allLoaded);
    expect(await page.getByTestId('load-older').count()).toBe(0);
    await page.getByTestId('span-6h').click();
    expect(problemsOf(page)).toEqual([]);
  }, 120_000);

  it('a stale foreign lock: diagnosed stuck, the verdict turns Critical once it made a run skip; the dialog says it looks stuck', async () => {
    const failedRun = (await stack.engine.status()).recentRuns.find((run) => run.status === 'failed');
    const redis = await connectTestRedis();
    try {
      const holder = {
        token: 'f'.repeat(32),
        owner: 'scheduler@old-vm',
        host: 'old-vm',
        pid: 4242,
        runId: failedRun?.id ?? null,
        acquiredAt: new Date(clock.now().getTime() - 40 * MINUTE).toISOString(),
        fence: 3,
      };
      await redis.set(`${stack.redisPrefix}:lock`, JSON.stringify(holder), 'PX', 20 * MINUTE);
      later(30);
      expect((await scheduled()).run.status).toBe('skipped');
      await expect.poll(() => page.getByTestId('lock-diagnosis').getAttribute('data-state')).toBe('finished');
      await expect.poll(() => page.getByTestId('health').getAttribute('data-level')).toBe('critical');
      expect(await page.locator('[data-rule="staleLock"]').getAttribute('data-level')).toBe('critical');
      expect(await page.getByTestId('health-verdict').textContent()).toContain(m.health.level.critical);
      await top(page);
      await page.screenshot({ path: shot(locale, 'stale-lock'), fullPage: true });

      await page.getByTestId('release-lock').click();
      expect(await page.getByTestId('release-stale').isVisible()).toBe(true);
      expect(await page.getByTestId('release-live').count()).toBe(0);
      await page.getByTestId('dialog-cancel').click();
      await page.getByTestId('dialog').waitFor({ state: 'detached' });

      // The desktop window's minimum size: still usable, still axe-clean.
      await page.setViewportSize({ width: 1024, height: 700 });
      expect(await accessibilityProblems(page)).toEqual([]);
      await top(page);
      await page.screenshot({ path: shot(locale, 'small-1024x700') });
      // The whole day's axis at that width: its labels (14 px) side by side, none over another.
      await page.getByTestId('span-24h').click();
      const labels = await page.evaluate<{ text: string; left: number; right: number }[]>(
        "[...document.querySelectorAll('.tl-axis span')].map((el) => ({ text: el.textContent, left: el.getBoundingClientRect().left, right: el.getBoundingClientRect().right }))",
      );
      // the "now" label is the line's ::after: 44 px ending 2 px left of the line (styles.css)
      const nowLine = await page.evaluate<number>("document.querySelector('.tl-now').getBoundingClientRect().left");
      labels.push({ text: m.relative.now, left: nowLine - 46, right: nowLine - 2 });
      const axis = labels.filter((label) => label.text !== '').sort((a, b) => a.left - b.left);
      expect(axis.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < axis.length; i++) expect(axis[i].left, `${axis[i - 1].text} | ${axis[i].text}`).toBeGreaterThanOrEqual(axis[i - 1].right);
      expect(await page.evaluate<string[]>(OVERLAPPING_BARS)).toEqual([]);
      await page.getByTestId('timeline').screenshot({ path: shot(locale, 'timeline-24h-1024') });
      await page.getByTestId('span-6h').click();
      await page.setViewportSize({ width: 1440, height: 1000 });
    } finally {
      await redis.del(`${stack.redisPrefix}:lock`);
      redis.disconnect();
    }
  });

  it('a console opened afterwards still shows what happened: the recent log backlog', async () => {
    const late = await openConsole(bed.browser, stack.host.url, locale);
    try {
      await expect.poll(async () => (await late.getByTestId('log-panel').textContent()) ?? '').toContain('Erro na sincronização: O Odoo em');
      // the runbook's line says the cause in pt-BR, then Odoo's own words
      expect((await late.getByTestId('log-panel').textContent()) ?? '').toContain('(Odoo Server Error: could not serialize access)');
      const text = (await late.getByTestId('log-panel').textContent()) ?? '';
      expect(text).toContain('SINCRONIZAÇÃO INCREMENTAL CONCLUÍDA COM SUCESSO');
      expect(text).toContain('Lacuna não coberta');
    } finally {
      await late.close();
    }
  });
});
