/**
 * `npm start` where Electron cannot run (this machine: the package is installed without its
 * binary, or not at all; or a Linux box without a display): scripts/start.mjs says so in one
 * line and runs the headless console, which answers, syncs and stops on SIGTERM with exit code
 * 0, as `serve` does.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/cli-process';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI_BUNDLE = join(ROOT, 'out', 'cli', 'main.js');
const temps: string[] = [];
const execFileAsync = promisify(execFile);

/** The environment of an operator who configured nothing (demo mode), with a data folder of its own. */
async function demoEnv(): Promise<NodeJS.ProcessEnv> {
  const dataDir = await mkdtemp(join(tmpdir(), 'carteira-start-'));
  temps.push(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '20' };
  for (const name of Object.keys(env))
    if (/^(ODOO_|DATABASE_URL|REDIS_|SYNC_|CONSOLE_|CARTEIRA_CONFIG_FILE|ELECTRON_OVERRIDE_DIST_PATH)/.test(name)) delete env[name];
  return env;
}

/** `node scripts/start.mjs --port 0`, as `npm start -- --port 0` runs it; `detached`: as the leader of a process group, like a shell's foreground job. */
function launch(env: NodeJS.ProcessEnv, { detached = false } = {}) {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = () =>
    waitFor(
      async () => /Carteira Sync Console (?:em|on) (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout)?.[1],
      `the console's URL (stdout: ${output.stdout}\nstderr: ${output.stderr})`,
      200_000, // the build (when out/renderer is missing) and the embedded database take a while on a shared machine
    );
  const explanation = () => output.stdout.split('\n').filter((line) => line.includes('Electron'));
  /** The command line of the `serve` process the launcher started. */
  const serveCommand = async () => {
    const { stdout } = await execFileAsync('ps', ['-eo', 'ppid=,args=']);
    const lines = stdout.split('\n').filter((line) => line.trim().startsWith(`${child.pid} `) && line.includes(' serve --port 0'));
    expect(lines, `ps:\n${stdout}`).toHaveLength(1);
    return lines[0];
  };
  return { child, exited, output, url, explanation, serveCommand };
}

/** Runs `work` with out/cli/main.js's modification time set to `time` (built), then puts the original back. */
async function withBundleTime<T>(time: Date, work: () => Promise<T>): Promise<T> {
  if (!existsSync(CLI_BUNDLE))
    await execFileAsync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'vite.cli.config.ts', '--logLevel', 'warn'], { cwd: ROOT });
  const original = await stat(CLI_BUNDLE);
  await utimes(CLI_BUNDLE, time, time);
  try {
    return await work();
  } finally {
    await utimes(CLI_BUNDLE, original.atime, original.mtime);
  }
}

/**
 * The environment of a machine where Electron is installed: a stand-in binary that the electron
 * package points to (ELECTRON_OVERRIDE_DIST_PATH) or, where a plain `npm install` dropped the
 * package because its download failed, a stand-in package found through NODE_PATH.
 */
async function electronInstalledEnv(): Promise<NodeJS.ProcessEnv> {
  const dist = await mkdtemp(join(tmpdir(), 'carteira-electron-dist-'));
  temps.push(dist);
  const binary = join(dist, 'electron');
  await writeFile(binary, '#!/bin/sh\nexit 99\n');
  await chmod(binary, 0o755);
  const packages = join(dist, 'node_modules');
  await mkdir(join(packages, 'electron'), { recursive: true });
  await writeFile(join(packages, 'electron', 'index.js'), `module.exports = ${JSON.stringify(binary)};\n`);
  return { ELECTRON_OVERRIDE_DIST_PATH: dist, NODE_PATH: packages };
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
      expect(started.explanation()[0]).toMatch(/^O Electron não está disponível aqui \(.+\): iniciando o console sem interface gráfica/);

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
    const env: NodeJS.ProcessEnv = { ...(await demoEnv()), ...(await electronInstalledEnv()) };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const started = launch(env);
    try {
      const url = await started.url();
      expect(started.explanation()).toEqual([
        'O Electron não está disponível aqui (sem tela: DISPLAY e WAYLAND_DISPLAY não estão definidos): iniciando o console sem interface gráfica (agendador + console, em http://127.0.0.1:8787 por padrão).',
      ]);
      expect((await fetch(`${url}/api/getStatus`)).status).toBe(200);
    } finally {
      started.child.kill('SIGINT');
    }
    expect(await started.exited).toEqual({ code: 0, signal: null });
  });

  it(
    'runs serve from the built bundle when it is newer than the sources; Ctrl-C to the whole process group, twice, still exits 0',
    { timeout: 240_000 },
    async () => {
      // built "tomorrow": after every source file
      await withBundleTime(new Date(Date.now() + 86_400_000), async () => {
        const started = launch(await demoEnv(), { detached: true });
        try {
          await started.url();
          expect(await started.serveCommand()).toContain(`${CLI_BUNDLE} serve --port 0`);
          // a terminal's Ctrl-C reaches the launcher and serve; the launcher passes one copy on; then a second Ctrl-C
          process.kill(-started.child.pid!, 'SIGINT');
          await new Promise((resolve) => setTimeout(resolve, 100));
          process.kill(-started.child.pid!, 'SIGINT');
        } catch (error) {
          started.child.kill('SIGKILL');
          throw error;
        }
        expect(await started.exited, `stderr: ${started.output.stderr}`).toEqual({ code: 0, signal: null });
        expect(started.output.stderr).toContain('"event":"process.signal_ignored"');
      });
    },
  );

  it('runs serve through tsx when a source is newer than the bundle (an edit or a pull since the last build)', { timeout: 240_000 }, async () => {
    await withBundleTime(new Date(0), async () => {
      const started = launch(await demoEnv());
      try {
        await started.url();
        expect(await started.serveCommand()).toMatch(/--import tsx \S*electron\/engine\/cli\/main\.ts serve --port 0$/);
      } finally {
        started.child.kill('SIGTERM');
      }
      expect(await started.exited).toEqual({ code: 0, signal: null });
    });
  });
});

describe('npm start where Electron runs', () => {
  it('refuses --port/--host (the desktop app has no port; electron-vite preview would stop at "Unknown option") and says what to run instead', async () => {
    const env: NodeJS.ProcessEnv = { ...(await demoEnv()), ...(await electronInstalledEnv()), DISPLAY: ':99' };
    const started = launch(env);
    expect(await started.exited).toEqual({ code: 1, signal: null });
    expect(started.output.stderr.trim()).toBe(
      'npm start: --port 0: opções do console sem interface gráfica, mas aqui o Electron roda e o npm start abre o app desktop, que não tem porta. Para o console numa porta: npm run build && node out/cli/main.js serve --port 0',
    );
    expect(started.output.stdout).toBe('');
  });
});
