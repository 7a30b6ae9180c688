/**
 * Migration 4 records why a run did not succeed (`sync_runs.problem`). Runs recorded before it
 * carry only the engine's error text; the migration classifies them once, by the texts the
 * engine wrote then, so the console words old and new runs alike.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../electron/engine/store/migrations';
import { createPgDb } from '../../../electron/engine/store/pg-db';
import type { Db } from '../../../electron/engine/store/db';
import { createTestDatabase } from '../../support/services';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase('problem');
  db = createPgDb(database.url);
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

it('classifies the runs recorded before it by their error text', async () => {
  await migrate(
    db,
    undefined,
    MIGRATIONS.filter((migration) => migration.version < 4),
  );
  const before: [status: string, error: string | null, problem: string | null][] = [
    ['aborted', 'lock lost: this run holds fence 3 but fence 4 is current: this batch was rolled back', 'lockLost'],
    ['aborted', 'lock lost: fence 3 was superseded by fence 4 before the run finished; nothing more was written', 'lockLost'],
    ['aborted', 'scheduler stopping', 'stopped'],
    ['aborted', 'the process ended before the run finished', 'stopped'],
    ['failed', 'Odoo Server Error: could not serialize access', 'failed'],
    ['failed', 'lock lost: looks like a lost lock, but the run failed', 'failed'],
    ['skipped', 'lock held by scheduler@old-vm on old-vm (pid 4242, run 6) since 2026-11-29T20:05:00Z', 'lockHeld'],
    ['skipped', 'lock held', 'lockHeld'],
    ['skipped', 'run #4 started at 2026-11-29T20:05:00.000Z, less than SYNC_MIN_INTERVAL_MINUTES (5) ago', 'recent'],
    ['skipped', 'something else', null],
    ['succeeded', null, null],
    ['running', null, null],
  ];
  for (const [status, error] of before)
    await db.query(
      `INSERT INTO sync_runs (trigger, status, window_to, full_load, started_at, host, pid, degraded, demo, error)
       VALUES ('scheduled', $1, now(), false, now(), 'old-vm', 1, false, false, $2)`,
      [status, error],
    );
  expect(
    await migrate(
      db,
      undefined,
      MIGRATIONS.filter((migration) => migration.version <= 4),
    ),
  ).toEqual([4]);
  const { rows } = await db.query<{ status: string; error: string | null; problem: string | null }>('SELECT status, error, problem FROM sync_runs ORDER BY id');
  expect(rows.map((row) => [row.status, row.error, row.problem])).toEqual(before);
});
