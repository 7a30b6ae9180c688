/**
 * What the engine tells a UI as it happens (runs, progress, pause, releases, log lines), and
 * the latest log lines for a console that opens later.
 */
import { EventEmitter } from 'node:events';
import type { EngineEvent, LogEntry } from '../../shared/engine-types';

const RECENT_LOG_LINES = 500;

export class EngineEvents {
  private readonly emitter = new EventEmitter();
  private readonly recent: LogEntry[] = [];

  on(listener: (event: EngineEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  emit(event: EngineEvent): void {
    this.emitter.emit('event', event);
  }

  /** A log line: kept among the latest, and sent to whoever listens. */
  log(entry: LogEntry): void {
    if (this.recent.push(entry) > RECENT_LOG_LINES) this.recent.shift();
    this.emit({ type: 'log', record: entry });
  }

  /** The latest log lines (up to 500), oldest first. */
  recentLog(): LogEntry[] {
    return [...this.recent];
  }

  clear(): void {
    this.emitter.removeAllListeners();
  }
}
