/**
 * The simulator's answer faults the soak uses for issue 16.1 and 16.3: an empty list where
 * records exist (0 for search_count), a list capped at a few rows, each on all three protocols,
 * aimed at one model and method, and withdrawn when its time is up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OdooClient } from '../../../electron/engine/odoo';
import { startOdooSimulator, type FaultSpec, type OdooSimulator } from '../../../electron/engine/odoo-sim';

let sim: OdooSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function simulator(): Promise<OdooSimulator> {
  sim = await startOdooSimulator({ port: 0, orders: 12, linesPerOrder: 3, seed: 5, serverVersion: '19.0' });
  return sim;
}

const client = (s: OdooSimulator, protocol: 'json2' | 'jsonrpc' | 'xmlrpc') =>
  new OdooClient({ url: s.url, db: s.db, username: s.login, password: s.password, apiKey: s.apiKey, protocol });

describe.each(['json2', 'jsonrpc', 'xmlrpc'] as const)('answer faults over %s', (protocol) => {
  it('empty: sale.order lists nothing (search_read, search, search_count) while other models answer, until withdrawn', async () => {
    const s = await simulator();
    const odoo = client(s, protocol);
    const specs: FaultSpec[] = ['search_read', 'search', 'search_count'].map((method) => ({
      kind: 'empty',
      times: 'always',
      match: { model: 'sale.order', method },
    }));
    for (const spec of specs) s.faults.inject(spec);
    expect(await odoo.executeKw('sale.order', 'search_read', [[]], { fields: ['name'] })).toEqual([]);
    expect(await odoo.executeKw('sale.order', 'search', [[]], {})).toEqual([]);
    expect(await odoo.executeKw('sale.order', 'search_count', [[]], {})).toBe(0);
    expect(((await odoo.executeKw('sale.order.line', 'search_read', [[]], { fields: ['order_id'] })) as unknown[]).length).toBe(36);
    // still on: 'always'
    expect(await odoo.executeKw('sale.order', 'search_read', [[]], { fields: ['name'] })).toEqual([]);
    for (const spec of specs) expect(s.faults.withdraw(spec)).toBe(true);
    expect(s.faults.withdraw(specs[0])).toBe(false);
    expect(((await odoo.executeKw('sale.order', 'search_read', [[]], { fields: ['name'] })) as unknown[]).length).toBe(12);
    expect(await odoo.executeKw('sale.order', 'search_count', [[]], {})).toBe(12);
  });

  it('cap: search_read keeps its first rows, whatever the limit asked; an error passes unchanged', async () => {
    const s = await simulator();
    const odoo = client(s, protocol);
    s.faults.inject({ kind: 'cap', rows: 5, times: 2, match: { method: 'search_read' } });
    const capped = (await odoo.executeKw('sale.order.line', 'search_read', [[]], { fields: ['id'], order: 'id asc', limit: 100 })) as Array<{ id: number }>;
    expect(capped.map((row) => row.id)).toEqual([1, 2, 3, 4, 5]);
    await expect(odoo.executeKw('sale.order.line', 'search_read', [[]], { fields: ['no_such_field'] })).rejects.toThrow(/no_such_field/);
    expect(((await odoo.executeKw('sale.order.line', 'search_read', [[]], { fields: ['id'] })) as unknown[]).length).toBe(36);
  });
});

it('refuses a cap that is no whole number of rows', async () => {
  const s = await simulator();
  expect(() => s.faults.inject({ kind: 'cap', rows: -1 })).toThrow(/whole number/);
  expect(() => s.faults.inject({ kind: 'cap', rows: 1.5 })).toThrow(/whole number/);
});
