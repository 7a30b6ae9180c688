import { describe, expect, it } from 'vitest';
import { RECOVERY_PRESET_MINUTES, recoveryRequest, toLocalInput } from '../../../renderer/src/features/recovery/recovery-model';
import { inTimeZone } from './fixtures';

inTimeZone('America/Sao_Paulo');

const NOW = Date.parse('2025-01-15T20:00:00Z');

describe('recovery form', () => {
  it('a window of N minutes (120 by default) back from now', () => {
    expect(RECOVERY_PRESET_MINUTES).toBe(120);
    expect(recoveryRequest({ mode: 'window', minutes: '120' }, NOW)).toEqual({
      request: { kind: 'window', minutes: 120 },
      window: { from: NOW - 120 * 60_000, to: NOW },
    });
    expect(recoveryRequest({ mode: 'window', minutes: '0' }, NOW)).toEqual({ error: 'minutes' });
    expect(recoveryRequest({ mode: 'window', minutes: '1.5' }, NOW)).toEqual({ error: 'minutes' });
    expect(recoveryRequest({ mode: 'window', minutes: '' }, NOW)).toEqual({ error: 'minutes' });
  });

  it('a from–to range in local time, sent as ISO; the start must come first', () => {
    expect(toLocalInput(NOW)).toBe('2025-01-15T17:00');
    expect(recoveryRequest({ mode: 'range', from: '2025-01-15T14:00', to: '2025-01-15T16:30' }, NOW)).toEqual({
      request: { kind: 'range', from: '2025-01-15T17:00:00.000Z', to: '2025-01-15T19:30:00.000Z' },
      window: { from: Date.parse('2025-01-15T17:00:00Z'), to: Date.parse('2025-01-15T19:30:00Z') },
    });
    expect(recoveryRequest({ mode: 'range', from: '2025-01-15T16:30', to: '2025-01-15T14:00' }, NOW)).toEqual({ error: 'range' });
    expect(recoveryRequest({ mode: 'range', from: '', to: '2025-01-15T14:00' }, NOW)).toEqual({ error: 'range' });
  });
});
