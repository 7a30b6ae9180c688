/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group, and each launcher in
 * between passes a copy on: `serve` and `scheduler` get the signal several times within
 * milliseconds. The first starts the graceful stop; the others must not end the process in the
 * middle of it. Here the command runs in a process group of its own and the whole group gets
 * SIGINT twice, during a run that holds the Redis lock: exit 0, the run aborted at a batch
 * boundary, the lock released, the repeats logged as ignored.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisCli, waitFor } from '../../support/cli-process';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'electron', 'engine', 'cli', 'main.ts');

/** The CLI as the leader of a new process group (`detached`), as a shell runs a foreground job. */
function startInOwnGroup(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  /**
   * What a terminal does on Ctrl-C: SIGINT to every process of the group; then a second copy, as a
   * launcher passes on. A pause between them, as between two processes: two kills in the same
   * instant merge into one pending signal in the kernel, and the repeat would never be seen.
   */
  const interruptGroupTwice = async () => {
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.kill(-child.pid!, 'SIGINT');
  };
  return { child, output, exited, interruptGroupTwice };
}

describe('repeated SIGINT to the process group during a run', () => {
  let h: SyncHarness;
  let lockKey: string;
  beforeEach(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 60, start: new Date().toISOString() });
    lockKey = `${h.env.SYNC_REDIS_PREFIX}:lock`;
    // the CLI processes read the real clock, so the simulator does too from here on
    h.clock.set(new Date());
    // slow answers, so the run is still going when the signals arrive
    h.sim.faults.inject({ kind: 'latency', ms: 300, match: { service: 'object' }, times: 'always' });
  });
  afterEach(async () => {
    await h?.close();
  });

  async function expectCleanStop(started: ReturnType<typeof startInOwnGroup>, endedLine: string) {
    await waitFor(async () => (await h.store.listRuns({ limit: 5 })).find((run) => run.status === 'running'), 'a run to start');
    await waitFor(() => redisCli('GET', lockKey), 'the run to take the lock');
    await started.interruptGroupTwice();
    const exit = await started.exited;
    expect(exit, `stderr: ${started.output.stderr}`).toEqual({ code: 0, signal: null });
    expect(started.output.stderr).toContain('"event":"process.signal_ignored"');
    expect(started.output.stderr).toContain('Lock distribuído liberado');
    expect(started.output.stderr).toContain(endedLine);
    expect(await redisCli('EXISTS', lockKey)).toBe('0');
    const [last] = await h.store.listRuns({ limit: 1 });
    expect(last).toMatchObject({ status: 'aborted', error: 'scheduler stopping' });
  }

  it('`scheduler --run-now` stops once, cleanly', { timeout: 60_000 }, async () => {
    const started = startInOwnGroup(['scheduler', '--run-now'], { ...h.env, SYNC_STOP_GRACE_SECONDS: '1' });
    await expectCleanStop(started, 'Agendador encerrado');
  });

  it('`serve` stops once, cleanly, during its start-up catch-up run', { timeout: 60_000 }, async () => {
    // the table was never synced, so serve's scheduler catches up at once
    const started = startInOwnGroup(['serve', '--port', '0'], { ...h.env, SYNC_STOP_GRACE_SECONDS: '1' });
    await expectCleanStop(started, '"event":"lock.released"');
    // issue 18.6: the stop is told in pt-BR — the signal, the run it waits for, the end
    expect(started.output.stderr).toContain('Encerrando o console (SIGINT): nenhuma nova execução');
    expect(started.output.stderr).toMatch(/Aguardando a execução #\d+ terminar \(até 1 s; depois ela para no próximo lote sem gravar mais nada\)/);
    expect(started.output.stderr).toContain('"msg":"Console encerrado"');
  });
});
