/**
 * Issue 18.6: the audit row of a forced release did not say which holder it removed. It names the
 * value removed (or, when refused, the value found instead), as stored: the old job's timestamp,
 * this product's holder, anything else.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntrySummary } from '../../../shared/engine-types';
import { auditHolderText } from '../../../renderer/src/features/audit/audit-model';
import { wordsFor } from '../../../renderer/src/i18n/i18n';

const pt = wordsFor('pt-BR');
const en = wordsFor('en');
const row = (overrides: Partial<AuditEntrySummary>): AuditEntrySummary => ({
  id: 1,
  at: '2026-12-06T13:05:00.000Z',
  actor: 'anonymous@127.0.0.1',
  action: 'lock.force_release',
  reason: 'job antigo parado',
  details: {},
  ...overrides,
});
const legacyValue = { raw: '2026-12-06 10:00:00.123456', kind: 'legacy', binary: false, truncated: false, sha1: 'c'.repeat(40), legacyAt: null };

describe('the holder an audit row names', () => {
  it('a forced release: the value removed, legacy named as such', () => {
    const entry = row({ details: { released: true, previous: { owner: '2026-12-06 10:00:00.123456', token: '', value: legacyValue } } });
    expect(auditHolderText(entry, pt)).toBe('removido: valor legado do job antigo (2026-12-06 10:00:00.123456)');
    expect(auditHolderText(entry, en)).toBe("removed: the old job's legacy value (2026-12-06 10:00:00.123456)");
  });

  it('a refused one: the value found instead', () => {
    const entry = row({
      action: 'lock.force_release.refused',
      details: { released: false, current: { owner: 'scheduler@vm', token: 'a'.repeat(32), value: { ...legacyValue, kind: 'ours', raw: '{}' } } },
    });
    expect(auditHolderText(entry, pt)).toBe('encontrado: scheduler@vm');
  });

  it('a row from before values were recorded names the owner; a free lock, nothing; pauses, nothing', () => {
    expect(auditHolderText(row({ details: { released: true, previous: { owner: 'scheduler@old-vm', token: 'b'.repeat(32) } } }), pt)).toBe(
      'removido: scheduler@old-vm',
    );
    expect(auditHolderText(row({ action: 'lock.force_release.refused', details: { released: false, previous: null, current: null } }), pt)).toBe(
      'o lock estava livre',
    );
    expect(auditHolderText(row({ action: 'scheduler.pause', details: {} }), pt)).toBeNull();
    expect(auditHolderText(row({ action: 'lock.force_release.requested', details: { force: true } }), pt)).toBeNull();
  });
});
