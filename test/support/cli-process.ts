/** Runs the real CLI (electron/engine/cli/main.ts) as a child process, as an operator would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'electron', 'engine', 'cli', 'main.ts');

export interface CliRun {
  child: ChildProcess;
  /** resolves with the exit code (null when killed) and everything printed */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export function startCli(args: string[], env: Record<string, string>): CliRun {
  // `node --import tsx` rather than the tsx binary: one process, so its pid is the run's pid and kill -9 hits it.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

export async function runCli(args: string[], env: Record<string, string>) {
  return startCli(args, env).done;
}

const execFileAsync = promisify(execFile);

/** The operator's tool, literally: `redis-cli` against the test Redis. */
export async function redisCli(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', ...args]);
  return stdout.trim();
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
