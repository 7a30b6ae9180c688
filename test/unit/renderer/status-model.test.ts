import { describe, expect, it } from 'vitest';
import { ttlLeft, backendText, holderTitle, lastRenewalAgo, rawLockValue } from '../../../renderer/src/features/lock/lock-model';
import { endedBadly, isStale, nextWindow, odooProtocolText, progressPercent, watermarkLag } from '../../../renderer/src/features/status/status-model';
import { wordsFor } from '../../../renderer/src/i18n/i18n';
import { lock, progress, run, status } from './fixtures';

const MINUTE = 60_000;

describe('status model', () => {
  it('stale after a failed request, or when nothing came for three poll intervals', () => {
    expect(isStale(null, 11_999, 4000)).toBe(false);
    expect(isStale(null, 12_000, 4000)).toBe(false);
    expect(isStale(null, 12_001, 4000)).toBe(true);
    expect(isStale('HTTP 502', 0, 4000)).toBe(true);
  });

  it('names the Odoo protocol as Odoo does; under auto before the first call, says it is still to be decided', () => {
    const pt = wordsFor('pt-BR');
    expect(odooProtocolText('json2', pt)).toBe('JSON-2');
    expect(odooProtocolText('jsonrpc', pt)).toBe('JSON-RPC');
    expect(odooProtocolText('xmlrpc', wordsFor('en'))).toBe('XML-RPC');
    expect(odooProtocolText(undefined, pt)).toBe('auto (a definir)');
    expect(odooProtocolText(undefined, wordsFor('en'))).toBe('auto (to be decided)');
  });

  it('failed and aborted runs ended badly; the others and no run did not', () => {
    expect(endedBadly(run({ status: 'failed' }))).toBe(true);
    expect(endedBadly(run({ status: 'aborted' }))).toBe(true);
    for (const ok of ['succeeded', 'skipped', 'running'] as const) expect(endedBadly(run({ status: ok }))).toBe(false);
    expect(endedBadly(null)).toBe(false);
  });

  it("the watermark's lag behind now (shown, never judged: a quiet Odoo leaves it behind)", () => {
    const now = Date.parse('2025-01-15T14:00:00Z');
    expect(watermarkLag(status({ watermark: new Date(now - 71 * MINUTE).toISOString() }), now)).toBe(71 * MINUTE);
    expect(watermarkLag(status({ watermark: null }), now)).toBeNull();
  });

  it('progress in percent, capped at 100, a sliver while the total is unknown', () => {
    expect(progressPercent(progress({ ordersDone: 10, ordersTotal: 40 }))).toBe(25);
    expect(progressPercent(progress({ ordersDone: 50, ordersTotal: 40 }))).toBe(100);
    expect(progressPercent(progress({ ordersDone: 3, ordersTotal: 0 }))).toBe(5);
  });
});

describe('lock model', () => {
  it('the TTL counts down from when the status arrived, never below zero; no TTL is no expiry', () => {
    expect(ttlLeft(25 * MINUTE, 4000)).toBe(25 * MINUTE - 4000);
    expect(ttlLeft(1000, 4000)).toBe(0);
    expect(ttlLeft(null, 4000)).toBeNull();
  });

  it('names the backend, and says when it is a fallback', () => {
    expect(backendText(lock())).toBe('redis');
    expect(backendText(lock({ backend: 'postgres', degraded: true }))).toBe('postgres (degraded)');
  });

  it('who holds it, where', () => {
    const holder = {
      token: 'a'.repeat(32),
      owner: 'e2e-engine@test',
      host: 'vm',
      pid: 42,
      runId: 2,
      acquiredAt: '2025-01-15T13:00:00Z',
      fence: 2,
      backend: 'redis' as const,
    };
    expect(holderTitle(holder)).toBe('e2e-engine@test @ vm pid 42');
  });
});

describe('the next window and the lock details', () => {
  const NOW = Date.parse('2025-01-15T14:00:00.000Z');

  it('the next window is the one the engine planned; its end follows the clock once the slot is due', () => {
    expect(nextWindow(status(), NOW)).toEqual({ from: Date.parse('2025-01-15T12:50:00Z'), to: Date.parse('2025-01-15T14:30:00Z') });
    expect(nextWindow(status(), Date.parse('2025-01-15T14:31:00Z'))?.to).toBe(Date.parse('2025-01-15T14:31:00Z'));
    // The engine plans a full load next: no window to show.
    expect(nextWindow(status({ nextWindow: null }), NOW)).toBeNull();
  });

  it('the last renewal from the TTL, and the key value as redis-cli GET shows it', () => {
    expect(lastRenewalAgo(1_200_000, 1_500_000, 2000)).toBe(302_000);
    expect(lastRenewalAgo(null, 1_500_000, 0)).toBeNull();
    const holder = {
      token: 'a'.repeat(32),
      owner: 'o',
      host: 'h',
      pid: 1,
      runId: 2,
      acquiredAt: '2025-01-15T13:00:00.000Z',
      fence: 3,
      backend: 'redis' as const,
    };
    expect(JSON.parse(rawLockValue(holder))).toEqual({
      token: 'a'.repeat(32),
      owner: 'o',
      host: 'h',
      pid: 1,
      runId: 2,
      acquiredAt: '2025-01-15T13:00:00.000Z',
      fence: 3,
    });
  });
});
