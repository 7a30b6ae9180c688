import { describe, expect, it } from 'vitest';
import { nextDailyAt, slotOf, slotStart } from '../../../electron/engine/scheduler/slots';

describe('scheduler slots', () => {
  it('anchors slots to UTC so every instance agrees', () => {
    const a = slotOf(new Date('2026-05-01T10:29:59Z'), 30);
    const b = slotOf(new Date('2026-05-01T10:30:00Z'), 30);
    expect(b).toBe(a + 1);
    expect(slotStart(b, 30).toISOString()).toBe('2026-05-01T10:30:00.000Z');
    expect(slotStart(slotOf(new Date('2026-05-01T10:44:00Z'), 45), 45).toISOString()).toBe('2026-05-01T10:30:00.000Z');
  });

  it('finds the next daily time strictly after now', () => {
    expect(nextDailyAt(new Date('2026-05-01T02:59:00Z'), 3).toISOString()).toBe('2026-05-01T03:00:00.000Z');
    expect(nextDailyAt(new Date('2026-05-01T03:00:00Z'), 3).toISOString()).toBe('2026-05-02T03:00:00.000Z');
    expect(nextDailyAt(new Date('2026-12-31T23:00:00Z'), 3).toISOString()).toBe('2027-01-01T03:00:00.000Z');
  });
});
