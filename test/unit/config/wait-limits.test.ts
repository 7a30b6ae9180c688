/** Issue 16.4: every wait has a limit, set in configuration with defaults that fit the work. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/engine/config';
import { problemsOf } from '../../support/config-problems';

const base = { CARTEIRA_DATA_DIR: '/tmp/x' };

describe('PostgreSQL and progress limits', () => {
  it('defaults: connect 10 s, statement 300 s, lock 30 s, progress 600 s', () => {
    expect(loadConfig(base)).toMatchObject({
      pgConnectTimeoutSeconds: 10,
      pgStatementTimeoutSeconds: 300,
      pgLockTimeoutSeconds: 30,
      progressTimeoutSeconds: 600,
    });
  });

  it('takes whole numbers in range, and a statement timeout below 30 s bounds the default lock wait', () => {
    expect(loadConfig({ ...base, PG_CONNECT_TIMEOUT_SECONDS: '3', PG_STATEMENT_TIMEOUT_SECONDS: '20', SYNC_PROGRESS_TIMEOUT_SECONDS: '700' })).toMatchObject({
      pgConnectTimeoutSeconds: 3,
      pgStatementTimeoutSeconds: 20,
      pgLockTimeoutSeconds: 20,
      progressTimeoutSeconds: 700,
    });
    expect(problemsOf({ ...base, PG_CONNECT_TIMEOUT_SECONDS: '0' })).toEqual(['PG_CONNECT_TIMEOUT_SECONDS (0) must be between 1 and 300']);
    expect(problemsOf({ ...base, PG_LOCK_TIMEOUT_SECONDS: '2.5' })).toEqual(['PG_LOCK_TIMEOUT_SECONDS (2.5) must be a whole number']);
  });

  it('refuses a lock wait longer than the statement timeout', () => {
    expect(problemsOf({ ...base, PG_STATEMENT_TIMEOUT_SECONDS: '60', PG_LOCK_TIMEOUT_SECONDS: '120' })).toEqual([
      'PG_LOCK_TIMEOUT_SECONDS (120) must not exceed PG_STATEMENT_TIMEOUT_SECONDS (60): the statement timeout would always end the wait first',
    ]);
  });

  it('refuses a progress bound a working run could reach on one slow call, and moves the default above it', () => {
    // one Odoo call: 120 s × 4 tries + 4 s of backoff
    const [problem] = problemsOf({ ...base, SYNC_PROGRESS_TIMEOUT_SECONDS: '300' });
    expect(problem).toMatch(/^SYNC_PROGRESS_TIMEOUT_SECONDS \(300\) must be greater than 484, the longest a working run may wait for one answer/);
    expect(problemsOf({ ...base, PG_STATEMENT_TIMEOUT_SECONDS: '900', SYNC_PROGRESS_TIMEOUT_SECONDS: '600' })[0]).toMatch(/greater than 905/);
    expect(loadConfig({ ...base, ODOO_TIMEOUT_SECONDS: '600' }).progressTimeoutSeconds).toBe(600 * 4 + 4 + 60);
    expect(loadConfig({ ...base, PG_STATEMENT_TIMEOUT_SECONDS: '3600' }).progressTimeoutSeconds).toBe(3600 + 5 + 60);
  });
});
