/**
 * Part of `npm run bench -- odoo`: records/s of the Odoo client per transport (XML-RPC,
 * JSON-RPC, JSON-2), reading every sale.order.line from the simulator over HTTP as the sync
 * does (pageByIdAsc, 5000 per page, validated by the sync's own hand-written line reader; once
 * more with the zod schema it replaced, for comparison), beside the `xmlrpc` npm package paging the
 * same way (decoded, not validated). The simulator runs in a process of its own (an Odoo 19),
 * so its serialising is what a real server would be: the ceiling every client shares.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import {
  OdooClient,
  odooDatetime,
  odooFloat,
  odooMany2one,
  odooNullableString,
  pageByIdAsc,
  type OdooProtocol,
  type RecordSchema,
} from '../electron/engine/odoo';
import { LINE_FIELDS, lineReader } from '../electron/engine/sync/odoo-rows';
import { startSimProcess, type SimProcess } from './start-sim-process';

const FIELDS = LINE_FIELDS;
/** The zod schema the hot line rows were checked with before the hand-written reader. */
const lineSchema = z.object({
  id: z.number().int(),
  order_id: odooMany2one(),
  product_id: odooMany2one().or(z.literal(false)),
  display_type: odooNullableString(),
  product_uom_qty: odooFloat(),
  qty_delivered: odooFloat(),
  qty_invoiced: odooFloat(),
  price_unit: odooFloat(),
  price_subtotal: odooFloat(),
  write_date: odooDatetime(),
});
const PAGE = 5000;

async function ours(sim: SimProcess, protocol: OdooProtocol, schema: RecordSchema = lineReader): Promise<number> {
  const client = new OdooClient({ url: sim.url, db: sim.db, username: sim.login, password: sim.password, apiKey: sim.apiKey, protocol, timeoutMs: 600_000 });
  let records = 0;
  try {
    for await (const page of pageByIdAsc(client, 'sale.order.line', [], { fields: FIELDS, schema, pageSize: PAGE })) records += page.length;
  } finally {
    client.close();
  }
  return records;
}

async function npmPackage(sim: SimProcess): Promise<number> {
  const require = createRequire(import.meta.url);
  const xmlrpc = require('xmlrpc') as typeof import('xmlrpc');
  const u = new URL(sim.url);
  const call = (path: string, method: string, params: unknown[]) =>
    new Promise<unknown>((resolve, reject) =>
      xmlrpc
        .createClient({ host: u.hostname, port: Number(u.port), path })
        .methodCall(method, params, (err: unknown, value: unknown) => (err ? reject(err) : resolve(value))),
    );
  const uid = await call('/xmlrpc/2/common', 'authenticate', [sim.db, sim.login, sim.password, {}]);
  let records = 0;
  let lastId = 0;
  for (;;) {
    const rows = (await call('/xmlrpc/2/object', 'execute_kw', [
      sim.db,
      uid,
      sim.password,
      'sale.order.line',
      'search_read',
      [[['id', '>', lastId]]],
      { fields: [...FIELDS, 'id'], order: 'id asc', limit: PAGE },
    ])) as { id: number }[];
    records += rows.length;
    if (rows.length < PAGE) return records;
    lastId = rows[rows.length - 1].id;
  }
}

const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')}/s`;

export async function runTransports(): Promise<void> {
  const orders = Number(process.env.BENCH_ODOO_SIM_ORDERS ?? 20_000);
  const sim = await startSimProcess(orders, 5);
  console.log(
    `\nper transport, from the simulator (Odoo 19) over HTTP: ${sim.lines.toLocaleString('en-US')} sale.order.line, ${FIELDS.length} fields, pages of ${PAGE}`,
  );
  const cases: [string, () => Promise<number>][] = [
    ['ours: XML-RPC, paged, validated', () => ours(sim, 'xmlrpc')],
    ['ours: JSON-RPC, paged, validated', () => ours(sim, 'jsonrpc')],
    ['ours: JSON-2, paged, validated (target ≥ 100k/s)', () => ours(sim, 'json2')],
    ['ours: JSON-2, paged, zod (before)', () => ours(sim, 'json2', lineSchema)],
    ['xmlrpc package, paged, no validation', () => npmPackage(sim)],
  ];
  const rows: string[][] = [];
  try {
    for (let round = 1; round <= 2; round++) {
      for (const [label, read] of cases) {
        if (process.env.BENCH_ODOO_SKIP_PACKAGE && label.startsWith('xmlrpc package')) continue; // quick looks while developing
        if (round === 1 && label.startsWith('xmlrpc package')) continue; // a minute per round, and nothing of ours to warm up
        const started = performance.now();
        const records = await read();
        const seconds = (performance.now() - started) / 1000;
        if (records !== sim.lines) throw new Error(`${label}: read ${records} records, the simulator has ${sim.lines}`);
        if (round === 2) rows.push([label, rate(records, seconds), `${seconds.toFixed(2)} s`]); // round 1 warms both sides up
      }
    }
  } finally {
    sim.child.disconnect();
  }
  const head = ['client (round 2 of 2)', 'records/s', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(`${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(fmt(r));
}
