/**
 * Desktop notifications from successive statuses (each with its real health verdict): what
 * fires, how often, what is muted, and where a click leads.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus, RunSummary } from '../../../shared/engine-types';
import { healthVerdict } from '../../../shared/health';
import { messages } from '../../../shared/messages';
import { BURST_PER_MINUTE, HealthWatcher, postNotification, type DesktopNotification, type NotificationKind } from '../../../electron/main/notifications';
import { fake } from '../../support/fake-electron';
import { lock, run, status as baseStatus } from '../renderer/fixtures';

vi.mock('electron', async () => (await import('../../support/fake-electron')).electronModule);

const MINUTE = 60_000;
const T0 = Date.parse('2025-01-15T14:00:00.000Z');

/** A status at `at` whose verdict is computed by shared/health.ts, as the engine does. */
function statusAt(at: number, overrides: Partial<EngineStatus>): EngineStatus {
  const partial = baseStatus({ now: new Date(at).toISOString(), ...overrides });
  return { ...partial, health: healthVerdict(partial, at) };
}

const ok = (id: number, at: number): RunSummary =>
  run({
    id,
    status: 'succeeded',
    startedAt: new Date(at - 40_000).toISOString(),
    windowTo: new Date(at - 40_000).toISOString(),
    finishedAt: new Date(at).toISOString(),
  });
const failed = (id: number, at: number): RunSummary =>
  run({ id, status: 'failed', error: 'Odoo: connection refused', startedAt: new Date(at - 5_000).toISOString(), finishedAt: new Date(at).toISOString() });

function watcher(muted: NotificationKind[] = []) {
  const posted: DesktopNotification[] = [];
  const watch = new HealthWatcher({ messages: () => messages['pt-BR'], muted: () => muted, post: (notification) => posted.push(notification) });
  return { watch, posted, kinds: () => posted.map((notification) => notification.kind) };
}

beforeEach(() => fake.reset());

describe('notifications', () => {
  it('a failed run is told at once; while it keeps failing, again at most once per schedule interval', () => {
    const { watch, posted } = watcher();
    const good = ok(7, T0);
    watch.observe(statusAt(T0, { recentRuns: [good], lastRun: good, lastSuccess: good }), T0);
    expect(posted).toEqual([]);

    const runs = [failed(8, T0 + MINUTE), good];
    watch.observe(statusAt(T0 + MINUTE, { recentRuns: runs, lastRun: runs[0], lastSuccess: good }), T0 + MINUTE);
    expect(posted).toEqual([{ kind: 'runFailed', title: 'Sincronização #8 falhou', body: 'Odoo: connection refused', panel: 'runs' }]);

    runs.unshift(failed(9, T0 + 2 * MINUTE));
    watch.observe(statusAt(T0 + 2 * MINUTE, { recentRuns: runs, lastRun: runs[0], lastSuccess: good }), T0 + 2 * MINUTE);
    expect(posted).toHaveLength(1); // within the interval (30 min) of the last one

    runs.unshift(failed(10, T0 + 32 * MINUTE));
    watch.observe(statusAt(T0 + 32 * MINUTE, { recentRuns: runs, lastRun: runs[0], lastSuccess: good }), T0 + 32 * MINUTE);
    expect(posted.map((notification) => notification.title)).toEqual(['Sincronização #8 falhou', 'A sincronização continua falhando (3 seguidas)']);
  });

  it("a failed run is told by its cause and what to do, in the operator's language, not the engine's text (issue 18.2)", () => {
    const { watch, posted } = watcher();
    const good = ok(7, T0);
    watch.observe(statusAt(T0, { recentRuns: [good], lastRun: good, lastSuccess: good }), T0);
    const refused = run({
      ...failed(8, T0 + MINUTE),
      error: 'ECONNREFUSED from http://odoo:8069/jsonrpc common.version',
      problem: 'failed',
      cause: { code: 'odooConnectionRefused', target: 'http://odoo:8069' },
    });
    watch.observe(statusAt(T0 + MINUTE, { recentRuns: [refused, good], lastRun: refused, lastSuccess: good }), T0 + MINUTE);
    expect(posted).toEqual([
      {
        kind: 'runFailed',
        title: 'Sincronização #8 falhou',
        body: 'Odoo inacessível: conexão recusada em http://odoo:8069. Verifique ODOO_URL (endereço e porta) e se o Odoo está no ar.',
        panel: 'runs',
      },
    ]);
  });

  it('runs that had already failed before the first look are not news', () => {
    const { watch, posted } = watcher();
    const runs = [failed(3, T0)];
    watch.observe(statusAt(T0, { recentRuns: runs, lastRun: runs[0], lastSuccess: null }), T0);
    expect(posted).toEqual([]);
  });

  it('a gap appearing is told once, and not again while it stays', () => {
    const { watch, kinds } = watcher();
    const good = ok(7, T0);
    const base = { recentRuns: [good], lastRun: good, lastSuccess: good };
    watch.observe(statusAt(T0, base), T0);
    const gap = { range: { from: T0 - 72 * 60 * MINUTE, to: T0 }, covered: [], overlaps: [], gaps: [{ from: T0 - 80 * MINUTE, to: T0 - 70 * MINUTE }] };
    watch.observe(statusAt(T0 + MINUTE, { ...base, coverage: gap }), T0 + MINUTE);
    watch.observe(statusAt(T0 + 20 * MINUTE, { ...base, coverage: gap }), T0 + 20 * MINUTE);
    expect(kinds()).toEqual(['gap']);
  });

  it('a lock held by no live run for longer than the TTL is told once per holder', () => {
    const { watch, posted } = watcher();
    const good = ok(7, T0);
    const holder = { token: 'a'.repeat(32), owner: 'carteira-sync@old-host:99', host: 'old-host', pid: 99, runId: 7, fence: 3, backend: 'redis' as const };
    const stuck = (acquiredAt: number, token = holder.token) =>
      lock({ held: true, holder: { ...holder, token, acquiredAt: new Date(acquiredAt).toISOString() }, ttlMs: 1000 });
    const base = { recentRuns: [good], lastRun: good, lastSuccess: good, lockHolderProcess: 'elsewhere' as const };
    // held 10 minutes by a finished run: stuck, but not yet beyond the TTL (1500 s)
    watch.observe(statusAt(T0, { ...base, lock: stuck(T0 - 10 * MINUTE) }), T0);
    expect(posted).toEqual([]);
    watch.observe(statusAt(T0 + 20 * MINUTE, { ...base, lock: stuck(T0 - 10 * MINUTE) }), T0 + 20 * MINUTE);
    watch.observe(statusAt(T0 + 40 * MINUTE, { ...base, lock: stuck(T0 - 10 * MINUTE) }), T0 + 40 * MINUTE);
    expect(posted).toEqual([
      {
        kind: 'staleLock',
        title: 'Lock preso',
        body: 'carteira-sync@old-host:99 segura o lock há 30 min sem execução viva. Clique para ver o lock.',
        panel: 'lock',
      },
    ]);
  });

  it('a stuck holder whose notice was muted or dropped by the burst cap is told once it can be', () => {
    const muted: NotificationKind[] = ['staleLock'];
    const posted: DesktopNotification[] = [];
    const watch = new HealthWatcher({ messages: () => messages['pt-BR'], muted: () => muted, post: (notification) => posted.push(notification) });
    const good = ok(7, T0);
    const holder = { token: 'c'.repeat(32), owner: 'carteira-sync@old-host:99', host: 'old-host', pid: 99, runId: 7, fence: 3, backend: 'redis' as const };
    const stuck = lock({ held: true, holder: { ...holder, acquiredAt: new Date(T0 - 60 * MINUTE).toISOString() }, ttlMs: 1000 });
    const base = { recentRuns: [good], lastRun: good, lastSuccess: good, lockHolderProcess: 'elsewhere' as const, lock: stuck };
    watch.observe(statusAt(T0, base), T0);
    expect(posted).toEqual([]); // muted
    muted.length = 0;
    watch.observe(statusAt(T0 + MINUTE, base), T0 + MINUTE);
    expect(posted.map((notification) => notification.kind)).toEqual(['staleLock']);
    watch.observe(statusAt(T0 + 30 * MINUTE, base), T0 + 30 * MINUTE);
    expect(posted).toHaveLength(1); // told once per holder

    // dropped by the burst cap: three other notices in the same minute came first
    const capped = watcher();
    capped.watch.observe(statusAt(T0, { recentRuns: [good], lastRun: good, lastSuccess: good }), T0);
    const runs = [failed(8, T0 + MINUTE), good];
    const gap = { range: { from: 0, to: T0 }, covered: [], overlaps: [], gaps: [{ from: T0 - 80 * MINUTE, to: T0 - 70 * MINUTE }] };
    const busy = { recentRuns: runs, lastRun: runs[0], lastSuccess: good, coverage: gap, lockHolderProcess: 'elsewhere' as const };
    const degraded = { backend: 'local' as const, degraded: true, redisReachable: false };
    capped.watch.observe(statusAt(T0 + MINUTE, { ...busy, lock: lock(degraded) }), T0 + MINUTE);
    expect(capped.kinds()).toEqual(['runFailed', 'gap', 'redisDown']);
    const degradedStuck = lock({
      ...degraded,
      held: true,
      holder: { ...holder, backend: 'local' as const, acquiredAt: new Date(T0 - 60 * MINUTE).toISOString() },
    });
    capped.watch.observe(statusAt(T0 + MINUTE + 1000, { ...busy, lock: degradedStuck }), T0 + MINUTE + 1000);
    expect(capped.kinds()).not.toContain('staleLock');
    capped.watch.observe(statusAt(T0 + 3 * MINUTE, { ...busy, lock: degradedStuck }), T0 + 3 * MINUTE);
    expect(capped.kinds().filter((kind) => kind === 'staleLock')).toHaveLength(1);
  });

  it('Redis becoming unreachable (degraded lock) is told once; back to OK after Crítico is told', () => {
    const { watch, kinds } = watcher();
    const good = ok(7, T0);
    const base = { recentRuns: [good], lastRun: good, lastSuccess: good };
    watch.observe(statusAt(T0, base), T0);
    const degraded = lock({ backend: 'local', degraded: true, redisReachable: false });
    watch.observe(statusAt(T0 + MINUTE, { ...base, lock: degraded }), T0 + MINUTE);
    watch.observe(statusAt(T0 + 2 * MINUTE, { ...base, lock: degraded }), T0 + 2 * MINUTE);
    expect(kinds()).toEqual(['redisDown']);

    // two failures in a row: Crítico; then a success: OK again
    const runs = [failed(9, T0 + 3 * MINUTE), failed(8, T0 + 2 * MINUTE), good];
    watch.observe(statusAt(T0 + 3 * MINUTE, { recentRuns: runs, lastRun: runs[0], lastSuccess: good }), T0 + 3 * MINUTE);
    const recovered = ok(10, T0 + 4 * MINUTE);
    watch.observe(statusAt(T0 + 4 * MINUTE, { recentRuns: [recovered, ...runs], lastRun: recovered, lastSuccess: recovered }), T0 + 4 * MINUTE);
    expect(kinds()).toEqual(['redisDown', 'runFailed', 'recovered']);
  });

  it('muted kinds are not shown, and no more than the burst cap in a minute', () => {
    const muted = watcher(['gap']);
    const good = ok(7, T0);
    const base = { recentRuns: [good], lastRun: good, lastSuccess: good };
    const gap = { range: { from: 0, to: T0 }, covered: [], overlaps: [], gaps: [{ from: T0 - 80 * MINUTE, to: T0 - 70 * MINUTE }] };
    muted.watch.observe(statusAt(T0, base), T0);
    muted.watch.observe(statusAt(T0 + MINUTE, { ...base, coverage: gap }), T0 + MINUTE);
    expect(muted.posted).toEqual([]);

    // everything at once: a failure, a gap, a stuck lock, Redis gone
    const all = watcher();
    all.watch.observe(statusAt(T0, base), T0);
    const runs = [failed(8, T0 + MINUTE), good];
    const holder = {
      token: 'b'.repeat(32),
      owner: 'x',
      host: 'h',
      pid: 1,
      runId: 7,
      fence: 1,
      backend: 'local' as const,
      acquiredAt: new Date(T0 - 60 * MINUTE).toISOString(),
    };
    all.watch.observe(
      statusAt(T0 + MINUTE, {
        recentRuns: runs,
        lastRun: runs[0],
        lastSuccess: good,
        coverage: gap,
        lock: lock({ held: true, holder, backend: 'local', degraded: true, redisReachable: false }),
        lockHolderProcess: 'elsewhere',
      }),
      T0 + MINUTE,
    );
    expect(all.posted).toHaveLength(BURST_PER_MINUTE);
  });

  it('an Electron notification is shown, and a click opens the console at its panel', () => {
    const open = vi.fn();
    postNotification({ title: 'Lacuna na cobertura', body: 'b', panel: 'timeline' }, open);
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0]).toMatchObject({ shown: true, options: { title: 'Lacuna na cobertura', body: 'b' } });
    fake.notifications[0].emit('click');
    expect(open).toHaveBeenCalledWith('timeline');
  });
});
