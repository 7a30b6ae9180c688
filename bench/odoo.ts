/**
 * `npm run bench -- odoo`: how fast the Odoo client decodes search_read answers of
 * sale.order.line records (15 fields, ~1.7 KB of XML each), beside the `xmlrpc` npm
 * package, plus encoder rates and peak RSS. The server runs in this process; every client
 * case runs in a fresh child process so its peak RSS is its own. Figures only, no asserts.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OdooClient, odooDatetime, odooFloat, odooMany2one, odooNullableString, pageByIdAsc } from '../electron/engine/odoo';
import { runTransports } from './odoo-transports';
import { decodeMethodCall, decodeMethodResponse, double, encodeMethodResponse, encodeMethodResponseChunks, type XmlRpcValue } from '../electron/engine/xmlrpc';

const FIELDS = [
  'order_id',
  'product_id',
  'name',
  'display_type',
  'product_uom_qty',
  'qty_delivered',
  'qty_invoiced',
  'price_unit',
  'price_subtotal',
  'price_total',
  'state',
  'write_date',
  'create_date',
  'order_partner_id',
];
const PRODUCTS = ['Office Chair Black Ergonomic', 'Acoustic Bloc Screens', 'Large Desk with Cable Management', 'Drawer Black', 'Corner Desk Right Sit'];

/** A sale.order.line like fixture 04, with the 15 fields (id included) the sync reads. */
function line(i: number): XmlRpcValue {
  const order = Math.floor(i / 8) + 1;
  const p = i % 500;
  const product = `[FURN_${1000 + p}] ${PRODUCTS[p % PRODUCTS.length]} ${p}`;
  const qty = 1 + (i % 17);
  const price = 10 + ((i * 7919) % 100000) / 100;
  return {
    id: i,
    order_id: [order, `S${String(order).padStart(5, '0')}`],
    product_id: [p + 1, product],
    name: `${product}\nCadeira ergonômica com braços & altura <ajustável> — entrega em até 30 dias`,
    display_type: false,
    product_uom_qty: double(qty),
    qty_delivered: double(i % 3 === 0 ? qty : 0),
    qty_invoiced: double(0),
    price_unit: double(price),
    price_subtotal: double(Math.round(qty * price * 100) / 100),
    price_total: double(Math.round(qty * price * 115) / 100),
    state: i % 5 === 0 ? 'draft' : 'sale',
    write_date: '2026-11-29 17:02:15',
    create_date: '2026-11-29 17:02:06',
    order_partner_id: [10 + (order % 300), `Deco Addict Comércio de Móveis Ltda ${order % 300}`],
  };
}

const lineSchema = z.object({
  id: z.number().int(),
  order_id: odooMany2one(),
  product_id: odooMany2one(),
  name: z.string(),
  display_type: odooNullableString(),
  product_uom_qty: odooFloat(),
  qty_delivered: odooFloat(),
  qty_invoiced: odooFloat(),
  price_unit: odooFloat(),
  price_subtotal: odooFloat(),
  price_total: odooFloat(),
  state: z.string(),
  write_date: odooDatetime(),
  create_date: odooDatetime(),
  order_partner_id: odooMany2one(),
});

// ---------------------------------------------------------------- child side

type CaseName = 'ours-raw' | 'ours-zod' | 'npm' | 'ours-paged' | 'ours-paged-small-heap' | 'ours-raw-small-heap';
interface CaseResult {
  records: number;
  seconds: number;
  baselineRss: number;
  peakRss: number;
}

async function runCase(name: CaseName, url: string, expected: number): Promise<CaseResult> {
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const started = performance.now();
  let records = 0;
  const client = new OdooClient({ url, db: 'bench', username: 'admin', password: 'admin', timeoutMs: 600_000 });
  if (name === 'ours-raw' || name === 'ours-raw-small-heap') {
    const rows = await client.executeKw('sale.order.line', 'search_read', [[]], { fields: FIELDS });
    records = Array.isArray(rows) ? rows.length : 0;
  } else if (name === 'ours-zod') {
    records = (await client.searchRead('sale.order.line', [], { fields: FIELDS, schema: lineSchema })).length;
  } else if (name === 'ours-paged' || name === 'ours-paged-small-heap') {
    for await (const page of pageByIdAsc(client, 'sale.order.line', [], { fields: FIELDS, schema: lineSchema, pageSize: 5000 })) records += page.length;
  } else {
    const require = createRequire(import.meta.url);
    const xmlrpc = require('xmlrpc') as typeof import('xmlrpc');
    const u = new URL(url);
    const npm = xmlrpc.createClient({ host: u.hostname, port: Number(u.port), path: '/xmlrpc/2/object' });
    records = await new Promise<number>((resolve, reject) =>
      npm.methodCall('execute_kw', ['bench', 2, 'admin', 'sale.order.line', 'search_read', [[]], { fields: FIELDS }], (err: unknown, rows: unknown) =>
        err ? reject(err) : resolve(Array.isArray(rows) ? rows.length : 0),
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  client.close();
  // Sampled, not getrusage: Linux carries ru_maxrss over from the parent across fork/exec.
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (records !== expected) throw new Error(`${name}: got ${records} records, expected ${expected}`);
  return { records, seconds, baselineRss, peakRss };
}

const childSpec = process.env.ODOO_BENCH_CASE;
if (childSpec) {
  const { name, url, expected } = JSON.parse(childSpec) as { name: CaseName; url: string; expected: number };
  runCase(name, url, expected).then(
    (r) => {
      process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}

function inChild(name: CaseName, url: string, expected: number): Promise<CaseResult | string> {
  return new Promise((resolve) => {
    // The small-heap cases prove paging keeps memory bounded: same 100k rows, 128 MB old space.
    const heap = name.endsWith('small-heap') ? ['--max-old-space-size=128'] : [];
    const child = spawn(process.execPath, [...heap, '--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, ODOO_BENCH_CASE: JSON.stringify({ name, url, expected }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as CaseResult);
      else
        resolve(
          `failed (exit ${code}): ${(
            err
              .trim()
              .split('\n')
              .find((l) => /Error|heap/i.test(l)) ??
            err.trim().split('\n')[0] ??
            ''
          ).slice(0, 100)}`,
        );
    });
  });
}

// ---------------------------------------------------------------- server side

/** Pre-encoded answers, so the client measurement is not paced by the server's encoder. */
interface Dataset {
  records: XmlRpcValue[];
  whole: Buffer[];
  pages: Map<number, Buffer[]>;
}

function encodeToBuffers(value: XmlRpcValue): Buffer[] {
  return [...encodeMethodResponseChunks(value)].map((c) => Buffer.from(c, 'utf8'));
}

async function serve(data: { current: Dataset | null }): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const call = decodeMethodCall(Buffer.concat(parts));
      const ds = data.current as Dataset;
      let chunks: Buffer[];
      if (call.methodName === 'authenticate') chunks = [Buffer.from(encodeMethodResponse(2))];
      else {
        const leaf = ((call.params[5] as XmlRpcValue[])[0] as XmlRpcValue[][])[0];
        const after = Array.isArray(leaf) && leaf[0] === 'id' ? (leaf[2] as number) : null;
        chunks = after === null ? ds.whole : (ds.pages.get(after) ?? [Buffer.from(encodeMethodResponse([]))]);
      }
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': chunks.reduce((n, c) => n + c.length, 0) });
      let i = 0;
      const pump = (): void => {
        while (i < chunks.length) if (!res.write(chunks[i++])) return void res.once('drain', pump);
        res.end();
      };
      pump();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')}/s`;

export async function run(): Promise<void> {
  const require = createRequire(import.meta.url);
  const npmSerializer = require('xmlrpc/lib/serializer.js') as { serializeMethodResponse(v: unknown): string };
  const data: { current: Dataset | null } = { current: null };
  const server = await serve(data);
  const rows: string[][] = [];
  const skipNpm100k = process.env.BENCH_ODOO_NPM_100K === '0';
  try {
    for (const n of [10_000, 100_000]) {
      const records = Array.from({ length: n }, (_, i) => line(i + 1));
      let t = performance.now();
      const whole = encodeToBuffers(records);
      const encodeSeconds = (performance.now() - t) / 1000;
      const bytes = whole.reduce((s, c) => s + c.length, 0);
      const pages = new Map<number, Buffer[]>();
      for (let at = 0; at < n; at += 5000) pages.set(at, encodeToBuffers(records.slice(at, at + 5000)));
      data.current = { records, whole, pages };
      console.log(`\n${n.toLocaleString('en-US')} records, ${(bytes / n).toFixed(0)} bytes of XML each, ${mb(bytes)} total`);
      console.log(`  encoder (ours, chunked):      ${rate(n, encodeSeconds)}`);
      // The codec alone, in this process, best of 3: no HTTP, no child start-up.
      const body = Buffer.concat(whole);
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        t = performance.now();
        decodeMethodResponse(body);
        best = Math.min(best, (performance.now() - t) / 1000);
      }
      console.log(`  decoder alone (ours, best/3): ${rate(n, best)}`);
      if (n === 10_000) {
        t = performance.now();
        npmSerializer.serializeMethodResponse(
          JSON.parse(JSON.stringify(records, (_k, v: unknown) => (v !== null && typeof v === 'object' && 'value' in v ? (v as { value: number }).value : v))),
        );
        console.log(`  encoder (xmlrpc package):     ${rate(n, (performance.now() - t) / 1000)}`);
      } else {
        console.log('  encoder (xmlrpc package):     not run (runs out of heap on one 100k-record answer)');
      }
      const cases: [CaseName, string][] = [
        ['ours-raw', 'ours: decode only (executeKw)'],
        ['ours-zod', 'ours: searchRead + zod schema'],
        ['ours-paged', 'ours: pageByIdAsc, 5000/page, zod'],
        ['npm', 'xmlrpc package client'],
      ];
      if (n === 100_000) {
        cases.push(['ours-paged-small-heap', 'ours: paged, heap capped at 128 MB'], ['ours-raw-small-heap', 'ours: one answer, heap capped 128 MB']);
      }
      for (const [name, label] of cases) {
        if (name === 'npm' && n === 100_000 && skipNpm100k) {
          rows.push([n.toLocaleString('en-US'), label, 'skipped (BENCH_ODOO_NPM_100K=0)', '', '']);
          continue;
        }
        const r = await inChild(name, server.url, n);
        if (typeof r === 'string') rows.push([n.toLocaleString('en-US'), label, r, '', '']);
        else rows.push([n.toLocaleString('en-US'), label, rate(r.records, r.seconds), mb(r.peakRss), mb(r.baselineRss)]);
        console.log(`  ${label.padEnd(36)} ${rows[rows.length - 1][2]}`);
      }
    }
  } finally {
    await server.close();
  }
  const head = ['records', 'client', 'records/s', 'peak RSS', 'RSS before call'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(fmt(r));
  console.log('\nEach client case runs in its own child process (peak RSS = that process); the server pre-encodes answers.');
  await runTransports();
}
