/**
 * `npm start` where Electron cannot run (this machine: the package is installed without its
 * binary, or not at all; or a Linux box without a display): scripts/start.mjs says so in one
 * line and runs the headless console, which answers, syncs and stops on SIGTERM with exit code
 * 0, as `serve` does.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/cli-process';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const temps: string[] = [];

/** The environment of an operator who configured nothing (demo mode), with a data folder of its own. */
async function demoEnv(): Promise<NodeJS.ProcessEnv> {
  const dataDir = await mkdtemp(join(tmpdir(), 'carteira-start-'));
  temps.push(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '20' };
  for (const name of Object.keys(env))
    if (/^(ODOO_|DATABASE_URL|REDIS_|SYNC_|CONSOLE_|CARTEIRA_CONFIG_FILE|ELECTRON_OVERRIDE_DIST_PATH)/.test(name)) delete env[name];
  return env;
}

/** `node scripts/start.mjs --port 0`, as `npm start -- --port 0` runs it. */
function launch(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = () =>
    waitFor(
      async () => /Carteira Sync Console on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout)?.[1],
      `the console's URL (stdout: ${output.stdout}\nstderr: ${output.stderr})`,
      200_000, // the build (when out/renderer is missing) and the embedded database take a while on a shared machine
    );
  const explanation = () => output.stdout.split('\n').filter((line) => line.includes('Electron'));
  return { child, exited, output, url, explanation };
}

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('npm start where Electron cannot run', () => {
  it('explains in one line, serves the console on the given port, and exits 0 on SIGTERM', { timeout: 240_000 }, async () => {
    const started = launch(await demoEnv());
    try {
      const url = await started.url();
      expect(started.explanation()).toHaveLength(1);
      expect(started.explanation()[0]).toMatch(/^Electron is not available here \(.+\): starting the headless console instead/);

      const status = await fetch(`${url}/api/getStatus`);
      expect(status.status).toBe(200);
      expect(((await status.json()) as { result: { mode: string } }).result.mode).toBe('demo');
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Content-Security-Policy');
    } finally {
      started.child.kill('SIGTERM');
    }
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(started.output.stderr).toContain('"event":"http.listening"');
  });

  it('with an Electron binary but no display (a Linux server), says so and serves the console instead', { timeout: 240_000 }, async () => {
    // ELECTRON_OVERRIDE_DIST_PATH: where the electron package looks for its binary
    const dist = await mkdtemp(join(tmpdir(), 'carteira-electron-dist-'));
    temps.push(dist);
    await writeFile(join(dist, 'electron'), '#!/bin/sh\nexit 99\n');
    await chmod(join(dist, 'electron'), 0o755);
    const env: NodeJS.ProcessEnv = { ...(await demoEnv()), ELECTRON_OVERRIDE_DIST_PATH: dist };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const started = launch(env);
    try {
      const url = await started.url();
      expect(started.explanation()).toEqual([
        'Electron is not available here (no display: DISPLAY and WAYLAND_DISPLAY are unset): starting the headless console instead (scheduler + console, http://127.0.0.1:8787 by default).',
      ]);
      expect((await fetch(`${url}/api/getStatus`)).status).toBe(200);
    } finally {
      started.child.kill('SIGINT');
    }
    expect(await started.exited).toEqual({ code: 0, signal: null });
  });
});
