/**
 * The Odoo simulator in a process of its own for benchmarks, as a real Odoo would be:
 * the engine's process then measures only the engine. Sends `{ url, db, login, password, apiKey, lines }`
 * (`SIM_VERSION=19.0` makes it an Odoo 19 that also speaks JSON-2).
 */
import { startOdooSimulator } from '../electron/engine/odoo-sim';

const simulator = await startOdooSimulator({
  port: 0,
  seed: 11,
  orders: Number(process.env.SIM_ORDERS),
  linesPerOrder: Number(process.env.SIM_LINES_PER_ORDER),
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
process.on('disconnect', () => void simulator.close().then(() => process.exit(0)));
