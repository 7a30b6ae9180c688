import { describe, expect, it } from 'vitest';
import { MAX_LOG_LINES, appendLine, atLeastLevel, lineKey, mergeBacklog, type LogLine } from '../../../renderer/src/features/log/log-lines';

let seq = 0;
const line = (msg: string, overrides: Partial<LogLine> = {}): LogLine => ({
  seq: seq++,
  time: '2025-01-15T13:00:00.000Z',
  level: 'info',
  event: 'sync.started',
  msg,
  ...overrides,
});
const msgs = (lines: LogLine[]) => lines.map((each) => each.msg);

describe('log lines', () => {
  it('the same time, event and message is the same line (level and number aside)', () => {
    expect(lineKey(line('a'))).toBe(lineKey(line('a', { level: 'warn' })));
    expect(lineKey(line('a'))).not.toBe(lineKey(line('a', { time: '2025-01-15T13:00:00.001Z' })));
    expect(lineKey(line('a'))).not.toBe(lineKey(line('a', { event: 'sync.failed' })));
  });

  it('appends live lines and keeps the newest `max`', () => {
    let lines: LogLine[] = [];
    for (const msg of ['1', '2', '3', '4']) lines = appendLine(lines, line(msg), 3);
    expect(msgs(lines)).toEqual(['2', '3', '4']);
    expect(MAX_LOG_LINES).toBe(500);
    let many: LogLine[] = [];
    for (let n = 0; n < MAX_LOG_LINES + 20; n++) many = appendLine(many, line(String(n)));
    expect(many).toHaveLength(MAX_LOG_LINES);
    expect(many[0].msg).toBe('20');
    expect(many[MAX_LOG_LINES - 1].msg).toBe(String(MAX_LOG_LINES + 19));
  });

  it('the backlog goes before the live lines that came while it was fetched', () => {
    expect(msgs(mergeBacklog([line('old 1'), line('old 2')], [line('new 1'), line('new 2')]))).toEqual(['old 1', 'old 2', 'new 1', 'new 2']);
  });

  it('a live line the backlog already holds is shown once', () => {
    const backlog = [line('a'), line('b'), line('c')];
    const live = [line('c'), line('d')];
    expect(msgs(mergeBacklog(backlog, live))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('no loss: two identical lines, one in the backlog and one after it, are both kept', () => {
    const backlog = [line('retry'), line('x')];
    const live = [line('x'), line('retry'), line('retry')];
    expect(msgs(mergeBacklog(backlog, live))).toEqual(['retry', 'x', 'retry']);
  });

  it('an empty backlog keeps the live lines; no live lines keeps the backlog', () => {
    expect(msgs(mergeBacklog([], [line('live')]))).toEqual(['live']);
    expect(msgs(mergeBacklog([line('old')], []))).toEqual(['old']);
  });

  it('the merge keeps the newest `max` lines', () => {
    const backlog = ['1', '2', '3', '4'].map((msg) => line(msg));
    expect(msgs(mergeBacklog(backlog, [line('5'), line('6')], 3))).toEqual(['4', '5', '6']);
  });

  it('filters by minimum level', () => {
    const lines = [line('d', { level: 'debug' }), line('i', { level: 'info' }), line('w', { level: 'warn' }), line('e', { level: 'error' })];
    expect(msgs(atLeastLevel(lines, 'debug'))).toEqual(['d', 'i', 'w', 'e']);
    expect(msgs(atLeastLevel(lines, 'info'))).toEqual(['i', 'w', 'e']);
    expect(msgs(atLeastLevel(lines, 'warn'))).toEqual(['w', 'e']);
    expect(msgs(atLeastLevel(lines, 'error'))).toEqual(['e']);
  });
});
