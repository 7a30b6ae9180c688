/**
 * One instance's view of the soak's driven clock: the true time plus a fixed skew, like a
 * server whose NTP drifted a few minutes. The simulator (Odoo) reads the true clock.
 */
import type { Clock } from '../../electron/engine/clock';

export class SkewedClock implements Clock {
  constructor(
    private readonly truth: Clock,
    readonly skewMs: number,
  ) {}

  now(): Date {
    return new Date(this.truth.now().getTime() + this.skewMs);
  }
}
