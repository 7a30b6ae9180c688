/** (f) Every forced release the operator made has its audit row (the engine writes it before releasing). */
import type { AuditRecord } from '../../../electron/engine/store/types';
import type { Violation } from './violation';

export interface ForcedRelease {
  at: Date;
  reason: string;
  released: boolean;
}

export function checkForcedReleasesAudited(releases: readonly ForcedRelease[], audit: readonly AuditRecord[]): Violation[] {
  const audited = new Set(audit.filter((row) => row.action.startsWith('lock.force_release')).map((row) => row.reason));
  return releases
    .filter((release) => !audited.has(release.reason))
    .map((release) => ({
      invariant: 'forced-release-audited' as const,
      at: release.at.toISOString(),
      message: `forced release "${release.reason}" (${release.released ? 'released' : 'not released'}) has no lock.force_release audit row`,
    }));
}
