/**
 * The CLI as a container runs it: PID 1 of a fresh PID namespace (`unshare --pid --fork
 * --mount-proc`), same host name, same file system. Needs root (or a user namespace): the tests
 * that use it fail loudly where the machine allows none, they never skip.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './cli-process';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'electron', 'engine', 'cli', 'main.ts');
const execFileAsync = promisify(execFile);

export interface NamespacedCli {
  /** the `unshare` process (host pid); killing it kills the namespace's PID 1 (--kill-child) */
  child: ChildProcess;
  /** everything printed so far (stdout and stderr) */
  output: () => string;
  exited: Promise<number | null>;
}

/** Throws a clear error where no PID namespace can be made (not root, no unshare). */
export async function requirePidNamespace(): Promise<void> {
  await execFileAsync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).catch((error: Error) => {
    throw new Error(`this test needs a PID namespace (run it as root: unshare --pid --fork --mount-proc): ${error.message}`);
  });
}

/** `cli <args>` as PID 1 of its own PID namespace, with `env` over this process's environment. */
export function startCliAsPid1(args: string[], env: NodeJS.ProcessEnv): NamespacedCli {
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', process.execPath, '--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The host pid of the namespace's PID 1: unshare's only child. */
export async function namespaceInit(unsharePid: number): Promise<number> {
  return waitFor(async () => {
    const children = (await readFile(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').catch(() => '')).trim();
    return children ? Number(children.split(' ')[0]) : null;
  }, 'the namespace to start its PID 1');
}

/** Resolves once host pid `pid` is gone (reaped, or a zombie nobody reaped yet: it runs nothing). */
export async function processGone(pid: number, what: string): Promise<void> {
  await waitFor(async () => {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    return stat === null || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  }, what);
}
