/**
 * Found by the chaos soak (seed 20261130, one day, in CI): a PostgreSQL connection cut after
 * the watermark and Odoo's clock had been committed, but before the run was recorded
 * `succeeded`, left a `failed` run whose state had moved on. The next run then started past a
 * stretch no successful run covered, and nobody reported it as a gap. A run's success and
 * what it moves are one transaction: if recording the success fails, nothing moves.
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;

let h: SyncHarness;

afterEach(async () => {
  await h?.close();
});

/** Runs SQL on the harness's database beside the engine (a real fault, inside PostgreSQL). */
async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: h.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

it("a run whose success cannot be recorded moves neither the watermark nor Odoo's clock, and the next run covers its window", async () => {
  h = await createSyncHarness({ backend: 'postgres', orders: 12 });
  expect((await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run.status).toBe('succeeded');
  h.clock.advance(30 * MINUTE);
  h.sim.changes.tick(8);
  const before = await h.store.getSyncState();

  // Recording `succeeded` fails, as when the connection is cut at that moment.
  await sql(`CREATE FUNCTION refuse_success() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION 'connection cut before the success was recorded'; END $$;
             CREATE TRIGGER refuse_success BEFORE UPDATE ON sync_runs FOR EACH ROW
               WHEN (NEW.status = 'succeeded') EXECUTE FUNCTION refuse_success();`);
  const failed = (await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run;
  expect(failed).toMatchObject({ status: 'failed', problem: 'failed' });
  expect(failed.error).toContain('connection cut before the success was recorded');
  const after = await h.store.getSyncState();
  expect(after.watermark).toEqual(before.watermark);
  expect(after.odooSyncedTo).toEqual(before.odooSyncedTo);

  await sql('DROP TRIGGER refuse_success ON sync_runs; DROP FUNCTION refuse_success();');
  h.clock.advance(MINUTE);
  const next = (await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' })).run;
  expect(next.status).toBe('succeeded');
  expect(next.windowFrom).toBe(failed.windowFrom);
  expect(next.gap).toBeNull();
  expect((await h.engine.status()).coverage.gaps).toEqual([]);
  expect(await h.check()).toEqual([]);
});
