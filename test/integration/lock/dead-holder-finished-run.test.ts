/**
 * Found by the chaos soak (seed 20261130, seven days): an instance killed in the instant
 * between recording its run's outcome (here: failed) and releasing the lock left a lock whose
 * value is exactly its run's, held by a dead process. The takeover only accepted runs still
 * `running` (or `aborted`), so every instance skipped until the TTL ran out (25 minutes with
 * the defaults). A dead process cannot write, whatever its run's outcome: its own lock is taken
 * over at once (audited), and a live holder's lock still blocks.
 */
import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/engine/config';
import { composeEngine } from '../../../electron/engine/compose-engine';
import { Engine } from '../../../electron/engine/engine';
import { REDIS_URL } from '../../support/services';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

let h: SyncHarness;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await h?.close();
});

/** An engine standing for another process (a `sleep` child) on this host, whose run fails and whose lock value is then put back as if it had died before releasing. */
async function lockLeftByAFinishedRun(): Promise<{ identity: ReturnType<typeof spawn> }> {
  h = await createSyncHarness({ backend: 'postgres', orders: 5 });
  const identity = spawn('sleep', ['1000'], { stdio: 'ignore' });
  cleanups.push(() => void identity.kill('SIGKILL'));
  const parts = await composeEngine(loadConfig(h.env), { clock: h.clock, pid: identity.pid, logSink: () => undefined });
  const other = await Engine.fromParts(parts);
  cleanups.push(() => other.close());
  h.sim.faults.inject({ kind: 'malformed', times: 'always' });
  const failed = await other.runSync({ kind: 'planned', trigger: 'manual' });
  h.sim.faults.clear();
  expect(failed.run.status).toBe('failed');
  const run = (await h.store.getRun(failed.run.id!))!;
  const redis = new Redis(REDIS_URL);
  cleanups.push(() => void redis.disconnect());
  const value = { token: run.lockToken, owner: 'victim', host: run.host, pid: identity.pid, runId: run.id, acquiredAt: run.lockAcquiredAt, fence: run.fence };
  await redis.set(h.lock.redisKey, JSON.stringify(value), 'PX', 600_000);
  return { identity };
}

it('a dead process’s lock is taken over at once even though its run had already finished', async () => {
  const { identity } = await lockLeftByAFinishedRun();
  identity.kill('SIGKILL');
  await new Promise((resolve) => identity.once('exit', resolve));
  const next = await h.engine.runSync({ kind: 'planned', trigger: 'manual' });
  expect(next.exitCode).toBe(0);
  expect((await h.engine.audit()).map((row) => row.action)).toContain('lock.dead_holder_takeover');
});

it('the same lock still blocks while its process lives', async () => {
  await lockLeftByAFinishedRun();
  const next = await h.engine.runSync({ kind: 'planned', trigger: 'manual' });
  expect(next.exitCode).toBe(2);
});
