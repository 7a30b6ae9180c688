/** The banner for gaps in coverage: Odoo changes made then may be missing until a gap is filled. */
import type { Interval } from '../../../../shared/coverage';
import { useI18n } from '../../i18n/i18n';
import { totalGapMs } from './timeline-model';

export function GapsAlert({ gaps }: { gaps: Interval[] }) {
  const { m, f } = useI18n();
  if (gaps.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="banner-gaps">
      <b>{m.alerts.gapsTitle(gaps.length)}</b> ({f.duration(totalGapMs(gaps))}): {m.alerts.gapsBody} <b>{m.alerts.gapsFill}</b> {m.alerts.gapsWhere}
    </div>
  );
}
