import { describe, expect, it } from 'vitest';
import { nextScheduledWindow } from '../../../electron/engine/status/next-window';

const config = { windowMinutes: 40, intervalMinutes: 30, maxCatchUpHours: 24, initialSince: null };
const NEXT_RUN = new Date('2025-01-15T14:30:00.000Z');
const at = (iso: string) => new Date(iso);

describe("the status's next window is the planner's", () => {
  it('from Odoo’s clock at the last success less the overlap, however old the watermark (a quiet Odoo)', () => {
    const state = { watermark: at('2025-01-15T09:00:00Z'), odooSyncedTo: at('2025-01-15T14:02:00Z') };
    expect(nextScheduledWindow(state, [], NEXT_RUN, config)).toEqual({ from: '2025-01-15T13:52:00.000Z', to: '2025-01-15T14:30:00.000Z' });
  });

  it('before Odoo’s clock was recorded: min(next − window, watermark − overlap)', () => {
    expect(nextScheduledWindow({ watermark: at('2025-01-15T13:00:00Z'), odooSyncedTo: null }, [], NEXT_RUN, config)?.from).toBe('2025-01-15T12:50:00.000Z');
    expect(nextScheduledWindow({ watermark: at('2025-01-15T14:05:00Z'), odooSyncedTo: null }, [], NEXT_RUN, config)?.from).toBe('2025-01-15T13:50:00.000Z');
  });

  it('no further back than the catch-up bound', () => {
    const state = { watermark: at('2025-01-10T00:00:00Z'), odooSyncedTo: null };
    expect(nextScheduledWindow(state, [], NEXT_RUN, config)?.from).toBe('2025-01-14T14:30:00.000Z');
  });

  it('an empty store: the next run is a full load, no window', () => {
    expect(nextScheduledWindow({ watermark: null, odooSyncedTo: null }, [], NEXT_RUN, config)).toBeNull();
  });
});
