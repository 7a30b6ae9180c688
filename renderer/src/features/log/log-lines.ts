/** The console's copy of the engine log: a backlog (getRecentLog) merged with live `log` events. Pure. */
import type { LogEntry } from '../../../../shared/engine-types';

/** As many lines as the engine keeps. */
export const MAX_LOG_LINES = 500;

/** A log entry with the console's own running number (the React key). */
export interface LogLine extends LogEntry {
  seq: number;
}

/** Same time, event and message: the same line, whether it came in the backlog or live. */
export const lineKey = (entry: LogEntry): string => `${entry.time}|${entry.event}|${entry.msg}`;

/** A live line at the end; past `max` the oldest go. */
export function appendLine(lines: LogLine[], line: LogLine, max = MAX_LOG_LINES): LogLine[] {
  return lines.length >= max ? [...lines.slice(lines.length - max + 1), line] : [...lines, line];
}

/**
 * The backlog first, then the live lines that arrived while it was fetched and that it does not
 * already hold: each backlog line cancels one identical live line, so a line is never shown
 * twice and two identical lines are both kept. The newest `max` remain.
 */
export function mergeBacklog(backlog: LogLine[], live: LogLine[], max = MAX_LOG_LINES): LogLine[] {
  const kept = backlog.slice(-max);
  const inBacklog = new Map<string, number>();
  for (const line of kept) inBacklog.set(lineKey(line), (inBacklog.get(lineKey(line)) ?? 0) + 1);
  const fresh = live.filter((line) => {
    const count = inBacklog.get(lineKey(line)) ?? 0;
    if (count === 0) return true;
    inBacklog.set(lineKey(line), count - 1);
    return false;
  });
  return [...kept, ...fresh].slice(-max);
}

/** Levels from the most to the least verbose; the panel shows a level and those after it. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];

/** The lines at `minLevel` or above; a level outside LOG_LEVELS is never shown (the engine logs only these four). */
export function atLeastLevel<Line extends { level: string }>(lines: Line[], minLevel: string): Line[] {
  return lines.filter((line) => LOG_LEVELS.indexOf(line.level) >= LOG_LEVELS.indexOf(minLevel));
}
