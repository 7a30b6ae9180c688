/** Spawns `fixtures/hold-lock.ts` as a real child process (`node --import tsx`). */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LockHolder } from '../../../../electron/engine/lock';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hold-lock.ts');

export interface HolderConfig {
  redisUrl: string | null;
  prefix: string;
  ttlMs: number;
  fallback: 'postgres' | 'local' | 'none';
  databaseUrl: string;
  dataDir: string;
  commandTimeoutMs?: number;
  owner?: string;
}

export interface HolderResult {
  event: 'result';
  acquired: boolean;
  backend?: string;
  degraded?: boolean;
  fence?: number;
  token?: string;
  holder?: LockHolder | null;
  error?: string;
  errorName?: string;
  pid: number;
}

export interface HolderProcess {
  child: ChildProcess;
  result: Promise<HolderResult>;
  /** next line with this event */
  next(event: string): Promise<Record<string, unknown>>;
  send(command: 'release' | 'confirm'): void;
  kill9(): Promise<void>;
  exited: Promise<number | null>;
}

export function startHolder(config: HolderConfig): HolderProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: process.cwd(),
    env: { ...process.env, LOCK_FIXTURE: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const records: Array<Record<string, unknown>> = [];
  const waiters: Array<{ event: string; resolve: (record: Record<string, unknown>) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const index = waiters.findIndex((waiter) => waiter.event === record.event);
    if (index >= 0) waiters.splice(index, 1)[0].resolve(record);
    else records.push(record);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = (event: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const index = records.findIndex((record) => record.event === event);
      if (index >= 0) return resolve(records.splice(index, 1)[0]);
      waiters.push({ event, resolve });
      void exited.then(() =>
        setTimeout(() => {
          const still = waiters.findIndex((waiter) => waiter.resolve === resolve);
          if (still >= 0) reject(new Error(`holder exited before "${event}"; stderr: ${stderr.slice(-2000)}`));
        }, 100),
      );
    });
  return {
    child,
    result: next('result') as unknown as Promise<HolderResult>,
    next,
    send: (command) => child.stdin?.write(`${command}\n`),
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}
