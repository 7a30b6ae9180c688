/**
 * Issue 16.7, as a container does it: the scheduler service runs as PID 1 of its own PID
 * namespace (`unshare --pid --fork --mount-proc`), is killed (SIGKILL, no goodbye) and started
 * again, as PID 1 again, on the same embedded database. The claim the killed PID 1 left must
 * not lock out the new PID 1; a CLI beside the running service (`docker exec`: same namespace;
 * or from the host) must still be refused, naming the service's process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/cli-process';
import { namespaceInit, requirePidNamespace, startCliAsPid1 } from '../../support/pid-namespace';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'electron', 'engine', 'cli', 'main.ts');
const execFileAsync = promisify(execFile);

/** The demo on the embedded database in `dataDir`, whatever Odoo, PostgreSQL, Redis or configuration file this shell names. */
function serviceEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '20', DEMO_CHANGES_PER_MINUTE: '0' };
  // undefined, not deleted: startCliAsPid1 lays this over process.env, and a child gets no variable that is undefined
  for (const name of ['ODOO_URL', 'DATABASE_URL', 'REDIS_URL', 'REDIS_HOST', 'CARTEIRA_CONFIG_FILE']) env[name] = undefined;
  return env;
}

/** The scheduler service in a fresh PID namespace, where it is PID 1. */
const startContainerized = (dataDir: string) => startCliAsPid1(['scheduler'], serviceEnv(dataDir));

describe('embedded database in a PID namespace (a container)', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a service killed as PID 1 starts again as PID 1; a CLI beside it is still refused', { timeout: 180_000 }, async () => {
    await requirePidNamespace();
    const dataDir = await mkdtemp(join(tmpdir(), 'carteira-pidns-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const claimFile = join(dataDir, 'pglite-demo.owner');

    const first = startContainerized(dataDir);
    cleanups.push(() => first.child.kill('SIGKILL'));
    await waitFor(async () => first.output().includes('"event":"scheduler.started"') || first.output().includes('Erro:'), 'the first service to start', 90_000);
    expect(first.output()).not.toContain('Erro:');
    const claim = JSON.parse(await readFile(claimFile, 'utf8')) as { pid: number };
    expect(claim.pid).toBe(1); // PID 1 in its namespace, as in a container

    first.child.kill('SIGKILL');
    await first.exited;
    // the claim outlives the kill: nobody removed it
    expect((JSON.parse(await readFile(claimFile, 'utf8')) as { pid: number }).pid).toBe(1);

    const second = startContainerized(dataDir);
    cleanups.push(() => second.child.kill('SIGKILL'));
    await waitFor(async () => second.output().includes('"event":"scheduler.started"') || second.output().includes('Erro:'), 'the restarted service', 90_000);
    expect(second.output()).not.toMatch(/está aberto (pelo|por)/);
    expect(second.output()).toContain('"event":"scheduler.started"');

    // `docker exec … cli status`: a process in the service's namespace, beside the live PID 1.
    const init = await namespaceInit(second.child.pid!);
    const beside = await execFileAsync(
      'nsenter',
      ['--target', String(init), '--pid', '--mount', `--wd=${ROOT}`, '--', process.execPath, '--import', 'tsx', CLI, 'status'],
      {
        cwd: ROOT,
        env: serviceEnv(dataDir),
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    // the service is a `scheduler`, which has no API to go through (issue 18.3): the CLI says so and what to do
    expect(beside.stderr).toMatch(/aberto pelo agendador \(`scheduler`, processo 1 em /);
    expect(beside.code).not.toBe(0);

    // and from the host, outside the namespace: still refused
    const fromHost = await execFileAsync(process.execPath, ['--import', 'tsx', CLI, 'status'], { cwd: ROOT, env: serviceEnv(dataDir) }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(fromHost.code).not.toBe(0);
    expect(fromHost.stderr).toMatch(/aberto pelo agendador \(`scheduler`, processo 1 em /);
  });
});
