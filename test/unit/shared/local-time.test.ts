/**
 * The one local-time formatter outside the console (issue 18.4): pt-BR dates, 24-hour clock, the
 * host's zone read at each call (TZ respected), the offset where a text stands alone or where the
 * two ends of a stretch differ (a change of daylight saving time).
 */
import { describe, expect, it } from 'vitest';
import { localDateTime, localDateTimeZoned, localRange, localZone, utcOffset } from '../../../shared/local-time';
import { inZone } from '../renderer/fixtures';

describe('local time for operators', () => {
  it('writes a UTC instant as São Paulo reads it', () => {
    inZone('America/Sao_Paulo', () => {
      expect(localDateTime('2026-12-06T10:00:00.000Z')).toBe('06/12/2026 07:00');
      expect(localDateTime('2026-12-06T10:00:05.000Z', { seconds: true })).toBe('06/12/2026 07:00:05');
      expect(localDateTimeZoned('2026-12-06T10:00:00.000Z')).toBe('06/12/2026 07:00 (UTC−03:00)');
      expect(utcOffset('2026-12-06T10:00:00.000Z')).toBe('UTC−03:00');
      expect(localZone('2026-12-06T10:00:00.000Z')).toBe('America/Sao_Paulo, UTC−03:00');
    });
  });

  it('a recovery typed as 07:00–08:00 local is said as such, not as its UTC instants', () => {
    inZone('America/Sao_Paulo', () => {
      expect(localRange('2026-12-06T10:00:00.000Z', '2026-12-06T11:00:00.000Z')).toBe('06/12/2026 07:00 → 08:00 (UTC−03:00)');
      expect(localRange('2026-12-07T02:00:00.000Z', '2026-12-07T04:00:00.000Z')).toBe('06/12/2026 23:00 → 07/12/2026 01:00 (UTC−03:00)');
      expect(localRange('2026-12-06T10:00:00.000Z', '2026-12-06T11:00:00.000Z', { zone: false, seconds: true })).toBe('06/12/2026 07:00:00 → 08:00:00');
    });
  });

  it('names each offset when a stretch crosses a change of daylight saving time (the hour that happens twice)', () => {
    inZone('America/New_York', () => {
      // 2026-11-01 01:30 happens twice in New York: EDT (UTC−04:00), then EST (UTC−05:00)
      expect(localRange('2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z')).toBe('01/11/2026 01:30 (UTC−04:00) → 01/11/2026 01:30 (UTC−05:00)');
    });
  });

  it('follows TZ as it is now, and says UTC plainly', () => {
    inZone('UTC', () => {
      expect(localDateTimeZoned('2026-12-06T10:00:00.000Z')).toBe('06/12/2026 10:00 (UTC)');
      expect(localZone()).toBe('UTC');
    });
    inZone('Asia/Kolkata', () => expect(localDateTimeZoned('2026-12-06T10:00:00.000Z')).toBe('06/12/2026 15:30 (UTC+05:30)'));
  });

  it('no time is a dash', () => {
    expect(localDateTime(null)).toBe('—');
    expect(localDateTime('not a time')).toBe('—');
  });
});
