#!/usr/bin/env node
/**
 * `npm start`: the desktop app where Electron can run, the headless console everywhere else.
 *
 * Electron is an optional dependency (package.json): where its binary cannot be downloaded,
 * `npm install` still succeeds and leaves Electron out (or, with ELECTRON_SKIP_BINARY_DOWNLOAD,
 * leaves the package without its binary); on Linux without a display Electron cannot open a
 * window either. Then this launcher says so in one line and runs the
 * CLI's `serve` instead: scheduler + console on http://127.0.0.1:8787 (`npm start -- --port P`
 * and `--host H` are passed on), building first when out/renderer is missing. `serve` runs from
 * the built bundle out/cli/main.js when it is at least as new as every engine source, otherwise
 * from the TypeScript through tsx (a stale bundle would run old code).
 * The first stop signal is passed on once and the exit code is the child's, so it behaves as `serve` does.
 */
import { spawn } from 'node:child_process';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
    if (typeof binary !== 'string') return { reason: 'o pacote electron não indica o binário' };
    if (!existsSync(binary)) return { reason: `falta o binário dele (${binary})` };
    // A Linux server or container without a display cannot open a window (Electron would abort).
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
      return { reason: 'sem tela: DISPLAY e WAYLAND_DISPLAY não estão definidos' };
    return { binary };
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error).code;
    return { reason: code === 'MODULE_NOT_FOUND' ? 'o pacote electron não está instalado' : 'o binário dele não foi baixado' };
  }
}

/** Runs node with `nodeArgs` on the parent's terminal; resolves with its exit code. */
function run(nodeArgs, { forwardSignals = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: 'inherit' });
    // Once: a Ctrl-C already reaches the child straight from the terminal (same process group), and
    // npm passes its own copy to us; our copy is for a signal sent to this process alone (kill PID).
    let forwarded = false;
    const forward = (signal) => {
      if (forwarded) return;
      forwarded = true;
      child.kill(signal);
    };
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
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const CLI_SOURCE = join(ROOT, 'electron', 'engine', 'cli', 'main.ts');
const CLI_BUNDLE = join(ROOT, 'out', 'cli', 'main.js');
/** What the bundle is built from: the engine and the types and schemas it shares with the renderer. */
const CLI_SOURCE_DIRS = [join(ROOT, 'electron', 'engine'), join(ROOT, 'shared')];

/** The newest modification time of any file under `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return newest;
}

/** The bundle when it exists and no source changed after it was built. */
function cliBundleIsFresh() {
  if (!existsSync(CLI_BUNDLE)) return false;
  const built = statSync(CLI_BUNDLE).mtimeMs;
  return CLI_SOURCE_DIRS.every((dir) => newestMtime(dir) <= built);
}

async function main() {
  const electron = electronBinary();
  if (electron.binary) {
    // electron-vite preview refuses options it does not know (`Unknown option --port`), and the desktop app has no port.
    if (args.length > 0) {
      process.stderr.write(
        `npm start: ${args.join(' ')}: opções do console sem interface gráfica, mas aqui o Electron roda e o npm start abre o app desktop, que não tem porta. Para o console numa porta: npm run build && node out/cli/main.js serve ${args.join(' ')}\n`,
      );
      return 1;
    }
    return run([ELECTRON_VITE, 'preview'], { forwardSignals: true });
  }

  process.stdout.write(
    `O Electron não está disponível aqui (${electron.reason}): iniciando o console sem interface gráfica (agendador + console, em http://127.0.0.1:8787 por padrão).\n`,
  );
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    // `npm run build`'s two steps: the console, then the CLI bundle that `serve` runs from.
    const built = await run([ELECTRON_VITE, 'build', '--logLevel', 'warn']);
    if (built !== 0) return built;
    const bundled = await run([VITE, 'build', '--config', join(ROOT, 'vite.cli.config.ts')]);
    if (bundled !== 0) return bundled;
  }
  // One node process either way, so its pid is `serve`'s. Sources newer than the bundle (an edit, a
  // pull) run through tsx as `npm run cli` does, until the next `npm run build`.
  const cli = cliBundleIsFresh() ? [CLI_BUNDLE] : ['--import', 'tsx', CLI_SOURCE];
  return run([...cli, 'serve', ...args], { forwardSignals: true });
}

// Signals are the child's to handle (it stops the scheduler and closes the engine); until it exits, this process waits.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
process.exitCode = await main();
