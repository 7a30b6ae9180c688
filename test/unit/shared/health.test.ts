import { describe, expect, it } from 'vitest';
import type { LockHolderInfo } from '../../../shared/engine-types';
import { healthValue, healthVerdict, type HealthRuleId } from '../../../shared/health';
import { diagnoseLock } from '../../../shared/lock-diagnosis';
import { lock, progress, run, status } from '../renderer/fixtures';

const NOW = Date.parse('2025-01-15T14:00:00.000Z');
const MIN = 60_000;
const ago = (minutes: number) => new Date(NOW - minutes * MIN).toISOString();
/** A finished sync that started `startMin` minutes ago, read Odoo up to then, and took `tookMin` minutes. */
const finished = (id: number, startMin: number, overrides: Parameters<typeof run>[0] = {}, tookMin = 1) =>
  run({ id, startedAt: ago(startMin), finishedAt: ago(startMin - tookMin), windowFrom: ago(startMin + 40), windowTo: ago(startMin), ...overrides });
const rule = (verdict: ReturnType<typeof healthVerdict>, id: HealthRuleId) => verdict.rules.find((candidate) => candidate.id === id)!;

const holder = (overrides: Partial<LockHolderInfo> = {}): LockHolderInfo => ({
  token: 'a'.repeat(32),
  owner: 'scheduler@other',
  host: 'other',
  pid: 99,
  runId: null,
  acquiredAt: ago(20),
  fence: 5,
  backend: 'redis',
  ...overrides,
});

describe('healthVerdict', () => {
  it('OK when the last success is recent, fast, and nothing failed', () => {
    const last = finished(7, 10);
    const verdict = healthVerdict(status({ lastSuccess: last, lastRun: last, recentRuns: [last] }), NOW);
    expect(verdict.level).toBe('ok');
    expect(verdict.rules.map((r) => r.id)).toEqual([
      'sinceSuccess',
      'gaps',
      'duration',
      'failures',
      'staleLock',
      'lockErrors',
      'zeroOrders',
      'keyCollisions',
      'heldDeactivation',
    ]);
    expect(rule(verdict, 'sinceSuccess')).toMatchObject({ level: 'ok', value: 9 * MIN, warnAt: 45 * MIN, criticalAt: 70 * MIN });
    expect(healthValue(verdict.level)).toBe(0);
  });

  it('time since the last success: Atenção beyond 1.5 × interval, Crítico beyond interval + window', () => {
    const at = (minutes: number) => {
      const last = finished(7, minutes + 1);
      return rule(healthVerdict(status({ lastSuccess: last, recentRuns: [last] }), NOW), 'sinceSuccess').level;
    };
    expect(at(44)).toBe('ok');
    expect(at(46)).toBe('warn');
    expect(at(70)).toBe('warn');
    expect(at(71)).toBe('critical');
    // Never synced: not OK, but no gap either.
    expect(rule(healthVerdict(status({ lastSuccess: null, recentRuns: [] }), NOW), 'sinceSuccess')).toMatchObject({ level: 'warn', value: null });
  });

  it('a gap already in coverage is Crítico until it is filled', () => {
    const last = finished(7, 10);
    const gaps = [{ from: NOW - 5 * 60 * MIN, to: NOW - 3.5 * 60 * MIN }];
    const verdict = healthVerdict(
      status({ lastSuccess: last, recentRuns: [last], coverage: { range: { from: 0, to: NOW }, covered: [], overlaps: [], gaps } }),
      NOW,
    );
    expect(rule(verdict, 'gaps')).toMatchObject({ level: 'critical', value: 90 * MIN });
    expect(verdict.level).toBe('critical');
  });

  it('follows the configured thresholds', () => {
    const last = finished(7, 40);
    const s = status({ lastSuccess: last, recentRuns: [last] });
    expect(rule(healthVerdict(s, NOW), 'sinceSuccess').level).toBe('ok');
    expect(rule(healthVerdict(s, NOW, { ...s.settings.health, sinceSuccessWarnFactor: 1.2 }), 'sinceSuccess').level).toBe('warn');
  });

  it('last run duration vs 5 min; a run in progress counts once it is over; a full load is not measured', () => {
    const long = finished(7, 12, {}, 7.5);
    expect(rule(healthVerdict(status({ lastSuccess: long, recentRuns: [long] }), NOW), 'duration')).toMatchObject({
      level: 'warn',
      value: 7.5 * MIN,
      warnAt: 5 * MIN,
    });
    const full = finished(8, 12, { fullLoad: true, windowFrom: null }, 9);
    const quick = finished(6, 50);
    expect(rule(healthVerdict(status({ lastSuccess: full, recentRuns: [full, quick] }), NOW), 'duration')).toMatchObject({ level: 'ok', value: MIN });
    const running = progress({ startedAt: ago(6) });
    expect(rule(healthVerdict(status({ running, recentRuns: [quick] }), NOW), 'duration')).toMatchObject({ level: 'warn', value: 6 * MIN, note: 'running' });
  });

  it('consecutive failures: 1 Atenção, 2 or more Crítico; skips and reconciliations neither count nor reset', () => {
    const ok = finished(1, 200);
    const failed = (id: number, minutes: number) => finished(id, minutes, { status: 'failed', error: 'Odoo down' });
    const skipped = finished(9, 5, { status: 'skipped' });
    const reconcile = finished(10, 4, { trigger: 'reconcile' });
    expect(rule(healthVerdict(status({ recentRuns: [failed(2, 30), ok] }), NOW), 'failures')).toMatchObject({ level: 'warn', value: 1 });
    const five = [reconcile, skipped, failed(6, 30), failed(5, 60), finished(4, 90, { status: 'aborted' }), failed(3, 120), failed(2, 150), ok];
    const verdict = healthVerdict(status({ recentRuns: five, lastSuccess: ok }), NOW);
    expect(rule(verdict, 'failures')).toMatchObject({ level: 'critical', value: 5, criticalAt: 2 });
    expect(verdict.level).toBe('critical');
    expect(healthValue(verdict.level)).toBe(2);
  });

  it("an operator's recovery of an earlier stretch neither ends a string of failures nor counts as the last success", () => {
    const ok = finished(1, 200);
    const failed = (id: number, minutes: number) => finished(id, minutes, { status: 'failed', error: 'Odoo down' });
    const lastWeek = finished(9, 2, { trigger: 'recovery', windowFrom: ago(7 * 24 * 60), windowTo: ago(7 * 24 * 60 - 60) });
    const verdict = healthVerdict(status({ recentRuns: [lastWeek, failed(3, 30), failed(2, 60), ok], lastSuccess: ok }), NOW);
    expect(rule(verdict, 'failures')).toMatchObject({ level: 'critical', value: 2 });
    // a recovery that reads up to now ("janela de 120 minutos") is a success like any other
    const window = finished(9, 2, { trigger: 'recovery', windowFrom: ago(122) });
    expect(rule(healthVerdict(status({ recentRuns: [window, failed(3, 30), ok] }), NOW), 'failures')).toMatchObject({ level: 'ok', value: 0 });
  });

  it('a stuck lock: Atenção, Crítico once it made runs skip; a live run holding it is fine', () => {
    const failedRun = finished(12, 25, { status: 'failed' });
    const skip = finished(13, 5, { status: 'skipped', problem: 'lockHeld' });
    const stuck = status({ lock: lock({ held: true, holder: holder({ runId: 12 }), ttlMs: 600_000 }), recentRuns: [failedRun] });
    expect(rule(healthVerdict(stuck, NOW), 'staleLock')).toMatchObject({ level: 'warn', value: 0, note: 'stuck' });
    expect(rule(healthVerdict({ ...stuck, recentRuns: [skip, failedRun] }, NOW), 'staleLock')).toMatchObject({ level: 'critical', value: 1 });
    // a run skipped because another had just run (SYNC_MIN_INTERVAL_MINUTES) was not kept out by the lock
    const recent = finished(15, 4, { status: 'skipped', problem: 'recent' });
    expect(rule(healthVerdict({ ...stuck, recentRuns: [recent, failedRun] }, NOW), 'staleLock')).toMatchObject({ level: 'warn', value: 0 });
    // A foreign holder with no run at all, older than a minute.
    expect(rule(healthVerdict(status({ lock: lock({ held: true, holder: holder() }), recentRuns: [skip] }), NOW), 'staleLock').level).toBe('critical');
    // A live run (its row says running) and a holder that took the lock seconds ago are not stuck.
    const live = finished(14, 2, { status: 'running', finishedAt: null });
    expect(rule(healthVerdict(status({ lock: lock({ held: true, holder: holder({ runId: 14 }) }), recentRuns: [live, skip] }), NOW), 'staleLock').level).toBe(
      'ok',
    );
    const starting = holder({ acquiredAt: new Date(NOW - 5000).toISOString() });
    expect(rule(healthVerdict(status({ lock: lock({ held: true, holder: starting }) }), NOW), 'staleLock').level).toBe('ok');
  });

  it('lock errors: a degraded or uninspectable lock is Atenção', () => {
    expect(rule(healthVerdict(status({ lock: lock({ degraded: true, redisReachable: false, backend: 'local' }) }), NOW), 'lockErrors')).toMatchObject({
      level: 'warn',
      note: 'degraded',
    });
    expect(rule(healthVerdict(status({ lock: lock({ error: 'ECONNREFUSED' }) }), NOW), 'lockErrors').note).toBe('error');
  });

  it('runs with 0 orders count only when Odoo is known to change: never flags a quiet Odoo', () => {
    const zero = [finished(5, 10, { ordersSeen: 0 }), finished(4, 40, { ordersSeen: 0 }), finished(3, 70, { ordersSeen: 0 }), finished(2, 100)];
    const quiet = healthVerdict(status({ recentRuns: zero, lastSuccess: zero[0] }), NOW);
    expect(rule(quiet, 'zeroOrders')).toMatchObject({ level: 'ok', checked: false, value: 3, note: 'quiet' });
    expect(quiet.level).toBe('ok');
    const changing = healthVerdict(status({ recentRuns: zero, lastSuccess: zero[0], odooChanges: 'expected' }), NOW);
    expect(rule(changing, 'zeroOrders')).toMatchObject({ level: 'warn', checked: true, value: 3 });
    expect(rule(healthVerdict(status({ recentRuns: zero.slice(1), odooChanges: 'expected' }), NOW), 'zeroOrders').level).toBe('ok');
  });

  it('keys two orders with one name claim are Atenção while any is open (issue 16.2)', () => {
    const collision = {
      numPedido: 'S00001',
      codProduto: 'P005',
      keptOrderId: 3,
      skippedOrderId: 9,
      firstSeenRunId: 4,
      lastSeenRunId: 7,
      firstSeenAt: ago(60),
      lastSeenAt: ago(10),
    };
    expect(rule(healthVerdict(status(), NOW), 'keyCollisions')).toMatchObject({ level: 'ok', value: 0 });
    const open = healthVerdict(status({ keyCollisions: { total: 3, items: [collision] } }), NOW);
    expect(rule(open, 'keyCollisions')).toMatchObject({ level: 'warn', value: 3, warnAt: 1, criticalAt: null });
    expect(open.level).toBe('warn');
  });

  it('a reconciliation held before a mass deactivation is Atenção until a reconciliation succeeds; syncs and other failures do not clear it (issue 16.1)', () => {
    const held = finished(6, 20, { trigger: 'reconcile', status: 'failed', problem: 'deactivationHeld' });
    const sync = finished(7, 10);
    const failedAgain = finished(8, 5, { trigger: 'reconcile', status: 'failed', problem: 'failed' });
    const verdict = healthVerdict(status({ recentRuns: [failedAgain, sync, held], lastSuccess: sync }), NOW);
    expect(rule(verdict, 'heldDeactivation')).toMatchObject({ level: 'warn', value: 1 });
    // a held reconciliation is not a failed sync
    expect(rule(verdict, 'failures')).toMatchObject({ level: 'ok', value: 0 });
    const reconciled = finished(9, 2, { trigger: 'reconcile' });
    expect(rule(healthVerdict(status({ recentRuns: [reconciled, failedAgain, sync, held], lastSuccess: sync }), NOW), 'heldDeactivation').level).toBe('ok');
  });
});

describe('diagnoseLock', () => {
  it('tells a live run, a starting one, a finished one and an unknown holder apart', () => {
    const held = (h: LockHolderInfo) => lock({ held: true, holder: h });
    expect(diagnoseLock(status({ lock: lock() }), NOW)).toBeNull();
    const running = progress({ runId: 8 });
    expect(diagnoseLock(status({ lock: held(holder({ runId: 8 })), running }), NOW)).toMatchObject({ state: 'live', progress: running, ageMs: 20 * MIN });
    expect(diagnoseLock(status({ lock: held(holder({ runId: 7 })), recentRuns: [run({ id: 7, status: 'failed' })] }), NOW)?.state).toBe('finished');
    expect(diagnoseLock(status({ lock: held(holder({ runId: 3 })), recentRuns: [] }), NOW)?.state).toBe('unknown');
    expect(diagnoseLock(status({ lock: held(holder({ acquiredAt: ago(0.5) })), recentRuns: [] }), NOW)?.state).toBe('starting');
    // Its process is gone from this host: its run's row may still say running, it runs nothing.
    const orphan = run({ id: 9, status: 'running', finishedAt: null });
    expect(diagnoseLock(status({ lock: held(holder({ runId: 9 })), recentRuns: [orphan], lockHolderProcess: 'dead' }), NOW)?.state).toBe('finished');
  });
});
