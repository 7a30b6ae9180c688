/** A run status as a coloured pill with its name in words (never colour alone). */
import type { RunStatus } from '../../../../shared/engine-types';
import { useI18n } from '../../i18n/i18n';

export function StatusPill({ status }: { status: RunStatus }) {
  const { m } = useI18n();
  return <span className={`pill pill-${status}`}>{m.status[status]}</span>;
}
