/**
 * Issue 18.1: the CLI showed the old job's timestamp as `owner 2026-12-06 10:00:00.123456 host
 * pid 0`. It names what holds the lock, in pt-BR with local times: this product's holder, the
 * old job's legacy value (with the time it holds and its age), anything else as a foreign value;
 * and how to release exactly that value.
 */
import { describe, expect, it } from 'vitest';
import { formatLock } from '../../../electron/engine/cli/format';
import { describeHolder, releaseText } from '../../../electron/engine/cli/lock-text';
import type { LockHolderInfo } from '../../../shared/engine-types';
import { inTimeZone, legacyHolder as legacy, lock, lockValue as value, ourHolder as ours } from '../renderer/fixtures';

inTimeZone('America/Sao_Paulo');

const NOW = new Date('2026-12-06T13:03:00.000Z'); // 10:03 in São Paulo
describe('the lock as the CLI tells it', () => {
  it("a legacy value: the old job's, the time it holds and its age, its TTL, how to release it", () => {
    const text = formatLock(lock({ held: true, holder: legacy, ttlMs: 1_320_000 }), NOW);
    expect(text).toContain('lock: OCUPADO (redis), TTL 1.320 s (expira sozinho em 22 min)');
    expect(text).toContain('valor legado do job antigo "2026-12-06 10:00:00.123456" — gravado 06/12/2026 10:00:00 (há 3 min)');
    expect(text).toContain(`lock release --value '2026-12-06 10:00:00.123456' --reason "…"`);
    expect(text).not.toContain('pid 0');
    expect(text).not.toContain('token');
  });

  it("this product's holder: who, where, run, since (local), fence, token and raw value", () => {
    const text = formatLock(lock({ held: true, holder: ours, ttlMs: 1_490_000 }), NOW);
    expect(text).toContain('scheduler (vm-1, pid 4242, execução #12)');
    expect(text).toContain('desde 06/12/2026 10:01:30 (há 1 min 30 s)');
    expect(text).toContain('fence 7');
    expect(text).toContain(`token ${'b'.repeat(32)}`);
    expect(text).toContain('valor bruto {"token":"bbb"}');
  });

  it('a foreign value, binary: shown escaped, released by its SHA-1', () => {
    const holder: LockHolderInfo = { ...legacy, owner: '\\xff', acquiredAt: '', value: value({ raw: '\\xff\\x00', binary: true }) };
    const text = formatLock(lock({ held: true, holder, ttlMs: null }), NOW);
    expect(text).toContain('lock: OCUPADO (redis), sem expiração');
    expect(text).toContain('valor desconhecido (não escrito por este produto nem pelo job antigo), binário: \\xff\\x00');
    expect(text).toContain(`lock release --value-sha1 ${'c'.repeat(40)} --reason "…"`);
  });

  it('free, and free on a degraded fallback', () => {
    expect(formatLock(lock(), NOW)).toBe('lock: LIVRE (redis)');
    expect(formatLock(lock({ backend: 'postgres', degraded: true }), NOW)).toBe('lock: LIVRE (postgres, DEGRADADO: Redis inacessível)');
  });

  it('names the holder in one phrase', () => {
    expect(describeHolder(legacy)).toBe('valor legado do job antigo "2026-12-06 10:00:00.123456"');
    expect(describeHolder(ours)).toBe('scheduler (vm-1, pid 4242, execução #12)');
  });

  it('says what a release did, naming the holder removed or the one found instead', () => {
    const released = { released: true, previous: legacy, current: null, fence: 9 };
    expect(releaseText(released)).toBe('Lock liberado: era o valor legado do job antigo "2026-12-06 10:00:00.123456". Fence agora 9.');
    const changed = { released: false, previous: ours, current: ours, fence: null };
    expect(releaseText(changed)).toBe(
      'NÃO liberado: o lock não tem mais o valor informado; agora é scheduler (vm-1, pid 4242, execução #12). Confira com "lock status".',
    );
    expect(releaseText({ released: false, previous: null, current: null, fence: null })).toBe('NÃO liberado: o lock está livre (expirou ou já foi liberado).');
  });
});
