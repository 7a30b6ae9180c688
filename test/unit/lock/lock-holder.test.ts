import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { advisoryKey, newToken, parseHolder, serializeHolder, type LockHolder } from '../../../electron/engine/lock';

const sha1 = (bytes: string | Buffer) => createHash('sha1').update(bytes).digest('hex');

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
    expect(parseHolder(raw, 'redis')).toEqual({ ...holder, value: { raw, binary: false, truncated: false, sha1: sha1(raw), kind: 'ours', legacyAt: null } });
    expect(parseHolder(raw, 'local').backend).toBe('local');
  });

  it('carries the holder’s process instance beside its pid (issue 16.7); a value without one reads as before', () => {
    const withInstance: LockHolder = { ...holder, instance: '0f1e2d3c-4b5a-6978-8a9b-abcdefabcdef:420764' };
    const raw = serializeHolder(withInstance);
    expect(Object.keys(JSON.parse(raw) as object)).toEqual(['token', 'owner', 'host', 'pid', 'instance', 'runId', 'acquiredAt', 'fence']);
    expect(parseHolder(raw, 'redis')).toEqual({ ...withInstance, value: expect.objectContaining({ raw, kind: 'ours' }) });
    expect(parseHolder(serializeHolder(holder), 'redis')).not.toHaveProperty('instance');
    expect(parseHolder(JSON.stringify({ ...JSON.parse(raw), instance: 7 }), 'redis')).not.toHaveProperty('instance');
    expect(parseHolder(JSON.stringify({ ...JSON.parse(raw), instance: null }), 'redis').instance).toBeNull();
  });

  it('a value that is not ours reads as held by nobody we could match (empty token)', () => {
    expect(parseHolder('locked-by-hand', 'redis')).toMatchObject({ token: '', owner: 'locked-by-hand', fence: null });
    expect(parseHolder('{"token":5}', 'redis').token).toBe('');
    expect(parseHolder('{"token":"x"}', 'redis')).toMatchObject({ token: 'x', pid: 0, runId: null, fence: null });
  });

  it("the old Python job's plain timestamp is a legacy value, its time read as this host's local time", () => {
    // redis_client.set("carteira:sync:incremental:lock", timestamp, nx=True, ex=1500)
    const legacy = parseHolder('2026-12-06 10:00:00.123456', 'redis');
    expect(legacy.token).toBe('');
    expect(legacy.value).toEqual({
      raw: '2026-12-06 10:00:00.123456',
      binary: false,
      truncated: false,
      sha1: sha1('2026-12-06 10:00:00.123456'),
      kind: 'legacy',
      legacyAt: new Date(2026, 11, 6, 10, 0, 0, 123).toISOString(),
    });
    // its acquisition time is the time it holds, so its age can be told
    expect(legacy.acquiredAt).toBe(legacy.value?.legacyAt);
    expect(parseHolder('2026-12-06T10:00:00', 'redis').value?.legacyAt).toBe(new Date(2026, 11, 6, 10, 0, 0).toISOString());
    expect(parseHolder('2026-12-06T10:00:00+00:00', 'redis').value?.legacyAt).toBe('2026-12-06T10:00:00.000Z');
    expect(parseHolder('1796551200.25', 'redis').value).toMatchObject({ kind: 'legacy', legacyAt: '2026-12-06T10:00:00.250Z' });
    // shaped like a time but not one: still the old job's, with no age
    expect(parseHolder('2026-13-45 99:00:00', 'redis').value).toMatchObject({ kind: 'legacy', legacyAt: null });
    expect(parseHolder('2026-13-45 99:00:00', 'redis').acquiredAt).toBe('');
  });

  it('anything else is a foreign value: JSON of another shape, garbage, binary (shown escaped, compared by its exact bytes)', () => {
    expect(parseHolder('{"token":5}', 'redis').value).toMatchObject({ kind: 'foreign', binary: false, raw: '{"token":5}' });
    expect(parseHolder('{"lockedBy":"airflow"}', 'redis').value?.kind).toBe('foreign');
    expect(parseHolder('locked-by-hand', 'redis').value?.kind).toBe('foreign');
    const bytes = Buffer.from([0xff, 0x00, 0x41, 0x5c, 0x0a, 0xc3]);
    const binary = parseHolder(bytes, 'redis');
    expect(binary.value).toEqual({ raw: '\\xff\\x00A\\\\\\x0a\\xc3', binary: true, truncated: false, sha1: sha1(bytes), kind: 'foreign', legacyAt: null });
    expect(binary.owner).toBe(binary.value?.raw);
    // valid UTF-8 with a control character is escaped too: the console and the terminal show it safely
    expect(parseHolder('a\u001b[31mb', 'redis').value).toMatchObject({ raw: 'a\\x1b[31mb', binary: true });
    expect(parseHolder('São Paulo', 'redis').value).toMatchObject({ raw: 'São Paulo', binary: false });
  });

  it('a huge value is shown cut, but compared whole', () => {
    const big = 'x'.repeat(10_000);
    const value = parseHolder(big, 'redis').value;
    expect(value?.raw.length).toBe(2000);
    expect(value).toMatchObject({ truncated: true, sha1: sha1(big) });
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
