import { describe, expect, it } from 'vitest';
import { advisoryKey, newToken, parseHolder, serializeHolder, type LockHolder } from '../../../electron/engine/lock';

const holder: LockHolder = {
  token: 'a'.repeat(32),
  owner: 'scheduler',
  host: 'box',
  pid: 123,
  runId: 9,
  acquiredAt: '2026-01-01T00:00:00.000Z',
  fence: 17,
  backend: 'redis',
};

describe('lock value', () => {
  it('is the runbook JSON {token, owner, host, pid, runId, acquiredAt, fence}, and round-trips', () => {
    const raw = serializeHolder(holder);
    expect(Object.keys(JSON.parse(raw) as object)).toEqual(['token', 'owner', 'host', 'pid', 'runId', 'acquiredAt', 'fence']);
    expect(parseHolder(raw, 'redis')).toEqual(holder);
    expect(parseHolder(raw, 'local').backend).toBe('local');
  });

  it('a value that is not ours reads as held by nobody we could match (empty token)', () => {
    expect(parseHolder('locked-by-hand', 'redis')).toMatchObject({ token: '', owner: 'locked-by-hand', fence: null });
    expect(parseHolder('{"token":5}', 'redis').token).toBe('');
    expect(parseHolder('{"token":"x"}', 'redis')).toMatchObject({ token: 'x', pid: 0, runId: null, fence: null });
  });

  it('tokens are random 128-bit hex', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the advisory key is a stable signed 64-bit integer per prefix', () => {
    const key = advisoryKey('carteira:sync:incremental');
    expect(advisoryKey('carteira:sync:incremental')).toBe(key);
    expect(advisoryKey('other')).not.toBe(key);
    const value = BigInt(key);
    expect(value >= -(2n ** 63n) && value < 2n ** 63n).toBe(true);
  });
});
