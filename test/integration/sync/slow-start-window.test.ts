/**
 * Found by the chaos soak (seed 893629425, one day, in CI): Odoo took hours to answer a run's
 * first call, so the run began reading long after it had planned its window. It read all Odoo
 * had by then and moved Odoo's clock there, but its record still ended where the plan did. The
 * next run started from Odoo's clock, and the stretch between looked covered by no run: a
 * false hole on the timeline, and for the soak an unreported gap. A run that reads all Odoo has
 * records the window it really read.
 */
import { afterEach, expect, it } from 'vitest';
import { startForwardingProxy, type ForwardingProxy } from '../../support/forwarding-proxy';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
const STALL = 5 * 60 * MINUTE;

let h: SyncHarness;
let proxy: ForwardingProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await h?.close();
});

it('a run that Odoo kept waiting records the window it read, so the next run leaves no hole on the timeline', async () => {
  h = await createSyncHarness({ backend: 'postgres', orders: 12 });
  // once armed, the next request waits STALL of Odoo's time before it reaches Odoo
  let armed = false;
  proxy = await startForwardingProxy(new URL(h.sim.url), {
    beforeForward: () => {
      if (armed) h.clock.advance(STALL);
      armed = false;
    },
  });
  h.env.ODOO_URL = proxy.url;
  const instance = await h.openAnotherEngine();
  expect((await instance.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');

  h.clock.advance(30 * MINUTE);
  const plannedAt = h.clock.now();
  armed = true;
  const slow = (await instance.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run;
  expect(slow.status).toBe('succeeded');
  const syncedTo = (await h.store.getSyncState()).odooSyncedTo!;
  expect(syncedTo.getTime()).toBeGreaterThan(plannedAt.getTime() + STALL - MINUTE);
  expect(new Date(slow.windowTo).getTime()).toBe(syncedTo.getTime());

  h.clock.advance(30 * MINUTE);
  h.sim.changes.tick(6);
  const next = (await instance.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run;
  expect(next.status).toBe('succeeded');
  expect(next.gap).toBeNull();
  expect((await h.engine.status()).coverage.gaps).toEqual([]);
  expect(await h.check()).toEqual([]);
});
