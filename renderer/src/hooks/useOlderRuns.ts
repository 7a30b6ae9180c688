/**
 * The timeline's history beyond the runs the status carries (the newest 50): pages of older runs
 * from the store (`getRuns`, keyset by the oldest run shown), kept until the page reloads.
 */
import { useCallback, useState } from 'react';
import type { RunSummary } from '../../../shared/engine-types';
import { consoleApi } from '../api';

const PAGE = 100;

export interface OlderRuns {
  older: RunSummary[];
  /** a page was asked for and answered (until then nobody knows whether older runs exist) */
  loaded: boolean;
  /** no older run is left in the store */
  exhausted: boolean;
  loading: boolean;
  loadMore: () => void;
}

/** The recent runs and the older pages as one list, newest first, each run once. */
export function mergeRuns(recent: RunSummary[], older: RunSummary[]): RunSummary[] {
  const seen = new Set(recent.map((run) => run.id));
  return [...recent, ...older.filter((run) => !seen.has(run.id))];
}

export function useOlderRuns(recent: RunSummary[]): OlderRuns {
  const [older, setOlder] = useState<RunSummary[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [exhausted, setExhausted] = useState(false);
  const [loading, setLoading] = useState(false);
  const oldest = older.at(-1) ?? recent.at(-1) ?? null;

  const loadMore = useCallback(() => {
    if (!oldest || oldest.id === null) {
      // no run at all: nothing older either
      setLoaded(true);
      setExhausted(true);
      return;
    }
    setLoading(true);
    consoleApi.getRuns({ before: { startedAt: oldest.startedAt, id: oldest.id }, limit: PAGE }).then(
      (page) => {
        setOlder((previous) => [...previous, ...page]);
        setLoaded(true);
        setExhausted(page.length < PAGE);
        setLoading(false);
      },
      () => setLoading(false),
    );
  }, [oldest]);

  return { older, loaded, exhausted, loading, loadMore };
}
