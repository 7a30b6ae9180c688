/**
 * A real `serve` process (the CLI, as an operator starts it) on a loopback port of its own,
 * in demo mode on a fresh PostgreSQL database and a Redis prefix of its own, plus raw ways
 * to talk to it: `raw` writes bytes on a socket (malformed request lines that no HTTP client
 * would send), `send` is node:http with any Host, Origin or Content-Type.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, waitFor, type CliRun } from '../../../support/cli-process';
import { REDIS_URL, createTestDatabase, deleteRedisKeys, uniqueRedisPrefix } from '../../../support/services';

export interface ServeProcess {
  url: string;
  port: number;
  env: Record<string, string>;
  databaseUrl: string;
  prefix: string;
  cli: CliRun;
  /** true while the process has not exited */
  alive(): boolean;
  /** everything written on stderr so far (the JSON log lines) */
  stderr(): string;
  stop(): Promise<void>;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function startServe(options: { env?: Record<string, string>; args?: string[] } = {}): Promise<ServeProcess> {
  const database = await createTestDatabase('hostile');
  const dataDir = await mkdtemp(join(tmpdir(), 'carteira-hostile-'));
  const prefix = uniqueRedisPrefix('hostile');
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL,
    SYNC_REDIS_PREFIX: prefix,
    CARTEIRA_DATA_DIR: dataDir,
    DEMO_ORDERS: '5',
    DEMO_CHANGES_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  let stderr = '';
  let stdout = '';
  const cli = startCli(['serve', '--port', '0', ...(options.args ?? [])], env);
  let exited = false;
  cli.child.on('exit', () => (exited = true));
  cli.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  cli.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const url = await waitFor(
    async () => {
      if (exited) throw new Error(`serve exited before listening:\n${stderr}`);
      return /Carteira Sync Console (?:em|on) (http:\/\/\S+?)(?:\/#|\s)/.exec(stdout)?.[1] ?? null;
    },
    'serve to listen',
    60_000,
  );
  return {
    url,
    port: Number(new URL(url).port),
    env,
    databaseUrl: database.url,
    prefix,
    cli,
    alive: () => !exited,
    stderr: () => stderr,
    stop: async () => {
      if (!exited) {
        cli.child.kill('SIGTERM');
        const timer = setTimeout(() => cli.child.kill('SIGKILL'), 15_000);
        await cli.done;
        clearTimeout(timer);
      }
      await database.drop().catch(() => undefined);
      await deleteRedisKeys(prefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes `text` as is on a fresh connection and returns the status of the answer (0 when the server closed without one). */
export function raw(port: number, text: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0), text: received }));
    socket.setTimeout(10_000, () => socket.destroy());
    socket.end(Buffer.from(text, 'latin1'));
  });
}

/** One request with exactly these headers (node:http lets us set Host and Origin, a browser would not). */
export function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; closeEarly?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        if (options.closeEarly) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
          res.destroy();
          return;
        }
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
