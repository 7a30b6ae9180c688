/**
 * What each fault kind does to the running system. The soak (`soak.ts`) is the world these
 * act on; mid-run faults are armed and fire when the next run starts, a few milliseconds in.
 */
import type { FaultSpec } from '../../electron/engine/odoo-sim';
import type { PlannedFaultKind } from './fault-plan';
import type { Instance } from './instance';
import type { Prng } from './prng';

export interface FaultWorld {
  readonly random: Prng;
  readonly lockTtlMs: number;
  /** instances that are up now */
  alive(): Instance[];
  /** runs `act` on the next instance that starts a run, as soon as it has started */
  armOnNextRun(kind: PlannedFaultKind, act: (instance: Instance) => Promise<void>): void;
  /** runs `act` at the start of the simulated minute `minutesFromNow` from now */
  later(minutesFromNow: number, act: () => Promise<void>): void;
  injectOdoo(spec: FaultSpec): void;
  lateCommit(lagMinutes: number): Promise<boolean>;
  deleteLockKey(): Promise<void>;
  forceRelease(by: Instance): Promise<void>;
  kill(instance: Instance): Promise<void>;
  /** a graceful stop (the deploy's), then a new incarnation of its slot after `restartAfterMinutes` */
  stopAndRestart(instance: Instance, restartAfterMinutes: number, skewMs?: number): Promise<void>;
  /** a second incarnation of the instance's slot now; the old one stopped `overlapMinutes` later */
  blueGreen(instance: Instance, overlapMinutes: number): Promise<void>;
  /** every instance stopped for `minutes`, then restarted */
  downtime(minutes: number): Promise<void>;
  maxCatchUpMinutes: number;
  /** edits a line of an order changed in the last half hour (one a running sync has read); returns its id */
  touchRecentOrder(): number | null;
  /** a line in the history */
  note(who: string, what: string, detail?: Record<string, unknown>): void;
  /** an operator's "run now" on that instance */
  runNow(instance: Instance): Promise<void>;
  /** counts an injected fault and notes it in the history */
  count(kind: PlannedFaultKind, who: string, detail?: Record<string, unknown>): void;
}

const realDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Injects one planned fault (or arms it for the next run). Returns false when it cannot apply now (no instance up). */
export async function injectFault(kind: PlannedFaultKind, world: FaultWorld): Promise<boolean> {
  const { random } = world;
  const alive = world.alive();
  const someone = () => random.pick(alive);
  switch (kind) {
    case 'kill-9':
      world.armOnNextRun(kind, async (instance) => {
        await realDelay(random.int(0, 20));
        world.count(kind, instance.name);
        await world.kill(instance);
      });
      return true;
    case 'deploy-stop':
      world.armOnNextRun(kind, async (instance) => {
        await realDelay(random.int(0, 20));
        world.count(kind, instance.name);
        await world.stopAndRestart(instance, random.int(0, 5));
      });
      return true;
    case 'blue-green': {
      if (alive.length === 0) return false;
      const instance = someone();
      world.count(kind, instance.name);
      await world.blueGreen(instance, random.int(2, 30));
      return true;
    }
    case 'redis-down':
    case 'redis-auth-error': {
      if (alive.length === 0) return false;
      const instance = someone();
      const minutes = random.int(5, 90);
      world.count(kind, instance.name, { minutes });
      if (kind === 'redis-down') instance.proxies.redis.down();
      else instance.proxies.redis.refuseAuth();
      world.later(minutes, async () => instance.proxies.redis.up());
      if (kind === 'redis-down') {
        // Split brain: without Redis this instance falls back to the PostgreSQL lock, so a run it
        // starts beside a slow holder of the Redis lock makes two writers at once, and only the
        // fence keeps the older one out.
        world.armOnNextRun(kind, async (holder) => {
          if (holder === instance || !instance.alive || instance.proxies.redis.currentMode === 'pass') return;
          // The holder has read Odoo but its writes hang on the network; meanwhile an order changes
          // and this instance syncs it. When the holder's writes get through, they are the older ones.
          holder.proxies.postgres.stall(3000);
          await realDelay(300);
          const changed = world.touchRecentOrder();
          world.note(instance.name, 'split brain: a run without Redis beside a stalled holder', { holder: holder.name, changedOrder: changed });
          if (instance.alive) await world.runNow(instance);
        });
      }
      return true;
    }
    case 'lock-del':
      world.armOnNextRun(kind, async (instance) => {
        await realDelay(random.int(0, 15));
        world.count(kind, instance.name);
        await world.deleteLockKey();
      });
      return true;
    case 'forced-release':
      world.armOnNextRun(kind, async (instance) => {
        await realDelay(random.int(0, 15));
        const by = random.pick(world.alive().length > 0 ? world.alive() : [instance]);
        world.count(kind, by.name, { during: instance.name });
        await world.forceRelease(by);
      });
      return true;
    case 'postgres-cut':
      world.armOnNextRun(kind, async (instance) => {
        await realDelay(random.int(0, 25));
        world.count(kind, instance.name);
        instance.proxies.postgres.cut();
      });
      return true;
    case 'odoo-5xx': {
      const status = random.pick([500, 502, 503, 504]);
      const times = random.int(1, 3);
      world.count(kind, 'odoo', { status, times });
      world.injectOdoo({ kind: 'http', status, times });
      return true;
    }
    case 'odoo-timeout':
      world.count(kind, 'odoo');
      world.injectOdoo({ kind: 'timeout', times: 1 });
      return true;
    case 'odoo-truncated':
      world.count(kind, 'odoo');
      world.injectOdoo({ kind: 'truncate', times: random.int(1, 2) });
      return true;
    case 'odoo-malformed':
      world.count(kind, 'odoo');
      world.injectOdoo({ kind: 'malformed', times: random.int(1, 2) });
      return true;
    case 'odoo-slow-past-lock-ttl':
      world.armOnNextRun(kind, async (instance) => {
        const ms = world.lockTtlMs + 1500;
        // Half the time its Redis goes away too, so the lock really expires under the slow run.
        const redisToo = random.chance(0.5);
        world.count(kind, instance.name, { ms, redisToo });
        world.injectOdoo({ kind: 'latency', ms, times: 1, match: { method: 'search_read' } });
        if (redisToo) {
          instance.proxies.redis.down();
          world.later(random.int(5, 30), async () => instance.proxies.redis.up());
          // Once the lock has expired under the slow run, an operator runs a sync elsewhere: it takes the lock with a newer fence.
          await realDelay(world.lockTtlMs + 500);
          const others = world.alive().filter((other) => other !== instance);
          if (others.length > 0) await world.runNow(random.pick(others));
        }
      });
      return true;
    case 'late-commit-inside-overlap':
    case 'late-commit-beyond-overlap': {
      const lag = kind === 'late-commit-inside-overlap' ? random.int(2, 9) : random.int(15, 240);
      if (!(await world.lateCommit(lag))) return false;
      world.count(kind, 'odoo', { lagMinutes: lag });
      return true;
    }
    case 'clock-skew': {
      if (alive.length === 0) return false;
      const instance = someone();
      const skewMs = (random.chance(0.5) ? 1 : -1) * random.int(60, 240) * 1000;
      world.count(kind, instance.name, { skewSeconds: skewMs / 1000 });
      await world.stopAndRestart(instance, 0, skewMs);
      return true;
    }
    case 'long-downtime': {
      // One at a time: a second downtime inside the first would end with the first's restart, shorter than the catch-up bound.
      if (alive.length === 0) return false;
      const minutes = world.maxCatchUpMinutes + random.int(60, 180);
      world.count(kind, 'all', { minutes });
      await world.downtime(minutes);
      return true;
    }
  }
}
