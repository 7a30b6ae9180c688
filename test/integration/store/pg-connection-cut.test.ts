/**
 * Found by the chaos soak (seed 1): a PostgreSQL connection cut while a transaction has it
 * checked out, between two statements (the batch waits on the lock's pre-commit check),
 * made the `pg` client emit an 'error' nobody listened to, and the whole process died. The
 * transaction must fail instead, and the store must keep working on a fresh connection.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPgDb } from '../../../electron/engine/store/pg-db';
import type { Db } from '../../../electron/engine/store/db';
import { createTestDatabase } from '../../support/services';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase('pgcut');
  db = createPgDb(database.url);
});

afterAll(async () => {
  await db.close();
  await database.drop();
});

it('a connection terminated mid-transaction fails that transaction, not the process', async () => {
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    const transaction = db.transaction(async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // Between two statements, the server ends this backend (a proxy or a failover would do the same).
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.query('SELECT 1');
      return 'committed';
    });
    await expect(transaction).rejects.toThrow();
    expect(uncaught).toEqual([]);
    // The pool gives a healthy connection to the next caller.
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
  } finally {
    process.off('uncaughtException', onUncaught);
    await admin.end();
  }
});
