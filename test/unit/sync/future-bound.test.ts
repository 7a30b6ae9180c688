/**
 * Issue 16.6: a time beyond Odoo's clock (this host's clock plus a minute) is not trusted: a
 * future write_date does not become the watermark, and a stored future Odoo clock does not start
 * the next run past rows not written yet.
 */
import { describe, expect, it } from 'vitest';
import { beyondOdooClock, trustedOdooBound, watermarkCandidate } from '../../../electron/engine/sync/odoo-clock-bound';
import { planScheduledWindow } from '../../../electron/engine/sync/window-planner';

const t = (iso: string) => new Date(iso);
const NOW = t('2026-05-01T12:00:00Z');

describe('the bound of Odoo’s clock', () => {
  it('is this host’s clock plus a minute', () => {
    expect(trustedOdooBound(NOW)).toEqual(t('2026-05-01T12:01:00Z'));
    expect(beyondOdooClock(t('2026-05-01T12:01:00Z'), NOW)).toBe(false);
    expect(beyondOdooClock(t('2026-05-01T12:01:00.001Z'), NOW)).toBe(true);
  });

  it('keeps a write_date Odoo can have written as the watermark, and caps one in the future', () => {
    expect(watermarkCandidate(null, NOW)).toEqual({ watermarkTo: null, future: false });
    expect(watermarkCandidate(t('2026-05-01T11:59:30Z'), NOW)).toEqual({ watermarkTo: t('2026-05-01T11:59:30Z'), future: false });
    expect(watermarkCandidate(t('2099-01-01T00:00:00Z'), NOW)).toEqual({ watermarkTo: t('2026-05-01T12:01:00Z'), future: true });
  });
});

describe('planScheduledWindow with a future store', () => {
  const base = { windowMinutes: 40, overlapMinutes: 10, maxCatchUpHours: 72, initialSince: null, covered: [] };

  it('starts from Odoo’s clock less the overlap, whatever the watermark says', () => {
    const plan = planScheduledWindow({ ...base, now: NOW, watermark: t('2099-01-01T00:00:00Z'), odooSyncedTo: t('2026-05-01T11:30:00Z') });
    expect(plan.from).toEqual(t('2026-05-01T11:20:00Z'));
  });

  it('does not trust an Odoo clock stored in the future: the window (or the watermark, if earlier) applies', () => {
    const future = planScheduledWindow({ ...base, now: NOW, watermark: t('2099-01-01T00:00:00Z'), odooSyncedTo: t('2099-01-01T00:00:00Z') });
    expect(future.from).toEqual(t('2026-05-01T11:20:00Z'));
    const older = planScheduledWindow({ ...base, now: NOW, watermark: t('2026-05-01T09:00:00Z'), odooSyncedTo: t('2099-01-01T00:00:00Z') });
    expect(older.from).toEqual(t('2026-05-01T08:50:00Z'));
  });
});
