/**
 * PGlite is one process's database: two processes opening the same directory would both
 * write its files and corrupt it (the desktop app in the tray and a `cli status` run with
 * the same CARTEIRA_DATA_DIR, say). A claim file beside the directory, created exclusively,
 * says who has it open; a claim left by a process that is gone is taken over.
 *
 * "Who" is a process instance, not a pid (issue 16.7): in a container the service is PID 1 on
 * every start, so after a kill the claim names PID 1 and the restarted PID 1 would refuse
 * itself. The claim records the instance (`process-instance.ts`: boot id + start time on
 * Linux), and a claim naming our pid but not our instance is a previous process's.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { localDateTime } from '../../../shared/local-time';
import { processAlive } from '../process-alive';
import { instanceBoot, ownPidNamespace, ownProcessInstance, processInstance } from '../process-instance';

interface Claim {
  pid: number;
  host: string;
  since: string;
  /** the claiming process instance; absent in claims written before issue 16.7 */
  instance?: string;
  /** the pid namespace its pid belongs to (`pid:[…]`), when known */
  pidNamespace?: string;
}

export class DatabaseInUseError extends Error {
  constructor(dir: string, claim: Claim | null) {
    const who = claim ? `pelo processo ${claim.pid} em ${claim.host} (desde ${localDateTime(claim.since)})` : 'por outro processo';
    super(
      `o banco embutido ${dir} está aberto ${who}: pare esse processo, use outro CARTEIRA_DATA_DIR ou aponte DATABASE_URL para um PostgreSQL que ambos compartilhem`,
    );
    this.name = 'DatabaseInUseError';
  }
}

/** Claims `dir` for this process; resolves with the release function. */
export async function claimPgliteDir(dir: string): Promise<() => Promise<void>> {
  const file = `${dir}.owner`;
  const pidNamespace = ownPidNamespace();
  const mine: Claim = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    instance: ownProcessInstance(),
    ...(pidNamespace ? { pidNamespace } : {}),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify(mine), { flag: 'wx' });
      return async () => {
        const current = await readClaim(file);
        if (current && current.pid === mine.pid && current.host === mine.host && current.instance === mine.instance) await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readClaim(file);
    if (holder === null || !isStale(holder, mine)) throw new DatabaseInUseError(dir, holder);
    await unlink(file).catch(() => undefined);
  }
  throw new DatabaseInUseError(dir, await readClaim(file));
}

/**
 * Whether `claim` was left by a process that is gone. Only claims of this host can be judged;
 * in doubt the claim holds (a second opener corrupts the database, a refusal only asks a human).
 */
function isStale(claim: Claim, mine: Claim): boolean {
  if (claim.host !== mine.host) return false;
  if (claim.instance !== undefined && claim.instance === mine.instance) return false; // this very process has it open
  // Our pid, another instance (or a claim from before instances were recorded, which this process never wrote): a previous process.
  if (claim.pid === mine.pid) return true;
  if (!processAlive(claim.pid)) return true;
  if (claim.instance === undefined) return false;
  const boot = instanceBoot(claim.instance);
  const ourBoot = instanceBoot(mine.instance ?? '');
  if (boot !== null && ourBoot !== null && boot !== ourBoot) return true; // written before the machine restarted
  // A pid is only comparable within its own namespace (the host's pid N is not a container's pid N).
  if (claim.pidNamespace === undefined || claim.pidNamespace !== mine.pidNamespace) return false;
  const now = processInstance(claim.pid);
  return now !== null && now !== claim.instance; // the pid was reused by another process
}

async function readClaim(file: string): Promise<Claim | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Claim>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return {
      pid: parsed.pid,
      host: parsed.host,
      since: String(parsed.since),
      ...(typeof parsed.instance === 'string' ? { instance: parsed.instance } : {}),
      ...(typeof parsed.pidNamespace === 'string' ? { pidNamespace: parsed.pidNamespace } : {}),
    };
  } catch {
    return null;
  }
}
