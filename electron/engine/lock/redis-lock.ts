/**
 * The Redis backend: key `<prefix>:lock` holding the JSON holder, taken with `SET NX PX`,
 * renewed, updated and released ONLY through Lua scripts that compare the token first.
 * The scripts are defined on the connection (`defineCommand`): sent as EVALSHA, with an
 * automatic EVAL when the server does not know them yet (new connection, SCRIPT FLUSH).
 *
 * The connection never queues: `enableOfflineQueue: false`, no per-command retries, a
 * command timeout. A command that cannot be sent fails at once, so a `SET NX` issued
 * during an outage can never land later as a lock nobody owns. A `SET NX` that WAS sent but
 * timed out (e.g. Redis under `CLIENT PAUSE`) may still execute later: its token is kept
 * and compare-and-deleted as soon as Redis answers again (and it carries a TTL anyway).
 *
 * `<prefix>:last_run` (runbook habit, `redis-cli GET`) is written without TTL: the old
 * job's 24 h TTL made "no value" ambiguous (never ran? ran 25 h ago?). Run history of
 * record is in PostgreSQL.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { BackendHolder, BackendRelease, Lease, LeaseAttempt, LockBackend } from './lease';
import { parseHolder, serializeHolder } from './lock-holder';
import { BackendUnreachableError, RedisRefusedError, type LockHolder } from './types';

export const DEFAULT_REDIS_PREFIX = 'carteira:sync:incremental';

/** Shared prologue: 1 = the key holds our token, 0 = no key, -1 = someone else's value. */
const OWNED = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, d = pcall(cjson.decode, v)
if not ok or type(d) ~= 'table' or d.token ~= ARGV[1] then return -1 end
`;
const CAS_PEXPIRE = `${OWNED}
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;
const CAS_SET = `${OWNED}
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;
const CAS_DEL = `${OWNED}
redis.call('DEL', KEYS[1])
return 1`;
const CAS_DEL_RETURNING = `
local v = redis.call('GET', KEYS[1])
if not v then return {0} end
local ok, d = pcall(cjson.decode, v)
if not ok or type(d) ~= 'table' or d.token ~= ARGV[1] then return {-1, v} end
redis.call('DEL', KEYS[1])
return {1, v}`;
const GET_DEL = `
local v = redis.call('GET', KEYS[1])
if v then redis.call('DEL', KEYS[1]) end
return v`;
/** DEL only while the key holds exactly the value shown (its SHA-1): any holder, ours or not. */
const VALUE_DEL_RETURNING = `
local v = redis.call('GET', KEYS[1])
if not v then return {0} end
if redis.sha1hex(v) ~= ARGV[1] then return {-1, v} end
redis.call('DEL', KEYS[1])
return {1, v}`;

/** Every script works on the one key `<prefix>:lock`; each becomes a command of the connection. */
const SCRIPTS = {
  lockCasPexpire: CAS_PEXPIRE,
  lockCasSet: CAS_SET,
  lockCasDel: CAS_DEL,
  lockCasDelReturning: CAS_DEL_RETURNING,
  lockGetDel: GET_DEL,
  lockValueDelReturning: VALUE_DEL_RETURNING,
} as const;
type ScriptName = keyof typeof SCRIPTS;
/** ioredis defines `<name>Buffer` beside each script: replies as bytes, so a value that is not UTF-8 comes back exact. */
type ScriptCommands = Record<ScriptName | `${ScriptName}Buffer`, (key: string, ...args: string[]) => Promise<unknown>>;

/** What a forced release compares: nothing (force), our token, or the exact value shown (its SHA-1). */
export type ReleaseExpectation = string | { valueSha1: string } | null;

type CompareResult = 'ours' | 'absent' | 'other';

export interface RedisLockOptions {
  url: string;
  prefix?: string;
  ttlMs: number;
  /** per-command timeout; default 2000 ms */
  commandTimeoutMs?: number;
  logger?: Logger;
}

export class RedisLock implements LockBackend {
  readonly name = 'redis' as const;
  readonly key: string;
  readonly lastRunKey: string;
  readonly ttlMs: number;
  private readonly redis: Redis;
  private readonly commandTimeoutMs: number;
  private readonly logger: Logger | undefined;
  /** tokens of `SET NX` commands that timed out: they may land later and must be removed */
  private readonly orphanTokens = new Set<string>();
  private closed = false;
  /** the last error the server sent on the connection (ioredis reports AUTH failures there, not through connect()) */
  private lastConnectionError: Error | null = null;
  /** the database index of REDIS_URL, checked against the server once connected */
  private databaseChecked = false;
  /** `host:port` and user of REDIS_URL, for messages (never the password) */
  private readonly where: string;
  private readonly user: string;

  constructor(options: RedisLockOptions) {
    const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.key = `${prefix}:lock`;
    this.lastRunKey = `${prefix}:last_run`;
    this.ttlMs = options.ttlMs;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2000;
    this.logger = options.logger;
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.commandTimeoutMs,
      connectTimeout: this.commandTimeoutMs,
      enableReadyCheck: true,
      autoResubscribe: false,
      retryStrategy: (times) => Math.min(100 * times, 1000),
    });
    const parsed = new URL(options.url);
    this.where = parsed.host;
    this.user = decodeURIComponent(parsed.username) || 'default';
    // Connection errors surface through the commands; keep ioredis from printing them, and keep the last one.
    this.redis.on('error', (error: Error) => (this.lastConnectionError = error));
    this.redis.on('ready', () => (this.lastConnectionError = null));
    for (const [name, lua] of Object.entries(SCRIPTS)) this.redis.defineCommand(name, { numberOfKeys: 1, lua });
  }

  /** Tries `SET key value NX PX ttl`. Throws `BackendUnreachableError` when Redis cannot answer. */
  async tryAcquire(holder: LockHolder): Promise<LeaseAttempt> {
    await this.ready();
    let reply: string | null;
    try {
      reply = await this.redis.set(this.key, serializeHolder(holder), 'PX', this.ttlMs, 'NX');
    } catch (error) {
      // Sent but unanswered: it may still execute; remember the token to clean it up.
      this.orphanTokens.add(holder.token);
      throw this.unreachable(error);
    }
    if (reply === 'OK') return { won: true, lease: new RedisLease(this, holder.token) };
    const current = await this.inspect().catch(() => null);
    return { won: false, holder: current?.holder ?? null };
  }

  /** Reads the holder and its PTTL (null without expiry) atomically. */
  async inspect(): Promise<BackendHolder | null> {
    await this.ready();
    try {
      const results = await this.redis.multi().getBuffer(this.key).pttl(this.key).exec();
      const value = results?.[0]?.[1];
      const pttl = results?.[1]?.[1];
      if (!Buffer.isBuffer(value)) return null;
      return { holder: parseHolder(value, 'redis'), ttlMs: typeof pttl === 'number' && pttl >= 0 ? pttl : null };
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /** With a token, DEL only if the key still holds it; with a value's SHA-1, only if it still holds that value; without, DEL whatever it holds. */
  async forceRelease(expected: ReleaseExpectation): Promise<BackendRelease> {
    if (expected === null) {
      const previous = await this.deleteAny();
      return { released: previous !== null, previous };
    }
    const { result, holder } =
      typeof expected === 'string'
        ? await this.compareAndDeleteReturning('lockCasDelReturning', expected)
        : await this.compareAndDeleteReturning('lockValueDelReturning', expected.valueSha1);
    return { released: result === 'ours', previous: holder };
  }

  /** PEXPIRE only if the key still holds `token`. */
  async compareAndExpire(token: string): Promise<CompareResult> {
    return this.compareScript('lockCasPexpire', token, String(this.ttlMs));
  }

  /** Replaces the value (and resets the TTL) only if the key still holds `token`. */
  async compareAndSet(token: string, holder: LockHolder): Promise<CompareResult> {
    return this.compareScript('lockCasSet', token, serializeHolder(holder), String(this.ttlMs));
  }

  /** DEL only if the key still holds `token`. */
  async compareAndDelete(token: string): Promise<CompareResult> {
    return this.compareScript('lockCasDel', token);
  }

  /** DEL only if the key still holds `expected` (a token, or a value's SHA-1); returns the value found (deleted or kept). */
  private async compareAndDeleteReturning(
    script: 'lockCasDelReturning' | 'lockValueDelReturning',
    expected: string,
  ): Promise<{ result: CompareResult; holder: LockHolder | null }> {
    await this.ready();
    let reply: unknown;
    try {
      reply = await this.script(`${script}Buffer`, expected);
    } catch (error) {
      throw this.unreachable(error);
    }
    const [code, value] = Array.isArray(reply) ? (reply as unknown[]) : [0];
    const holder = Buffer.isBuffer(value) ? parseHolder(value, 'redis') : null;
    return { result: code === 1 ? 'ours' : code === 0 ? 'absent' : 'other', holder };
  }

  /** Deletes whatever holds the key; returns what was there. */
  private async deleteAny(): Promise<LockHolder | null> {
    await this.ready();
    try {
      const value: unknown = await this.script('lockGetDelBuffer');
      return Buffer.isBuffer(value) ? parseHolder(value, 'redis') : null;
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /** The current value's token, in one GET round trip; null when the key is absent. */
  async currentToken(): Promise<string | null> {
    await this.ready();
    try {
      const value = await this.redis.get(this.key);
      return value === null ? null : parseHolder(value, 'redis').token;
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /** `<prefix>:last_run` = ISO time, plain string, no TTL. */
  async recordSuccess(at: Date): Promise<void> {
    await this.ready();
    try {
      await this.redis.set(this.lastRunKey, at.toISOString());
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  async lastRun(): Promise<string | null> {
    await this.ready();
    try {
      return await this.redis.get(this.lastRunKey);
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }

  /** Runs one of the defined scripts on `<prefix>:lock`. */
  private script(name: keyof ScriptCommands, ...args: string[]): Promise<unknown> {
    return (this.redis as unknown as ScriptCommands)[name](this.key, ...args);
  }

  private async compareScript(script: ScriptName, token: string, ...args: string[]): Promise<CompareResult> {
    await this.ready();
    let reply: unknown;
    try {
      reply = await this.script(script, token, ...args);
    } catch (error) {
      throw this.unreachable(error);
    }
    return reply === 1 ? 'ours' : reply === 0 ? 'absent' : 'other';
  }

  /** Makes sure the connection is up, without ever queueing a command. */
  private async ready(): Promise<void> {
    if (this.closed) throw new BackendUnreachableError('redis', new Error('lock closed'));
    const status = this.redis.status;
    if (status === 'ready') {
      await this.cleanOrphans();
      return;
    }
    try {
      if (status === 'connecting' || status === 'connect') {
        await this.waitReady(this.commandTimeoutMs);
      } else {
        // 'wait', 'end', 'close' or 'reconnecting' (backing off): make one fresh attempt now,
        // so Redis is used again as soon as it answers, not after ioredis's backoff.
        if (status === 'reconnecting') this.redis.disconnect(false);
        await this.redis.connect();
      }
    } catch (error) {
      throw this.unreachable(refusal(this.lastConnectionError) ? this.lastConnectionError : error);
    }
    await this.checkDatabase();
    await this.cleanOrphans();
  }

  /**
   * ioredis SELECTs the database of the URL on connect and, when the server refuses the
   * index, stays on database 0 with only an error event: the lock would live where no other
   * instance looks. Select it ourselves and refuse with the server's limit.
   */
  private async checkDatabase(): Promise<void> {
    if (this.databaseChecked) return;
    const db = Number(this.redis.options.db ?? 0);
    try {
      if (db !== 0) await this.redis.select(db);
    } catch (error) {
      if (!/DB index is out of range/i.test(message(error))) throw this.unreachable(error);
      const reply = (await this.redis.config('GET', 'databases').catch(() => null)) as string[] | null;
      const count = Number(reply?.[1]);
      const limit = Number.isInteger(count) && count > 0 ? `${count} (0–${count - 1})` : 'fewer (CONFIG GET databases says how many)';
      this.redis.disconnect();
      throw new RedisRefusedError(`REDIS_URL selects database ${db}, but this Redis has ${limit}: use an index within the server's limit`);
    }
    this.databaseChecked = true;
  }

  private waitReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.redis.status === 'ready') return resolve();
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new Error(`not connected (${this.redis.status})`));
      }, timeoutMs);
      this.redis.once('ready', onReady);
    });
  }

  private async cleanOrphans(): Promise<void> {
    if (this.orphanTokens.size === 0) return;
    for (const token of [...this.orphanTokens]) {
      try {
        const result = await this.script('lockCasDel', token);
        this.orphanTokens.delete(token);
        if (result === 1) {
          this.logger?.warn('lock.orphan_removed', 'Lock órfão removido (SET NX que expirou sem resposta)', { key: this.key });
        }
      } catch {
        return; // still unreachable; the TTL bounds it anyway
      }
    }
  }

  /** A Redis that answers but refuses our credentials is no outage: that is a `RedisRefusedError`, never a fallback. */
  private unreachable(error: unknown): BackendUnreachableError | RedisRefusedError {
    if (error instanceof BackendUnreachableError || error instanceof RedisRefusedError) return error;
    const kind = refusal(error);
    if (kind === null) return new BackendUnreachableError('redis', error);
    const said = message(error).split('.')[0];
    const sentences: Record<Refusal, string> = {
      password: `Redis at ${this.where} refused the password in REDIS_URL (${said}): check it. No fallback lock is used: another instance with the right password may hold the Redis lock`,
      'no-password': `Redis at ${this.where} requires a password: put it in REDIS_URL (redis://:PASSWORD@host:port/db)`,
      'no-server-password': `Redis at ${this.where} has no password set, but REDIS_URL gives one: remove it from REDIS_URL or set requirepass on the server`,
      permission: `Redis at ${this.where}: user ${this.user} has no permission on ${this.key} (${said}): grant it in the Redis ACL or use another user in REDIS_URL`,
    };
    return new RedisRefusedError(sentences[kind], { cause: error });
  }
}

type Refusal = 'password' | 'no-password' | 'no-server-password' | 'permission';

/** How a Redis that answered refused us, from its error reply; null when it is not a refusal (an outage). */
function refusal(error: unknown): Refusal | null {
  const text = message(error);
  if (/^WRONGPASS|invalid password/i.test(text)) return 'password';
  if (/^NOAUTH/i.test(text)) return 'no-password';
  if (/AUTH.*without any password configured/i.test(text)) return 'no-server-password';
  if (/^NOPERM/i.test(text)) return 'permission';
  return null;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class RedisLease implements Lease {
  readonly backend = 'redis' as const;
  readonly ttlMs: number;

  constructor(
    private readonly lock: RedisLock,
    readonly token: string,
  ) {
    this.ttlMs = lock.ttlMs;
  }

  async renew(holder?: LockHolder): Promise<string | null> {
    const result = holder ? await this.lock.compareAndSet(this.token, holder) : await this.lock.compareAndExpire(this.token);
    return this.describe(result);
  }

  async confirm(): Promise<string | null> {
    const token = await this.lock.currentToken();
    return this.describe(token === null ? 'absent' : token === this.token ? 'ours' : 'other');
  }

  async release(): Promise<boolean> {
    return (await this.lock.compareAndDelete(this.token)) === 'ours';
  }

  async dispose(): Promise<void> {}

  private describe(result: CompareResult): string | null {
    if (result === 'ours') return null;
    if (result === 'absent') return `the Redis key ${this.lock.key} is gone (expired or deleted)`;
    return `the Redis key ${this.lock.key} now holds another token`;
  }
}
