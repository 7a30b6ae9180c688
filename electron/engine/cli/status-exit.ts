/**
 * `status` exits with the health verdict, by the monitoring-plugin convention (Nagios, Icinga,
 * Sensu, Zabbix's agent checks): 0 OK, 1 Atenção, 2 Crítico, and 3 (UNKNOWN) when no status
 * could be had at all (configuration, database or usage problem), so a check never reads a
 * failure to look as a mere warning.
 */
import type { EngineStatus, HealthLevel } from '../../../shared/engine-types';

const BY_LEVEL: Record<HealthLevel, 0 | 1 | 2> = { ok: 0, warn: 1, critical: 2 };

export const STATUS_UNKNOWN_EXIT = 3;

export function statusExitCode(status: Pick<EngineStatus, 'health'>): 0 | 1 | 2 {
  return BY_LEVEL[status.health.level];
}
