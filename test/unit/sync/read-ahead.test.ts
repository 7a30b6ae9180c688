import { describe, expect, it } from 'vitest';
import { ReadLimiter, readAhead } from '../../../electron/engine/sync/read-ahead';

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ReadLimiter', () => {
  it('never has more than its limit in flight, and runs everything', async () => {
    const limiter = new ReadLimiter(3);
    let inFlight = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await tick(1 + (i % 4));
          inFlight--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
  });

  it('a failed call frees its slot', async () => {
    const limiter = new ReadLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('refuses an unbounded or empty limit', () => {
    expect(() => new ReadLimiter(0)).toThrow(TypeError);
    expect(() => new ReadLimiter(Infinity)).toThrow(TypeError);
  });
});

describe('readAhead', () => {
  async function* tasks(count: number, started: number[], delay: (i: number) => number, failAt?: number) {
    for (let i = 0; i < count; i++) {
      yield async () => {
        started.push(i);
        await tick(delay(i));
        if (i === failAt) throw new Error(`task ${i} failed`);
        return i;
      };
    }
  }

  it('yields results in the order asked, whatever order they finish in', async () => {
    const out: number[] = [];
    for await (const result of readAhead(
      tasks(10, [], (i) => 10 - i),
      4,
    ))
      out.push(result);
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('starts at most `ahead` tasks not yet taken', async () => {
    const started: number[] = [];
    const reading = readAhead(
      tasks(10, started, () => 1),
      3,
    );
    expect((await reading.next()).value).toBe(0);
    await tick(20);
    // 0 was taken: 1, 2, 3 may be started and waiting, 4 not yet
    expect(started).toEqual([0, 1, 2, 3]);
    await reading.return(undefined);
  });

  it('a failure surfaces at its turn, after the results before it', async () => {
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const result of readAhead(
          tasks(6, [], () => 1, 3),
          4,
        ))
          out.push(result);
      })(),
    ).rejects.toThrow('task 3 failed');
    expect(out).toEqual([0, 1, 2]);
  });

  it('a producer that fails (a page of orders that cannot be read) surfaces after what it gave', async () => {
    async function* failing() {
      yield () => Promise.resolve('first');
      throw new Error('orders page failed');
    }
    const out: string[] = [];
    await expect(
      (async () => {
        for await (const result of readAhead(failing(), 2)) out.push(result);
      })(),
    ).rejects.toThrow('orders page failed');
    expect(out).toEqual(['first']);
  });

  it('a consumer that stops early starts nothing more and leaves no rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const started: number[] = [];
      for await (const result of readAhead(
        tasks(50, started, () => 2, 2),
        4,
      )) {
        if (result === 0) break;
      }
      await tick(30);
      expect(started.length).toBeLessThanOrEqual(5);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
