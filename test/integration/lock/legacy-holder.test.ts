/**
 * Issue 18.1: a lock value this product did not write — the old Python job's plain timestamp
 * (`redis_client.set("carteira:sync:incremental:lock", timestamp, nx=True, ex=1500)`), another
 * tool's JSON, garbage, bytes — against real Redis. Our runs skip while it holds the key (as the
 * runbook expects); the console service and the CLI release it by compare-and-delete on the exact
 * value shown, a value changed in between is refused, and every attempt leaves an audit row
 * naming the value it found.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Redis from 'ioredis';
import { createConsoleService, type ConsoleService } from '../../../electron/engine/console';
import type { AuditEntrySummary, LockHolderInfo, LockStatus, ReleaseLockOutcome } from '../../../shared/engine-types';
import { redisCli, runCli } from '../../support/cli-process';
import { connectTestRedis } from '../../support/services';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const LEGACY = '2026-12-06 10:00:00.123456';

describe('a lock value this product did not write', () => {
  let h: SyncHarness;
  let service: ConsoleService;
  let redis: Redis;
  const key = () => `${h.env.SYNC_REDIS_PREFIX}:lock`;
  const shown = async (): Promise<LockHolderInfo> => {
    const lock = (await service.dispatch('getLock', undefined)) as LockStatus;
    expect(lock.held).toBe(true);
    return lock.holder!;
  };
  const release = (sha1: string, reason = 'o job antigo travou') =>
    service.dispatch('releaseLock', { expectedValueSha1: sha1, reason }, 'operator@console') as Promise<ReleaseLockOutcome>;
  const newestAudit = async () => ((await service.dispatch('getAudit', undefined)) as AuditEntrySummary[])[0];

  beforeAll(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 4 });
    service = createConsoleService(h.engine, 'door-default');
    redis = await connectTestRedis();
  });
  beforeEach(async () => {
    await redis.del(key());
  });
  afterAll(async () => {
    redis?.disconnect();
    await h?.close();
  });

  it("the old job's timestamp is shown as a legacy value with its time and TTL, and our runs skip while it holds the key", async () => {
    await redisCli('SET', key(), LEGACY, 'NX', 'EX', '1500');
    const report = await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
    expect(report.exitCode).toBe(2);
    expect(report.run).toMatchObject({ status: 'skipped', problem: 'lockHeld' });
    expect(h.logs.some((record) => record.msg === 'Sincronização já em execução - pulando')).toBe(true);
    expect(await redisCli('GET', key())).toBe(LEGACY);

    const lock = (await service.dispatch('getLock', undefined)) as LockStatus;
    expect(lock.ttlMs).toBeGreaterThan(1_490_000);
    expect(lock.holder?.value).toMatchObject({ raw: LEGACY, kind: 'legacy', binary: false, legacyAt: new Date(2026, 11, 6, 10, 0, 0, 123).toISOString() });
  });

  it('the console releases it by the value shown: the key is gone and the audit row names the value removed', async () => {
    await redisCli('SET', key(), LEGACY, 'NX', 'EX', '1500');
    const holder = await shown();
    const outcome = await release(holder.value!.sha1);
    expect(outcome).toMatchObject({ released: true, previousHolder: { value: { raw: LEGACY, kind: 'legacy' } } });
    expect(await redisCli('EXISTS', key())).toBe('0');
    const row = await newestAudit();
    expect(row).toMatchObject({ action: 'lock.force_release', actor: 'operator@console', reason: 'o job antigo travou' });
    expect(row.details).toMatchObject({ released: true, expectedValueSha1: holder.value!.sha1, previous: { value: { raw: LEGACY, kind: 'legacy' } } });
    // and a run can go now
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('succeeded');
  });

  it('a value changed between show and release is refused, kept, and audited with what it found', async () => {
    await redisCli('SET', key(), LEGACY, 'EX', '1500');
    const holder = await shown();
    // the old job ran again in between
    await redisCli('SET', key(), '2026-12-06 10:30:00.000001', 'EX', '1500');
    const outcome = await release(holder.value!.sha1);
    expect(outcome).toMatchObject({ released: false, currentHolder: { value: { raw: '2026-12-06 10:30:00.000001' } } });
    expect(await redisCli('GET', key())).toBe('2026-12-06 10:30:00.000001');
    const row = await newestAudit();
    expect(row).toMatchObject({ action: 'lock.force_release.refused', actor: 'operator@console' });
    expect(row.details).toMatchObject({ released: false, expectedValueSha1: holder.value!.sha1, current: { value: { raw: '2026-12-06 10:30:00.000001' } } });
  });

  it('the key expired in between: refused (nothing to release), audited', async () => {
    await redisCli('SET', key(), LEGACY, 'EX', '1500');
    const holder = await shown();
    await redis.del(key());
    expect(await release(holder.value!.sha1)).toMatchObject({ released: false, currentHolder: null });
    expect((await newestAudit()).action).toBe('lock.force_release.refused');
  });

  it("another tool's JSON, garbage and bytes that are not UTF-8: each shown as a foreign value and released by its exact bytes", async () => {
    const values: (string | Buffer)[] = ['{"lockedBy":"airflow","at":1}', 'locked by hand', Buffer.from([0xff, 0x00, 0x41, 0xc3, 0x28, 0x0a])];
    for (const value of values) {
      await redis.set(key(), value, 'EX', 1500);
      const holder = await shown();
      expect(holder.value?.kind).toBe('foreign');
      if (Buffer.isBuffer(value)) expect(holder.value).toMatchObject({ binary: true, raw: '\\xff\\x00A\\xc3(\\x0a' });
      else expect(holder.value).toMatchObject({ binary: false, raw: value });
      expect(await release(holder.value!.sha1, 'valor estranho')).toMatchObject({ released: true });
      expect(await redis.exists(key())).toBe(0);
      expect((await newestAudit()).details).toMatchObject({ released: true, previous: { value: { raw: holder.value!.raw } } });
    }
  });

  it("our own holder is released by its value too (the console's one way), and a token release still works", async () => {
    const acquired = await h.lock.tryAcquire();
    if (!acquired.acquired) throw new Error('expected to acquire');
    const holder = await shown();
    expect(holder.value).toMatchObject({ kind: 'ours' });
    expect(await release(holder.value!.sha1)).toMatchObject({ released: true, previousHolder: { token: acquired.handle.token } });
    expect(await redis.exists(key())).toBe(0);
  });

  it('the CLI names a legacy holder in pt-BR, refuses a changed value, and releases by value or by force', async () => {
    await redisCli('SET', key(), LEGACY, 'EX', '1500');
    const status = await runCli(['lock', 'status'], h.env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('valor legado do job antigo');
    expect(status.stdout).toContain(LEGACY);
    expect(status.stdout).not.toContain('pid 0');

    const stale = await runCli(['lock', 'release', '--value', '2026-12-06 09:00:00', '--reason', 'teste'], h.env);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('NÃO liberado');
    expect(stale.stdout).toContain(LEGACY);
    expect(await redisCli('GET', key())).toBe(LEGACY);
    expect((await newestAudit()).action).toBe('lock.force_release.refused');

    const byValue = await runCli(['lock', 'release', '--value', LEGACY, '--reason', 'job antigo desligado'], h.env);
    expect(byValue.code, byValue.stderr).toBe(0);
    expect(byValue.stdout).toContain('Lock liberado');
    expect(byValue.stdout).toContain(`valor legado do job antigo "${LEGACY}"`);
    expect(await redisCli('EXISTS', key())).toBe('0');

    await redisCli('SET', key(), LEGACY, 'EX', '1500');
    const forced = await runCli(['lock', 'release', '--force', '--reason', 'job antigo desligado'], h.env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`valor legado do job antigo "${LEGACY}"`);
    expect(forced.stdout).not.toContain('pid 0');
    const row = await newestAudit();
    expect(row).toMatchObject({ action: 'lock.force_release', reason: 'job antigo desligado' });
    expect(row.actor).toMatch(/^cli:/);
    expect(row.details).toMatchObject({ previous: { value: { raw: LEGACY, kind: 'legacy' } } });
  });
});
