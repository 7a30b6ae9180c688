import { describe, expect, it } from 'vitest';
import { dateOrder, formatDateEntry, parseDateEntry } from '../../../renderer/src/features/recovery/date-entry';
import { RECOVERY_PRESET_MINUTES, recoveryRequest } from '../../../renderer/src/features/recovery/recovery-model';
import { messages } from '../../../shared/messages';
import { formatDuration } from '../../../renderer/src/format';
import { inTimeZone } from './fixtures';

inTimeZone('America/Sao_Paulo');

const NOW = Date.parse('2025-01-15T20:00:00Z'); // 17:00 in São Paulo (UTC−3)
const local = (iso: string) => Date.parse(`${iso}-03:00`);

describe('recovery form', () => {
  it('a window of N minutes (120 by default) back from now', () => {
    expect(RECOVERY_PRESET_MINUTES).toBe(120);
    expect(recoveryRequest({ mode: 'window', minutes: '120' }, NOW, 'pt-BR')).toEqual({
      request: { kind: 'window', minutes: 120 },
      window: { from: NOW - 120 * 60_000, to: NOW },
      clipped: false,
      long: false,
    });
    expect(recoveryRequest({ mode: 'window', minutes: '0' }, NOW, 'pt-BR')).toEqual({ error: 'minutes' });
    expect(recoveryRequest({ mode: 'window', minutes: '1.5' }, NOW, 'pt-BR')).toEqual({ error: 'minutes' });
    expect(recoveryRequest({ mode: 'window', minutes: '' }, NOW, 'en')).toEqual({ error: 'minutes' });
  });

  it('a from–to range typed as the language writes it, in local time, sent as ISO; the start must come first', () => {
    expect(recoveryRequest({ mode: 'range', from: '15/01/2025 14:00', to: '15/01/2025 16:30' }, NOW, 'pt-BR')).toEqual({
      request: { kind: 'range', from: '2025-01-15T17:00:00.000Z', to: '2025-01-15T19:30:00.000Z' },
      window: { from: Date.parse('2025-01-15T17:00:00Z'), to: Date.parse('2025-01-15T19:30:00Z') },
      clipped: false,
      long: false,
    });
    expect(recoveryRequest({ mode: 'range', from: '01/15/2025 14:00', to: '01/15/2025 16:30' }, NOW, 'en')).toMatchObject({
      request: { kind: 'range', from: '2025-01-15T17:00:00.000Z', to: '2025-01-15T19:30:00.000Z' },
    });
    expect(recoveryRequest({ mode: 'range', from: '15/01/2025 16:30', to: '15/01/2025 14:00' }, NOW, 'pt-BR')).toEqual({ error: 'range' });
    expect(recoveryRequest({ mode: 'range', from: '', to: '15/01/2025 14:00' }, NOW, 'pt-BR')).toEqual({ error: 'from', problem: 'empty' });
    expect(recoveryRequest({ mode: 'range', from: '15/01/2025 14:00', to: '2025-01-15T16:30' }, NOW, 'pt-BR')).toEqual({ error: 'to', problem: 'format' });
    // the English order read as pt-BR: month 15 does not exist
    expect(recoveryRequest({ mode: 'range', from: '01/15/2025 14:00', to: '15/01/2025 16:30' }, NOW, 'pt-BR')).toEqual({ error: 'from', problem: 'date' });
  });
});

describe('date entry in the console language', () => {
  it('takes the day/month order from Intl, as the console shows dates', () => {
    expect(dateOrder('pt-BR')).toBe('day-month');
    expect(dateOrder('en')).toBe('month-day');
    // the pattern each language shows as placeholder says the same order
    expect(messages['pt-BR'].recovery.datePattern).toBe('dd/mm/aaaa hh:mm');
    expect(messages.en.recovery.datePattern).toBe('mm/dd/yyyy hh:mm');
  });

  it('pt-BR: dd/mm/aaaa hh:mm, written and read back', () => {
    expect(formatDateEntry(local('2026-11-29T14:30'), 'pt-BR')).toBe('29/11/2026 14:30');
    expect(formatDateEntry(local('2026-03-05T08:05'), 'pt-BR')).toBe('05/03/2026 08:05');
    expect(parseDateEntry('29/11/2026 14:30', 'pt-BR')).toEqual({ ms: local('2026-11-29T14:30') });
    expect(parseDateEntry('  5/3/2026 8:05 ', 'pt-BR')).toEqual({ ms: local('2026-03-05T08:05') });
    expect(parseDateEntry('05-03-2026 08:05', 'pt-BR')).toEqual({ ms: local('2026-03-05T08:05') });
    expect(parseDateEntry('05/03/2026', 'pt-BR')).toEqual({ ms: local('2026-03-05T00:00') });
    expect(parseDateEntry('05/03/2026, 23:59', 'pt-BR')).toEqual({ ms: local('2026-03-05T23:59') });
  });

  it('en: mm/dd/yyyy hh:mm, written and read back', () => {
    expect(formatDateEntry(local('2026-11-29T14:30'), 'en')).toBe('11/29/2026 14:30');
    expect(parseDateEntry('11/29/2026 14:30', 'en')).toEqual({ ms: local('2026-11-29T14:30') });
    expect(parseDateEntry('3/5/2026 08:05', 'en')).toEqual({ ms: local('2026-03-05T08:05') });
    // the same text means another day in the other language
    expect(parseDateEntry('05/03/2026 08:05', 'en')).toEqual({ ms: local('2026-05-03T08:05') });
  });

  it('says what is wrong: nothing typed, not a date shape, or no such date or time', () => {
    for (const locale of ['pt-BR', 'en'] as const) {
      expect(parseDateEntry('', locale)).toEqual({ error: 'empty' });
      expect(parseDateEntry('   ', locale)).toEqual({ error: 'empty' });
      for (const text of ['ontem', '2026-11-29T14:30', '29/11/26 14:30', '29/11/2026 14h30', '29/11/2026 14:30:00', '29/11/2026 14:3', '29/11/2026 x'])
        expect(parseDateEntry(text, locale), text).toEqual({ error: 'format' });
      const month13 = locale === 'en' ? '13/01/2026 10:00' : '01/13/2026 10:00';
      for (const text of ['00/01/2026 10:00', '01/00/2026 10:00', month13]) expect(parseDateEntry(text, locale), text).toEqual({ error: 'date' });
      expect(parseDateEntry('01/01/2026 24:00', locale)).toEqual({ error: 'date' });
      expect(parseDateEntry('01/01/2026 10:60', locale)).toEqual({ error: 'date' });
    }
    expect(parseDateEntry('31/02/2026 10:00', 'pt-BR')).toEqual({ error: 'date' });
    expect(parseDateEntry('02/31/2026 10:00', 'en')).toEqual({ error: 'date' });
    expect(parseDateEntry('29/02/2028 10:00', 'pt-BR')).toEqual({ ms: local('2028-02-29T10:00') });
    expect(parseDateEntry('29/02/2027 10:00', 'pt-BR')).toEqual({ error: 'date' });
  });
});

describe('issue 18.6: the recovery form says what is wrong before it is confirmed', () => {
  it('a start in the future is refused (the engine would refuse it after confirming)', () => {
    expect(recoveryRequest({ mode: 'range', from: '15/01/2025 17:30', to: '15/01/2025 18:00' }, NOW, 'pt-BR')).toEqual({ error: 'future' });
  });

  it('an end in the future is read up to now, and says so', () => {
    expect(recoveryRequest({ mode: 'range', from: '15/01/2025 16:00', to: '15/01/2025 18:00' }, NOW, 'pt-BR')).toEqual({
      request: { kind: 'range', from: '2025-01-15T19:00:00.000Z', to: '2025-01-15T21:00:00.000Z' },
      window: { from: Date.parse('2025-01-15T19:00:00Z'), to: NOW },
      clipped: true,
      long: false,
    });
  });

  it('a range or a window longer than the bound is flagged long (the form then asks to confirm it)', () => {
    const fiveYears = recoveryRequest({ mode: 'range', from: '01/01/2020 00:00', to: '15/01/2025 17:00' }, NOW, 'pt-BR', { longAfterMs: 72 * 3_600_000 });
    expect(fiveYears).toMatchObject({ long: true, clipped: false });
    expect(recoveryRequest({ mode: 'window', minutes: String(73 * 60) }, NOW, 'pt-BR', { longAfterMs: 72 * 3_600_000 })).toMatchObject({ long: true });
    expect(recoveryRequest({ mode: 'window', minutes: '120' }, NOW, 'pt-BR', { longAfterMs: 72 * 3_600_000 })).toMatchObject({ long: false });
  });

  it('the warning words the length with grouped numbers, in each language', () => {
    const length = (2531 * 24 + 8) * 3_600_000;
    expect(messages['pt-BR'].recovery.longWarning(formatDuration(length, 'pt-BR'), formatDuration(72 * 3_600_000, 'pt-BR'))).toContain('2.531 d 8 h');
    expect(messages.en.recovery.longWarning(formatDuration(length, 'en'), formatDuration(72 * 3_600_000, 'en'))).toContain('2,531 d 8 h');
  });
});
