/**
 * The soak's N instances over time. Each slot (A, B, C…) is one deployed instance; it lives
 * through incarnations (A1, A2…): killed and restarted, stopped and redeployed, doubled during
 * a blue-green overlap, restarted with a skewed clock, or down with everyone else for a while.
 */
import type { History } from './history';
import type { Instance } from './instance';
import type { Prng } from './prng';

interface Slot {
  name: string;
  skewMs: number;
  generation: number;
  instances: Instance[];
}

export interface InstancePoolDeps {
  count: number;
  /** starts one incarnation */
  launch: (name: string, skewMs: number) => Promise<Instance>;
  history: History;
  random: Prng;
  /** runs `act` `minutesFromNow` simulated minutes from now */
  later: (minutesFromNow: number, act: () => Promise<void>) => void;
  /** the soak's current simulated minute */
  minute: () => number;
}

export class InstancePool {
  private readonly slots: Slot[] = [];
  /** during a long downtime nobody restarts before this minute */
  private downUntil: number | null = null;

  constructor(private readonly deps: InstancePoolDeps) {
    for (let i = 0; i < deps.count; i++) this.slots.push({ name: String.fromCharCode(65 + i), skewMs: 0, generation: 0, instances: [] });
  }

  /** The instances up now. */
  alive(): Instance[] {
    return this.slots.flatMap((slot) => slot.instances.filter((instance) => instance.alive));
  }

  /** Every slot with nobody up gets an incarnation, downtime or not (the start, and the final checks). */
  async startMissing(): Promise<void> {
    this.downUntil = null;
    for (const slot of this.slots) if (!slot.instances.some((instance) => instance.alive)) await this.startIncarnation(slot);
  }

  async kill(instance: Instance): Promise<void> {
    if (!instance.alive) return;
    const slot = this.slotOf(instance);
    this.deps.history.add(instance.name, 'kill -9');
    await instance.kill();
    this.forget(instance);
    this.deps.later(this.deps.random.int(1, 45), () => this.ensureUp(slot));
  }

  /** A graceful stop (a deploy's), and a new incarnation `restartAfterMinutes` later (with a new clock skew, if given). */
  async stopAndRestart(instance: Instance, restartAfterMinutes: number, skewMs?: number): Promise<void> {
    if (!instance.alive) return;
    const slot = this.slotOf(instance);
    this.deps.history.add(instance.name, 'graceful stop', { busy: instance.engine.isRunning });
    await instance.stop();
    this.forget(instance);
    if (skewMs !== undefined) slot.skewMs = skewMs;
    if (restartAfterMinutes === 0) await this.ensureUp(slot);
    else this.deps.later(restartAfterMinutes, () => this.ensureUp(slot));
  }

  /** The new version starts beside the old one, which is stopped `overlapMinutes` later. */
  async blueGreen(instance: Instance, overlapMinutes: number): Promise<void> {
    const slot = this.slotOf(instance);
    const green = await this.startIncarnation(slot);
    this.deps.history.add(green.name, 'blue-green: new version up beside the old', { old: instance.name, overlapMinutes });
    this.deps.later(overlapMinutes, async () => {
      if (!instance.alive) return;
      this.deps.history.add(instance.name, 'blue-green: old version stopped');
      await instance.stop();
      this.forget(instance);
    });
  }

  /** Every instance stopped for `minutes`, then all started again. */
  async downtime(minutes: number): Promise<void> {
    this.deps.history.add('harness', 'long downtime: every instance stopped', { minutes });
    for (const instance of this.alive()) {
      await instance.stop();
      this.forget(instance);
    }
    this.downUntil = this.deps.minute() + minutes;
    this.deps.later(minutes, async () => {
      this.deps.history.add('harness', 'long downtime over: instances start');
      await this.startMissing();
    });
  }

  /** Graceful stop of everyone (the end of the soak). */
  async stopAll(): Promise<void> {
    for (const instance of this.alive()) {
      await instance.stop();
      this.forget(instance);
    }
  }

  /** kill -9 of whatever is left (cleaning up after a failure). */
  async killAll(): Promise<void> {
    for (const slot of this.slots) for (const instance of slot.instances) await instance.kill().catch(() => undefined);
  }

  private async startIncarnation(slot: Slot): Promise<Instance> {
    slot.generation++;
    const instance = await this.deps.launch(`${slot.name}${slot.generation}`, slot.skewMs);
    slot.instances.push(instance);
    this.deps.history.add(instance.name, 'started', { pid: instance.pid, skewSeconds: slot.skewMs / 1000 });
    return instance;
  }

  /** A slot with nobody up gets a new incarnation (unless everything is down on purpose). */
  private async ensureUp(slot: Slot): Promise<void> {
    if (this.downUntil !== null && this.deps.minute() < this.downUntil) return;
    if (!slot.instances.some((instance) => instance.alive)) await this.startIncarnation(slot);
  }

  private slotOf(instance: Instance): Slot {
    const slot = this.slots.find((candidate) => candidate.instances.includes(instance));
    if (!slot) throw new Error(`instance ${instance.name} belongs to no slot`);
    return slot;
  }

  private forget(instance: Instance): void {
    const slot = this.slotOf(instance);
    slot.instances = slot.instances.filter((other) => other !== instance);
  }
}
