/** Two processes must never open one PGlite directory: the second is refused, clearly. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/engine/store';
import { DatabaseInUseError } from '../../../electron/engine/store/pglite-dir-guard';

describe('PGlite directory guard', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carteira-guard-'));
    dirs.push(dir);
    return dir;
  };

  it('refuses a second opener while the first has it, and lets it in after close', async () => {
    const dir = await dataDir();
    const first = await openStore({ pgliteDir: dir });
    const second = openStore({ pgliteDir: dir });
    await expect(second).rejects.toThrow(DatabaseInUseError);
    await expect(second).rejects.toThrow(new RegExp(`aberto pelo processo ${process.pid} em ${hostname()}`));
    await first.close();
    const third = await openStore({ pgliteDir: dir });
    expect((await third.totals()).rows).toBe(0);
    await third.close();
  });

  it('takes over the claim of a process that died', async () => {
    const dir = await dataDir();
    // the claim sits beside the database folder (`<dir>.owner`)
    await writeFile(`${dir}.owner`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const store = await openStore({ pgliteDir: dir });
    expect((await store.getSyncState()).fence).toBe(0);
    await store.close();
  });
});
