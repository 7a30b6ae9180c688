/**
 * The soak's eyes and hands on real services: the write observer sees a zombie write and a
 * stale overwrite that bypass the engine (so its checkers cannot pass for lack of data), and
 * the proxy cuts, refuses and answers WRONGPASS the way the faults need.
 */
import pg from 'pg';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/engine/store';
import type { Store } from '../../../electron/engine/store/types';
import { NoStaleOverwriteChecker } from '../../chaos/invariants/no-stale-overwrite';
import { OneWriterChecker } from '../../chaos/invariants/one-writer';
import { TcpProxy } from '../../chaos/tcp-proxy';
import { WriteObserver } from '../../chaos/write-observer';
import { REDIS_URL, createTestDatabase } from '../../support/services';

describe('write observer', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let observer: WriteObserver;
  let sql: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('chaosobs');
    store = await openStore({ databaseUrl: database.url });
    observer = await WriteObserver.install(database.url);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql.end();
    await observer.close();
    await store.close();
    await database.drop();
  });

  const row = (writeDate: string, runId: number) =>
    sql.query(
      `INSERT INTO carteira (num_pedido, cod_produto, qtd_produto_pedido, qtd_entregue, qtd_faturada, qtd_saldo_produto_pedido,
         preco_produto_pedido, valor_produto_pedido, odoo_order_id, odoo_write_date, ativo, sync_run_id, updated_at)
       VALUES ('S1', 'P1', 1, 0, 0, 1, 1, 1, 1, $1, true, $2, now())
       ON CONFLICT (num_pedido, cod_produto) DO UPDATE SET odoo_write_date = EXCLUDED.odoo_write_date, sync_run_id = EXCLUDED.sync_run_id`,
      [writeDate, runId],
    );

  it('sees a write by a fenced-out run and a write_date going back', async () => {
    const newRun = (fence: number) =>
      store.insertRun({
        trigger: 'scheduled',
        status: 'running',
        windowFrom: null,
        windowTo: new Date(),
        fullLoad: false,
        startedAt: new Date(),
        host: 'h',
        pid: 1,
        demo: false,
        gapFrom: null,
        gapTo: null,
        fence,
        lockBackend: 'redis',
        degraded: false,
      });
    await sql.query('UPDATE sync_state SET fence = 1 WHERE id = 1');
    const current = await newRun(1);
    await row('2026-06-01T10:00:00Z', current);
    await sql.query('UPDATE sync_state SET fence = 2 WHERE id = 1'); // another instance took the lock
    await row('2026-06-01T09:00:00Z', current); // the old holder writes anyway, and an older version at that

    const writes = await observer.drain();
    expect(writes.map((write) => [write.op, write.runFence, write.currentFence])).toEqual([
      ['INSERT', 1, 1],
      ['UPDATE', 1, 2],
    ]);
    const oneWriter = new OneWriterChecker();
    const noStale = new NoStaleOverwriteChecker();
    oneWriter.check(writes, new Date());
    noStale.check(writes, new Date());
    expect(oneWriter.result().concurrentWriters).toBe(1);
    expect(noStale.staleOverwrites).toBe(1);
    expect(await observer.drain()).toEqual([]);
  });

  it('does not count bookkeeping alone (odoo_missing cleared when an order is found again) as a write, whatever run the row names', async () => {
    await sql.query('UPDATE carteira SET odoo_missing = true, updated_at = now()');
    await sql.query('UPDATE sync_state SET fence = 9 WHERE id = 1');
    await sql.query('UPDATE carteira SET odoo_missing = false');
    expect(await observer.drain()).toEqual([]);
    await sql.query('UPDATE carteira SET qtd_entregue = 1');
    expect((await observer.drain()).map((write) => [write.op, write.currentFence])).toEqual([['UPDATE', 9]]);
  });
});

describe('tcp proxy', () => {
  const target = (() => {
    const url = new URL(REDIS_URL);
    return { host: url.hostname, port: Number(url.port || 6379) };
  })();

  it('passes traffic, answers WRONGPASS in refuse-auth mode, refuses when down, and cuts live connections', async () => {
    const proxy = await TcpProxy.start(target);
    const connect = () => {
      const redis = new Redis({
        host: '127.0.0.1',
        port: proxy.port,
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        enableReadyCheck: false,
        retryStrategy: () => null,
      });
      redis.on('error', () => undefined); // the test looks at what each command answers
      return redis;
    };
    try {
      const first = connect();
      await first.connect();
      expect(await first.ping()).toBe('PONG');

      const closed = new Promise((resolve) => first.once('end', resolve));
      proxy.cut();
      await closed;

      proxy.refuseAuth();
      const refused = connect();
      await refused.connect();
      await expect(refused.ping()).rejects.toThrow(/WRONGPASS/);
      refused.disconnect();

      proxy.down();
      const unreachable = connect();
      await expect(unreachable.connect()).rejects.toThrow();
      unreachable.disconnect();

      proxy.up();
      const again = connect();
      await again.connect();
      expect(await again.ping()).toBe('PONG');

      // a stall holds what the client sends until it is resumed, then delivers it
      proxy.stall(60_000);
      expect(proxy.stalled).toBe(true);
      let answered = false;
      const held = again.ping().then((pong) => {
        answered = true;
        return pong;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
      proxy.resume();
      expect(await held).toBe('PONG');
      expect(proxy.stalled).toBe(false);
      again.disconnect();
    } finally {
      await proxy.close();
    }
  });
});
