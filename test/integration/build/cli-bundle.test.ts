/**
 * The built engine for long-running processes: the CLI bundle (`vite.cli.config.ts`, part of
 * `npm run build`) runs on plain Node — no tsx, no npm — in demo mode: a sync, then the status
 * naming the protocol the run spoke. Built here into a directory of its own under out/ (its
 * dependencies resolve from the repository's node_modules, as the installed product's do).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/cli-process';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

describe('the CLI bundle on plain node', () => {
  let outDir: string;
  let dataDir: string;
  const env = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '40', DEMO_LINES_PER_ORDER: '3' });
  const node = (...args: string[]) => run(process.execPath, [join(outDir, 'main.js'), ...args], { cwd: ROOT, env: env() });

  beforeAll(async () => {
    // …/cli/main.js: the CLI runs its main only when started as a `cli/main` file
    outDir = join(ROOT, 'out', `cli-test-${process.pid}`, 'cli');
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-bundle-'));
    await run(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'vite.cli.config.ts', '--outDir', outDir, '--logLevel', 'warn'], { cwd: ROOT });
    if (!existsSync(join(outDir, 'main.js'))) throw new Error(`vite build produced no ${join(outDir, 'main.js')}`);
  }, 120_000);
  afterAll(async () => {
    await rm(join(outDir, '..'), { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a demo sync and reports it, the status naming the protocol', async () => {
    const synced = await node('run', '--json');
    const report = JSON.parse(synced.stdout) as { exitCode: number; run: { status: string; fullLoad: boolean; counts: { inserted: number } } };
    expect(report).toMatchObject({ exitCode: 0, run: { status: 'succeeded', fullLoad: true } });
    expect(report.run.counts.inserted).toBeGreaterThan(0);
    expect(synced.stderr).toContain('SINCRONIZAÇÃO INCREMENTAL CONCLUÍDA COM SUCESSO');

    const status = await node('status');
    expect(status.stdout).toMatch(/^modo: DEMO .* protocolo json2$/m);
    const json = JSON.parse((await node('status', '--json')).stdout) as { odoo: { protocol?: string }; lastSuccess: { id: number } | null };
    expect(json.odoo.protocol).toBe('json2');
    expect(json.lastSuccess).not.toBeNull();
  });

  it('runs the scheduler service (what the systemd and supervisor units start) and stops it on SIGTERM with exit 0', async () => {
    const service = spawn(process.execPath, [join(outDir, 'main.js'), 'scheduler'], { cwd: ROOT, env: env() });
    let stderr = '';
    service.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => service.once('exit', (code) => resolve(code)));
    await waitFor(async () => stderr.includes('"event":"scheduler.started"'), 'the scheduler to start');
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain('"level":"error"');
  });
});
