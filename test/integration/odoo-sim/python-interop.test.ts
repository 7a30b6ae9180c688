/**
 * Python's standard xmlrpc.client, used exactly as Odoo's external API documentation shows,
 * against a running simulator: common.authenticate, then models.execute_kw search_read.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';

const run = promisify(execFile);

const SCRIPT = `
import json, sys, xmlrpc.client
url, db, username, password = sys.argv[1:5]
common = xmlrpc.client.ServerProxy('{}/xmlrpc/2/common'.format(url))
version = common.version()
uid = common.authenticate(db, username, password, {})
bad = common.authenticate(db, username, 'wrong', {})
models = xmlrpc.client.ServerProxy('{}/xmlrpc/2/object'.format(url))
lines = models.execute_kw(db, uid, password, 'sale.order.line', 'search_read',
    [[['write_date', '>=', '2000-01-01 00:00:00'], ['order_id.state', 'in', ['sale', 'done']]]],
    {'fields': ['order_id', 'product_id', 'product_uom_qty', 'price_unit', 'write_date'], 'order': 'id asc', 'limit': 5})
count = models.execute_kw(db, uid, password, 'sale.order', 'search_count', [[]])
try:
    models.execute_kw(db, uid, 'wrong', 'sale.order', 'search', [[]])
    denied = None
except xmlrpc.client.Fault as fault:
    denied = [fault.faultCode, fault.faultString]
try:
    models.execute_kw(db, uid, password, 'sale.order.line', 'read', [[1]], {'fields': ['nope']})
    invalid = None
except xmlrpc.client.Fault as fault:
    invalid = [fault.faultCode, fault.faultString.strip().splitlines()[-1]]
print(json.dumps({'version': version['server_version'], 'uid': uid, 'bad': bad, 'lines': lines, 'types': [type(l['product_uom_qty']).__name__ for l in lines], 'count': count, 'denied': denied, 'invalid': invalid}))
`;

describe('Python xmlrpc.client interop', () => {
  let sim: OdooSimulator;
  beforeAll(async () => {
    sim = await startOdooSimulator({ seed: 3, orders: 40, linesPerOrder: 4 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('authenticates and reads like against a real Odoo', async () => {
    let stdout: string;
    try {
      ({ stdout } = await run('python3', ['-c', SCRIPT, sim.url, sim.db, sim.login, sim.password], { timeout: 30_000 }));
    } catch (error) {
      throw new Error(`python3 is needed for this test (it is on the CI machine): ${(error as Error).message}`);
    }
    const out = JSON.parse(stdout) as {
      version: string;
      uid: number;
      bad: boolean;
      lines: Array<Record<string, unknown>>;
      types: string[];
      count: number;
      denied: [number, string];
      invalid: [number, string];
    };
    expect(out.version).toBe('16.0');
    expect(out.uid).toBe(2);
    expect(out.bad).toBe(false);
    expect(out.count).toBe(40);
    expect(out.lines).toHaveLength(5);
    expect(out.types).toEqual(['float', 'float', 'float', 'float', 'float']);
    const truth = sim.orm.searchRead('sale.order.line', [['order_id.state', 'in', ['sale', 'done']]], {
      fields: ['order_id', 'product_id', 'product_uom_qty', 'price_unit', 'write_date'],
      order: 'id asc',
      limit: 5,
    });
    expect(out.lines).toEqual(truth);
    expect(out.denied).toEqual([3, 'Access Denied']);
    expect(out.invalid).toEqual([1, "ValueError: Invalid field 'nope' on model 'sale.order.line'"]);
  });
});
