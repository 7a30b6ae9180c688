/**
 * Issue 18.6: the schedule card's "próxima execução" stayed in the past after a skipped slot. What
 * the console and the tray show is never before now: a time already past gives way to the next
 * slot of the schedule's grid (UTC-aligned, as the scheduler's slots).
 */
import { describe, expect, it } from 'vitest';
import { upcomingRun } from '../../../shared/next-run';

const at = (iso: string) => Date.parse(iso);

describe('upcomingRun', () => {
  it('a time still ahead is kept', () => {
    expect(upcomingRun('2026-12-06T13:30:00.000Z', 30, at('2026-12-06T13:12:00Z'))).toBe(at('2026-12-06T13:30:00Z'));
    // the first run one minute after start, off the grid
    expect(upcomingRun('2026-12-06T13:13:00.000Z', 30, at('2026-12-06T13:12:00Z'))).toBe(at('2026-12-06T13:13:00Z'));
  });

  it('a time already past (a skipped slot, a stale status) gives way to the next slot after now', () => {
    expect(upcomingRun('2026-12-06T13:00:00.000Z', 30, at('2026-12-06T13:12:00Z'))).toBe(at('2026-12-06T13:30:00Z'));
    expect(upcomingRun('2026-12-06T11:00:00.000Z', 30, at('2026-12-06T13:30:00Z'))).toBe(at('2026-12-06T14:00:00Z'));
    expect(upcomingRun('2026-12-06T13:00:00.000Z', 45, at('2026-12-06T13:12:00Z'))).toBe(
      Math.ceil((at('2026-12-06T13:12:00Z') + 1) / (45 * 60_000)) * 45 * 60_000,
    );
  });

  it('none stays none', () => {
    expect(upcomingRun(null, 30, at('2026-12-06T13:12:00Z'))).toBeNull();
  });
});
