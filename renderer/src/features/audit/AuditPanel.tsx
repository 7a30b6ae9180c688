/** The audit log: forced lock releases (and refused ones, naming the holder removed or found), pauses and resumes — who, when, why (the `sync_audit` table). */
import type { AuditEntrySummary } from '../../../../shared/engine-types';
import { useI18n } from '../../i18n/i18n';
import { auditHolderText } from './audit-model';

export function AuditPanel({ entries, now }: { entries: AuditEntrySummary[]; now: number }) {
  const words = useI18n();
  const { m, f } = words;
  return (
    <section className="panel audit" data-testid="audit" aria-labelledby="audit-title">
      <div className="panel-head">
        <div>
          <h2 id="audit-title">{m.audit.title}</h2>
          <p className="muted">{m.audit.subtitle}</p>
        </div>
      </div>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{m.audit.when}</th>
              <th scope="col">{m.audit.action}</th>
              <th scope="col">{m.audit.actor}</th>
              <th scope="col">{m.audit.reason}</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty" data-testid="audit-none">
                  {m.audit.none}
                </td>
              </tr>
            ) : (
              entries.map((entry) => {
                const holder = auditHolderText(entry, words);
                return (
                  <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                    <td className="nowrap" title={f.full(entry.at)}>
                      {f.time(entry.at, now)}
                    </td>
                    <td className="wrap">
                      <span className={entry.action.endsWith('refused') || entry.action.endsWith('failed') ? 'bad' : ''}>{m.audit.actions[entry.action]}</span>
                      {holder && (
                        <span className="muted small audit-holder" data-testid="audit-holder">
                          {holder}
                        </span>
                      )}
                    </td>
                    <td className="wrap">{entry.actor}</td>
                    <td className="wrap">{entry.reason ?? '—'}</td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
