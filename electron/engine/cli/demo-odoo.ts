/** `demo-odoo`: a foreground Odoo simulator for demos and for trying the sync by hand. */
import { createLogger } from '../logger';
import { startOdooSimulator } from '../odoo-sim';
import { waitForStopSignal } from '../stop-signal';

export interface DemoOdooOptions {
  port: number;
  host: string;
  orders: number;
  linesPerOrder: number;
  changesPerMinute: number;
  seed: number;
}

export async function runDemoOdoo(options: DemoOdooOptions): Promise<number> {
  const logger = createLogger({ base: { mode: 'DEMO' } });
  const simulator = await startOdooSimulator({
    port: options.port,
    host: options.host,
    seed: options.seed,
    orders: options.orders,
    linesPerOrder: options.linesPerOrder,
    serverVersion: '19.0', // speaks JSON-2 as well as JSON-RPC and XML-RPC
  });
  if (options.changesPerMinute > 0) simulator.changes.start(options.changesPerMinute);
  const stats = simulator.stats();
  logger.info('demo.listening', `DEMO: simulador Odoo em ${simulator.url} (banco ${simulator.db}, usuário ${simulator.login})`, {
    url: simulator.url,
    db: simulator.db,
    orders: stats.orders,
    lines: stats.lines,
    changesPerMinute: options.changesPerMinute,
  });
  process.stdout.write(
    `Odoo simulator listening on ${simulator.url}  db=${simulator.db} login=${simulator.login} password=${simulator.password} api_key=${simulator.apiKey} (Odoo ${simulator.serverVersion}: JSON-2, JSON-RPC, XML-RPC)  (${stats.orders} orders, ${stats.lines} lines; Ctrl-C stops)\n`,
  );

  // A repeated Ctrl-C (terminal + npm) must not end the process while the simulator closes.
  await waitForStopSignal(logger);
  simulator.changes.stop();
  await simulator.close();
  return 0;
}
