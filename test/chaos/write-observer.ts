/**
 * Watches every committed write to `carteira` from inside PostgreSQL, so the soak sees what
 * really reached the table, whichever instance (or zombie) wrote it: a row trigger records,
 * per written row, the writing run's fence, the fence counter current in that transaction,
 * and the row's `odoo_write_date` before and after. The engine locks the fence row (FOR
 * UPDATE) before any fenced write, so fenced transactions are serialized and the record's
 * sequence follows commit order; rows of rolled-back transactions vanish with them. An update
 * that writes no data (only bookkeeping such as `odoo_missing`, which names no run) is not a write.
 */
import pg from 'pg';

export interface ObservedWrite {
  seq: number;
  txid: string;
  runId: number | null;
  /** the fence of the run the row names (sync_runs.fence) */
  runFence: number | null;
  /** the fence counter as this transaction saw it */
  currentFence: number;
  key: string;
  op: 'INSERT' | 'UPDATE';
  oldWriteDate: Date | null;
  newWriteDate: Date;
}

const INSTALL = `
  CREATE TABLE IF NOT EXISTS chaos_writes (
    seq bigserial PRIMARY KEY,
    txid bigint NOT NULL,
    run_id bigint,
    run_fence bigint,
    current_fence bigint NOT NULL,
    num_pedido text NOT NULL,
    cod_produto text NOT NULL,
    op text NOT NULL,
    old_write_date timestamptz,
    new_write_date timestamptz NOT NULL
  );
  CREATE OR REPLACE FUNCTION chaos_observe_write() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- bookkeeping alone (odoo_missing cleared when an order is found again, updated_at): no data
    -- written, and the row keeps the run that wrote its data, so there is no writer to hold to a fence
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'odoo_missing' - 'updated_at') = (to_jsonb(OLD) - 'odoo_missing' - 'updated_at') THEN
      RETURN NEW;
    END IF;
    INSERT INTO chaos_writes (txid, run_id, run_fence, current_fence, num_pedido, cod_produto, op, old_write_date, new_write_date)
    VALUES (
      txid_current(),
      NEW.sync_run_id,
      (SELECT fence FROM sync_runs WHERE id = NEW.sync_run_id),
      (SELECT fence FROM sync_state WHERE id = 1),
      NEW.num_pedido,
      NEW.cod_produto,
      TG_OP,
      CASE WHEN TG_OP = 'UPDATE' THEN OLD.odoo_write_date END,
      NEW.odoo_write_date
    );
    RETURN NEW;
  END $$;
  DROP TRIGGER IF EXISTS chaos_observe_write ON carteira;
  CREATE TRIGGER chaos_observe_write AFTER INSERT OR UPDATE ON carteira FOR EACH ROW EXECUTE FUNCTION chaos_observe_write();`;

interface Row {
  seq: string;
  txid: string;
  run_id: string | null;
  run_fence: string | null;
  current_fence: string;
  num_pedido: string;
  cod_produto: string;
  op: 'INSERT' | 'UPDATE';
  old_write_date: Date | null;
  new_write_date: Date;
}

export class WriteObserver {
  private lastSeq = 0;

  private constructor(private readonly client: pg.Client) {}

  /** Installs the trigger (the engine must have migrated the database first). */
  static async install(databaseUrl: string): Promise<WriteObserver> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(INSTALL);
    return new WriteObserver(client);
  }

  /** Writes committed since the last call, in commit order. */
  async drain(): Promise<ObservedWrite[]> {
    const { rows } = await this.client.query<Row>('SELECT * FROM chaos_writes WHERE seq > $1 ORDER BY seq', [this.lastSeq]);
    if (rows.length > 0) this.lastSeq = Number(rows[rows.length - 1].seq);
    return rows.map((row) => ({
      seq: Number(row.seq),
      txid: row.txid,
      runId: row.run_id === null ? null : Number(row.run_id),
      runFence: row.run_fence === null ? null : Number(row.run_fence),
      currentFence: Number(row.current_fence),
      key: `${row.num_pedido}|${row.cod_produto}`,
      op: row.op,
      oldWriteDate: row.old_write_date,
      newWriteDate: row.new_write_date,
    }));
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
