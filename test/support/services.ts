/**
 * Real services for integration tests. A test that needs PostgreSQL or Redis fails with
 * a clear message when the service is missing; it never skips (CI must see it).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import Redis from 'ioredis';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

const START_HINT = 'start it with `bash scripts/services.sh` (or `docker compose up -d`)';

/** Creates a fresh, empty database for one test file; `drop()` removes it. */
export async function createTestDatabase(label = 't'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `carteira_${label}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}); ${START_HINT}`);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Connects to the test Redis or fails loudly. */
export async function connectTestRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis is not reachable at ${REDIS_URL} (${(error as Error).message}); ${START_HINT}`);
  }
  return redis;
}

/** A Redis key prefix no other test uses. */
export function uniqueRedisPrefix(label = 't'): string {
  return `carteira:test:${label}:${randomBytes(4).toString('hex')}`;
}

/** Removes what a test left under its prefix (`<prefix>:last_run` has no TTL). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = await connectTestRedis();
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
