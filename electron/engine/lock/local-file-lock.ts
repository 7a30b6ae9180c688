/**
 * Fallback backend for one machine: `<dataDir>/sync.lock`, created with `open(..., 'wx')`
 * (exclusive create), holding the JSON holder. Renewal touches the file's mtime after
 * checking the token. A lock file is stale, and may be taken over, when its process is gone
 * from this host (by its process instance where the file records one, so a container's PID 1
 * restarted takes over what the killed PID 1 left: `recorded-process.ts`), or when it was not
 * renewed for longer than the TTL.
 *
 * Takeover of a stale file happens under a second exclusive file (`sync.lock.takeover`):
 * the one contender holding it re-checks that the file is still the stale one, deletes it,
 * and everybody races the exclusive create again. Release is read-compare-unlink (no
 * compare-and-delete on a file), safe because only the takeover path ever deletes another
 * holder's file, and only a stale one; the database fence covers what remains.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRecordedProcessGone, localProcessView, type ProcessView } from '../recorded-process';
import { systemClock } from '../clock';
import type { BackendHolder, BackendRelease, Lease, LeaseAttempt, LockBackend } from './lease';
import { newToken, parseHolder, serializeHolder } from './lock-holder';
import { BackendUnreachableError, type LockHolder } from './types';

const LOCK_FILE_NAME = 'sync.lock';
/** a takeover guard older than this was left by a process that died mid-takeover */
const TAKEOVER_STALE_MS = 10_000;

export interface LocalFileLockOptions {
  dataDir: string;
  ttlMs: number;
  /** who this process records itself as (the sync lock's pid and instance); default this process */
  view?: ProcessView;
}

export interface LocalFileState {
  holder: LockHolder;
  /** time left before the file counts as stale by age; 0 when stale (dead pid or too old) */
  ttlMs: number;
  stale: boolean;
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

/** Runs file operations, turning their failure into `BackendUnreachableError`. */
async function io<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new BackendUnreachableError('local', error);
  }
}

export class LocalFileLock implements LockBackend {
  readonly name = 'local' as const;
  readonly file: string;
  readonly ttlMs: number;
  private readonly dataDir: string;
  private readonly view: ProcessView;

  constructor(options: LocalFileLockOptions) {
    this.dataDir = options.dataDir;
    this.view = options.view ?? localProcessView();
    this.file = path.join(options.dataDir, LOCK_FILE_NAME);
    this.ttlMs = options.ttlMs;
  }

  async tryAcquire(holder: LockHolder): Promise<LeaseAttempt> {
    return io(async () => {
      await fs.mkdir(this.dataDir, { recursive: true });
      for (let attempt = 0; attempt < 2; attempt++) {
        if (await this.create(holder)) return { won: true, lease: new FileLease(this, holder.token) };
        const state = await this.read();
        if (state === null) continue; // vanished between create and read: try again
        if (!state.stale) return { won: false, holder: state.holder };
        if (!(await this.takeOverStale(state.holder.token))) return { won: false, holder: (await this.read())?.holder ?? null };
      }
      return { won: false, holder: (await this.read())?.holder ?? null };
    });
  }

  /** The holder of a lock file that is not stale; null without one. */
  async inspect(): Promise<BackendHolder | null> {
    const state = await io(() => this.read());
    return state && !state.stale ? { holder: state.holder, ttlMs: state.ttlMs } : null;
  }

  async forceRelease(expectedToken: string | null): Promise<BackendRelease> {
    const { result, previous } = await io(() => this.compareAndDelete(expectedToken));
    return { released: result === 'ours', previous };
  }

  /** Nothing to close: every operation opens and closes its files. */
  async close(): Promise<void> {}

  /** The current lock file (stale or not), or null when there is none. */
  async read(): Promise<LocalFileState | null> {
    let raw: string;
    let mtimeMs: number;
    try {
      const [content, stat] = await Promise.all([fs.readFile(this.file, 'utf8'), fs.stat(this.file)]);
      raw = content;
      mtimeMs = stat.mtimeMs;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
    const holder = parseHolder(raw, 'local');
    // mtime is wall-clock time by nature, so staleness is judged against the system clock.
    const left = Math.max(0, Math.round(mtimeMs + this.ttlMs - systemClock.now().getTime()));
    const deadHere = holder.host === os.hostname() && isRecordedProcessGone(holder, this.view);
    const stale = deadHere || left === 0;
    return { holder, ttlMs: stale ? 0 : left, stale };
  }

  /** Token currently in the file, or null without a file. */
  async currentToken(): Promise<string | null> {
    try {
      return parseHolder(await fs.readFile(this.file, 'utf8'), 'local').token;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  }

  /** Rewrites the file (atomically, via rename) and refreshes mtime, only if it still holds `token`. */
  async compareAndWrite(token: string, holder: LockHolder | null): Promise<'ours' | 'absent' | 'other'> {
    const current = await this.currentToken();
    if (current === null) return 'absent';
    if (current !== token) return 'other';
    if (holder) {
      const temp = `${this.file}.${newToken()}.tmp`;
      await fs.writeFile(temp, serializeHolder(holder), { mode: 0o644 });
      await fs.rename(temp, this.file);
    } else {
      const now = systemClock.now();
      await fs.utimes(this.file, now, now);
    }
    return 'ours';
  }

  /** Deletes the file only if it still holds `token` (or whatever it holds, with `token` null). */
  async compareAndDelete(token: string | null): Promise<{ result: 'ours' | 'absent' | 'other'; previous: LockHolder | null }> {
    const state = await this.read();
    if (state === null) return { result: 'absent', previous: null };
    if (token !== null && state.holder.token !== token) return { result: 'other', previous: state.holder };
    try {
      await fs.unlink(this.file);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { result: 'absent', previous: null };
      throw error;
    }
    return { result: 'ours', previous: state.holder };
  }

  private async create(holder: LockHolder): Promise<boolean> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'wx', 0o644);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      throw error;
    }
    try {
      await handle.writeFile(serializeHolder(holder));
    } finally {
      await handle.close();
    }
    return true;
  }

  /**
   * Removes a stale lock file, under a second exclusive file (`sync.lock.takeover`), so
   * two contenders can never both judge the same file stale and one delete the other's
   * fresh lock. A takeover file left by a process that died mid-takeover is ignored after
   * TAKEOVER_STALE_MS. Returns true when the place is free (retry the create).
   */
  private async takeOverStale(staleToken: string): Promise<boolean> {
    const guard = `${this.file}.takeover`;
    if (!(await this.createGuard(guard))) return false;
    try {
      const state = await this.read();
      if (state === null) return true;
      if (!state.stale || state.holder.token !== staleToken) return false;
      await fs.unlink(this.file).catch((error: unknown) => {
        if (!isErrno(error, 'ENOENT')) throw error;
      });
      return true;
    } finally {
      await fs.unlink(guard).catch(() => undefined);
    }
  }

  private async createGuard(guard: string): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await fs.open(guard, 'wx', 0o644);
        await handle.close();
        return true;
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw error;
      }
      const stat = await fs.stat(guard).catch(() => null);
      if (stat && systemClock.now().getTime() - stat.mtimeMs < TAKEOVER_STALE_MS) return false; // someone is taking over now
      await fs.unlink(guard).catch(() => undefined);
    }
    return false;
  }
}

class FileLease implements Lease {
  readonly backend = 'local' as const;
  readonly ttlMs: number;

  constructor(
    private readonly lock: LocalFileLock,
    readonly token: string,
  ) {
    this.ttlMs = lock.ttlMs;
  }

  async renew(holder?: LockHolder): Promise<string | null> {
    return this.describe(await io(() => this.lock.compareAndWrite(this.token, holder ?? null)));
  }

  async confirm(): Promise<string | null> {
    const token = await io(() => this.lock.currentToken());
    return this.describe(token === null ? 'absent' : token === this.token ? 'ours' : 'other');
  }

  async release(): Promise<boolean> {
    try {
      return (await this.lock.compareAndDelete(this.token)).result === 'ours';
    } catch {
      return false;
    }
  }

  async dispose(): Promise<void> {}

  private describe(result: 'ours' | 'absent' | 'other'): string | null {
    if (result === 'ours') return null;
    if (result === 'absent') return `the lock file ${this.lock.file} is gone`;
    return `the lock file ${this.lock.file} now holds another token`;
  }
}
