/**
 * The health verdict at the top of the console — OK / Atenção / Crítico — with every rule, its
 * threshold and its current value (shared/health.ts decides; this only shows). Level in words
 * and an icon, never by colour alone.
 */
import type { HealthLevel, HealthVerdict } from '../../../../shared/health';
import { useI18n } from '../../i18n/i18n';
import { ruleMark, thresholdText, valueText } from './health-text';

const ICON: Record<HealthLevel, string> = { ok: '✓', warn: '!', critical: '✕' };

export function HealthPanel({ verdict }: { verdict: HealthVerdict }) {
  const words = useI18n();
  const { m } = words;
  return (
    <section className={`health health-${verdict.level}`} data-testid="health" data-level={verdict.level} aria-labelledby="health-title">
      <div className="health-head">
        <h2 id="health-title">{m.health.title}</h2>
        <span className={`verdict verdict-${verdict.level}`} data-testid="health-verdict" role="status">
          <span aria-hidden="true">{ICON[verdict.level]}</span> {m.health.level[verdict.level]}
        </span>
      </div>
      <table className="health-rules">
        <thead className="sr-only">
          <tr>
            <th scope="col">
              {m.health.level.ok} / {m.health.level.warn} / {m.health.level.critical}
            </th>
            <th scope="col">{m.health.title}</th>
            <th scope="col">{m.health.current}</th>
            <th scope="col">{m.health.threshold}</th>
          </tr>
        </thead>
        <tbody>
          {verdict.rules.map((rule) => {
            const mark = ruleMark(rule, words);
            return (
              <tr
                key={rule.id}
                className={`rule rule-${rule.level}${rule.checked ? '' : ' rule-unchecked'}`}
                data-testid="health-rule"
                data-rule={rule.id}
                data-level={rule.level}
              >
                <td className={`rule-level ${mark.className}`}>
                  <span aria-hidden="true">{mark.icon}</span> {mark.label}
                </td>
                <th scope="row" className="rule-name">
                  {m.health.rules[rule.id]}
                </th>
                <td className="rule-value">
                  <b>{valueText(rule, words)}</b>
                </td>
                <td className="rule-threshold">
                  <span className="muted">{m.health.threshold}:</span> {thresholdText(rule, words)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
