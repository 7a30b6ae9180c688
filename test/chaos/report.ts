/** The soak's report for people: figures first, then each violation with its seed and history. */
import type { SoakResult } from './soak';

export function formatReport(result: SoakResult): string {
  const lines: string[] = [];
  const verdict = result.violations.length === 0 ? 'OK: no invariant broken' : `FAILED: ${result.violations.length} violation(s)`;
  lines.push(`Chaos soak — seed ${result.seed}, ${result.days} simulated day(s), ${result.instances} instance(s): ${verdict}`);
  lines.push(`  simulated ${result.simulated.from} → ${result.simulated.to} in ${result.elapsedSeconds} s`);
  lines.push(
    `  runs: ${Object.entries(result.runs)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')}`,
  );
  lines.push(
    `  faults: ${result.faultsTotal} — ${Object.entries(result.faults)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')}`,
  );
  if (result.faultKindsMissing.length > 0) lines.push(`  fault kinds that never fired: ${result.faultKindsMissing.join(', ')}`);
  lines.push(
    `  Odoo changes: ${result.changes}; writes observed: ${result.writesObserved}; per-run freshness checks: ${result.freshnessChecks}; gaps reported: ${result.reportedGaps}`,
  );
  lines.push(
    `  rows lost: ${result.lost}; stale overwrites: ${result.staleOverwrites}; concurrent writers: ${result.concurrentWriters}; unreported gaps: ${result.unreportedGaps}`,
  );
  lines.push(
    `  reconciliations under the empty list: ${result.reconcilesUnderEmptyList}; engine sessions seen waiting on a PostgreSQL lock: ${result.lockWaitsSeen}`,
  );
  for (const [index, violation] of result.violations.entries()) {
    lines.push('');
    lines.push(`Violation ${index + 1} — ${violation.invariant} at ${violation.at} (seed ${violation.seed}): ${violation.message}`);
    for (const entry of violation.history ?? []) lines.push(`    ${entry}`);
  }
  return `${lines.join('\n')}\n`;
}
