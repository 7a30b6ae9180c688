/** The audit rows, fetched on mount and again whenever `version` changes (after a pause, resume or release). */
import { useEffect, useState } from 'react';
import type { AuditEntrySummary } from '../../../shared/engine-types';
import { consoleApi } from '../api';

export function useAudit(version: unknown): AuditEntrySummary[] {
  const [entries, setEntries] = useState<AuditEntrySummary[]>([]);
  useEffect(() => {
    let live = true;
    consoleApi.getAudit().then(
      (rows) => live && setEntries(rows),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [version]);
  return entries;
}
