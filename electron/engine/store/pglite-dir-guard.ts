/**
 * PGlite is one process's database: two processes opening the same directory would both
 * write its files and corrupt it (the desktop app in the tray and a `cli status` run with
 * the same CARTEIRA_DATA_DIR, say). A claim file beside the directory, created exclusively,
 * says who has it open; a claim left by a process that died on this host is taken over.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { processAlive } from '../process-alive';

interface Claim {
  pid: number;
  host: string;
  since: string;
}

export class DatabaseInUseError extends Error {
  constructor(dir: string, claim: Claim | null) {
    const who = claim ? `process ${claim.pid} on ${claim.host} (since ${claim.since})` : 'another process';
    super(
      `the embedded database ${dir} is open in ${who}: stop that process, use another CARTEIRA_DATA_DIR, or point DATABASE_URL at a PostgreSQL both can share`,
    );
    this.name = 'DatabaseInUseError';
  }
}

/** Claims `dir` for this process; resolves with the release function. */
export async function claimPgliteDir(dir: string): Promise<() => Promise<void>> {
  const file = `${dir}.owner`;
  const mine: Claim = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify(mine), { flag: 'wx' });
      return async () => {
        const current = await readClaim(file);
        if (current && current.pid === mine.pid && current.host === mine.host) await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readClaim(file);
    const stale = holder !== null && holder.host === mine.host && !processAlive(holder.pid);
    if (!stale) throw new DatabaseInUseError(dir, holder);
    await unlink(file).catch(() => undefined);
  }
  throw new DatabaseInUseError(dir, await readClaim(file));
}

async function readClaim(file: string): Promise<Claim | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Claim>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since) } : null;
  } catch {
    return null;
  }
}
