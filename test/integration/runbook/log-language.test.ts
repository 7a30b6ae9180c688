/**
 * Issue 18.4: the log's `msg` is what an operator reads (journalctl, the console's log panel), and
 * English and UTC leaked into it: `Sincronização recente - pulando (run #4 started at …Z, less
 * than SYNC_MIN_INTERVAL_MINUTES (5) ago)`, a recovery typed as 07:00–08:00 local logged as
 * `janela 2026-12-06T10:00:00.000Z → …`. A real engine (PostgreSQL, Redis, the simulator over
 * HTTP) goes through a day of an operator's work, and every `msg` it logs is scanned: pt-BR, local
 * times (machine fields stay ISO); the runbook's own messages word for word.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../electron/engine/logger';
import { Scheduler } from '../../../electron/engine/scheduler';
import { redisCli } from '../../support/cli-process';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';
import { inTimeZone } from '../../unit/renderer/fixtures';

inTimeZone('America/Sao_Paulo');

const HOUR = 3_600_000;
/** An ISO time (`2026-12-06T10:00`, `…Z`): machine fields may carry it, `msg` may not. */
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}(:\d{2})?(\.\d+)?Z\b/;
/** English words that leaked into messages (none of them is Portuguese). */
const ENGLISH =
  /\b(the|a run|run #|runs?|started|ago|less than|since|held by|window|full load|scheduled|catch-up|recovery|reconcile|start|wake|resume|never|from|with|not|is|of|on|at|and|expired|deleted|gone|another token|no renewal|unreachable)\b/i;

function offending(records: LogRecord[]): string[] {
  return records.filter((record) => ISO_TIME.test(record.msg) || ENGLISH.test(record.msg)).map((record) => `${record.event}: ${record.msg}`);
}

describe('log messages an operator reads are pt-BR with local times', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 20, start: '2026-12-06T12:00:00Z' }); // 09:00 in São Paulo
  });
  afterAll(async () => {
    await h?.close();
  });

  it('through starts, runs, skips, recoveries, gaps, pauses and a forced release', async () => {
    const scheduler = new Scheduler(h.engine, { intervalMinutes: 30, minIntervalMinutes: 5, reconcileHourUtc: 3, clock: h.clock, logger: h.engine.logger });
    await scheduler.start({ timer: false }); // never synced: a catch-up (a full load)
    await scheduler.idle();

    h.clock.advance(31 * 60_000);
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('succeeded');
    // the double-fire guard
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' }, { minIntervalMinutes: 5 })).run.status).toBe('skipped');
    // the operator's recovery of 07:00–08:00 local
    const recovery = await h.engine.runSync({ kind: 'range', from: '2026-12-06T10:00:00.000Z', to: '2026-12-06T11:00:00.000Z' });
    expect(recovery.run.status).toBe('succeeded');
    // a downtime beyond SYNC_MAX_CATCHUP_HOURS (72 h): a gap
    h.clock.advance(80 * HOUR);
    await scheduler.tick();
    await scheduler.idle();
    expect((await h.engine.reconcile({ actor: 'cli:ana@vm' })).run.status).toBe('succeeded');
    await h.engine.pause('cli:ana@vm', 'manutenção do Odoo');
    await h.engine.resume('cli:ana@vm', 'manutenção concluída');
    // a holder nobody runs: skipped, then released by force
    const holder = { token: 'c'.repeat(32), owner: 'outra-ferramenta', host: 'vm-2', pid: 7, runId: null, acquiredAt: h.clock.now().toISOString(), fence: 1 };
    await redisCli('SET', `${h.env.SYNC_REDIS_PREFIX}:lock`, JSON.stringify(holder), 'PX', '600000');
    h.clock.advance(10 * 60_000);
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('skipped');
    expect((await h.engine.releaseLock({ force: true, actor: 'cli:ana@vm', reason: 'ferramenta travada' })).released).toBe(true);
    await scheduler.stop();

    const events = new Set(h.logs.map((record) => record.event));
    for (const event of [
      'scheduler.started',
      'scheduler.catch_up',
      'sync.started',
      'sync.skipped_recent',
      'sync.gap',
      'reconcile.compared',
      'scheduler.paused',
      'sync.skipped',
      'lock.force_released',
    ])
      expect(events, event).toContain(event);
    expect(offending(h.logs)).toEqual([]);

    // the recovery is said in the operator's local time, with the offset
    expect(h.logs.find((record) => record.event === 'sync.started' && record.trigger === 'recovery')?.msg).toBe(
      'Iniciando sincronização (recuperação) janela 06/12/2026 07:00 → 08:00 (UTC−03:00)',
    );
    // machine fields stay ISO
    expect(h.logs.find((record) => record.event === 'sync.started' && record.trigger === 'recovery')).toMatchObject({ windowFrom: '2026-12-06T10:00:00.000Z' });
    // the runbook's messages, word for word
    const messages = h.logs.map((record) => record.msg);
    for (const runbook of [
      'SINCRONIZAÇÃO INCREMENTAL CONCLUÍDA COM SUCESSO',
      'Sincronização já em execução - pulando',
      'Lock distribuído adquirido',
      'Lock distribuído liberado',
    ])
      expect(messages).toContain(runbook);
  });
});
