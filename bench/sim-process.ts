/**
 * The Odoo simulator in a process of its own for benchmarks, as a real Odoo would be:
 * the engine's process then measures only the engine. Sends `{ url, db, login, password, apiKey, lines }`
 * (`SIM_VERSION=19.0` makes it an Odoo 19 that also speaks JSON-2).
 *
 * Its clock is the real one plus an offset the benchmark may move forward (`{ advanceMinutes }`),
 * to stand for Odoo staying quiet that long without waiting for it; `{ importOrders }` creates
 * that many new orders at once (a bulk import). Each message is answered `{ done: true }`.
 * The clock starts three hours behind the real one: moved forward, it must not pass the engine's
 * clock, since the engine trusts an Odoo clock at most a minute ahead of its own (and would then
 * start the next run from its own clock, re-reading what Odoo wrote since).
 */
import { startOdooSimulator } from '../electron/engine/odoo-sim';

let offsetMs = -3 * 60 * 60_000;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const linesPerOrder = Number(process.env.SIM_LINES_PER_ORDER);

const simulator = await startOdooSimulator({
  port: 0,
  seed: 11,
  clock,
  orders: Number(process.env.SIM_ORDERS),
  linesPerOrder,
  serverVersion: process.env.SIM_VERSION === '19.0' ? '19.0' : '16.0',
});
process.send!({
  url: simulator.url,
  db: simulator.db,
  login: simulator.login,
  password: simulator.password,
  apiKey: simulator.apiKey,
  lines: simulator.stats().lines,
});

function importOrders(count: number): void {
  const { orm } = simulator;
  const partners = orm.search('res.partner', [], { limit: 50 });
  const products = orm.search('product.product', [], { limit: 200 });
  for (let i = 0; i < count; i++) {
    const order_line = Array.from({ length: linesPerOrder }, (_, line) => [
      0,
      0,
      { product_id: products[(i * 7 + line) % products.length], product_uom_qty: 1 + ((i + line) % 9), price_unit: 10 + (line % 5) },
    ]);
    orm.create('sale.order', { partner_id: partners[i % partners.length], order_line });
  }
}

process.on('message', (message: { advanceMinutes?: number; importOrders?: number }) => {
  if (message.advanceMinutes) offsetMs += message.advanceMinutes * 60_000;
  if (message.importOrders) importOrders(message.importOrders);
  process.send!({ done: true });
});
process.on('disconnect', () => void simulator.close().then(() => process.exit(0)));
