/**
 * Issue 18.1: the console names whatever holds the lock — this product's holder, the old Python
 * job's legacy value, any other value — and releases exactly the value it showed. Issue 18.6: the
 * renewal it infers from the TTL is shown only for a holder that is a live run (a foreign holder's
 * card said "renovado há 11 s" while its dialog said it had no live run).
 */
import { describe, expect, it } from 'vitest';
import type { LockHolderInfo } from '../../../shared/engine-types';
import { diagnoseLock } from '../../../shared/lock-diagnosis';
import { holderName, legacyAge, rawLockValue, releaseRequest, renewalShown } from '../../../renderer/src/features/lock/lock-model';
import { wordsFor } from '../../../renderer/src/i18n/i18n';
import { legacyHolder as legacy, lock, lockValue as value, ourHolder as ours, status } from './fixtures';

const pt = wordsFor('pt-BR');
const en = wordsFor('en');
describe('the lock holder as the console names it', () => {
  it("the old job's value is named as such, with the value itself", () => {
    expect(holderName(legacy, pt)).toBe('valor legado do job antigo (2026-12-06 10:00:00.123456)');
    expect(holderName(legacy, en)).toBe("the old job's legacy value (2026-12-06 10:00:00.123456)");
  });

  it('any other value is a value this product did not write; ours is its owner', () => {
    const foreign = { ...legacy, value: value({ raw: '\\xff\\x00', binary: true }) };
    expect(holderName(foreign, pt)).toBe('valor desconhecido (\\xff\\x00)');
    expect(holderName(foreign, en)).toBe('unknown value (\\xff\\x00)');
    expect(holderName(ours, pt)).toBe('scheduler');
    // a holder read before values were carried (or from the advisory lock): its owner
    expect(holderName({ ...ours, value: undefined }, pt)).toBe('scheduler');
  });

  it('the raw value is the one stored, as read; without it, the JSON as the key holds it', () => {
    expect(rawLockValue(legacy)).toBe('2026-12-06 10:00:00.123456');
    expect(rawLockValue({ ...ours, value: undefined })).toBe(
      JSON.stringify({ token: ours.token, owner: 'scheduler', host: 'vm-1', pid: 4242, runId: 12, acquiredAt: ours.acquiredAt, fence: 7 }),
    );
  });

  it('a release compares the exact value shown (its SHA-1); without a value, the token', () => {
    expect(releaseRequest(legacy, 'job antigo parado')).toEqual({ expectedValueSha1: 'c'.repeat(40), reason: 'job antigo parado' });
    expect(releaseRequest({ ...ours, value: undefined }, 'x')).toEqual({ expectedToken: ours.token, reason: 'x' });
  });

  it("a legacy value's age comes from the time it holds; none when it holds none", () => {
    expect(legacyAge(legacy, Date.parse('2026-12-06T13:03:00.123Z'))).toBe(180_000);
    expect(legacyAge({ ...legacy, value: value({ kind: 'legacy', legacyAt: null }) }, Date.now())).toBeNull();
    expect(legacyAge(ours, Date.now())).toBeNull();
  });
});

describe('the renewal the card infers from the TTL', () => {
  const NOW = Date.parse('2025-01-15T14:00:00.000Z');
  it('is shown only for a live run (or one starting), never for a holder with no live run', () => {
    const held = (holder: LockHolderInfo, extra = {}) => status({ lock: lock({ held: true, holder, ttlMs: 1_489_000 }), ...extra });
    const unknownHolder = { ...ours, runId: null, acquiredAt: '2025-01-15T13:00:00.000Z' };
    expect(renewalShown(diagnoseLock(held(unknownHolder), NOW))).toBe(false);
    const legacyHeld = { ...legacy, acquiredAt: '2025-01-15T13:59:00.000Z', value: value({ kind: 'legacy', legacyAt: '2025-01-15T13:59:00.000Z' }) };
    expect(renewalShown(diagnoseLock(held(legacyHeld), NOW))).toBe(false);
    const starting = { ...ours, runId: null, acquiredAt: '2025-01-15T13:59:30.000Z' };
    expect(renewalShown(diagnoseLock(held(starting), NOW))).toBe(true);
    expect(renewalShown(null)).toBe(false);
  });
});

describe('diagnosis of a legacy holder', () => {
  const NOW = Date.parse('2025-01-15T14:00:00.000Z');
  const legacyHeld = { ...legacy, acquiredAt: '2025-01-15T13:50:00.000Z', value: value({ kind: 'legacy', legacyAt: '2025-01-15T13:50:00.000Z' }) };
  it('the old job holding the key with its TTL is the old job at work, not a stuck lock', () => {
    expect(diagnoseLock(status({ lock: lock({ held: true, holder: legacyHeld, ttlMs: 900_000 }) }), NOW)?.state).toBe('legacy');
  });
  it('a legacy value that never expires is stuck', () => {
    expect(diagnoseLock(status({ lock: lock({ held: true, holder: legacyHeld, ttlMs: null }) }), NOW)?.state).toBe('unknown');
  });
});
