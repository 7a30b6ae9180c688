/**
 * One incarnation of an engine instance, as the soak runs it: the real `Engine` and its real
 * `Scheduler`, in this process, behind TCP proxies of its own to PostgreSQL, Redis and the
 * Odoo simulator, on a skewed view of the driven clock, and standing for a process of its
 * own (a `sleep` child whose pid the engine writes in its runs and lock values).
 *
 * Why one process and not N: the soak drives one clock through a week in minutes, and every
 * instance must see it; the proxies already give what a process boundary would (a kill -9
 * drops every connection without a goodbye: `kill()` closes the proxies, SIGKILLs the
 * identity process and abandons the engine mid-await), and the identity process makes the
 * engine's "is the holder's process alive?" checks real. Real separate processes are covered
 * by `test/integration/scheduler/two-processes.test.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { EngineEvent } from '../../shared/engine-types';
import type { Clock } from '../../electron/engine/clock';
import { loadConfig } from '../../electron/engine/config';
import { composeEngine } from '../../electron/engine/compose-engine';
import { Engine } from '../../electron/engine/engine';
import type { LogRecord } from '../../electron/engine/logger';
import { Scheduler } from '../../electron/engine/scheduler';
import { SkewedClock } from './skewed-clock';
import { TcpProxy } from './tcp-proxy';

export interface Endpoint {
  host: string;
  port: number;
}

export interface InstanceOptions {
  name: string;
  /** the soak's settings (ODOO_*, SYNC_*): the service URLs are replaced by this instance's proxies */
  env: Record<string, string>;
  targets: { postgres: Endpoint; redis: Endpoint; odoo: Endpoint };
  /** the database name and Redis db index to reach through the proxies */
  databaseName: string;
  truth: Clock;
  skewMs: number;
  /** how long a stop lets the current run finish before aborting it */
  stopGraceMs: number;
  onEvent: (instance: Instance, event: EngineEvent) => void;
  onLog: (instance: Instance, record: LogRecord) => void;
}

/** Identity processes still running: killed if the soak's own process ends early (a crash must not leave them behind). */
const identities = new Set<ChildProcess>();
process.once('exit', () => {
  for (const identity of identities) identity.kill('SIGKILL');
});

export class Instance {
  alive = true;

  private constructor(
    readonly name: string,
    readonly skewMs: number,
    readonly engine: Engine,
    readonly scheduler: Scheduler,
    readonly proxies: { postgres: TcpProxy; redis: TcpProxy; odoo: TcpProxy },
    private readonly identity: ChildProcess,
  ) {}

  static async start(options: InstanceOptions): Promise<Instance> {
    const proxies = {
      postgres: await TcpProxy.start(options.targets.postgres),
      redis: await TcpProxy.start(options.targets.redis),
      odoo: await TcpProxy.start(options.targets.odoo),
    };
    const identity = spawn('sleep', ['1000000'], { stdio: 'ignore' });
    if (!identity.pid) throw new Error(`instance ${options.name}: could not start its identity process`);
    identities.add(identity);
    identity.once('exit', () => identities.delete(identity));
    const env = {
      ...options.env,
      DATABASE_URL: `postgres://root@127.0.0.1:${proxies.postgres.port}/${options.databaseName}`,
      REDIS_URL: `redis://127.0.0.1:${proxies.redis.port}/0`,
      ODOO_URL: `http://127.0.0.1:${proxies.odoo.port}`,
    };
    const clock = new SkewedClock(options.truth, options.skewMs);
    let self: Instance | null = null;
    const parts = await composeEngine(loadConfig(env), {
      clock,
      owner: `chaos-${options.name}`,
      pid: identity.pid,
      logSink: (record) => {
        if (self?.alive) options.onLog(self, record);
      },
    });
    const engine = await Engine.fromParts(parts);
    const { config } = engine;
    const scheduler = new Scheduler(engine, {
      intervalMinutes: config.intervalMinutes,
      minIntervalMinutes: config.minIntervalMinutes,
      reconcileHourUtc: config.reconcileHourUtc,
      clock,
      logger: engine.logger,
      stopGraceMs: options.stopGraceMs,
    });
    engine.attachScheduler(() => scheduler.describe());
    const instance = new Instance(options.name, options.skewMs, engine, scheduler, proxies, identity);
    self = instance;
    engine.on((event) => {
      if (instance.alive) options.onEvent(instance, event);
    });
    await scheduler.start({ timer: false });
    return instance;
  }

  get pid(): number {
    return this.identity.pid!;
  }

  /** kill -9: every connection dropped, the process gone, nothing cleaned up. */
  async kill(): Promise<void> {
    this.alive = false;
    this.identity.kill('SIGKILL');
    await Promise.all(Object.values(this.proxies).map((proxy) => proxy.close()));
    // The engine is abandoned where it stands: its pending calls fail on closed sockets.
  }

  /** A deploy's stop: no new runs, the current one finishes or aborts, the lock released if still ours. */
  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.engine.close();
    this.alive = false;
    this.identity.kill('SIGKILL');
    await Promise.all(Object.values(this.proxies).map((proxy) => proxy.close()));
  }
}
