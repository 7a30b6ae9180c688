/**
 * A proxy in front of Odoo whose clock runs hours ahead writes the `Date` header. Trusted, it
 * would store Odoo's clock in the future, and the next runs would start past rows Odoo has not
 * written yet: they would never be read. The engine caps it at this host's clock plus a minute
 * and says so in the log, and a change made after it is still synced.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
const AHEAD = 3 * 60 * MINUTE;

let h: SyncHarness;
let proxy: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await h?.close();
});

/** Forwards every request to the simulator and rewrites the answer's `Date` header, hours ahead. */
async function startClockAheadProxy(target: URL, now: () => Date): Promise<string> {
  proxy = createServer((incoming, outgoing) => {
    const upstream = request({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, date: new Date(now().getTime() + AHEAD).toUTCString() });
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy!.address() as AddressInfo).port}`;
}

it('a Date header hours ahead is capped at the local clock plus a minute, and later changes are still read', async () => {
  h = await createSyncHarness({ backend: 'postgres' });
  h.clock.advance(MINUTE);
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');

  h.env.ODOO_URL = await startClockAheadProxy(new URL(h.sim.url), () => h.clock.now());
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
