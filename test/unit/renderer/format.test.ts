/**
 * The console's formatting, in a fixed time zone: America/Sao_Paulo (UTC−03:00 all year, no
 * daylight saving since 2019), so the local times below are what an operator in Brazil reads.
 */
import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatCount,
  formatDuration,
  formatFull,
  formatRelative,
  formatTime,
  formatTimeShort,
  parseTime,
  utcOffsetLabel,
} from '../../../renderer/src/format';
import { inTimeZone, inZone } from './fixtures';

inTimeZone('America/Sao_Paulo');

/** 17:00 local (20:00 UTC) on 2025-01-15 */
const NOW = Date.parse('2025-01-15T20:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('parseTime', () => {
  it('takes ISO strings and epoch ms, and gives null for nothing or garbage', () => {
    expect(parseTime('2025-01-15T20:00:00Z')).toBe(NOW);
    expect(parseTime(NOW)).toBe(NOW);
    expect(parseTime(0)).toBe(0);
    expect(parseTime(null)).toBeNull();
    expect(parseTime(undefined)).toBeNull();
    expect(parseTime('not a time')).toBeNull();
    expect(parseTime(Number.NaN)).toBeNull();
  });
});

describe('formatTime', () => {
  it('today: HH:MM:SS in local time, 24-hour', () => {
    expect(formatTime('2025-01-15T13:00:05Z', NOW)).toBe('10:00:05');
    expect(formatTime('2025-01-15T20:00:00Z', NOW)).toBe('17:00:00');
  });

  it('the day is the local one: 01:30 UTC on the 16th is still the 15th in São Paulo', () => {
    expect(formatTime('2025-01-16T01:30:00Z', NOW)).toBe('22:30:00');
    expect(formatTime('2025-01-15T02:59:00Z', NOW)).toBe('14/01 23:59');
  });

  it('another day of this year: DD/MM HH:MM in pt-BR (the default), MM/DD in English; another year with the year', () => {
    expect(formatTime('2025-03-02T12:07:00Z', NOW)).toBe('02/03 09:07');
    expect(formatTime('2025-03-02T12:07:00Z', NOW, 'en')).toBe('03/02 09:07');
    expect(formatTime('2024-12-31T23:00:00Z', NOW)).toBe('31/12/2024 20:00');
    expect(formatTime('2024-12-31T23:00:00Z', NOW, 'en')).toBe('12/31/2024 20:00');
  });

  it('nothing: a dash', () => {
    expect(formatTime(null, NOW)).toBe('—');
    expect(formatTime('garbage', NOW)).toBe('—');
  });
});

describe('formatTimeShort', () => {
  it('today HH:MM, this year DD/MM HH:MM, else the date alone', () => {
    expect(formatTimeShort('2025-01-15T13:00:05Z', NOW)).toBe('10:00');
    expect(formatTimeShort('2025-03-02T12:07:00Z', NOW)).toBe('02/03 09:07');
    expect(formatTimeShort('2025-03-02T12:07:00Z', NOW, 'en')).toBe('03/02 09:07');
    expect(formatTimeShort('2024-12-31T23:00:00Z', NOW)).toBe('31/12/2024');
    expect(formatTimeShort(undefined, NOW)).toBe('—');
  });
});

describe('formatFull and formatClock', () => {
  it('full local date and time for tooltips', () => {
    expect(formatFull('2025-01-15T13:00:05Z')).toBe('15/01/2025 10:00:05');
    expect(formatFull('2025-01-15T13:00:05Z', 'en')).toBe('01/15/2025 10:00:05');
    expect(formatFull(null)).toBe('—');
  });

  it('a log clock with milliseconds', () => {
    expect(formatClock(Date.parse('2025-01-15T13:00:05.007Z'))).toBe('10:00:05.007');
    expect(formatClock(Date.parse('2025-01-15T03:04:05.123Z'))).toBe('00:04:05.123');
  });
});

describe('formatDuration', () => {
  it('milliseconds, seconds, minutes (with seconds under ten minutes), hours, days', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42 * SECOND)).toBe('42 s');
    expect(formatDuration(59.4 * SECOND)).toBe('59 s');
    expect(formatDuration(59.6 * SECOND)).toBe('1 min');
    expect(formatDuration(90 * SECOND)).toBe('1 min 30 s');
    expect(formatDuration(9 * MINUTE + 5 * SECOND)).toBe('9 min 05 s');
    expect(formatDuration(12 * MINUTE + 30 * SECOND)).toBe('12 min');
    expect(formatDuration(3 * HOUR + 5 * MINUTE)).toBe('3 h 05 min');
    expect(formatDuration(47 * HOUR + 59 * MINUTE)).toBe('47 h 59 min');
    expect(formatDuration(52 * HOUR)).toBe('2 d 4 h');
  });

  it('issue 18.6: days are grouped as the language groups numbers (2020 → today was "2531 d 8 h")', () => {
    const long = (2531 * 24 + 8) * HOUR;
    expect(formatDuration(long)).toBe('2.531 d 8 h');
    expect(formatDuration(long, 'pt-BR')).toBe('2.531 d 8 h');
    expect(formatDuration(long, 'en')).toBe('2,531 d 8 h');
  });

  it('a negative duration reads as its size; nothing or infinite is a dash', () => {
    expect(formatDuration(-42 * SECOND)).toBe('42 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatRelative', () => {
  it("now within a second and a half, else ago or in, in the locale's words", () => {
    expect(formatRelative(NOW - 1400, NOW)).toBe('agora');
    expect(formatRelative(NOW + 1400, NOW, 'en')).toBe('now');
    expect(formatRelative(NOW - 3 * MINUTE, NOW)).toBe('há 3 min');
    expect(formatRelative(NOW - 3 * MINUTE, NOW, 'en')).toBe('3 min ago');
    expect(formatRelative(new Date(NOW + 12 * MINUTE).toISOString(), NOW)).toBe('em 12 min');
    expect(formatRelative(new Date(NOW + 12 * MINUTE).toISOString(), NOW, 'en')).toBe('in 12 min');
    expect(formatRelative(NOW - 26 * HOUR, NOW, 'en')).toBe('26 h 00 min ago');
    expect(formatRelative(null, NOW)).toBe('—');
  });
});

describe('formatCount', () => {
  it('groups thousands as the locale does: dots in pt-BR (2.892), commas in English', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(406)).toBe('406');
    expect(formatCount(2892)).toBe('2.892');
    expect(formatCount(247943)).toBe('247.943');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatCount(-1500, 'en')).toBe('-1,500');
  });
});

describe('utcOffsetLabel', () => {
  it('the local offset with a true minus sign', () => {
    expect(utcOffsetLabel(NOW)).toBe('UTC−03:00');
    inZone('Asia/Kolkata', () => expect(utcOffsetLabel(NOW)).toBe('UTC+05:30'));
    inZone('UTC', () => expect(utcOffsetLabel(NOW)).toBe('UTC+00:00'));
  });

  it('follows daylight saving: Berlin is +01:00 in January and +02:00 in July', () => {
    inZone('Europe/Berlin', () => {
      expect(utcOffsetLabel(Date.parse('2025-01-15T12:00:00Z'))).toBe('UTC+01:00');
      expect(utcOffsetLabel(Date.parse('2025-07-15T12:00:00Z'))).toBe('UTC+02:00');
    });
  });
});
