/**
 * Issue 16.7: a claim names a process instance, not just a pid. In a container the service is
 * PID 1 on every start: the claim a killed PID 1 left behind is stale for the next PID 1, while a
 * live process (the service, for a CLI beside it) is still refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/engine/store';
import { DatabaseInUseError } from '../../../electron/engine/store/pglite-dir-guard';
import { ownPidNamespace, processInstance } from '../../../electron/engine/process-instance';

describe('PGlite directory claim: the process instance, not the pid', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carteira-guard-'));
    dirs.push(dir);
    return dir;
  };
  /** beside the database folder (`<dir>.owner`) */
  const claimFile = (dir: string) => `${dir}.owner`;

  it('takes over a claim naming our own pid left by a previous process (the container PID 1 restarted)', async () => {
    const dir = await dataDir();
    // What the previous PID 1 wrote before it was killed: our pid, our host, not us.
    await writeFile(claimFile(dir), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const store = await openStore({ pgliteDir: dir });
    const claim = JSON.parse(await readFile(claimFile(dir), 'utf8')) as { pid: number; instance: string };
    expect(claim.pid).toBe(process.pid);
    expect(claim.instance).toBe(processInstance(process.pid));
    await store.close();
  });

  it('takes over a claim naming our pid with another instance (another start time)', async () => {
    const dir = await dataDir();
    await writeFile(claimFile(dir), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00Z', instance: 'boot:0000:1' }));
    const store = await openStore({ pgliteDir: dir });
    await store.close();
  });

  it('still refuses a live other process that holds the claim, naming it', async () => {
    const dir = await dataDir();
    const service = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(service);
    const pid = service.pid!;
    await writeFile(claimFile(dir), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00Z', instance: processInstance(pid) }));
    await expect(openStore({ pgliteDir: dir })).rejects.toThrow(DatabaseInUseError);
    await expect(openStore({ pgliteDir: dir })).rejects.toThrow(new RegExp(`aberto pelo processo ${pid} em ${hostname()}`));
  });

  it('takes over a claim whose pid now belongs to another process (pid reused: another start time)', async () => {
    const dir = await dataDir();
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(stranger);
    const pid = stranger.pid!;
    const instance = processInstance(pid);
    expect(instance).not.toBeNull();
    const [boot] = instance!.split(':');
    const claim = { pid, host: hostname(), since: '2026-01-01T00:00:00Z', instance: `${boot}:1` };
    await writeFile(claimFile(dir), JSON.stringify({ ...claim, pidNamespace: ownPidNamespace() }));
    const store = await openStore({ pgliteDir: dir });
    await store.close();
    // The same claim from another pid namespace (the host's pid N is not a container's pid N): not ours to judge.
    await writeFile(claimFile(dir), JSON.stringify({ ...claim, pidNamespace: 'pid:[1]' }));
    await expect(openStore({ pgliteDir: dir })).rejects.toThrow(new RegExp(`aberto pelo processo ${pid} em `));
  });

  it('takes over a claim written before the machine last booted', async () => {
    const dir = await dataDir();
    const service = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(service);
    await writeFile(claimFile(dir), JSON.stringify({ pid: service.pid, host: hostname(), since: '2026-01-01T00:00:00Z', instance: 'another-boot:12345' }));
    const store = await openStore({ pgliteDir: dir });
    await store.close();
  });
});
