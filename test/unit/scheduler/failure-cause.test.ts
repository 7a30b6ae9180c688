/**
 * Issue 18.2: a scheduled run that could not even be recorded (its PostgreSQL database gone, so no
 * sync_runs row can hold its cause) still says its cause in pt-BR on the runbook's error line.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/engine/clock';
import { createLogger, type LogRecord } from '../../../electron/engine/logger';
import { Scheduler, type SchedulerEngine } from '../../../electron/engine/scheduler/scheduler';

describe('the scheduler, a run that could not start', () => {
  it('logs "Erro na sincronização:" with the cause and what to do, then the engine text', async () => {
    const gone = Object.assign(new pg.DatabaseError('database "carteira" does not exist', 0, 'error'), { code: '3D000', severity: 'FATAL' });
    const engine: SchedulerEngine = {
      isPaused: async () => false,
      lastSuccessfulSync: async () => null,
      runSync: () => Promise.reject(gone),
      reconcile: () => Promise.reject(gone),
      abortCurrentRun: () => undefined,
    };
    const logs: LogRecord[] = [];
    const scheduler = new Scheduler(engine, {
      intervalMinutes: 30,
      minIntervalMinutes: 5,
      reconcileHourUtc: null,
      clock: new ManualClock('2026-06-01T12:00:00Z'),
      logger: createLogger({ sink: (record) => logs.push(record), level: 'debug' }),
      failureTargets: { odoo: null, database: 'db:5432/carteira', redis: null },
    });
    await scheduler.start({ runNow: true, timer: false });
    await expect.poll(() => logs.find((log) => log.event === 'sync.failed')).toBeDefined();
    await scheduler.stop();
    expect(logs.find((log) => log.event === 'sync.failed')).toMatchObject({
      level: 'error',
      msg: 'Erro na sincronização: O banco de dados PostgreSQL db:5432/carteira não existe. Crie o banco (createdb) ou corrija o nome em DATABASE_URL. (database "carteira" does not exist)',
      cause: 'pgDatabaseNotFound',
      causeTarget: 'db:5432/carteira',
    });
  });
});
