/**
 * The console methods added for the ops console: `getRuns` pages the run history back from the
 * oldest run shown (keyset on start and id, validated input), `getAudit` lists the audit rows with
 * the actor who asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../electron/engine/console';
import type { AuditEntrySummary, RunSummary } from '../../../shared/engine-types';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

describe('console history and audit', () => {
  let h: SyncHarness;
  let service: ConsoleService;
  beforeAll(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 4 });
    service = createConsoleService(h.engine, 'door-default');
    for (let n = 0; n < 7; n++) {
      h.clock.advance(30 * 60_000);
      await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('pages the runs newest first, each page starting before the oldest run of the last', async () => {
    const first = (await service.dispatch('getRuns', { limit: 3 })) as RunSummary[];
    expect(first.map((run) => run.id)).toEqual([7, 6, 5]);
    const last = first[first.length - 1];
    const second = (await service.dispatch('getRuns', { before: { startedAt: last.startedAt, id: last.id }, limit: 3 })) as RunSummary[];
    expect(second.map((run) => run.id)).toEqual([4, 3, 2]);
    const rest = (await service.dispatch('getRuns', { before: { startedAt: second[2].startedAt, id: second[2].id! } })) as RunSummary[];
    expect(rest.map((run) => run.id)).toEqual([1]);
    await expect(service.dispatch('getRuns', { limit: 0 })).rejects.toThrow(/getRuns: limit/);
  });

  it('lists the audit rows newest first, with the actor who asked (or the door by default)', async () => {
    await service.dispatch('pause', { reason: 'manutenção do Odoo' }, 'anonymous@10.0.0.5');
    await service.dispatch('resume', { reason: 'Odoo de volta' });
    const rows = (await service.dispatch('getAudit', undefined)) as AuditEntrySummary[];
    expect(rows.slice(0, 2)).toMatchObject([
      { action: 'scheduler.resume', actor: 'door-default', reason: 'Odoo de volta' },
      { action: 'scheduler.pause', actor: 'anonymous@10.0.0.5', reason: 'manutenção do Odoo' },
    ]);
    expect(typeof rows[0].at).toBe('string');
  });
});
