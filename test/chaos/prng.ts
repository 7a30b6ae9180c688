/**
 * The soak's one source of randomness: the simulator's seeded PRNG (mulberry32), so a seed names
 * a fault plan that can be replayed. Draws made while the soak runs (which instance a fault
 * meets, the changes between runs) follow real timing too, so a replay can take another path.
 */
import { Random } from '../../electron/engine/odoo-sim/random';

export class Prng extends Random {
  /** Picking from nothing is a harness bug: say so rather than return undefined. */
  override pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: no items');
    return super.pick(items);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/** A fresh random seed (printed, so a failing soak can be replayed with `--seed`). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
