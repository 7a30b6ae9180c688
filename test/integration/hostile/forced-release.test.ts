/**
 * Forced lock release through the console's HTTP API of a real `serve` process (issue 8,
 * findings 4 and 11): operator text with control characters or over the limit is refused
 * before anything is touched, and the audit row is part of the decision: when it cannot be
 * written, the lock stays where it is and the fence does not move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { redisCli, waitFor } from '../../support/cli-process';
import { send, startServe, type ServeProcess } from './helpers/serve-process';

const FOREIGN_HOLDER = {
  token: '0123456789abcdef0123456789abcdef',
  owner: 'scheduler',
  host: 'another-host',
  pid: 4242,
  runId: 7,
  acquiredAt: '2026-06-01T12:00:00.000Z',
  fence: 1,
};

describe('forced release over HTTP', () => {
  let serve: ServeProcess;
  let db: pg.Client;
  const lockKey = () => `${serve.prefix}:lock`;
  const release = (body: unknown) =>
    send(serve.port, { method: 'POST', path: '/api/releaseLock', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const fence = async () => Number((await db.query<{ fence: string }>('SELECT fence FROM sync_state')).rows[0].fence);
  const lockAudits = async () =>
    (await db.query<{ action: string; reason: string }>("SELECT action, reason FROM sync_audit WHERE action LIKE 'lock.%' ORDER BY id")).rows;

  beforeAll(async () => {
    serve = await startServe();
    db = new pg.Client({ connectionString: serve.databaseUrl });
    await db.connect();
    // let the start-up catch-up run finish, then put a holder from another host in Redis
    await waitFor(async () => {
      const status = JSON.parse((await send(serve.port, { path: '/api/getStatus' })).body) as { result: { running: unknown; recentRuns: unknown[] } };
      return status.result.running === null && status.result.recentRuns.length > 0;
    }, 'the first run to finish');
    await redisCli('SET', lockKey(), JSON.stringify(FOREIGN_HOLDER), 'PX', '600000');
  });
  afterAll(async () => {
    await db?.end();
    await serve?.stop();
  });

  it('finding 4: refuses a reason with control characters or over 500 characters before acting', async () => {
    const before = await fence();
    for (const reason of ['x\u0000y', 'line\nbreak', 'esc\u001b[31m', 'x'.repeat(501)]) {
      const answer = await release({ force: true, reason });
      expect(answer.status, JSON.stringify(reason)).toBe(400);
      expect(JSON.parse(answer.body).error).toMatch(/^releaseLock: reason: /);
    }
    expect(await redisCli('GET', lockKey())).toBe(JSON.stringify(FOREIGN_HOLDER));
    expect(await fence()).toBe(before);
    expect(await lockAudits()).toEqual([]);
  });

  it('finding 4: releases nothing when the audit row cannot be written', async () => {
    const before = await fence();
    await db.query(`
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit table is read-only'; END $$;
      CREATE TRIGGER refuse_audit BEFORE INSERT ON sync_audit FOR EACH ROW EXECUTE FUNCTION refuse_audit();`);
    try {
      const answer = await release({ force: true, reason: 'stuck since the deploy' });
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body).error).toMatch(/audit/);
      expect(await redisCli('GET', lockKey())).toBe(JSON.stringify(FOREIGN_HOLDER));
      expect(await fence()).toBe(before);
    } finally {
      await db.query('DROP TRIGGER refuse_audit ON sync_audit; DROP FUNCTION refuse_audit();');
    }
  });

  it('finding 11: `{}` says what releaseLock expects', async () => {
    const answer = await release({});
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toBe(
      'releaseLock: give {"expectedValueSha1": "<40 hex digits>", "reason": "…"}, {"expectedToken": "<32 hex digits>"} or {"force": true, "reason": "…"}',
    );
  });

  it('a valid forced release deletes the key, bumps the fence and leaves its audit row', async () => {
    const before = await fence();
    const answer = await release({ force: true, reason: 'stuck since the deploy' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).result).toMatchObject({ released: true, previousOwner: 'scheduler' });
    expect(await redisCli('EXISTS', lockKey())).toBe('0');
    expect(await fence()).toBe(before + 1);
    expect(await lockAudits()).toEqual([{ action: 'lock.force_release', reason: 'stuck since the deploy' }]);
  });
});
