/**
 * Structured logs: one JSON object per line with an `event` code for machines and the
 * old runbook's Portuguese text as `msg` for the people who grep for it.
 * Secrets never reach here: callers log names and counts, never config values.
 * A message is cut to a few kB (`boundText`): it may quote Odoo, and it also travels to the
 * console's recent log and event stream. Whole texts go in a field of a debug record.
 */
import { boundText } from './bounded-text';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  time: string;
  level: LogLevel;
  event: string;
  msg: string;
  [field: string]: unknown;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(event: string, msg: string, fields?: Record<string, unknown>): void;
  info(event: string, msg: string, fields?: Record<string, unknown>): void;
  warn(event: string, msg: string, fields?: Record<string, unknown>): void;
  error(event: string, msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every record (e.g. `{ runId }`). */
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** Where records go; default: JSON lines on stderr (stdout is kept for `--json` results). */
  sink?: LogSink;
  /** Fields on every record, e.g. `{ mode: 'DEMO' }`. */
  base?: Record<string, unknown>;
  /** Records below this level are dropped; default `info` (`LOG_LEVEL` overrides). */
  level?: LogLevel;
  now?: () => Date;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** The values LOG_LEVEL takes (the configuration refuses any other). */
export const LOG_LEVELS = Object.keys(LEVEL_RANK) as LogLevel[];

export const stderrSink: LogSink = (record) => {
  process.stderr.write(`${JSON.stringify(record)}\n`);
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? stderrSink;
  const minimum = LEVEL_RANK[options.level ?? parseLevel(process.env.LOG_LEVEL)];
  const now = options.now ?? (() => new Date());

  const make = (base: Record<string, unknown>): Logger => {
    const emit = (level: LogLevel, event: string, msg: string, fields?: Record<string, unknown>) => {
      if (LEVEL_RANK[level] < minimum) return;
      sink({ time: now().toISOString(), level, event, msg: boundText(msg), ...fields, ...base });
    };
    return {
      debug: (event, msg, fields) => emit('debug', event, msg, fields),
      info: (event, msg, fields) => emit('info', event, msg, fields),
      warn: (event, msg, fields) => emit('warn', event, msg, fields),
      error: (event, msg, fields) => emit('error', event, msg, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

/** A logger that keeps records in memory: for tests and for the console's recent-log view. */
export function createMemoryLogger(options: Omit<LoggerOptions, 'sink'> = {}): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = createLogger({ ...options, level: options.level ?? 'debug', sink: (record) => records.push(record) });
  return Object.assign(logger, { records });
}

function parseLevel(value: string | undefined): LogLevel {
  return value === 'debug' || value === 'warn' || value === 'error' ? value : 'info';
}
