import { describe, expect, it } from 'vitest';
import { initialEngineStatus, progressReceived, statusFailed, statusReceived } from '../../../renderer/src/hooks/engine-status-state';
import { progress, status } from './fixtures';

describe('engine status state', () => {
  it('a status answer is shown with the time it came and the engine clock skew, and clears a failure', () => {
    const failed = statusFailed(initialEngineStatus, 'HTTP 502');
    const at = Date.parse('2025-01-15T13:59:58.000Z');
    const next = statusReceived(failed, status(), at);
    expect(next.status?.now).toBe('2025-01-15T14:00:00.000Z');
    expect(next.receivedAt).toBe(at);
    expect(next.skew).toBe(2000);
    expect(next.fetchError).toBeNull();
  });

  it('a failure keeps what is shown and says why', () => {
    const shown = statusReceived(initialEngineStatus, status(), 1000);
    const next = statusFailed(shown, 'connection refused');
    expect(next.status).toBe(shown.status);
    expect(next.receivedAt).toBe(1000);
    expect(next.fetchError).toBe('connection refused');
  });

  it('event progress stays while the status says a run is going, and goes when it says none is', () => {
    const live = progress();
    const withProgress = progressReceived(initialEngineStatus, live);
    expect(statusReceived(withProgress, status({ running: progress({ ordersDone: 5 }) }), 1).progress).toBe(live);
    expect(statusReceived(withProgress, status({ running: null }), 1).progress).toBeNull();
  });

  it('a status asked for before the progress arrived does not clear it', () => {
    const live = progress();
    const withProgress = progressReceived(initialEngineStatus, live);
    expect(statusReceived(withProgress, status({ running: null }), 1, true).progress).toBe(live);
  });
});
