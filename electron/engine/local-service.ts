/**
 * The running service, as the CLI finds it (issue 18.3). The embedded database (PGlite) is one
 * process's: while `serve` or `scheduler` has it open, a CLI beside it cannot open it too. So the
 * service says who it is in a file beside the PGlite claim (`<pglite dir>.service`, mode 0600):
 * `serve` its address and a random token of this start, through which the CLI asks the service's
 * own API (its status, its lock, a run that is the service's own); `scheduler`, which has no API,
 * only that it is there, so the CLI can say what to do instead of "open in process N".
 *
 * What the token trusts (docs/SECURITY.md): whoever can read the file — the service's OS user and
 * root — may call the API as a trusted local caller and name the audit's actor (`cli:user@host`).
 * That user can already open the database whenever the service is stopped, so the file grants
 * nothing it did not have. The file is written 0600 and read only when it is a plain file, owned by
 * this user (or read by root) and not open to group or others; a record left by a process that is
 * gone (kill -9) is not followed.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { processAlive } from './process-alive';
import { ownPidNamespace, ownProcessInstance, processInstance } from './process-instance';

export type LocalServiceKind = 'serve' | 'scheduler';

export interface LocalServiceRecord {
  kind: LocalServiceKind;
  pid: number;
  /** the process instance (process-instance.ts), as in the PGlite claim */
  instance: string;
  host: string;
  /** ISO time the service started */
  since: string;
  pidNamespace?: string;
  /** `serve`: where this machine reaches its API (a loopback address when it listens on every interface) */
  url?: string;
  /** `serve`: the local token of this start (64 hex digits) */
  token?: string;
}

/** The header a trusted local caller names its actor in (URI-encoded: a user name may not be ASCII). */
export const LOCAL_ACTOR_HEADER = 'x-carteira-actor';

/** The file beside the PGlite claim (`<dir>.owner`). */
export function localServiceFile(pgliteDir: string): string {
  return `${pgliteDir}.service`;
}

/** A random token for one start of `serve`: 32 bytes, hex. */
export function newLocalToken(): string {
  return randomBytes(32).toString('hex');
}

/** Writes this process's record (0600, atomically); resolves with the function that removes it. */
export async function announceLocalService(pgliteDir: string, service: { kind: LocalServiceKind; url?: string; token?: string }): Promise<() => Promise<void>> {
  const file = localServiceFile(pgliteDir);
  const pidNamespace = ownPidNamespace();
  const record: LocalServiceRecord = {
    kind: service.kind,
    pid: process.pid,
    instance: ownProcessInstance(),
    host: hostname(),
    since: new Date().toISOString(),
    ...(pidNamespace ? { pidNamespace } : {}),
    ...(service.url ? { url: service.url } : {}),
    ...(service.token ? { token: service.token } : {}),
  };
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600); // whatever the umask did
  await rename(temp, file);
  return async () => {
    const current = await readRecord(file).catch(() => null);
    if (current && current.pid === record.pid && current.instance === record.instance) await unlink(file).catch(() => undefined);
  };
}

/** The file is there but cannot be trusted: say why (the CLI does not follow it). */
export class LocalServiceFileError extends Error {
  constructor(file: string, why: string, next = 'Apague-o se nenhum serviço estiver rodando (o serviço o escreve de novo ao iniciar).') {
    super(`o arquivo do serviço ${file} não é confiável (${why}): a CLI não o segue. ${next}`);
    this.name = 'LocalServiceFileError';
  }
}

/**
 * The service that has `pgliteDir` open now, or null: no file, or a record left by a process that
 * is gone. Throws `LocalServiceFileError` for a file that is not safe to follow.
 */
export async function findLocalService(pgliteDir: string): Promise<LocalServiceRecord | null> {
  const file = localServiceFile(pgliteDir);
  let info;
  try {
    info = await lstat(file);
  } catch {
    return null;
  }
  if (!info.isFile()) throw new LocalServiceFileError(file, 'não é um arquivo comum');
  if ((info.mode & 0o077) !== 0) throw new LocalServiceFileError(file, `permissões ${(info.mode & 0o777).toString(8)}, não 600`);
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && info.uid !== uid)
    throw new LocalServiceFileError(
      file,
      `pertence ao uid ${info.uid}, não a este usuário (${uid})`,
      `Rode a CLI como o usuário do serviço (sudo -u <usuário> …) ou como root, com o mesmo CARTEIRA_DATA_DIR.`,
    );
  const record = await readRecord(file);
  if (!record) return null;
  return (await isCurrent(record, pgliteDir)) ? record : null;
}

/** A record is current when its process still runs as the same instance, and still holds the PGlite claim. */
async function isCurrent(record: LocalServiceRecord, pgliteDir: string): Promise<boolean> {
  if (record.host !== hostname()) return false;
  const claim = await readClaimInstance(`${pgliteDir}.owner`);
  if (claim !== null && claim !== record.instance) return false; // another process opened the database since
  // A pid is only comparable within its own namespace (a container's PID 1 is not the host's).
  if (record.pidNamespace !== undefined && record.pidNamespace !== ownPidNamespace()) return claim === record.instance;
  const now = processInstance(record.pid);
  if (now !== null) return now === record.instance;
  return processAlive(record.pid);
}

async function readClaimInstance(file: string): Promise<string | null> {
  try {
    const claim = JSON.parse(await readFile(file, 'utf8')) as { instance?: unknown };
    return typeof claim.instance === 'string' ? claim.instance : null;
  } catch {
    return null;
  }
}

async function readRecord(file: string): Promise<LocalServiceRecord | null> {
  let parsed: Partial<LocalServiceRecord>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LocalServiceRecord>;
  } catch {
    return null;
  }
  if (parsed.kind !== 'serve' && parsed.kind !== 'scheduler') return null;
  if (typeof parsed.pid !== 'number' || typeof parsed.instance !== 'string' || typeof parsed.host !== 'string') return null;
  if (parsed.kind === 'serve' && (typeof parsed.url !== 'string' || typeof parsed.token !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.token))) return null;
  return {
    kind: parsed.kind,
    pid: parsed.pid,
    instance: parsed.instance,
    host: parsed.host,
    since: String(parsed.since),
    ...(typeof parsed.pidNamespace === 'string' ? { pidNamespace: parsed.pidNamespace } : {}),
    ...(typeof parsed.url === 'string' ? { url: parsed.url } : {}),
    ...(typeof parsed.token === 'string' ? { token: parsed.token } : {}),
  };
}

/** The address this machine reaches a server bound to `host` on: a loopback one for the wildcard addresses. */
export function localUrl(boundHost: string, port: number): string {
  const host =
    boundHost === '0.0.0.0' || boundHost === '' ? '127.0.0.1' : boundHost === '::' ? '[::1]' : boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  return `http://${host}:${port}`;
}
