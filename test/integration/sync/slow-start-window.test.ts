/**
 * Found by the chaos soak (seed 893629425, one day, in CI): Odoo took hours to answer a run's
 * first call, so the run began reading long after it had planned its window. It read all Odoo
 * had by then and moved Odoo's clock there, but its record still ended where the plan did. The
 * next run started from Odoo's clock, and the stretch between looked covered by no run: a
 * false hole on the timeline, and for the soak an unreported gap. A run that reads all Odoo has
 * records the window it really read.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;
const STALL = 5 * 60 * MINUTE;

let h: SyncHarness;
let proxy: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await h?.close();
});

/** Forwards every request to the simulator; while `stalled` is set, the first one waits `STALL` of Odoo's time. */
async function startStallingProxy(target: URL, stall: () => void): Promise<{ url: string; arm: () => void }> {
  let armed = false;
  proxy = createServer((incoming, outgoing) => {
    if (armed) {
      armed = false;
      stall();
    }
    const upstream = request({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy!.address() as AddressInfo).port}`, arm: () => (armed = true) };
}

it('a run that Odoo kept waiting records the window it read, so the next run leaves no hole on the timeline', async () => {
  h = await createSyncHarness({ backend: 'postgres', orders: 12 });
  const stalling = await startStallingProxy(new URL(h.sim.url), () => h.clock.advance(STALL));
  h.env.ODOO_URL = stalling.url;
  const instance = await h.openAnotherEngine();
  expect((await instance.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');

  h.clock.advance(30 * MINUTE);
  const plannedAt = h.clock.now();
  stalling.arm();
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
