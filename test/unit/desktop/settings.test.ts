/**
 * "Configurações": the settings file never holds a secret in plain text (only safeStorage
 * ciphertext), secrets are refused without a real keyring unless accepted, the environment wins
 * and is named, the configuration is validated with the CLI's messages before anything is saved,
 * and applying restarts the engine.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../../electron/engine/config';
import { settingsHandlers } from '../../../electron/main/settings-ipc';
import { SettingsStore } from '../../../electron/main/settings';
import type { SettingsOutcome, SettingsView } from '../../../shared/desktop-settings';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import { electronModule, fake } from '../../support/fake-electron';

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
      message: `sem DATABASE_URL: o banco embutido (PGlite) em ${dir}`,
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

describe('saved secrets', () => {
  it('one secret safeStorage cannot decrypt counts as unset and is named in the view; the rest still works', async () => {
    const { handlers } = host();
    await handlers.saveSettings({ values: odoo, apply: false });
    const decrypt = electronModule.safeStorage.decryptString;
    // the keyring changed for this one value (as when the file was copied from another user)
    const spy = vi.spyOn(electronModule.safeStorage, 'decryptString').mockImplementation((cipher: Buffer) => {
      const plain = decrypt(cipher);
      if (plain === PASSWORD) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return plain;
    });
    try {
      const store = new SettingsStore(file);
      const { source } = store.configSource({});
      expect(source.ODOO_PASSWORD).toBeUndefined();
      expect(source).toMatchObject({ ODOO_API_KEY: API_KEY, DATABASE_URL: odoo.DATABASE_URL, ODOO_URL: odoo.ODOO_URL });
      const view = (await host(store).handlers.getSettings(undefined)) as SettingsView;
      expect(view.secretsUnreadable).toEqual(['ODOO_PASSWORD']);
      expect(view.secretsSaved).toContain('ODOO_PASSWORD'); // still in the file: "Remover" or a new value replaces it

      // nothing decrypts at all: the view and which settings the environment sets are still known
      spy.mockImplementation(() => {
        throw new Error('keyring locked');
      });
      const locked = new SettingsStore(file).view({ ODOO_URL: 'https://from-env.example.com' });
      expect(locked.fromEnv).toEqual(['ODOO_URL']);
      expect(locked.secretsUnreadable.sort()).toEqual(['DATABASE_URL', 'ODOO_API_KEY', 'ODOO_PASSWORD']);
    } finally {
      spy.mockRestore();
    }
    expect(new SettingsStore(file).view({}).secretsUnreadable).toEqual([]);
  });

  it('"Remover" (null) clears a saved secret from the file: back to the embedded database, Redis dropped', async () => {
    const { handlers, restartEngine } = host();
    await handlers.saveSettings({ values: { ...odoo, REDIS_URL: `redis://:${PASSWORD}@redis.example.com:6379` }, apply: false });
    expect(((await handlers.getSettings(undefined)) as SettingsView).secretsSaved).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    const outcome = (await handlers.saveSettings({ values: { DATABASE_URL: null, REDIS_URL: null }, apply: true })) as SettingsOutcome;
    expect(outcome).toEqual({ problems: [], saved: true, applied: true });
    const view = (await handlers.getSettings(undefined)) as SettingsView;
    expect(view.secretsSaved.sort()).toEqual(['ODOO_API_KEY', 'ODOO_PASSWORD']);
    const applied = (restartEngine.mock.calls as unknown as [Record<string, string | undefined>][])[0][0];
    expect(applied.DATABASE_URL).toBeUndefined();
    expect(applied.REDIS_URL).toBeUndefined();
    expect(applied.ODOO_PASSWORD).toBe(PASSWORD); // the others are kept
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text).encrypted).not.toHaveProperty('DATABASE_URL');
    expect(JSON.parse(text).encrypted).not.toHaveProperty('REDIS_URL');
  });
});

describe('a saved secret goes only where it was saved for', () => {
  let saved: OdooSimulator;
  let other: OdooSimulator;
  beforeAll(async () => {
    saved = await startOdooSimulator({ password: PASSWORD, orders: 3 });
    other = await startOdooSimulator({ orders: 3 });
  });
  afterAll(async () => {
    await saved?.close();
    await other?.close();
  });

  async function savedOdoo() {
    const h = host();
    const values = { ODOO_URL: saved.url, ODOO_DB: saved.db, ODOO_USER: saved.login, ODOO_PASSWORD: PASSWORD, ODOO_API_KEY: API_KEY, ODOO_PROTOCOL: 'xmlrpc' };
    expect(await h.handlers.saveSettings({ values, apply: false })).toEqual({ problems: [], saved: true, applied: false });
    return h;
  }
  const test = (handlers: ReturnType<typeof host>['handlers'], values: Record<string, string | null>) =>
    handlers.testConnection({ section: 'odoo', values }) as Promise<{ ok: boolean; message: string }>;

  it('"Testar conexão" with a changed ODOO_URL and no secret does not get the saved one; an unchanged target does', async () => {
    const { handlers } = await savedOdoo();
    const callsBefore = other.stats().calls;
    const refused = await test(handlers, { ODOO_URL: other.url });
    expect(refused).toEqual({
      ok: false,
      message: 'ODOO_URL changed: type ODOO_PASSWORD or ODOO_API_KEY again (a saved secret is only sent to the server it was saved for)',
    });
    expect(other.stats().calls).toBe(callsBefore); // nothing reached the other server
    for (const changed of [{ ODOO_DB: 'another' }, { ODOO_USER: 'someone' }] as Record<string, string>[]) {
      expect((await test(handlers, changed)).message).toMatch(/^ODOO_(DB|USER) changed: type ODOO_PASSWORD or ODOO_API_KEY again/);
    }

    // unchanged (left out, or given as saved): the saved password is used, and the saved server accepts it
    expect(await test(handlers, {})).toMatchObject({ ok: true });
    expect(await test(handlers, { ODOO_URL: saved.url, ODOO_DB: saved.db })).toMatchObject({ ok: true });

    // the secret typed in the same request: that one goes (and only that one)
    const typed = await test(handlers, { ODOO_URL: other.url, ODOO_PASSWORD: other.password });
    expect(typed).toMatchObject({ ok: true });
    expect(other.stats().calls).toBeGreaterThan(callsBefore);
  });

  it('saving a changed target without a secret is refused; with one, the secrets not typed again are cleared', async () => {
    const { handlers, restartEngine, store } = await savedOdoo();
    const refused = (await handlers.saveSettings({ values: { ODOO_URL: other.url }, apply: true })) as SettingsOutcome;
    expect(refused).toEqual({
      problems: ['ODOO_URL changed: type ODOO_PASSWORD or ODOO_API_KEY again (a saved secret is only sent to the server it was saved for)'],
      saved: false,
      applied: false,
    });
    expect(restartEngine).not.toHaveBeenCalled();
    expect(store.configSource({}).source.ODOO_URL).toBe(saved.url);

    const moved = (await handlers.saveSettings({ values: { ODOO_URL: other.url, ODOO_PASSWORD: other.password }, apply: true })) as SettingsOutcome;
    expect(moved).toEqual({ problems: [], saved: true, applied: true });
    const { source } = store.configSource({});
    expect(source).toMatchObject({ ODOO_URL: other.url, ODOO_PASSWORD: other.password });
    expect(source.ODOO_API_KEY).toBeUndefined(); // saved for the old server: not carried to the new one
    // clearing ODOO_URL (demo mode) sends nothing anywhere: no secret needed
    expect(await handlers.saveSettings({ values: { ODOO_URL: null, ODOO_DB: null, ODOO_USER: null }, apply: false })).toEqual({
      problems: [],
      saved: true,
      applied: false,
    });
  });

  it('a secret set by an environment variable is not sent to a target the console changed', async () => {
    const store = new SettingsStore(file);
    const env = { CARTEIRA_DATA_DIR: dir, ODOO_PASSWORD: PASSWORD };
    store.update({ values: { ODOO_URL: saved.url, ODOO_DB: saved.db, ODOO_USER: saved.login } });
    const handlers = settingsHandlers({ settings: store, restartEngine: vi.fn(async () => undefined) }, env);
    const callsBefore = other.stats().calls;
    const refused = (await handlers.testConnection({ section: 'odoo', values: { ODOO_URL: other.url, ODOO_API_KEY: 'typed' } })) as { message: string };
    expect(refused.message).toBe('ODOO_URL changed, but ODOO_PASSWORD is set by an environment variable: change ODOO_URL in the environment too');
    expect(other.stats().calls).toBe(callsBefore);
  });
});
