/**
 * The engine status stream: fetched on mount, soon after engine events (a burst → one fetch),
 * and every POLL_MS. Each request takes a sequence number; an answer older than the newest
 * applied one, or arriving after unmount, is dropped (SequenceGuard).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { consoleApi } from '../api';
import { engineErrorOf } from '../api/engine-error';
import { initialEngineStatus, progressReceived, statusFailed, statusReceived, type EngineStatusState } from './engine-status-state';
import { SequenceGuard } from './sequence-guard';

export const POLL_MS = 4000;
/** Several events in a burst → one status fetch. */
const EVENT_DEBOUNCE_MS = 120;

export interface EngineStatusStream extends EngineStatusState {
  /** fetch the status now (after an action); a no-op once unmounted */
  refresh: () => void;
}

export function useEngineStatus(): EngineStatusStream {
  const [state, setState] = useState<EngineStatusState>(initialEngineStatus);
  const guard = useRef<SequenceGuard | null>(null);
  /** the newest request issued when the last `run-progress` event came in */
  const progressAfter = useRef(0);

  const refresh = useCallback(() => {
    const requests = guard.current;
    if (!requests) return;
    const seq = requests.next();
    consoleApi.getStatus().then(
      (next) => {
        if (!requests.accept(seq)) return;
        const progressIsNewer = seq <= progressAfter.current;
        const at = Date.now();
        setState((previous) => statusReceived(previous, next, at, progressIsNewer));
      },
      (error: unknown) => {
        if (!requests.accept(seq)) return;
        const { message, cause } = engineErrorOf(error);
        setState((previous) => statusFailed(previous, message, cause));
      },
    );
  }, []);

  useEffect(() => {
    const requests = new SequenceGuard();
    guard.current = requests;
    progressAfter.current = 0;
    let soon: ReturnType<typeof setTimeout> | null = null;
    refresh();
    const unsubscribe = consoleApi.onEvent((event) => {
      if (event.type === 'log') return;
      if (event.type === 'run-progress') {
        progressAfter.current = requests.newestIssued;
        setState((previous) => progressReceived(previous, event.progress));
      } else if (!soon) {
        soon = setTimeout(() => {
          soon = null;
          refresh();
        }, EVENT_DEBOUNCE_MS);
      }
    });
    const poll = setInterval(refresh, POLL_MS);
    return () => {
      requests.close();
      if (guard.current === requests) guard.current = null;
      unsubscribe();
      clearInterval(poll);
      if (soon) clearTimeout(soon);
    };
  }, [refresh]);

  return { ...state, refresh };
}
