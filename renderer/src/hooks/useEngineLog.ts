/**
 * The engine log as the console shows it: the recent backlog (getRecentLog) and the live `log`
 * events, merged without duplicates, the newest MAX_LOG_LINES kept.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogEntry } from '../../../shared/engine-types';
import { consoleApi } from '../api';
import { MAX_LOG_LINES, appendLine, mergeBacklog, type LogLine } from '../features/log/log-lines';

export interface EngineLog {
  lines: LogLine[];
  clear: () => void;
}

export function useEngineLog(): EngineLog {
  const [lines, setLines] = useState<LogLine[]>([]);
  const seq = useRef(0);

  useEffect(() => {
    let mounted = true;
    const numbered = (entry: LogEntry): LogLine => ({ seq: seq.current++, ...entry });
    // Listen before asking for the backlog: live lines that arrive meanwhile are kept, and the backlog goes before them.
    const unsubscribe = consoleApi.onEvent((event) => {
      if (event.type === 'log') setLines((previous) => appendLine(previous, numbered(event.record)));
    });
    consoleApi.getRecentLog().then(
      (backlog) => {
        if (!mounted) return;
        const older = backlog.slice(-MAX_LOG_LINES).map(numbered);
        setLines((live) => mergeBacklog(older, live));
      },
      () => undefined,
    );
    return () => {
      mounted = false;
      unsubscribe();
    };
  }, []);

  const clear = useCallback(() => setLines([]), []);
  return { lines, clear };
}
