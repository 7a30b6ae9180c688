/** What an audit row says besides its action: the holder a release removed, or found instead. Pure. */
import type { AuditEntrySummary, LockHolderInfo } from '../../../../shared/engine-types';
import type { Words } from '../../i18n/i18n';
import { holderName } from '../lock/lock-model';

/** A holder as the audit row stored it (rows written before values were recorded have no `value`). */
function storedHolder(details: Record<string, unknown>, key: 'previous' | 'current'): LockHolderInfo | null | undefined {
  const holder = details[key];
  if (holder === null) return null;
  if (typeof holder !== 'object' || holder === undefined || typeof (holder as { owner?: unknown }).owner !== 'string') return undefined;
  return holder as LockHolderInfo;
}

/** `removido: valor legado do job antigo (…)`, `encontrado: scheduler@vm`, `o lock estava livre`; null for rows that name no holder. */
export function auditHolderText(entry: AuditEntrySummary, words: Words): string | null {
  const { m } = words;
  if (entry.action === 'lock.force_release' || entry.action === 'lock.dead_holder_takeover') {
    const previous = storedHolder(entry.details, 'previous');
    return previous ? m.audit.removed(holderName(previous, words)) : previous === null ? m.audit.wasFree : null;
  }
  if (entry.action === 'lock.force_release.refused' || entry.action === 'lock.force_release.failed') {
    const current = storedHolder(entry.details, 'current');
    return current ? m.audit.found(holderName(current, words)) : current === null ? m.audit.wasFree : null;
  }
  return null;
}
