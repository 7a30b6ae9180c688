/**
 * Issue 16.3, the way the world did it: a server that caps search_read (a proxy, a module, a
 * `limit` rule) made a run "succeed" with the first capped page of orders and move the
 * watermark on; an Odoo that never stops paging made a run read until memory gave out. The
 * engine must read everything through a cap, and fail a run that passes its deliberate bound
 * (SYNC_MAX_ORDERS_PER_RUN) with a message saying what, where and what to do, moving nothing.
 * A proxy in front of the simulator plays the misbehaving server (JSON-RPC and JSON-2).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startRewritingProxy, type ProxiedCall, type RewritingProxy } from '../../support/odoo-rewriting-proxy';
import { createSyncHarness, type SyncHarness, type SyncProtocol } from '../../support/sync-harness';

const MINUTE = 60_000;

let h: SyncHarness;
let proxy: RewritingProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await h?.close();
});

const scheduled = (engine: SyncHarness['engine']) => engine.runSync({ kind: 'planned', trigger: 'scheduled' });

/** An engine of the harness that talks to Odoo through the proxy. */
async function behind(hooks: Parameters<typeof startRewritingProxy>[1]) {
  proxy = await startRewritingProxy(new URL(h.sim.url), hooks);
  h.env.ODOO_URL = proxy.url;
  return h.openAnotherEngine();
}

/** A row with whatever fields were asked for, as an endless Odoo would page them. */
function endlessRow(id: number, fields: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = { id };
  for (const field of fields) {
    if (field === 'name') row.name = `SEM-FIM-${id}`;
    else if (field === 'state') row.state = 'sale';
    else if (field === 'write_date' || field === 'date_order') row[field] = '2026-06-01 12:00:00';
    else if (field === 'order_line') row.order_line = [];
    else if (field !== 'id') row[field] = false;
  }
  return row;
}

/** Answers every `id >` page of sale.order (matching `when`) with a full page of new ids: it never ends. */
const endless =
  (when: (call: ProxiedCall) => boolean) =>
  (call: ProxiedCall): unknown => {
    if (call.model !== 'sale.order' || call.method !== 'search_read' || !when(call)) return undefined;
    const after = call.domain.find((leaf): leaf is [string, string, number] => Array.isArray(leaf) && leaf[0] === 'id' && leaf[1] === '>');
    if (!after) return undefined;
    const limit = Number(call.kwargs.limit ?? 5000);
    return Array.from({ length: limit }, (_, i) => endlessRow(after[2] + 1 + i, (call.kwargs.fields as string[]) ?? []));
  };

describe.each<SyncProtocol>(['jsonrpc', 'json2'])('paging over %s', (protocol) => {
  it('a server capping search_read at 100 rows: the full load and the next run still read every order', async () => {
    h = await createSyncHarness({ backend: 'postgres', protocol, orders: 300, linesPerOrder: 3 });
    const capped = await behind({
      rewrite: (call) => {
        if (call.method === 'search_read') call.kwargs.limit = Math.min(Number(call.kwargs.limit ?? Infinity), 100);
      },
    });
    h.clock.advance(MINUTE);
    const first = await scheduled(capped.engine);
    expect(first.run.error).toBeNull();
    expect(first.run.status).toBe('succeeded');
    expect(first.run.ordersSeen).toBe(300);
    expect(await h.check()).toEqual([]);

    // 150 orders change (a quantity on one line each): a capped window must still see them all
    const lines = h.sim.orm.searchRead('sale.order.line', [['display_type', '=', false]], { fields: ['order_id'] });
    const byOrder = new Map<number, number>();
    for (const line of lines) if (!byOrder.has((line.order_id as [number, string])[0])) byOrder.set((line.order_id as [number, string])[0], line.id);
    const changed = [...byOrder.values()].slice(0, 150);
    h.clock.advance(5 * MINUTE);
    for (const lineId of changed) h.sim.orm.write('sale.order.line', lineId, { product_uom_qty: 777 });
    h.clock.advance(25 * MINUTE);
    const next = await scheduled(capped.engine);
    expect(next.run.status).toBe('succeeded');
    expect(next.run.ordersSeen).toBeGreaterThanOrEqual(150);
    expect(await h.check()).toEqual([]);
  });
});

describe('an Odoo that never stops paging', () => {
  const bound = { SYNC_MAX_ORDERS_PER_RUN: '1000' };

  it('a full load fails with the bound named, pt-BR first, and records nothing as synced', { timeout: 30_000 }, async () => {
    h = await createSyncHarness({ backend: 'postgres', protocol: 'jsonrpc', env: bound });
    const endlessOdoo = await behind({ answer: endless(() => true) });
    h.clock.advance(MINUTE);
    const report = await scheduled(endlessOdoo.engine);
    expect(report.run.status).toBe('failed');
    expect(report.run.error).toMatch(/^Leitura do Odoo interrompida: sale\.order/);
    expect(report.run.error).toMatch(/SYNC_MAX_ORDERS_PER_RUN=1000/);
    expect(report.run.error).toMatch(/aumente SYNC_MAX_ORDERS_PER_RUN/);
    expect(await h.store.getSyncState()).toMatchObject({ watermark: null, odooSyncedTo: null });
  });

  it('an incremental run fails with the bound and leaves the watermark and Odoo clock where they were', { timeout: 30_000 }, async () => {
    h = await createSyncHarness({ backend: 'postgres', protocol: 'jsonrpc', env: bound });
    h.clock.advance(MINUTE);
    expect((await scheduled(h.engine)).run.status).toBe('succeeded');
    const before = await h.store.getSyncState();
    // only the window's reads page for ever (their domain has a write_date leaf)
    const endlessOdoo = await behind({
      answer: endless((call) => call.domain.some((leaf) => Array.isArray(leaf) && leaf[0] === 'write_date')),
    });
    h.clock.advance(30 * MINUTE);
    const report = await scheduled(endlessOdoo.engine);
    expect(report.run.status).toBe('failed');
    expect(report.run.error).toMatch(/^Leitura do Odoo interrompida: sale\.order.*SYNC_MAX_ORDERS_PER_RUN=1000/);
    const after = await h.store.getSyncState();
    expect({ watermark: after.watermark, odooSyncedTo: after.odooSyncedTo }).toEqual({ watermark: before.watermark, odooSyncedTo: before.odooSyncedTo });
    expect(await h.check()).toEqual([]);
  });
});
