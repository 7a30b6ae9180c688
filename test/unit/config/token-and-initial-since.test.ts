/**
 * Issue 16.9: two settings that were accepted at start and then misbehaved. A CONSOLE_TOKEN
 * with surrounding spaces or characters a header cannot carry could never authenticate; a
 * SYNC_INITIAL_SINCE in the future made the first load read nothing and report success, and an
 * impossible date (2026-02-31) silently became another day. Both are refused at start, with
 * one clear message each that never shows the token.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/engine/config';
import { problemsOf } from '../../support/config-problems';

const base = { CARTEIRA_DATA_DIR: '/tmp/x' };
const NOW = new Date('2026-05-01T12:00:00Z');

describe('CONSOLE_TOKEN is validated at start', () => {
  it.each([
    ['leading spaces', '   a-console-token-0123456789'],
    ['trailing space', 'a-console-token-0123456789 '],
    ['a tab inside', 'a-console\ttoken-0123456789'],
    ['a space inside', 'a-console token-0123456789'],
    ['a non-Latin-1 character', 'a-console-token-0123456789-€'],
    ['an accented Latin-1 character (sent as UTF-8 by curl, as Latin-1 by browsers)', 'a-console-token-0123456789-ção'],
    ['a NUL', 'a-console-token-0123456789\u0000'],
  ])('refuses a token with %s, saying why without showing it', (_name, token) => {
    const problems = problemsOf({ ...base, CONSOLE_TOKEN: token });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^CONSOLE_TOKEN /);
    expect(problems[0]).toMatch(/visible ASCII/);
    expect(problems[0]).not.toContain(token.trim());
  });

  it('accepts a token of visible ASCII (what openssl rand -hex/-base64 prints)', () => {
    for (const token of ['0123456789abcdef0123456789abcdef', 'Zm9vYmFyYmF6cXV4Zm9vYmFy+/==', 'a-token_with.all~sorts!of#chars']) {
      expect(loadConfig({ ...base, CONSOLE_TOKEN: token }).consoleToken).toBe(token);
    }
  });

  it('still says the minimum length', () => {
    expect(problemsOf({ ...base, CONSOLE_TOKEN: 'short' })).toEqual([expect.stringMatching(/^CONSOLE_TOKEN must be at least 16 characters/)]);
  });
});

describe('SYNC_INITIAL_SINCE takes real calendar dates, not in the future', () => {
  const since = (value: string) => loadConfig({ ...base, SYNC_INITIAL_SINCE: value }, NOW).initialSince?.toISOString();
  const problems = (value: string) => {
    try {
      loadConfig({ ...base, SYNC_INITIAL_SINCE: value }, NOW);
      return [];
    } catch (error) {
      return (error as { problems: string[] }).problems;
    }
  };

  it.each([
    '2026-02-31',
    '2026-02-29',
    '2025-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-01T24:00:00Z',
    '2026-01-01T12:60:00Z',
    '2026-01-01T12:00:61Z',
  ])('refuses %s, a day or time the calendar does not have', (value) => {
    expect(problems(value)).toEqual([expect.stringMatching(new RegExp(`^SYNC_INITIAL_SINCE \\(${value}\\) .*not a real (date|time)`))]);
  });

  it.each(['2999-01-01', '2026-05-03', '2026-05-02T13:00:00Z'])('refuses %s, later than now: the first load would read nothing and report success', (value) => {
    expect(problems(value)).toEqual([expect.stringMatching(/^SYNC_INITIAL_SINCE \(.*\) is in the future/)]);
  });

  it('accepts real dates up to a day ahead (a date typed in a time zone ahead of UTC)', () => {
    expect(since('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(since('2026-01-31T23:59:59Z')).toBe('2026-01-31T23:59:59.000Z');
    expect(since('2026-05-01T09:00:00-03:00')).toBe('2026-05-01T12:00:00.000Z');
    expect(since('2026-05-02')).toBe('2026-05-02T00:00:00.000Z');
    expect(since('2026-04-30T12:00:00.250Z')).toBe('2026-04-30T12:00:00.250Z');
  });

  it('still refuses what is no date at all', () => {
    expect(problems('yesterday')).toEqual([expect.stringMatching(/^SYNC_INITIAL_SINCE \(yesterday\) must be an ISO date or time/)]);
    expect(problems('2026-1-5')).toEqual([expect.stringMatching(/must be an ISO date or time/)]);
  });
});
