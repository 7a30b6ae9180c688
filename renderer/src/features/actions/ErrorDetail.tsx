/** The technical detail behind an operator's message: the engine's own words, behind a disclosure. */
import { useI18n } from '../../i18n/i18n';

export function ErrorDetail({ detail }: { detail: string }) {
  const { m } = useI18n();
  return (
    <details className="error-detail" data-testid="error-detail">
      <summary>
        <span className="summary-text">{m.details}</span>
      </summary>
      <code>{detail}</code>
    </details>
  );
}
