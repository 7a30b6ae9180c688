/**
 * A scheduled run on a quiet Odoo stays at a handful of calls (issue 17.4): Odoo's clock (the
 * version), then one empty page each of the orders, lines, customers and products changed in its
 * window — whatever the full load before it read, and however many orders Odoo has.
 */
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;

let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

it('a no-change scheduled run makes five calls: the version and four empty pages', async () => {
  h = await createSyncHarness({ backend: 'postgres', protocol: 'json2', orders: 300 });
  h.clock.advance(MINUTE);
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
  h.clock.advance(30 * MINUTE);
  const before = h.sim.stats().calls;
  const quiet = await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
  expect(quiet.run).toMatchObject({ status: 'succeeded', ordersSeen: 0 });
  expect(h.sim.stats().calls - before).toBe(5);
});
