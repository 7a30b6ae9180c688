/** A run status as a coloured pill (succeeded, failed, skipped, aborted, running). */
export function StatusPill({ status }: { status: string }) {
  return <span className={`pill pill-${status}`}>{status}</span>;
}
