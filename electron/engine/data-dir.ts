/**
 * CARTEIRA_DATA_DIR (embedded database, local lock file) made ready before anything uses
 * it, failing in one line that says why. Node's recursive mkdir never returns on a pseudo
 * file system such as /proc, so the nearest existing parent is checked first and each
 * missing level is created on its own.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat, statfs } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/**
 * The embedded database's folder under the data dir. Demo mode keeps its own: a store filled
 * from the simulator, reopened against a real Odoo, would plan from the simulator's watermark
 * and clock (no full load) and keep the demo orders whose ids match real ones.
 */
export function embeddedDatabaseDir(dataDir: string, mode: 'odoo' | 'demo'): string {
  return join(dataDir, mode === 'demo' ? 'pglite-demo' : 'pglite');
}

/** statfs(2) magic numbers of kernel pseudo file systems: nothing can be kept there. */
const PSEUDO_FILE_SYSTEMS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0xcafe4a11: 'bpf',
  0x6e736673: 'nsfs',
};

export class DataDirError extends Error {
  constructor(dir: string, why: string) {
    super(`CARTEIRA_DATA_DIR (${dir}) cannot be used: ${why}`);
    this.name = 'DataDirError';
  }
}

export async function prepareDataDir(dir: string): Promise<void> {
  const parent = await nearestExisting(dir);
  const info = await stat(parent);
  if (!info.isDirectory()) throw new DataDirError(dir, `${parent} is not a directory`);
  const fileSystem = PSEUDO_FILE_SYSTEMS[Number((await statfs(parent)).type)];
  if (fileSystem) throw new DataDirError(dir, `${parent} is a pseudo file system (${fileSystem}); choose a directory on a disk`);
  let current = parent;
  for (const part of relative(parent, dir).split(sep).filter(Boolean)) {
    current = join(current, part);
    try {
      await mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new DataDirError(dir, `cannot create ${current} (${(error as Error).message})`);
    }
  }
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new DataDirError(dir, 'it is not writable by this user');
  }
}

async function nearestExisting(dir: string): Promise<string> {
  let current = dir;
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch {
      const up = dirname(current);
      if (up === current) return current;
      current = up;
    }
  }
}
