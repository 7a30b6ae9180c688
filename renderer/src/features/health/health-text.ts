/** How a health rule reads: its threshold and its current value, in the locale's words. Pure. */
import type { HealthLevel, HealthRule } from '../../../../shared/health';
import type { Words } from '../../i18n/i18n';

const ICON: Record<HealthLevel, string> = { ok: '✓', warn: '!', critical: '✕' };

/** A rule's mark: its level's icon, word and colour; a rule that was not evaluated gets its own, never the green tick of OK. */
export function ruleMark(rule: HealthRule, { m }: Words): { icon: string; label: string; className: string } {
  if (!rule.checked) return { icon: '–', label: m.health.notChecked, className: 'level-unchecked' };
  return { icon: ICON[rule.level], label: m.health.level[rule.level], className: `level-${rule.level}` };
}

export function thresholdText(rule: HealthRule, { m, f }: Words): string {
  const h = m.health;
  switch (rule.id) {
    case 'sinceSuccess':
      return `${h.warnAbove(f.duration(rule.warnAt))} · ${h.critAbove(f.duration(rule.criticalAt))}`;
    case 'gaps':
      return h.gapsThreshold;
    case 'duration':
      return h.warnAbove(f.duration(rule.warnAt));
    case 'failures':
      return h.failuresThreshold(rule.warnAt ?? 1, rule.criticalAt ?? 2);
    case 'staleLock':
      return h.staleLockThreshold;
    case 'lockErrors':
      return h.lockErrorsThreshold;
    case 'zeroOrders':
      return h.zeroOrdersThreshold(rule.warnAt ?? 3);
    case 'keyCollisions':
      return h.keyCollisionsThreshold;
    case 'heldDeactivation':
      return h.heldDeactivationThreshold;
  }
}

export function valueText(rule: HealthRule, { m, f }: Words): string {
  const h = m.health;
  switch (rule.id) {
    case 'sinceSuccess':
      return rule.value === null ? h.never : f.duration(rule.value);
    case 'gaps':
      return rule.value ? f.duration(rule.value) : h.gapsNone;
    case 'duration':
      return rule.value === null ? h.noData : `${f.duration(rule.value)}${rule.note === 'running' ? ` (${h.running})` : ''}`;
    case 'failures':
      return f.count(rule.value ?? 0);
    case 'staleLock':
      return rule.note === 'stuck' ? h.staleLockValue(rule.value ?? 0) : h.lockErrorsValue.none;
    case 'lockErrors':
      return h.lockErrorsValue[rule.note === 'error' ? 'error' : rule.note === 'degraded' ? 'degraded' : 'none'];
    case 'zeroOrders':
      return rule.checked ? h.zeroOrdersValue(rule.value ?? 0) : `${h.zeroOrdersValue(rule.value ?? 0)} · ${h.zeroOrdersQuiet}`;
    case 'keyCollisions':
      return rule.value ? h.keyCollisionsValue(rule.value) : h.lockErrorsValue.none;
    case 'heldDeactivation':
      return rule.value ? h.heldDeactivationValue(rule.value) : h.lockErrorsValue.none;
  }
}
