/**
 * One CLI beside the running service (issue 18.3). `serve` on zero configuration keeps the
 * embedded database (PGlite: one process at a time) open; the operator's terminal tools used to
 * stop with "the embedded database … is open in process N" exactly then. Now the CLI goes
 * through the running service's own API (its address and a per-start local token in a 0600 file
 * beside the PGlite claim): `status`, `lock status`, `lock release --force` and `run` work, the
 * run is the service's own (the console shows it), and the audit names the CLI's actor.
 * Beside a `scheduler` (no API) the CLI says what to do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntrySummary, EngineStatus, LockStatus, RunReport } from '../../../shared/engine-types';
import { waitFor, type CliRun } from '../../support/cli-process';

const CLI_ACTOR = `cli:${userInfo().username}@${hostname()}`;

/** An operator who configured nothing (demo mode, embedded database, local lock), with a data folder of its own. */
function zeroConfigEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(ODOO_|DATABASE_URL|REDIS_|SYNC_|CONSOLE_|CARTEIRA_CONFIG_FILE)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '20', DEMO_CHANGES_PER_MINUTE: '0', LOG_LEVEL: 'info' };
}

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The CLI (through tsx, as `npm run cli` runs it) with exactly this environment: the test runner's SYNC_/REDIS_ settings must not leak in. */
function startClean(args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'engine', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const cli = (args: string[], env: Record<string, string>) => startClean(args, env).done;

async function getJson<T>(url: string, path: string): Promise<T> {
  const answer = await fetch(`${url}${path}`);
  expect(answer.status, `${path}: ${await answer.clone().text()}`).toBe(200);
  return ((await answer.json()) as { result: T }).result;
}

describe('the CLI beside `serve` on the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let serve: CliRun;
  let serveStderr = '';
  let url: string;
  let holderProcess: ChildProcess | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-beside-'));
    env = zeroConfigEnv(dataDir);
    serve = startClean(['serve', '--port', '0'], env);
    let stdout = '';
    serve.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    serve.child.stderr!.on('data', (chunk: Buffer) => (serveStderr += chunk.toString()));
    url = await waitFor(async () => /Carteira Sync Console (?:on|em) (http:\/\/\S+?)(?:\/#|\s)/.exec(stdout)?.[1], `serve to listen (${serveStderr})`, 120_000);
    // the first run (a catch-up: full load of the demo's orders) is over
    await waitFor(
      async () => {
        const status = await getJson<EngineStatus>(url, '/api/getStatus');
        return !status.running && status.recentRuns.some((run) => run.status === 'succeeded');
      },
      'the first run of the service',
      120_000,
    );
  }, 300_000);

  afterAll(async () => {
    holderProcess?.kill('SIGKILL');
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      const timer = setTimeout(() => serve.child.kill('SIGKILL'), 20_000);
      await serve.done;
      clearTimeout(timer);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('writes its address and a local token in a file only its user can read, beside the PGlite claim', async () => {
    const file = join(dataDir, 'pglite-demo.service');
    const info = await stat(file);
    expect(info.mode & 0o777).toBe(0o600);
    const record = JSON.parse(await readFile(file, 'utf8')) as { kind: string; pid: number; url: string; token: string };
    expect(record).toMatchObject({ kind: 'serve', pid: serve.child.pid, url });
    expect(record.token).toMatch(/^[0-9a-f]{64}$/);
    // only the local token lets a caller name its actor: a page that sends the header is still anonymous
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-carteira-actor': 'cli:forjado@outro' },
        body: JSON.stringify(body),
      });
    expect((await post('/api/pause', { reason: 'teste' })).status).toBe(200);
    expect((await getJson<EngineStatus>(url, '/api/getStatus')).paused?.by).toMatch(/^anonymous@/);
    expect((await post('/api/resume', { reason: 'teste' })).status).toBe(200);
  });

  it('status and status --json go through the service', async () => {
    const text = await cli(['status'], env);
    expect(text.stderr).not.toContain('Erro:');
    expect(text.stderr).toContain('"event":"cli.via_service"'); // one line says where the command went
    expect([0, 1], text.stderr).toContain(text.code);
    expect(text.stdout).toContain('pglite');
    const json = await cli(['status', '--json'], env);
    expect([0, 1], json.stderr).toContain(json.code);
    const status = JSON.parse(json.stdout) as EngineStatus;
    expect(status.database.backend).toBe('pglite');
    expect(status.scheduler?.active).toBe(true); // the service's own status: its scheduler runs
  });

  it('lock status and lock release --force go through the service; the audit row names the CLI actor', async () => {
    // a holder that is not a run of the service: a live process of this host (the local lock file, as a stuck tool would leave it)
    holderProcess = spawn('sleep', ['600'], { stdio: 'ignore' });
    const holder = {
      token: randomBytes(16).toString('hex'),
      owner: 'ferramenta@outra',
      host: hostname(),
      pid: holderProcess.pid,
      runId: null,
      acquiredAt: new Date().toISOString(),
      fence: 0,
    };
    await writeFile(join(dataDir, 'sync.lock'), JSON.stringify(holder));

    const lock = await cli(['lock', 'status'], env);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toContain('OCUPADO');
    expect(lock.stdout).toContain(holder.token);
    const lockJson = JSON.parse((await cli(['lock', 'status', '--json'], env)).stdout) as LockStatus;
    expect(lockJson.holder?.token).toBe(holder.token);

    const released = await cli(['lock', 'release', '--force', '--reason', 'R: ferramenta travada'], env);
    expect(released.code, released.stderr).toBe(0);
    expect(released.stdout).toMatch(/^Lock liberado/);
    expect((await getJson<LockStatus>(url, '/api/getLock')).held).toBe(false);

    const audit = await getJson<AuditEntrySummary[]>(url, '/api/getAudit');
    const row = audit.find((entry) => entry.action === 'lock.force_release');
    expect(row).toMatchObject({ actor: CLI_ACTOR, reason: 'R: ferramenta travada' });
  });

  it('run goes through the service: the same run the console shows, started by the CLI actor', async () => {
    const result = await cli(['run', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.run.status).toBe('succeeded');
    const status = await getJson<EngineStatus>(url, '/api/getStatus');
    expect(status.recentRuns.find((run) => run.id === report.run.id)).toMatchObject({ actor: CLI_ACTOR, status: 'succeeded' });
    // one engine: the service's log has the run, the CLI opened no database of its own
    expect(serveStderr).toContain(`"runId":${report.run.id}`);
    expect(result.stderr).not.toContain('store.opened');
  });

  it('pause and resume go through the service, audited with the CLI actor', async () => {
    expect((await cli(['pause', '--reason', 'janela de manutenção'], env)).code).toBe(0);
    expect((await getJson<EngineStatus>(url, '/api/getStatus')).paused).toMatchObject({ by: CLI_ACTOR });
    expect((await cli(['resume', '--reason', 'manutenção concluída'], env)).code).toBe(0);
    expect((await getJson<EngineStatus>(url, '/api/getStatus')).paused).toBeNull();
  });
});

describe('the CLI beside `scheduler` on the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let scheduler: CliRun;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-beside-scheduler-'));
    env = zeroConfigEnv(dataDir);
    scheduler = startClean(['scheduler'], env);
    let stderr = '';
    scheduler.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(async () => stderr.includes('scheduler.started'), `the scheduler to start (${stderr})`, 120_000);
  }, 180_000);

  afterAll(async () => {
    if (scheduler && scheduler.child.exitCode === null) {
      scheduler.child.kill('SIGTERM');
      const timer = setTimeout(() => scheduler.child.kill('SIGKILL'), 20_000);
      await scheduler.done;
      clearTimeout(timer);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('says that the scheduler has no API and what to do', async () => {
    const result = await cli(['status'], env);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`scheduler`);
    expect(result.stderr).toContain(String(scheduler.child.pid));
    expect(result.stderr).toMatch(/serve/);
    expect(result.stderr).toMatch(/DATABASE_URL/);
    const lock = await cli(['lock', 'release', '--force', '--reason', 'R'], env);
    expect(lock.code).toBe(1);
    expect(lock.stderr).toContain('scheduler');
  });
});
