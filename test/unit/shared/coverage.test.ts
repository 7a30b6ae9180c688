import { describe, expect, it } from 'vitest';
import { covers, findGaps, findOverlaps, mergeIntervals } from '../../../shared/coverage';

const i = (from: number, to: number) => ({ from, to });

describe('coverage', () => {
  it('merges overlapping and touching intervals and drops empty ones', () => {
    expect(mergeIntervals([i(5, 8), i(0, 3), i(3, 4), i(7, 10), i(12, 12)])).toEqual([i(0, 4), i(5, 10)]);
  });

  it('finds the gaps inside a range', () => {
    expect(findGaps([i(0, 10), i(20, 30)], i(-5, 40))).toEqual([i(-5, 0), i(10, 20), i(30, 40)]);
    expect(findGaps([i(0, 10), i(8, 30)], i(2, 25))).toEqual([]);
    expect(findGaps([], i(1, 2))).toEqual([i(1, 2)]);
  });

  it('treats a full load (from -Infinity) as covering everything before its end', () => {
    expect(findGaps([i(-Infinity, 100), i(130, 200)], i(0, 200))).toEqual([i(100, 130)]);
    expect(covers([i(-Infinity, 100)], i(-1e15, 100))).toBe(true);
  });

  it('finds where consecutive windows overlap', () => {
    // 40-minute windows every 30 minutes overlap by 10 minutes
    const windows = [i(0, 40), i(30, 70), i(60, 100)];
    expect(findOverlaps(windows)).toEqual([i(30, 40), i(60, 70)]);
    expect(findOverlaps([i(0, 10), i(10, 20)])).toEqual([]);
  });
});
