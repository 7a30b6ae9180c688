/**
 * "Last success" means the copy was up to date then: a sync that succeeded and read Odoo up to
 * when it started. An operator's recovery of an earlier stretch covers that stretch, but its
 * window ends before it started, so it says nothing about how fresh the copy is now: it is not
 * a last success, and it neither ends nor counts in a string of failures.
 */

/** How much earlier than its start a window may end and still reach it (a run is planned a moment before it is recorded). */
export const FRESH_SYNC_SLACK_MS = 60_000;

interface RunLike {
  status: string;
  trigger: string;
  startedAt: string | Date;
  windowTo: string | Date;
}

export function isFreshSync(run: RunLike): boolean {
  return (
    run.status === 'succeeded' && run.trigger !== 'reconcile' && new Date(run.windowTo).getTime() >= new Date(run.startedAt).getTime() - FRESH_SYNC_SLACK_MS
  );
}
