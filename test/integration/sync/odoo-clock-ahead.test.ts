/**
 * A proxy in front of Odoo whose clock runs hours ahead writes the `Date` header. Trusted, it
 * would store Odoo's clock in the future, and the next runs would start past rows Odoo has not
 * written yet: they would never be read. The engine caps it at this host's clock plus a minute
 * and says so in the log, and a change made after it is still synced.
 */
import { afterEach, expect, it } from 'vitest';
import { startForwardingProxy, type ForwardingProxy } from '../../support/forwarding-proxy';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
const AHEAD = 3 * 60 * MINUTE;

let h: SyncHarness;
let proxy: ForwardingProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await h?.close();
});

it('a Date header hours ahead is capped at the local clock plus a minute, and later changes are still read', async () => {
  h = await createSyncHarness({ backend: 'postgres' });
  h.clock.advance(MINUTE);
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');

  // every answer's `Date` header hours ahead of Odoo's true clock
  proxy = await startForwardingProxy(new URL(h.sim.url), {
    answerHeaders: (headers) => ({ ...headers, date: new Date(h.clock.now().getTime() + AHEAD).toUTCString() }),
  });
  h.env.ODOO_URL = proxy.url;
  const behindProxy = await h.openAnotherEngine();
  h.clock.advance(29 * MINUTE);
  expect((await behindProxy.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
  const syncedTo = (await h.store.getSyncState()).odooSyncedTo!;
  expect(syncedTo.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() + MINUTE);
  expect(h.logs.some((record) => record.event === 'sync.odoo_clock_ahead')).toBe(true);

  // A change Odoo stamps now (its true clock) is read by the next run.
  const [line] = h.sim.orm.search('sale.order.line', [
    ['product_id', '!=', false],
    ['display_type', '=', false],
  ]);
  h.sim.orm.write('sale.order.line', line, { product_uom_qty: 4321 });
  h.clock.advance(29 * MINUTE);
  const next = await behindProxy.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
  expect(next.run.ordersSeen).toBeGreaterThanOrEqual(1);
  expect(await h.check()).toEqual([]);
});
