/**
 * Opens the embedded PGlite database. Creating a fresh cluster runs initdb in a second WASM
 * instance whose memory the process keeps (measured: ~450 MB RSS in-process vs ~160 MB for a
 * reopen), so when the data directory is empty the cluster is created by a short-lived child
 * Node process and then opened here like any existing one. If the child cannot run (e.g. an
 * unusual packaging), initdb runs in-process instead: slower to give memory back, never fatal.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { Logger } from '../logger';
import type { Db } from './db';
import { claimPgliteDir } from './pglite-dir-guard';
import { createPgliteDb, pgliteClusterExists, pgliteCreateOptions } from './pglite-db';

const CHILD_SCRIPT = `
const { PGlite } = require(process.argv[1]);
(async () => {
  const db = await PGlite.create(JSON.parse(process.argv[2]));
  await db.query('SELECT 1');
  await db.close();
})().then(() => process.exit(0), (error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});`;

export async function initClusterInChild(dir: string): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { dataDir, postgresqlconf } = pgliteCreateOptions(dir);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SCRIPT, entry, JSON.stringify({ dataDir, postgresqlconf })], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`PGlite initdb child exited with ${code}: ${stderr.slice(0, 500)}`))));
  });
}

export async function openPglite(dir: string | undefined, logger?: Logger): Promise<Db> {
  if (!dir) return createPgliteDb({ dir });
  await mkdir(dirname(dir), { recursive: true });
  const release = await claimPgliteDir(dir);
  try {
    const db = await openClaimed(dir, logger);
    return { ...db, close: () => db.close().finally(release) }; // the claim ends with the database
  } catch (error) {
    await release();
    throw error;
  }
}

async function openClaimed(dir: string, logger?: Logger): Promise<Db> {
  if (!pgliteClusterExists(dir)) {
    await mkdir(dir, { recursive: true });
    const started = Date.now();
    try {
      await initClusterInChild(dir);
      logger?.info('store.pglite_created', 'Banco PGlite criado', { ms: Date.now() - started, createdIn: 'child-process' });
    } catch (error) {
      logger?.warn('store.pglite_child_init_failed', 'Criação do PGlite em processo filho falhou; criando no processo', {
        error: (error as Error).message,
      });
    }
  }
  return createPgliteDb({ dir });
}
