/**
 * Found reviewing the console issue: the status drew coverage from its newest 50 runs, so a gap
 * reported a day earlier (beyond SYNC_MAX_CATCHUP_HOURS, never recovered) dropped out of the
 * gap list, the health verdict and `carteira_sync_gap_seconds` without being filled; and an
 * operator's recovery of an earlier stretch became the "last success", turning the verdict back
 * to OK while the scheduled runs kept failing.
 */
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;

let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

const scheduled = () => h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });

it('a reported gap stays in the status until it is recovered, however many runs came after it; recovering it is not the last success', async () => {
  h = await createSyncHarness({ backend: 'postgres', orders: 12, env: { SYNC_MAX_CATCHUP_HOURS: '1' } });
  expect((await scheduled()).run.status).toBe('succeeded');
  h.clock.advance(3 * 60 * MINUTE); // down for 3 hours: beyond the catch-up bound
  const clipped = (await scheduled()).run;
  expect(clipped.gap).not.toBeNull();

  // A day of runs later, the gap is older than every run the status lists.
  for (let run = 0; run < 55; run++) {
    h.clock.advance(30 * MINUTE);
    expect((await scheduled()).run.status).toBe('succeeded');
  }
  const status = await h.engine.status();
  expect(status.recentRuns.some((run) => run.id === clipped.id)).toBe(false);
  expect(status.coverage.gaps).toEqual([{ from: Date.parse(clipped.gap!.from), to: Date.parse(clipped.gap!.to) }]);
  expect(status.health.rules.find((rule) => rule.id === 'gaps')?.level).toBe('critical');
  const lastScheduled = status.lastSuccess!;

  h.clock.advance(MINUTE);
  const recovered = (await h.engine.runSync({ kind: 'range', from: clipped.gap!.from, to: clipped.gap!.to })).run;
  expect(recovered.status).toBe('succeeded');
  const after = await h.engine.status();
  expect(after.coverage.gaps).toEqual([]);
  // It covered a stretch of yesterday: the copy is as fresh as the last scheduled run left it.
  expect(after.lastSuccess?.id).toBe(lastScheduled.id);
  expect(await h.check()).toEqual([]);
});
