/**
 * The health verdict at the top of the console — OK / Atenção / Crítico — with every rule, its
 * threshold and its current value (shared/health.ts decides; this only shows). Level in words
 * and an icon, never by colour alone.
 */
import type { HealthLevel, HealthVerdict } from '../../../../shared/health';
import { useI18n } from '../../i18n/i18n';
import { thresholdText, valueText } from './health-text';

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
      <ul className="health-rules">
        {verdict.rules.map((rule) => (
          <li
            key={rule.id}
            className={`rule rule-${rule.level}${rule.checked ? '' : ' rule-unchecked'}`}
            data-testid="health-rule"
            data-rule={rule.id}
            data-level={rule.level}
          >
            <span className={`rule-level level-${rule.level}`}>
              <span aria-hidden="true">{ICON[rule.level]}</span> {rule.checked ? m.health.level[rule.level] : m.health.notChecked}
            </span>
            <span className="rule-name">{m.health.rules[rule.id]}</span>
            <span className="rule-value">
              <span className="muted">{m.health.current}:</span> <b>{valueText(rule, words)}</b>
            </span>
            <span className="rule-threshold muted">
              {m.health.threshold}: {thresholdText(rule, words)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
