/**
 * A Redis that answers but refuses us, through the real CLI (issue 8, findings 7 and 8):
 * a wrong or missing password is a failed run that says it was the password, never a
 * fallback to another lock (another instance with the right password may hold the Redis
 * one); a database index beyond the server's is refused with the server's limit, and
 * nothing is written into database 0 instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { runCli, startCli } from '../../support/cli-process';
import { createTestDatabase, uniqueRedisPrefix } from '../../support/services';
import { startPrivateRedis, type PrivateRedis } from '../lock/helpers/private-redis';

const PASSWORD = 'the-right-redis-password';
const WRONG = 'a-wrong-redis-password';

describe('Redis that refuses us', () => {
  let server: PrivateRedis;
  let admin: Redis;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  const prefix = uniqueRedisPrefix('refused');
  const env = (redisUrl: string) => ({
    REDIS_URL: redisUrl,
    SYNC_REDIS_PREFIX: prefix,
    DATABASE_URL: database.url,
    CARTEIRA_DATA_DIR: dataDir,
    DEMO_ORDERS: '3',
    DEMO_CHANGES_PER_MINUTE: '0',
  });

  beforeAll(async () => {
    [server, database] = await Promise.all([startPrivateRedis(), createTestDatabase('refused')]);
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-refused-'));
    admin = await server.admin();
    await admin.config('SET', 'requirepass', PASSWORD);
    await admin.auth(PASSWORD);
    await admin.acl('SETUSER', 'reader', 'on', `>${PASSWORD}`, '~nothing:*', '+@all');
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const expectFailedOnCredentials = (result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) => {
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toContain('lock.degraded');
    expect(result.stderr).not.toContain('SINCRONIZAÇÃO INCREMENTAL CONCLUÍDA COM SUCESSO');
    expect(result.stdout + result.stderr).not.toContain(WRONG);
  };

  it('finding 7: a wrong password is a failed run that says so, with no fallback lock', async () => {
    const result = await runCli(['run'], env(`redis://:${WRONG}@127.0.0.1:${server.port}/0`));
    expectFailedOnCredentials(result, /Redis .*refused the password in REDIS_URL/);
  });

  it('finding 7: no password where one is required (NOAUTH) fails the same way', async () => {
    const result = await runCli(['run'], env(`redis://127.0.0.1:${server.port}/0`));
    expectFailedOnCredentials(result, /Redis .*requires a password: put it in REDIS_URL/);
  });

  it('finding 7: a user without permission on the lock key (NOPERM) fails the same way', async () => {
    const result = await runCli(['run'], env(`redis://reader:${PASSWORD}@127.0.0.1:${server.port}/0`));
    expectFailedOnCredentials(result, /Redis .*user reader has no permission on .*:lock/);
  });

  it('finding 8: a database index beyond the server’s is refused with its limit, and nothing lands in database 0', async () => {
    const result = await runCli(['run'], env(`redis://:${PASSWORD}@127.0.0.1:${server.port}/99`));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/REDIS_URL selects database 99, but this Redis has 16 \(0–15\)/);
    expect(await admin.keys(`${prefix}:*`)).toEqual([]);
  });

  it('finding 8: serve refuses to start on a database index beyond the server’s', async () => {
    const serve = startCli(['serve', '--port', '0'], env(`redis://:${PASSWORD}@127.0.0.1:${server.port}/99`));
    const timer = setTimeout(() => serve.child.kill('SIGKILL'), 30_000);
    const result = await serve.done;
    clearTimeout(timer);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).not.toContain('Carteira Sync Console em');
    expect(result.stderr).toMatch(/REDIS_URL selects database 99, but this Redis has 16 \(0–15\)/);
  });

  it('the right password runs under the Redis lock', async () => {
    const result = await runCli(['run'], env(`redis://:${PASSWORD}@127.0.0.1:${server.port}/0`));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Lock distribuído adquirido');
    expect(result.stderr).not.toContain('lock.degraded');
  });
});
