/** The banner for gaps in coverage: Odoo changes made then may be missing until a gap is filled. */
import type { Interval } from '../../../../shared/coverage';
import { formatDuration } from '../../format';
import { totalGapMs } from './timeline-model';

export function GapsAlert({ gaps }: { gaps: Interval[] }) {
  if (gaps.length === 0) return null;
  return (
    <div className="alert alert-error" data-testid="banner-gaps">
      <b>{gaps.length === 1 ? '1 gap' : `${gaps.length} gaps`} in coverage</b> ({formatDuration(totalGapMs(gaps))}): changes made in Odoo then may be missing.
      Use <b>Fill gap</b> in the timeline.
    </div>
  );
}
