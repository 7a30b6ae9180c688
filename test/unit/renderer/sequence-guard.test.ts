import { describe, expect, it } from 'vitest';
import { SequenceGuard } from '../../../renderer/src/hooks/sequence-guard';

describe('SequenceGuard', () => {
  it('numbers requests in increasing order', () => {
    const guard = new SequenceGuard();
    expect([guard.next(), guard.next(), guard.next()]).toEqual([1, 2, 3]);
    expect(guard.newestIssued).toBe(3);
    expect(guard.newestApplied).toBe(0);
  });

  it('applies answers arriving in order', () => {
    const guard = new SequenceGuard();
    const first = guard.next();
    const second = guard.next();
    expect(guard.accept(first)).toBe(true);
    expect(guard.accept(second)).toBe(true);
    expect(guard.newestApplied).toBe(second);
  });

  it('answers arriving out of order: only the newest is applied, the older one after it is dropped', () => {
    const guard = new SequenceGuard();
    const older = guard.next();
    const newer = guard.next();
    expect(guard.accept(newer)).toBe(true);
    expect(guard.accept(older)).toBe(false);
    expect(guard.newestApplied).toBe(newer);
  });

  it('replays a shuffled burst of answers onto a value: the value ends as the newest answer', () => {
    const guard = new SequenceGuard();
    const requests = Array.from({ length: 6 }, () => guard.next());
    let shown = 0;
    const applied: number[] = [];
    for (const seq of [3, 1, 5, 2, 6, 4]) {
      if (guard.accept(requests[seq - 1])) {
        shown = seq;
        applied.push(seq);
      }
    }
    expect(applied).toEqual([3, 5, 6]);
    expect(shown).toBe(6);
  });

  it('an answer is applied once: the same one again is dropped', () => {
    const guard = new SequenceGuard();
    const seq = guard.next();
    expect(guard.accept(seq)).toBe(true);
    expect(guard.accept(seq)).toBe(false);
  });

  it('drops a number it never issued', () => {
    const guard = new SequenceGuard();
    guard.next();
    expect(guard.accept(2)).toBe(false);
    expect(guard.accept(0)).toBe(false);
    expect(guard.newestApplied).toBe(0);
  });

  it('closed (unmounted), it drops every answer, even the newest', () => {
    const guard = new SequenceGuard();
    const seq = guard.next();
    guard.close();
    expect(guard.accept(seq)).toBe(false);
    expect(guard.accept(guard.next())).toBe(false);
  });
});
