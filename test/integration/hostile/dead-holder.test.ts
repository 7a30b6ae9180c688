/**
 * `kill -9` of a run holding the Redis lock, through the real CLI (issue 8, finding 12): on
 * the same host, the next run takes the lock over at once (audited, logged) when the lock
 * value is exactly the one the dead run recorded (token, acquisition time, host, pid);
 * a value that does not match that record, or a holder on another host, still blocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { redisCli, runCli, startCli, waitFor } from '../../support/cli-process';
import { REDIS_URL, createTestDatabase, deleteRedisKeys, uniqueRedisPrefix } from '../../support/services';

interface Holder {
  token: string;
  host: string;
  pid: number;
  runId: number | null;
  acquiredAt: string;
}

describe('a dead holder on this host', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let db: pg.Client;
  const prefix = uniqueRedisPrefix('dead');
  const lockKey = `${prefix}:lock`;
  let env: Record<string, string>;
  let dead: Holder;

  beforeAll(async () => {
    database = await createTestDatabase('dead');
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-dead-'));
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      SYNC_REDIS_PREFIX: prefix,
      CARTEIRA_DATA_DIR: dataDir,
      DEMO_ORDERS: '4000',
      DEMO_LINES_PER_ORDER: '4',
      DEMO_CHANGES_PER_MINUTE: '0',
      SYNC_BATCH_ORDERS: '20',
    };
    // a full load of 4000 orders, killed as soon as its run id is in the lock value
    const victim = startCli(['run'], env);
    dead = await waitFor(
      async () => {
        const value = await redisCli('GET', lockKey);
        const holder = value ? (JSON.parse(value) as Holder) : null;
        return holder?.runId ? holder : null;
      },
      'the victim to hold the lock with its run id',
      60_000,
    );
    victim.child.kill('SIGKILL');
    await victim.done;
  });
  afterAll(async () => {
    await db?.end();
    await database?.drop();
    await deleteRedisKeys(prefix);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const setHolder = (holder: Holder) => redisCli('SET', lockKey, JSON.stringify({ owner: 'cli run', fence: 1, ...holder }), 'PX', '600000');

  it('finding 12: a value that is not what the dead run recorded still blocks', async () => {
    const original = await redisCli('GET', lockKey);
    await setHolder({ ...dead, token: 'f'.repeat(32) });
    const result = await runCli(['run'], env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).not.toContain('lock.dead_holder_taken_over');
    await redisCli('SET', lockKey, original, 'PX', '600000');
  });

  it('finding 12: a holder on another host still blocks, whatever its pid', async () => {
    const original = await redisCli('GET', lockKey);
    await setHolder({ ...dead, host: `not-${hostname()}` });
    const result = await runCli(['run', '--window', '60'], env);
    expect(result.code, result.stderr).toBe(2);
    await redisCli('SET', lockKey, original, 'PX', '600000');
  });

  it('finding 12: the dead run’s own lock is taken over at once, audited and logged', async () => {
    expect(dead.host).toBe(hostname());
    const result = await runCli(['run'], env);
    expect(result.code, result.stderr).toBe(0);
    const line = result.stderr.split('\n').find((text) => text.includes('lock.dead_holder_taken_over'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 'warn', previousPid: dead.pid, previousRunId: dead.runId });
    const audit = await db.query<{ action: string; details: { previous: Holder } }>("SELECT action, details FROM sync_audit WHERE action LIKE 'lock.dead%'");
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ action: 'lock.dead_holder_takeover', details: { previous: { token: dead.token, pid: dead.pid } } });
    const runs = await db.query<{ status: string }>('SELECT status FROM sync_runs WHERE id = $1', [dead.runId]);
    expect(runs.rows[0].status).toBe('aborted');
  });
});
