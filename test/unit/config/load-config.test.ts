import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../electron/engine/config';
import { problemsOf } from '../../support/config-problems';

describe('loadConfig', () => {
  it('runs in demo mode on embedded defaults with no configuration at all', () => {
    const config = loadConfig({ CARTEIRA_DATA_DIR: '/tmp/x' });
    expect(config).toMatchObject({
      mode: 'demo',
      odoo: null,
      databaseUrl: null,
      redisUrl: null,
      intervalMinutes: 30,
      windowMinutes: 40,
      lockTimeoutSeconds: 1500,
      lockFallback: 'local',
      maxCatchUpHours: 72,
      minIntervalMinutes: 5,
      redisPrefix: 'carteira:sync:incremental',
      dataDir: '/tmp/x',
    });
  });

  it('reads the Odoo connection and defaults the fallback to postgres with DATABASE_URL', () => {
    const config = loadConfig({
      ODOO_URL: 'https://odoo.example.com/',
      ODOO_DB: 'prod',
      ODOO_USER: 'sync',
      ODOO_PASSWORD: 'k',
      DATABASE_URL: 'postgres://u@db/carteira',
    });
    expect(config.mode).toBe('odoo');
    expect(config.odoo).toEqual({ url: 'https://odoo.example.com', db: 'prod', username: 'sync', password: 'k' });
    expect(config.lockFallback).toBe('postgres');
  });

  it('builds the Redis URL from the old REDIS_HOST/PORT/DB variables', () => {
    expect(loadConfig({ REDIS_HOST: 'cache', REDIS_PORT: '6380', REDIS_DB: '2' }).redisUrl).toBe('redis://cache:6380/2');
    expect(loadConfig({ REDIS_URL: 'redis://r:6379/1', REDIS_HOST: 'ignored' }).redisUrl).toBe('redis://r:6379/1');
  });

  it('rejects a window not longer than the interval, saying why', () => {
    expect(problemsOf({ SYNC_WINDOW_MINUTES: '30' })).toEqual([
      'SYNC_WINDOW_MINUTES (30) must be greater than SYNC_INTERVAL_MINUTES (30): changes between two runs would never be fetched',
    ]);
  });

  it('rejects a lock timeout not shorter than the interval', () => {
    expect(problemsOf({ SYNC_LOCK_TIMEOUT_SECONDS: '1800' })[0]).toMatch(
      /^SYNC_LOCK_TIMEOUT_SECONDS \(1800\) must be less than SYNC_INTERVAL_MINUTES × 60 \(1800\)/,
    );
  });

  it('reports every problem at once, one line each, without leaking secrets', () => {
    const problems = problemsOf({
      ODOO_URL: 'ftp://x',
      ODOO_PASSWORD: 'hunter2',
      SYNC_INTERVAL_MINUTES: 'soon',
      SYNC_LOCK_FALLBACK: 'thread',
      DATABASE_URL: 'mysql://u:secret@h/db',
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).not.toMatch(/hunter2|secret/);
    expect(problems).toContain('SYNC_INTERVAL_MINUTES (soon) must be a whole number');
    expect(problems).toContain('SYNC_LOCK_FALLBACK (thread) must be one of postgres, local, none');
  });

  it('requires the whole Odoo connection once ODOO_URL is set', () => {
    expect(problemsOf({ ODOO_URL: 'http://odoo:8069', ODOO_DB: 'x' })).toEqual(['ODOO_USER, ODOO_PASSWORD must be set when ODOO_URL is set']);
  });

  it('an unreadable config file is one problem, with the read error kept as the cause', () => {
    let error: unknown;
    try {
      loadConfig({ CARTEIRA_CONFIG_FILE: '/nonexistent/carteira.json' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^CARTEIRA_CONFIG_FILE \(\/nonexistent\/carteira\.json\) could not be read: ENOENT/),
    ]);
    expect(((error as ConfigError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('refuses the postgres fallback without a shared database', () => {
    expect(problemsOf({ SYNC_LOCK_FALLBACK: 'postgres' })[0]).toMatch(/needs DATABASE_URL/);
  });
});
