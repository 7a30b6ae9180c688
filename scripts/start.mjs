#!/usr/bin/env node
/**
 * `npm start`: the desktop app where Electron can run, the headless console everywhere else.
 *
 * Electron is an optional dependency (package.json): where its binary cannot be downloaded,
 * `npm install` still succeeds and leaves Electron out (or, with ELECTRON_SKIP_BINARY_DOWNLOAD,
 * leaves the package without its binary); on Linux without a display Electron cannot open a
 * window either. Then this launcher says so in one line and runs the
 * CLI's `serve` instead: scheduler + console on http://127.0.0.1:8787 (`npm start -- --port P`
 * and `--host H` are passed on), building the console first when out/renderer is missing.
 * Signals are forwarded and the exit code is the child's, so it behaves as `serve` does.
 */
import { spawn } from 'node:child_process';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const require = createRequire(join(ROOT, 'package.json'));
const args = process.argv.slice(2);

/** The path of a runnable Electron binary, or why there is none. */
function electronBinary() {
  try {
    // The package's main export is the binary's path; it throws when the binary was never installed.
    const binary = require('electron');
    if (typeof binary !== 'string') return { reason: 'the electron package gives no binary path' };
    if (!existsSync(binary)) return { reason: `its binary is missing (${binary})` };
    // A Linux server or container without a display cannot open a window (Electron would abort).
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
      return { reason: 'no display: DISPLAY and WAYLAND_DISPLAY are unset' };
    return { binary };
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error).code;
    return { reason: code === 'MODULE_NOT_FOUND' ? 'the electron package is not installed' : 'its binary was not downloaded' };
  }
}

/** Runs node with `nodeArgs` on the parent's terminal; resolves with its exit code. */
function run(nodeArgs, { forwardSignals = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    if (forwardSignals) for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
    // `npm start` killed on its own (SIGTERM to npm's pid only) does not pass the signal on: when our
    // parent is gone, stop the child as if we had been told to, rather than run on orphaned.
    const parent = process.ppid;
    const orphanWatch = forwardSignals ? setInterval(() => process.ppid !== parent && forward('SIGTERM'), 1000) : null;
    child.on('exit', (code, signal) => {
      if (orphanWatch) clearInterval(orphanWatch);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 143));
    });
  });
}

const ELECTRON_VITE = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const CLI = join(ROOT, 'electron', 'engine', 'cli', 'main.ts');

async function main() {
  const electron = electronBinary();
  if (electron.binary) return run([ELECTRON_VITE, 'preview', ...args], { forwardSignals: true });

  process.stdout.write(
    `Electron is not available here (${electron.reason}): starting the headless console instead (scheduler + console, http://127.0.0.1:8787 by default).\n`,
  );
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    const built = await run([ELECTRON_VITE, 'build', '--logLevel', 'warn']);
    if (built !== 0) return built;
  }
  // `node --import tsx` as `npm run cli` does, in one process: the signal reaches `serve` itself.
  return run(['--import', 'tsx', CLI, 'serve', ...args], { forwardSignals: true });
}

// Signals are the child's to handle (it stops the scheduler and closes the engine); until it exits, this process waits.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
process.exitCode = await main();
