import { describe, expect, it } from 'vitest';
import {
  InvalidWindowError,
  mayAdvanceWatermark,
  planManualWindow,
  planRecoveryWindow,
  planScheduledWindow,
} from '../../../electron/engine/sync/window-planner';
import { inTimeZone } from '../renderer/fixtures';

inTimeZone('America/Sao_Paulo');

const t = (iso: string) => new Date(iso);
const captured = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected it to throw');
};
const base = { windowMinutes: 40, overlapMinutes: 10, maxCatchUpHours: 72, initialSince: null, odooSyncedTo: null };

describe('planScheduledWindow', () => {
  it('plans a full load on an empty store', () => {
    const plan = planScheduledWindow({ ...base, now: t('2026-05-01T12:00:00Z'), watermark: null, covered: [] });
    expect(plan).toEqual({ from: null, to: t('2026-05-01T12:00:00Z'), fullLoad: true, gap: null });
  });

  it('starts a first load at SYNC_INITIAL_SINCE when set', () => {
    const since = t('2026-04-01T00:00:00Z');
    const plan = planScheduledWindow({ ...base, initialSince: since, now: t('2026-05-01T12:00:00Z'), watermark: null, covered: [] });
    expect(plan.from).toEqual(since);
    expect(plan.fullLoad).toBe(true);
  });

  it('looks back the window when the watermark is recent', () => {
    const now = t('2026-05-01T12:00:00Z');
    const plan = planScheduledWindow({ ...base, now, watermark: t('2026-05-01T11:55:00Z'), covered: [] });
    expect(plan.from).toEqual(t('2026-05-01T11:20:00Z'));
    expect(plan.to).toEqual(now);
  });

  it('starts at watermark − overlap after a 3-hour downtime, so nothing is skipped', () => {
    const plan = planScheduledWindow({ ...base, now: t('2026-05-01T15:00:00Z'), watermark: t('2026-05-01T11:58:00Z'), covered: [] });
    expect(plan.from).toEqual(t('2026-05-01T11:48:00Z'));
    expect(plan.gap).toBeNull();
  });

  it('bounds the catch-up and reports the uncovered stretch as a gap', () => {
    const now = t('2026-05-10T00:00:00Z');
    const watermark = t('2026-05-01T00:00:00Z');
    const covered = [{ from: -Infinity, to: watermark.getTime() }];
    const plan = planScheduledWindow({ ...base, now, watermark, covered });
    expect(plan.from).toEqual(t('2026-05-07T00:00:00Z'));
    expect(plan.gap).toEqual({ from: t('2026-05-01T00:00:00Z'), to: t('2026-05-07T00:00:00Z') });
  });

  it('reports no gap when runs covered the stretch but Odoo was idle (stale watermark)', () => {
    const now = t('2026-05-10T00:00:00Z');
    const covered = [{ from: -Infinity, to: now.getTime() - 30 * 60_000 }];
    const plan = planScheduledWindow({ ...base, now, watermark: t('2026-05-01T00:00:00Z'), covered });
    expect(plan.from).toEqual(t('2026-05-07T00:00:00Z'));
    expect(plan.gap).toBeNull();
  });
});

describe('manual and recovery windows', () => {
  it('takes the last N minutes', () => {
    expect(planManualWindow(t('2026-05-01T12:00:00Z'), 90).from).toEqual(t('2026-05-01T10:30:00Z'));
  });

  it('rejects a window that is not a positive whole number of minutes', () => {
    for (const minutes of [0, -5, 1.5, Number.NaN]) {
      expect(() => planManualWindow(t('2026-05-01T12:00:00Z'), minutes)).toThrow(InvalidWindowError);
    }
    expect(() => planManualWindow(t('2026-05-01T12:00:00Z'), 0)).toThrow(/^a janela em minutos deve ser um número inteiro, de 1 para cima \(veio 0\)$/);
  });

  it('rejects an inverted or future recovery window and clips its end to now', () => {
    const now = t('2026-05-01T12:00:00Z');
    expect(() => planRecoveryWindow(t('2026-05-01T10:00:00Z'), t('2026-05-01T09:00:00Z'), now)).toThrow(/deve ser antes do fim/);
    expect(() => planRecoveryWindow(t('2026-05-02T10:00:00Z'), t('2026-05-03T09:00:00Z'), now)).toThrow(/está no futuro/);
    // its own class, worded without CLI flags (the HTTP console gets it too)
    const inverted = captured(() => planRecoveryWindow(t('2026-05-01T10:00:00Z'), t('2026-05-01T09:00:00Z'), now));
    expect(inverted).toBeInstanceOf(InvalidWindowError);
    expect(inverted).toMatchObject({
      fields: ['from', 'to'],
      message: 'o início do intervalo (01/05/2026 07:00 (UTC−03:00)) deve ser antes do fim (01/05/2026 06:00 (UTC−03:00))',
    });
    expect(captured(() => planRecoveryWindow(t('2026-05-02T10:00:00Z'), t('2026-05-03T09:00:00Z'), now))).toMatchObject({ fields: ['from'] });
    expect(captured(() => planRecoveryWindow(new Date('nope'), now, now))).toMatchObject({
      fields: ['from'],
      message: 'o início do intervalo não é uma data e hora válida',
    });
    expect(inverted.message).not.toMatch(/--/);
    expect(planRecoveryWindow(t('2026-05-01T10:00:00Z'), t('2026-05-01T13:00:00Z'), now).to).toEqual(now);
  });
});

describe("planScheduledWindow with Odoo's clock recorded (odooSyncedTo)", () => {
  it('starts where the last run began reading less the overlap, not at an old watermark (a quiet Odoo is not re-read)', () => {
    const now = t('2026-05-01T15:00:00Z');
    const plan = planScheduledWindow({
      ...base,
      now,
      watermark: t('2026-05-01T09:00:00Z'),
      odooSyncedTo: t('2026-05-01T14:30:00Z'),
      covered: [{ from: -Infinity, to: t('2026-05-01T14:30:00Z').getTime() }],
    });
    expect(plan).toEqual({ from: t('2026-05-01T14:20:00Z'), to: now, fullLoad: false, gap: null });
  });

  it('does not look back the whole window: right after a run only the overlap is read again', () => {
    const plan = planScheduledWindow({
      ...base,
      now: t('2026-05-01T12:01:00Z'),
      watermark: t('2026-05-01T11:59:00Z'),
      odooSyncedTo: t('2026-05-01T12:00:00Z'),
      covered: [],
    });
    expect(plan.from).toEqual(t('2026-05-01T11:50:00Z'));
  });

  it('catches up a downtime from where the last success began reading, bounded by the catch-up limit', () => {
    const now = t('2026-05-10T00:00:00Z');
    const syncedTo = t('2026-05-01T00:00:00Z');
    const plan = planScheduledWindow({
      ...base,
      now,
      watermark: t('2026-04-30T00:00:00Z'),
      odooSyncedTo: syncedTo,
      covered: [{ from: -Infinity, to: syncedTo.getTime() }],
    });
    expect(plan.from).toEqual(t('2026-05-07T00:00:00Z'));
    expect(plan.gap).toEqual({ from: t('2026-05-01T00:00:00Z'), to: t('2026-05-07T00:00:00Z') });
  });

  it('a recorded Odoo clock alone (no watermark: an empty Odoo) is not a first load', () => {
    const plan = planScheduledWindow({ ...base, now: t('2026-05-01T12:30:00Z'), watermark: null, odooSyncedTo: t('2026-05-01T12:00:00Z'), covered: [] });
    expect(plan.fullLoad).toBe(false);
    expect(plan.from).toEqual(t('2026-05-01T11:50:00Z'));
  });

  it('a window reaching back to odooSyncedTo connects, even far past an old watermark', () => {
    const plan = { from: t('2026-05-01T14:20:00Z'), to: t('2026-05-01T15:00:00Z'), fullLoad: false, gap: null };
    expect(mayAdvanceWatermark(plan, t('2026-05-01T09:00:00Z'), [], t('2026-05-01T14:30:00Z'))).toBe(true);
    expect(mayAdvanceWatermark(plan, t('2026-05-01T09:00:00Z'), [], t('2026-05-01T14:10:00Z'))).toBe(false);
  });

  it("after a catch-up clipped at the bound, the recovery of the gap connects again (a quiet Odoo's old watermark does not matter)", () => {
    const syncedTo = t('2026-05-01T00:00:00Z');
    const clipped = { from: t('2026-05-07T00:00:00Z'), to: t('2026-05-08T00:00:00Z'), fullLoad: false, gap: null };
    const oldWatermark = t('2026-04-20T00:00:00Z');
    expect(mayAdvanceWatermark(clipped, oldWatermark, [], syncedTo)).toBe(false);
    const recovered = [{ from: t('2026-04-30T23:50:00Z').getTime(), to: t('2026-05-07T00:00:00Z').getTime() }];
    expect(mayAdvanceWatermark(clipped, oldWatermark, recovered, syncedTo)).toBe(true);
  });
});

describe('mayAdvanceWatermark', () => {
  const watermark = t('2026-05-01T12:00:00Z');
  it('advances when the window reaches back to the watermark', () => {
    expect(mayAdvanceWatermark({ from: t('2026-05-01T11:50:00Z'), to: t('2026-05-01T12:30:00Z'), fullLoad: false, gap: null }, watermark)).toBe(true);
  });
  it('does not jump over an unsynced stretch', () => {
    expect(mayAdvanceWatermark({ from: t('2026-05-01T12:10:00Z'), to: t('2026-05-01T12:30:00Z'), fullLoad: false, gap: null }, watermark)).toBe(false);
    expect(mayAdvanceWatermark({ from: t('2026-05-01T12:10:00Z'), to: t('2026-05-01T12:30:00Z'), fullLoad: false, gap: null }, null)).toBe(false);
  });
  it('advances when earlier runs covered the stretch between the watermark and the window (idle Odoo, clipped window)', () => {
    const plan = { from: t('2026-05-07T00:00:00Z'), to: t('2026-05-10T00:00:00Z'), fullLoad: false, gap: null };
    const earlier = [{ from: t('2026-04-30T23:50:00Z').getTime(), to: t('2026-05-09T23:30:00Z').getTime() }];
    expect(mayAdvanceWatermark(plan, t('2026-05-01T00:00:00Z'), earlier)).toBe(true);
    const withHole = [{ from: t('2026-04-30T23:50:00Z').getTime(), to: t('2026-05-03T00:00:00Z').getTime() }];
    expect(mayAdvanceWatermark(plan, t('2026-05-01T00:00:00Z'), withHole)).toBe(false);
  });

  it('always advances after a full load', () => {
    expect(mayAdvanceWatermark({ from: null, to: t('2026-05-01T12:30:00Z'), fullLoad: true, gap: null }, null)).toBe(true);
  });
});
