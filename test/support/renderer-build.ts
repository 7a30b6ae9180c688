/**
 * The built console for the e2e tests: out/renderer when it is at least as new as its sources,
 * otherwise (CI, or sources edited since) a fresh electron-vite build into `outDir`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** The folder holding the built renderer's index.html; `outDir` is used only when a build is needed. */
export async function builtRendererDir(outDir: () => string): Promise<string> {
  const built = join(ROOT, 'out', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'shared')), newestMtime(join(ROOT, 'electron.vite.config.ts')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return join(ROOT, 'out', 'renderer');
  const target = outDir();
  await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build', '--outDir', target, '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  const dir = join(target, 'renderer');
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`electron-vite build produced no ${join(dir, 'index.html')}`);
  return dir;
}
