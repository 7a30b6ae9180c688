/**
 * "Configurações": the settings file never holds a secret in plain text (only safeStorage
 * ciphertext), secrets are refused without a real keyring unless accepted, the environment wins
 * and is named, the configuration is validated with the CLI's messages before anything is saved,
 * and applying restarts the engine.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../../electron/engine/config';
import { settingsHandlers } from '../../../electron/main/settings-ipc';
import { SettingsStore } from '../../../electron/main/settings';
import type { SettingsOutcome, SettingsView } from '../../../shared/desktop-settings';
import { fake } from '../../support/fake-electron';

vi.mock('electron', async () => (await import('../../support/fake-electron')).electronModule);

const PASSWORD = 'S3nha-muito-secreta';
const API_KEY = 'odoo-api-key-0123456789abcdef';
let dir = '';
let file = '';

beforeEach(async () => {
  fake.reset();
  dir = await mkdtemp(join(tmpdir(), 'carteira-settings-'));
  file = join(dir, 'settings.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function host(store = new SettingsStore(file)) {
  const restartEngine = vi.fn(async () => undefined);
  return { store, restartEngine, handlers: settingsHandlers({ settings: store, restartEngine }, { CARTEIRA_DATA_DIR: dir }) };
}

const odoo = {
  ODOO_URL: 'https://odoo.example.com',
  ODOO_DB: 'prod',
  ODOO_USER: 'sync',
  ODOO_PASSWORD: PASSWORD,
  ODOO_API_KEY: API_KEY,
  DATABASE_URL: `postgres://carteira:${PASSWORD}@db.example.com/carteira`,
};

describe('settings file', () => {
  it('stores secrets only as safeStorage ciphertext, readable back by the engine, and the file is private (0600)', async () => {
    const { store, handlers } = host();
    const outcome = (await handlers.saveSettings({ values: odoo, apply: false })) as SettingsOutcome;
    expect(outcome).toEqual({ problems: [], saved: true, applied: false });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(API_KEY);
    expect(text).toContain('https://odoo.example.com'); // not a secret
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { source } = new SettingsStore(file).configSource({});
    expect(source).toMatchObject({ ODOO_PASSWORD: PASSWORD, ODOO_API_KEY: API_KEY, DATABASE_URL: odoo.DATABASE_URL });
    // the console sees names of saved secrets, never their values
    const view = (await handlers.getSettings(undefined)) as SettingsView;
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
    expect(view.secretsSaved.sort()).toEqual(['DATABASE_URL', 'ODOO_API_KEY', 'ODOO_PASSWORD']);
    expect(view.keyring).toBe('secure');
    void store;
  });

  it('on Linux without a keyring (basic_text) refuses secrets unless the operator accepts, and never with no encryption', async () => {
    const platform = vi.spyOn(process, 'platform', 'get').mockReturnValue('linux');
    try {
      fake.safeStorage.backend = 'basic_text';
      const { handlers } = host();
      const refused = (await handlers.saveSettings({
        values: { ODOO_URL: 'https://odoo.example.com', ODOO_DB: 'prod', ODOO_USER: 'sync', ODOO_PASSWORD: PASSWORD },
        apply: false,
      })) as SettingsOutcome;
      expect(refused.saved).toBe(false);
      expect(refused.problems).toEqual([expect.stringMatching(/^ODOO_PASSWORD: no system keyring \(safeStorage uses the basic_text backend\)/)]);
      await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
      expect(((await handlers.getSettings(undefined)) as SettingsView).keyring).toBe('basic-text');

      const accepted = (await handlers.saveSettings({
        values: { ODOO_URL: 'https://odoo.example.com', ODOO_DB: 'prod', ODOO_USER: 'sync', ODOO_PASSWORD: PASSWORD },
        acceptPlainKeyring: true,
        apply: false,
      })) as SettingsOutcome;
      expect(accepted.saved).toBe(true);
      expect(await readFile(file, 'utf8')).not.toContain(PASSWORD);

      fake.safeStorage.available = false;
      const none = (await handlers.saveSettings({ values: { ODOO_PASSWORD: 'another' }, acceptPlainKeyring: true, apply: false })) as SettingsOutcome;
      expect(none.problems).toEqual([expect.stringMatching(/^ODOO_PASSWORD: no encryption available/)]);
    } finally {
      platform.mockRestore();
    }
  });

  it('environment variables win over saved values, and the view says which', async () => {
    const store = new SettingsStore(file);
    store.update({ values: { SYNC_INTERVAL_MINUTES: '15', SYNC_WINDOW_MINUTES: '25', SYNC_LOCK_TIMEOUT_SECONDS: '600' } });
    const { source, fromEnv } = store.configSource({ SYNC_INTERVAL_MINUTES: '20' });
    expect(source).toMatchObject({ SYNC_INTERVAL_MINUTES: '20', SYNC_WINDOW_MINUTES: '25' });
    expect(fromEnv).toEqual(['SYNC_INTERVAL_MINUTES']);
    expect(store.view({ SYNC_INTERVAL_MINUTES: '20' }).fromEnv).toEqual(['SYNC_INTERVAL_MINUTES']);
  });

  it('validates as the CLI does, with the same messages, and saves nothing when refused', async () => {
    const { handlers, restartEngine } = host();
    const values = { SYNC_INTERVAL_MINUTES: '30', SYNC_WINDOW_MINUTES: '20', ODOO_PROTOCOL: 'soap' };
    const outcome = (await handlers.saveSettings({ values, apply: true })) as SettingsOutcome;
    let cliProblems: string[] = [];
    try {
      loadConfig({ CARTEIRA_DATA_DIR: dir, ...values });
    } catch (error) {
      cliProblems = (error as ConfigError).problems;
    }
    expect(cliProblems.length).toBeGreaterThanOrEqual(2);
    expect(outcome).toEqual({ problems: cliProblems, saved: false, applied: false });
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
    expect(restartEngine).not.toHaveBeenCalled();
  });

  it('applying restarts the engine with the saved configuration; a secret left out keeps its saved value', async () => {
    const { handlers, restartEngine } = host();
    await handlers.saveSettings({ values: odoo, apply: false });
    const outcome = (await handlers.saveSettings({
      values: { SYNC_INTERVAL_MINUTES: '15', SYNC_WINDOW_MINUTES: '25', SYNC_LOCK_TIMEOUT_SECONDS: '600' },
      apply: true,
    })) as SettingsOutcome;
    expect(outcome).toEqual({ problems: [], saved: true, applied: true });
    expect(restartEngine).toHaveBeenCalledWith(
      expect.objectContaining({ ODOO_PASSWORD: PASSWORD, SYNC_INTERVAL_MINUTES: '15', ODOO_URL: 'https://odoo.example.com' }),
    );
  });

  it('settings the engine cannot open with are not kept: the previous file is put back and the reason is said', async () => {
    const store = new SettingsStore(file);
    store.update({ values: { SYNC_INTERVAL_MINUTES: '20', SYNC_WINDOW_MINUTES: '30', SYNC_LOCK_TIMEOUT_SECONDS: '600' } });
    const before = await readFile(file, 'utf8');
    const restartEngine = vi.fn(async () => {
      throw new Error('password authentication failed for user "carteira"');
    });
    const handlers = settingsHandlers({ settings: store, restartEngine }, { CARTEIRA_DATA_DIR: dir });
    const outcome = (await handlers.saveSettings({
      values: { DATABASE_URL: 'postgres://carteira:wrong@db.example.com/carteira' },
      apply: true,
    })) as SettingsOutcome;
    expect(outcome).toEqual({ problems: ['password authentication failed for user "carteira"'], saved: false, applied: false });
    expect(restartEngine).toHaveBeenCalledTimes(1);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(new SettingsStore(file).configSource({}).source.DATABASE_URL).toBeUndefined();
  });

  it('refuses malformed input with the schema message', async () => {
    const { handlers } = host();
    await expect(handlers.saveSettings({ values: { NOT_A_SETTING: 'x' }, apply: false })).rejects.toThrow(/^saveSettings: /);
    await expect(handlers.testConnection({ section: 'ftp', values: {} })).rejects.toThrow(/^testConnection: section/);
  });

  it('"Testar conexão" runs the real check and says it in one line', async () => {
    const { handlers } = host();
    await expect(handlers.testConnection({ section: 'postgres', values: {} })).resolves.toEqual({
      ok: true,
      message: `no DATABASE_URL: the embedded database (PGlite) under ${dir}`,
    });
    // nothing listens on port 1: a refused connection, said in one line
    const refused = (await handlers.testConnection({ section: 'redis', values: { REDIS_URL: 'redis://127.0.0.1:1' } })) as { ok: boolean; message: string };
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/ECONNREFUSED|connect/i);
    expect(refused.message).not.toContain('\n');
    const bad = (await handlers.testConnection({ section: 'odoo', values: { ODOO_URL: 'ftp://odoo', ODOO_DB: 'x', ODOO_USER: 'u', ODOO_PASSWORD: 'p' } })) as {
      ok: boolean;
      message: string;
    };
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('ODOO_URL');
  });
});
