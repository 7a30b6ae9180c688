/**
 * Fallback backend shared by every instance using the same database: a SESSION advisory
 * lock (`pg_try_advisory_lock`) on a dedicated connection held for the lock's whole life.
 * Releasing = `pg_advisory_unlock` + closing the connection; a dead process frees it when
 * its connection drops. There is no TTL: renewal is a liveness round trip on the connection.
 *
 * Other processes learn who holds it from `pg_stat_activity.application_name` of the
 * holder's connection: `cslock:<token>:<pid>:<fence>:<host>` (truncated to 63 bytes, so
 * the host may be cut). `runId` and `owner` are not visible from outside for this backend.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { BackendHolder, BackendRelease, Lease, LeaseAttempt, LockBackend } from './lease';
import { BackendUnreachableError, type LockHolder } from './types';

const APP_PREFIX = 'cslock';

/** The advisory lock key: a signed 64-bit integer derived from the Redis prefix (decimal string). */
export function advisoryKey(prefix: string): string {
  const digest = createHash('sha256').update(`carteira-sync-lock:${prefix}`).digest();
  return digest.readBigInt64BE(0).toString();
}

/** pg_locks shows a bigint advisory key as classid (high 32 bits) / objid (low 32 bits), unsigned. */
function lockIds(key: string): { classid: string; objid: string } {
  const unsigned = BigInt.asUintN(64, BigInt(key));
  return { classid: (unsigned >> 32n).toString(), objid: (unsigned & 0xffffffffn).toString() };
}

function applicationName(holder: LockHolder): string {
  return `${APP_PREFIX}:${holder.token}:${holder.pid}:${holder.fence ?? ''}:${holder.host}`.slice(0, 63);
}

function parseApplicationName(name: string | null, backendStart: Date | null): LockHolder | null {
  const match = name === null ? null : /^cslock:([0-9a-f]*):(\d*):(\d*):(.*)$/.exec(name);
  if (!match) {
    return { token: '', owner: name ?? '', host: '', pid: 0, runId: null, acquiredAt: backendStart?.toISOString() ?? '', fence: null, backend: 'postgres' };
  }
  return {
    token: match[1],
    owner: '',
    host: match[4],
    pid: Number(match[2] || 0),
    runId: null,
    acquiredAt: backendStart?.toISOString() ?? '',
    fence: match[3] ? Number(match[3]) : null,
    backend: 'postgres',
  };
}

export interface PostgresAdvisoryLockOptions {
  databaseUrl: string;
  prefix: string;
  /** connect / statement timeout; default 5000 ms */
  timeoutMs?: number;
}

interface AdvisoryHolderInfo {
  holder: LockHolder;
  /** backend pid of the holder's connection */
  backendPid: number;
}

export class PostgresAdvisoryLock implements LockBackend {
  readonly name = 'postgres' as const;
  readonly key: string;
  private readonly databaseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: PostgresAdvisoryLockOptions) {
    this.key = advisoryKey(options.prefix);
    this.databaseUrl = options.databaseUrl;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async tryAcquire(holder: LockHolder): Promise<LeaseAttempt> {
    const client = await this.connect(applicationName(holder));
    let won: boolean;
    try {
      const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [this.key]);
      won = result.rows[0]?.locked === true;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new BackendUnreachableError('postgres', error);
    }
    if (won) return { won: true, lease: new AdvisoryLease(client, this.key, holder.token) };
    await client.end().catch(() => undefined);
    const current = await this.read().catch(() => null);
    return { won: false, holder: current?.holder ?? null };
  }

  /** The holder, as far as its connection's application_name tells; an advisory lock has no TTL. */
  async inspect(): Promise<BackendHolder | null> {
    const current = await this.read();
    return current ? { holder: current.holder, ttlMs: null } : null;
  }

  /** Who holds the advisory lock now (from pg_locks + pg_stat_activity), on a short-lived connection. */
  private async read(): Promise<AdvisoryHolderInfo | null> {
    const client = await this.connect(`${APP_PREFIX}-inspect`);
    try {
      const { classid, objid } = lockIds(this.key);
      const result = await client.query<{ pid: number; application_name: string | null; backend_start: Date | null }>(
        `SELECT a.pid, a.application_name, a.backend_start
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1
          LIMIT 1`,
        [classid, objid],
      );
      const row = result.rows[0];
      if (!row) return null;
      const holder = parseApplicationName(row.application_name, row.backend_start);
      return holder ? { holder, backendPid: row.pid } : null;
    } catch (error) {
      throw new BackendUnreachableError('postgres', error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Forced release of someone else's advisory lock: terminates the holder's dedicated
   * connection (the server then frees the lock). With `expectedToken`, only if the holder
   * still carries that token. Needs the same role or `pg_signal_backend`.
   */
  async forceRelease(expectedToken: string | null): Promise<BackendRelease> {
    const current = await this.read();
    if (!current) return { released: false, previous: null };
    if (expectedToken !== null && current.holder.token !== expectedToken) return { released: false, previous: current.holder };
    const client = await this.connect(`${APP_PREFIX}-admin`);
    try {
      const result = await client.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [current.backendPid]);
      return { released: result.rows[0]?.ok === true, previous: current.holder };
    } catch (error) {
      throw new BackendUnreachableError('postgres', error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Nothing to close: the lease owns the holder's connection, every other query opens its own. */
  async close(): Promise<void> {}

  private async connect(name: string): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: name,
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
      keepAlive: true,
    });
    // An idle client that loses its connection emits 'error'; the lease watches it.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new BackendUnreachableError('postgres', error);
    }
    return client;
  }
}

class AdvisoryLease implements Lease {
  readonly backend = 'postgres' as const;
  readonly ttlMs = null;
  private brokenReason: string | null = null;
  private ended = false;

  constructor(
    private readonly client: pg.Client,
    private readonly key: string,
    readonly token: string,
  ) {
    client.on('error', (error: Error) => {
      this.brokenReason ??= `the advisory lock's connection failed (${error.message})`;
    });
    client.on('end', () => {
      this.brokenReason ??= "the advisory lock's connection was closed";
    });
  }

  /** Liveness round trip; the holder's fence is published in application_name. */
  async renew(holder?: LockHolder): Promise<string | null> {
    if (this.brokenReason) return this.brokenReason;
    try {
      if (holder) await this.client.query('SELECT set_config($1, $2, false)', ['application_name', applicationName(holder)]);
      else await this.client.query('SELECT 1');
      return null;
    } catch (error) {
      this.brokenReason ??= `the advisory lock's connection failed (${(error as Error).message})`;
      return this.brokenReason;
    }
  }

  async confirm(): Promise<string | null> {
    return this.renew();
  }

  async release(): Promise<boolean> {
    if (this.brokenReason || this.ended) return false;
    try {
      const result = await this.client.query<{ unlocked: boolean }>('SELECT pg_advisory_unlock($1::bigint) AS unlocked', [this.key]);
      return result.rows[0]?.unlocked === true;
    } catch {
      return false;
    } finally {
      await this.dispose();
    }
  }

  async dispose(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.brokenReason ??= 'released';
    await this.client.end().catch(() => undefined);
  }
}
