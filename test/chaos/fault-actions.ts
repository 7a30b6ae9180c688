/**
 * What each fault kind does to the running system. The soak (`soak.ts`) is the world these
 * act on; mid-run faults are armed and fire when the next run starts, a few milliseconds in.
 * Faults that last (an Odoo answering wrong, a stalled PostgreSQL, a row lock held) are lifted
 * by the world later, and at the latest when the final checks begin.
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
  /** runs `act` on the next instance that starts a run, as soon as it has started (with that run's id) */
  armOnNextRun(kind: PlannedFaultKind, act: (instance: Instance, runId: number) => Promise<void>): void;
  /** runs `act` at the start of the simulated minute `minutesFromNow` from now */
  later(minutesFromNow: number, act: () => Promise<void>): void;
  injectOdoo(spec: FaultSpec): void;
  /** takes back an Odoo fault injected to fire 'always' */
  withdrawOdoo(spec: FaultSpec): void;
  /** simulated minutes from now until the next time the UTC clock reads `hour`:`minute` (0 if now) */
  minutesUntil(hour: number, minute: number): number;
  /**
   * Odoo lists no sale orders (and, with `linesToo`, no lines) until `liftEmptyList()`: every
   * search_read/search of them answers [] (search_count 0). Runs meanwhile are not held to
   * freshness (Odoo lied to them), but none may deactivate in bulk.
   */
  startEmptyList(linesToo: boolean): void;
  liftEmptyList(): void;
  readonly emptyListActive: boolean;
  /** reconciliations that started while the current empty list was on */
  reconcilesUnderEmptyList(): number;
  /** an operator's reconciliation now on that instance */
  reconcileNow(instance: Instance): Promise<void>;
  /** the instance's PostgreSQL proxy holds everything it sends, until the run `runId` is over (bounded; checked) */
  stallPostgres(instance: Instance, runId: number): Promise<void>;
  /** a separate PostgreSQL session holds a carteira row FOR UPDATE for `minutes`, and that row's order changes in Odoo; false if no row fits */
  holdRowLock(minutes: number): Promise<boolean>;
  /** a master-data correction in Odoo (customer name/CNPJ, product code, template name); false if none fits */
  editMasterData(): boolean;
  /** a line written with a write_date far in the future (2099), and its order changed again `touchAfterMinutes` later; false if none fits */
  writeInFuture(touchAfterMinutes: number): boolean;
  /** a new order with the name (and a product) of an existing one; false if none fits */
  duplicateOrderName(): boolean;
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
    case 'odoo-empty-list':
      return emptyList(world);
    case 'odoo-capped-pages': {
      const rows = random.pick([1, 2, 3, 5, 8]);
      const minutes = random.int(5, 60);
      const spec: FaultSpec = { kind: 'cap', rows, times: 'always', match: { method: 'search_read' } };
      world.count(kind, 'odoo', { rows, minutes });
      world.injectOdoo(spec);
      world.later(minutes, async () => {
        world.withdrawOdoo(spec);
        world.note('odoo', 'capped pages lifted');
      });
      return true;
    }
    case 'postgres-stall':
      world.armOnNextRun(kind, async (instance, runId) => {
        await realDelay(random.int(0, 25));
        world.count(kind, instance.name, { runId });
        await world.stallPostgres(instance, runId);
      });
      return true;
    case 'row-lock-held': {
      // a lock nobody meets (every instance down) shows nothing: it waits for an instance up
      if (alive.length === 0) return false;
      const minutes = random.int(10, 90);
      if (!(await world.holdRowLock(minutes))) return false;
      world.count(kind, 'reporting-session', { minutes });
      return true;
    }
    case 'master-data-edit':
      if (!world.editMasterData()) return false;
      world.count(kind, 'odoo');
      return true;
    case 'future-write-date':
      if (!world.writeInFuture(random.int(3, 45))) return false;
      world.count(kind, 'odoo');
      return true;
    case 'duplicate-order-name':
      if (!world.duplicateOrderName()) return false;
      world.count(kind, 'odoo');
      return true;
  }
}

/** The scheduled reconciliation is at 03:00 (UTC); an instance whose clock runs up to 4 minutes ahead starts it earlier. */
const RECONCILE_HOUR = 3;
const LIE_BEFORE_RECONCILE_MINUTES = 6;

/**
 * Odoo lists no orders for a while (issue 16.1). Planned in the four hours before 03:00 (always
 * the first one of the plan), the lie begins just before the scheduled reconciliation and lasts
 * until one has run under it; otherwise it begins now and lasts 5 to 40 minutes, meeting the
 * scheduled syncs. When it is about to be lifted and no reconciliation met it yet, an operator
 * runs one (always for the first kind, half the time for the other: reconciling is what a
 * worried operator does).
 */
async function emptyList(world: FaultWorld): Promise<boolean> {
  const { random } = world;
  if (world.emptyListActive) return false;
  const linesToo = random.chance(0.5);
  const untilReconcile = world.minutesUntil(RECONCILE_HOUR, 0);
  const aimAtReconcile = untilReconcile > LIE_BEFORE_RECONCILE_MINUTES && untilReconcile <= 4 * 60;
  const begin = async (): Promise<void> => {
    if (world.emptyListActive || world.alive().length === 0) {
      // nobody up to meet it (a long downtime), or a lie still on: later
      world.later(30, begin);
      return;
    }
    const minutes = aimAtReconcile ? LIE_BEFORE_RECONCILE_MINUTES + 30 : random.int(5, 40);
    world.count('odoo-empty-list', 'odoo', { linesToo, minutes, aimAtReconcile });
    world.startEmptyList(linesToo);
    world.later(minutes, async () => {
      try {
        if (world.reconcilesUnderEmptyList() === 0 && (aimAtReconcile || random.chance(0.5))) {
          const alive = world.alive();
          if (alive.length > 0) await world.reconcileNow(random.pick(alive));
        }
      } finally {
        // the operator's reconciliation may die with its instance (a deploy, a kill): the lie ends all the same
        world.liftEmptyList();
      }
    });
  };
  if (aimAtReconcile) world.later(untilReconcile - LIE_BEFORE_RECONCILE_MINUTES, begin);
  else await begin();
  return true;
}
