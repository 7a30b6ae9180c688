/**
 * The running service's record beside the PGlite claim (issue 18.3): written 0600, followed only
 * while its process runs as the same instance and still holds the claim, refused when anybody
 * else could have written or read it, removed by its own process only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalServiceFileError, announceLocalService, findLocalService, localServiceFile, localUrl, newLocalToken } from '../../electron/engine/local-service';
import { ownProcessInstance, processInstance } from '../../electron/engine/process-instance';

describe('local service record', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const pgliteDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carteira-service-'));
    dirs.push(dir);
    return join(dir, 'pglite');
  };
  const claim = (dir: string, instance: string, pid = process.pid) =>
    writeFile(`${dir}.owner`, JSON.stringify({ pid, host: hostname(), since: new Date().toISOString(), instance }));

  it('is written 0600 beside the claim, found while its process holds the claim, and removed by it', async () => {
    const dir = await pgliteDir();
    await claim(dir, ownProcessInstance());
    const token = newLocalToken();
    const withdraw = await announceLocalService(dir, { kind: 'serve', url: 'http://127.0.0.1:8787', token });
    expect(localServiceFile(dir)).toBe(`${dir}.service`);
    expect((await stat(localServiceFile(dir))).mode & 0o777).toBe(0o600);
    expect(await findLocalService(dir)).toMatchObject({ kind: 'serve', pid: process.pid, url: 'http://127.0.0.1:8787', token });
    await withdraw();
    expect(await findLocalService(dir)).toBeNull();
  });

  it('is not followed once its process is gone (kill -9), nor when another process holds the claim now', async () => {
    const dir = await pgliteDir();
    const gone = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => gone.on('exit', resolve));
    const record = {
      kind: 'serve',
      pid: gone.pid,
      instance: 'x:1',
      host: hostname(),
      since: new Date().toISOString(),
      url: 'http://127.0.0.1:1',
      token: 'a'.repeat(64),
    };
    await writeFile(localServiceFile(dir), JSON.stringify(record), { mode: 0o600 });
    expect(await findLocalService(dir)).toBeNull();

    // the record's process lives, but the database was opened since by another (a newer claim)
    const live = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(live);
    const instance = processInstance(live.pid!) ?? 'unknown';
    await writeFile(localServiceFile(dir), JSON.stringify({ ...record, kind: 'scheduler', pid: live.pid, instance }), { mode: 0o600 });
    await claim(dir, instance, live.pid);
    expect(await findLocalService(dir)).toMatchObject({ kind: 'scheduler', pid: live.pid });
    await claim(dir, 'another:2', 1);
    expect(await findLocalService(dir)).toBeNull();
  });

  it('refuses a file others could read or write, or a link', async () => {
    const dir = await pgliteDir();
    await claim(dir, ownProcessInstance());
    await announceLocalService(dir, { kind: 'scheduler' });
    await chmod(localServiceFile(dir), 0o644);
    await expect(findLocalService(dir)).rejects.toThrow(LocalServiceFileError);
    await expect(findLocalService(dir)).rejects.toThrow(/permissões 644, não 600/);
    const elsewhere = `${dir}.elsewhere`;
    await writeFile(elsewhere, await readFile(localServiceFile(dir)), { mode: 0o600 });
    await rm(localServiceFile(dir));
    await symlink(elsewhere, localServiceFile(dir));
    await expect(findLocalService(dir)).rejects.toThrow(/não é um arquivo comum/);
  });

  it('ignores a record that is not one (no token for serve, garbage)', async () => {
    const dir = await pgliteDir();
    await claim(dir, ownProcessInstance());
    const mine = {
      kind: 'serve',
      pid: process.pid,
      instance: ownProcessInstance(),
      host: hostname(),
      since: new Date().toISOString(),
      url: 'http://127.0.0.1:1',
    };
    await writeFile(localServiceFile(dir), JSON.stringify(mine), { mode: 0o600 });
    expect(await findLocalService(dir)).toBeNull();
    await writeFile(localServiceFile(dir), 'not json', { mode: 0o600 });
    expect(await findLocalService(dir)).toBeNull();
  });

  it('names a loopback address for a server on every interface', () => {
    expect(localUrl('127.0.0.1', 8787)).toBe('http://127.0.0.1:8787');
    expect(localUrl('0.0.0.0', 8787)).toBe('http://127.0.0.1:8787');
    expect(localUrl('::', 8787)).toBe('http://[::1]:8787');
    expect(localUrl('10.0.0.5', 8787)).toBe('http://10.0.0.5:8787');
    expect(localUrl('localhost', 1)).toBe('http://localhost:1');
  });
});
