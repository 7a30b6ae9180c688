/**
 * Issue 18.6 / monitoring doors: `status` exits with the verdict, as monitoring plugins do
 * (Nagios, Icinga, Sensu): 0 OK, 1 Atenção, 2 Crítico; 3 when the status cannot be had at all.
 */
import { describe, expect, it } from 'vitest';
import { STATUS_UNKNOWN_EXIT, statusExitCode } from '../../../electron/engine/cli/status-exit';
import { status } from '../renderer/fixtures';

describe('status exit code', () => {
  it('follows the verdict', () => {
    expect(statusExitCode(status({ health: { level: 'ok', rules: [] } }))).toBe(0);
    expect(statusExitCode(status({ health: { level: 'warn', rules: [] } }))).toBe(1);
    expect(statusExitCode(status({ health: { level: 'critical', rules: [] } }))).toBe(2);
    expect(STATUS_UNKNOWN_EXIT).toBe(3);
  });
});
