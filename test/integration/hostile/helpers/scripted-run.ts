/**
 * A run against a scripted Odoo, as the hostile tests make one per protocol: the simulator (16.0,
 * or 19.0 for JSON-2) behind the scripted Odoo, a fresh PostgreSQL database with a client on it,
 * and the CLI's environment for both (the PostgreSQL lock fallback, a Redis prefix of its own).
 */
import pg from 'pg';
import { startOdooSimulator } from '../../../../electron/engine/odoo-sim';
import { createTestDatabase } from '../../../support/services';
import { startScriptedOdoo, type OdooProtocol, type Rewrite, type ScriptedOdoo } from './scripted-odoo-proxy';

export interface ScriptedRun {
  odoo: ScriptedOdoo;
  /** a client on the run's database */
  db: pg.Client;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startScriptedRun(
  protocol: OdooProtocol,
  rewrite: Rewrite,
  options: { label: string; seed: number; odooTimeoutSeconds: number },
): Promise<ScriptedRun> {
  const sim = await startOdooSimulator({ port: 0, orders: 5, linesPerOrder: 2, seed: options.seed, serverVersion: protocol === 'json2' ? '19.0' : '16.0' });
  const odoo = await startScriptedOdoo(sim.url, rewrite);
  const database = await createTestDatabase(options.label);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  return {
    odoo,
    db,
    env: {
      ODOO_URL: odoo.url,
      ODOO_DB: sim.db,
      ODOO_USER: sim.login,
      ODOO_PASSWORD: sim.password,
      ...(protocol === 'json2' ? { ODOO_API_KEY: sim.apiKey } : {}),
      ODOO_PROTOCOL: protocol,
      ODOO_TIMEOUT_SECONDS: String(options.odooTimeoutSeconds),
      DATABASE_URL: database.url,
      SYNC_LOCK_FALLBACK: 'postgres',
      SYNC_REDIS_PREFIX: `carteira:test:${options.label}:${protocol}`,
    },
    close: async () => {
      await db.end();
      await odoo.close();
      await sim.close();
      await database.drop();
    },
  };
}
