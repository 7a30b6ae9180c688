/**
 * `npm start` where Electron cannot run (this machine: the package is installed without its
 * binary, or not at all): scripts/start.mjs says so in one line and runs the headless console,
 * which answers, syncs and stops on SIGTERM with exit code 0, as `serve` does.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/cli-process';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The environment of an operator who configured nothing (demo mode), with a data folder of its own. */
function demoEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '20' };
  for (const name of Object.keys(env)) if (/^(ODOO_|DATABASE_URL|REDIS_|SYNC_|CONSOLE_|CARTEIRA_CONFIG_FILE)/.test(name)) delete env[name];
  return env;
}

describe('npm start without a usable Electron binary', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('explains in one line, serves the console on the given port, and exits 0 on SIGTERM', { timeout: 240_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-start-'));
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', '0'], {
      cwd: ROOT,
      env: demoEnv(dataDir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );

    try {
      // the build (when out/renderer is missing) and the embedded database take a while on a shared machine
      const url = await waitFor(
        async () => /Carteira Sync Console on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1],
        `the console's URL (stdout: ${stdout}\nstderr: ${stderr})`,
        200_000,
      );
      const explanation = stdout.split('\n').filter((line) => line.includes('Electron'));
      expect(explanation).toHaveLength(1);
      expect(explanation[0]).toMatch(/^Electron is not available here \(.+\): starting the headless console instead/);

      const status = await fetch(`${url}/api/getStatus`);
      expect(status.status).toBe(200);
      expect(((await status.json()) as { result: { mode: string } }).result.mode).toBe('demo');
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Content-Security-Policy');
    } finally {
      child.kill('SIGTERM');
    }
    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr).toContain('"event":"http.listening"');
  });
});
