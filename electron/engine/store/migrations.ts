/**
 * Versioned schema migrations, shared by both backends. Each migration runs once, in its
 * own transaction, recorded in `schema_migrations`. Every migration transaction first takes
 * a transaction-scoped advisory lock, so two processes starting at once on the same
 * PostgreSQL database apply each migration exactly once (the second waits, then sees it
 * recorded). Never edit a shipped migration: add a new one. Versions need not be consecutive
 * (there is no 7).
 *
 * Tables
 * ------
 * schema_migrations  version int PK, name text, applied_at timestamptz
 *
 * carteira           the order book: one row per (num_pedido, cod_produto), lines of an order
 *                    with the same product already aggregated by the sync.
 *   num_pedido text, cod_produto text            PRIMARY KEY (num_pedido, cod_produto)
 *   nome_produto, cnpj_cliente, nome_cliente     text
 *   qtd_produto_pedido, qtd_entregue, qtd_faturada, qtd_saldo_produto_pedido,
 *   preco_produto_pedido, valor_produto_pedido   numeric (never float)
 *   status_pedido text                           the Odoo order's `state`
 *   data_pedido, data_entrega timestamptz
 *   odoo_order_id bigint                         indexed (carteira_odoo_order_id_idx)
 *   odoo_write_date timestamptz                  newest Odoo write_date behind this row; an
 *                                                older one never overwrites it
 *   ativo boolean                                false for keys the order no longer has,
 *                                                cancelled/fully invoiced lines, deleted orders
 *   sync_run_id bigint                           the run that last wrote the row
 *   updated_at timestamptz                       database now() of that write
 *
 * sync_runs          one row per run (or skipped run): id bigserial PK, trigger
 *                    (scheduled|manual|recovery|catch-up|reconcile), status
 *                    (running|succeeded|failed|skipped|aborted), window_from, window_to,
 *                    full_load, started_at, finished_at, host, pid, fence, lock_backend,
 *                    degraded, demo, gap_from, gap_to, orders_seen, rows_inserted,
 *                    rows_updated, rows_unchanged, rows_deactivated, error,
 *                    watermark_before, watermark_after, lock_token, lock_acquired_at (the
 *                    token and acquisition time of the lock value the run held; migration 2),
 *                    problem (why it did not succeed: lockLost|stopped|failed|deactivationHeld|
 *                    lockHeld|recent; migration 4), actor (who started it; migration 8), cause
 *                    and cause_target (why a failed run failed, e.g. odooConnectionRefused, and
 *                    where; migration 9),
 *                    process_instance (the instance of pid: boot id + start time; migration 10)
 *
 * sync_state         exactly one row (id = 1): watermark timestamptz (newest Odoo write_date
 *                    whose window was applied completely), fence bigint (last fencing token
 *                    handed out), paused, paused_reason, paused_by, paused_at, updated_at,
 *                    odoo_synced_to timestamptz (migration 3: Odoo's clock, from its HTTP
 *                    `Date` header, when the newest connected successful run began reading;
 *                    the next scheduled run starts there less the overlap), odoo_protocol
 *                    text (the protocol that run spoke: xmlrpc, jsonrpc or json2)
 *
 * sync_audit         operator actions: id bigserial PK, at, actor, action, reason, details jsonb
 *
 * carteira_key_collisions  (migration 5) keys two Odoo orders claim at once (Odoo does not make
 *                    sale.order.name unique): num_pedido, cod_produto, kept_order_id (the order
 *                    whose row holds the key), skipped_order_id (the order whose line for that key
 *                    is NOT in carteira), first_seen_run_id, last_seen_run_id, first_seen_at,
 *                    last_seen_at; PRIMARY KEY (num_pedido, cod_produto, skipped_order_id). A row
 *                    goes away when the skipped order is synced again and no longer collides.
 *
 * carteira.odoo_missing  (migration 6) boolean: the row was deactivated because its order was
 *                    missing from Odoo's answer (deleted, or hidden from the integration user);
 *                    cleared when the order is read again. Reconciliation re-reads such orders
 *                    when Odoo lists them again (partial index carteira_odoo_missing_idx).
 */
import type { Logger } from '../logger';
import type { Db } from './db';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Arbitrary constant: "carteira" migrations advisory lock key. */
export const MIGRATION_LOCK_KEY = 7_310_420_001;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'carteira, sync_runs, sync_state, sync_audit',
    sql: `
      CREATE TABLE carteira (
        num_pedido text NOT NULL,
        cod_produto text NOT NULL,
        nome_produto text,
        cnpj_cliente text,
        nome_cliente text,
        qtd_produto_pedido numeric NOT NULL DEFAULT 0,
        qtd_entregue numeric NOT NULL DEFAULT 0,
        qtd_faturada numeric NOT NULL DEFAULT 0,
        qtd_saldo_produto_pedido numeric NOT NULL DEFAULT 0,
        preco_produto_pedido numeric NOT NULL DEFAULT 0,
        valor_produto_pedido numeric NOT NULL DEFAULT 0,
        status_pedido text,
        data_pedido timestamptz,
        data_entrega timestamptz,
        odoo_order_id bigint NOT NULL,
        odoo_write_date timestamptz NOT NULL,
        ativo boolean NOT NULL DEFAULT true,
        sync_run_id bigint,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (num_pedido, cod_produto)
      );
      CREATE INDEX carteira_odoo_order_id_idx ON carteira (odoo_order_id);

      CREATE TABLE sync_runs (
        id bigserial PRIMARY KEY,
        trigger text NOT NULL CHECK (trigger IN ('scheduled', 'manual', 'recovery', 'catch-up', 'reconcile')),
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'aborted')),
        window_from timestamptz,
        window_to timestamptz NOT NULL,
        full_load boolean NOT NULL DEFAULT false,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        host text NOT NULL,
        pid integer NOT NULL,
        fence bigint,
        lock_backend text CHECK (lock_backend IN ('redis', 'postgres', 'local')),
        degraded boolean NOT NULL DEFAULT false,
        demo boolean NOT NULL DEFAULT false,
        gap_from timestamptz,
        gap_to timestamptz,
        orders_seen integer NOT NULL DEFAULT 0,
        rows_inserted integer NOT NULL DEFAULT 0,
        rows_updated integer NOT NULL DEFAULT 0,
        rows_unchanged integer NOT NULL DEFAULT 0,
        rows_deactivated integer NOT NULL DEFAULT 0,
        error text,
        watermark_before timestamptz,
        watermark_after timestamptz
      );
      CREATE INDEX sync_runs_started_at_idx ON sync_runs (started_at DESC, id DESC);
      CREATE INDEX sync_runs_running_idx ON sync_runs (host, pid) WHERE status = 'running';

      CREATE TABLE sync_state (
        id integer PRIMARY KEY CHECK (id = 1),
        watermark timestamptz,
        fence bigint NOT NULL DEFAULT 0,
        paused boolean NOT NULL DEFAULT false,
        paused_reason text,
        paused_by text,
        paused_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        reason text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX sync_audit_at_idx ON sync_audit (at DESC, id DESC);
    `,
  },
  {
    version: 2,
    name: 'sync_runs.lock_token, lock_acquired_at',
    // what identifies the lock value a run held: a dead run's own value may be taken over at once
    sql: `
      ALTER TABLE sync_runs ADD COLUMN lock_token text, ADD COLUMN lock_acquired_at timestamptz;
    `,
  },
  {
    version: 3,
    name: 'sync_state.odoo_synced_to, odoo_protocol',
    // where a quiet Odoo's next run starts (less the overlap), instead of an old watermark;
    // and the protocol that run spoke, for a status asked from another process
    sql: `
      ALTER TABLE sync_state ADD COLUMN odoo_synced_to timestamptz, ADD COLUMN odoo_protocol text;
    `,
  },
  {
    version: 4,
    name: 'sync_runs.problem',
    // why a run did not succeed, recorded by the engine (the console read it from the error
    // text before); earlier runs are classified once here by the texts the engine wrote then
    sql: `
      ALTER TABLE sync_runs ADD COLUMN problem text;
      UPDATE sync_runs SET problem = CASE
          WHEN status = 'aborted' AND error LIKE 'lock lost:%' THEN 'lockLost'
          WHEN status = 'aborted' THEN 'stopped'
          WHEN status = 'failed' THEN 'failed'
          WHEN status = 'skipped' AND error LIKE 'lock held%' THEN 'lockHeld'
          WHEN status = 'skipped' AND error LIKE '%SYNC_MIN_INTERVAL_MINUTES%' THEN 'recent'
        END
        WHERE status IN ('aborted', 'failed', 'skipped');
    `,
  },
  {
    version: 5,
    name: 'carteira_key_collisions',
    // two orders with the same name and product: the key is kept by one, the other is named here
    // (the run, the status and the health verdict show it) instead of overwriting it silently
    sql: `
      CREATE TABLE carteira_key_collisions (
        num_pedido text NOT NULL,
        cod_produto text NOT NULL,
        kept_order_id bigint NOT NULL,
        skipped_order_id bigint NOT NULL,
        first_seen_run_id bigint,
        last_seen_run_id bigint,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (num_pedido, cod_produto, skipped_order_id)
      );
      CREATE INDEX carteira_key_collisions_skipped_idx ON carteira_key_collisions (skipped_order_id);
    `,
  },
  {
    version: 6,
    name: 'carteira.odoo_missing',
    // rows deactivated because their order was missing from Odoo's answer, so a reconcile brings
    // them back when Odoo lists the order again (its write_date gives no reason to re-read it).
    // Rows taken out that way before (the empty-answer reconcile of issue 16.1): inactive while
    // their own values say there is a balance to invoice and the order is not cancelled, in an
    // order with no active row left. A closed order that once lost a line is re-read once.
    sql: `
      ALTER TABLE carteira ADD COLUMN odoo_missing boolean NOT NULL DEFAULT false;
      UPDATE carteira c SET odoo_missing = true
       WHERE NOT c.ativo AND c.status_pedido IS DISTINCT FROM 'cancel' AND c.qtd_produto_pedido > c.qtd_faturada
         AND NOT EXISTS (SELECT 1 FROM carteira a WHERE a.odoo_order_id = c.odoo_order_id AND a.ativo);
      CREATE INDEX carteira_odoo_missing_idx ON carteira (odoo_order_id) WHERE odoo_missing;
    `,
  },
  {
    version: 8,
    name: 'sync_runs.actor',
    // who started the run (scheduler, cli:user@host, the console's actor, tray:user@host), as the
    // audit names who paused or released; runs from before are NULL (not known)
    sql: `
      ALTER TABLE sync_runs ADD COLUMN actor text;
    `,
  },
  {
    version: 9,
    name: 'sync_runs.cause, cause_target',
    // why a failed run failed, decided by the engine from the error's class and code
    // (classify-failure.ts): Odoo refused, PostgreSQL's database missing, Redis's password…, and
    // where (Odoo's URL, host:port/db, never credentials); the console and the CLI word it. Runs
    // from before stay NULL and are worded by their problem alone.
    sql: `
      ALTER TABLE sync_runs ADD COLUMN cause text, ADD COLUMN cause_target text;
    `,
  },
  {
    version: 10,
    name: 'sync_runs.process_instance',
    // the process instance beside the pid (boot id + start time, issue 16.7): in a container the
    // service is PID 1 on every start, so a run a killed PID 1 left `running` names the restarted
    // service's pid; its instance says it is not ours. Runs from before stay NULL (judged by pid).
    sql: `
      ALTER TABLE sync_runs ADD COLUMN process_instance text;
    `,
  },
];

/** Applies pending migrations; returns the versions applied by this call. */
export async function migrate(db: Db, logger?: Logger, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (didApply) {
      applied.push(migration.version);
      logger?.info('store.migration_applied', `Migração ${migration.version} aplicada: ${migration.name}`, {
        version: migration.version,
      });
    }
  }
  return applied;
}
