/** ODOO_PROTOCOL and ODOO_API_KEY: which credentials each protocol needs, and that a key never shows in a problem. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/engine/config';
import { problemsOf } from '../../support/config-problems';

const BASE = { ODOO_URL: 'https://odoo.example.com', ODOO_DB: 'prod', CARTEIRA_DATA_DIR: '/tmp/x' };
const KEY = '0123456789abcdef0123456789abcdef01234567';

describe('ODOO_PROTOCOL / ODOO_API_KEY', () => {
  it('defaults to auto', () => {
    expect(loadConfig({ ...BASE, ODOO_USER: 'sync', ODOO_PASSWORD: 'pw' }).odooProtocol).toBe('auto');
  });

  it('needs only ODOO_URL, ODOO_DB and ODOO_API_KEY for auto and json2', () => {
    for (const protocol of [undefined, 'json2']) {
      const config = loadConfig({ ...BASE, ODOO_API_KEY: KEY, ...(protocol ? { ODOO_PROTOCOL: protocol } : {}) });
      expect(config.odoo).toEqual({ url: 'https://odoo.example.com', db: 'prod', username: '', password: '', apiKey: KEY });
      expect(config.odooProtocol).toBe(protocol ?? 'auto');
    }
  });

  it('json2 without an API key is refused, saying why', () => {
    expect(problemsOf({ ...BASE, ODOO_USER: 'sync', ODOO_PASSWORD: 'pw', ODOO_PROTOCOL: 'json2' })).toEqual([
      'ODOO_PROTOCOL=json2 needs ODOO_API_KEY (JSON-2 authenticates with an API key only)',
    ]);
  });

  it('the RPC protocols need a login; the API key stands in for the password', () => {
    expect(problemsOf({ ...BASE, ODOO_API_KEY: KEY, ODOO_PROTOCOL: 'jsonrpc' })).toEqual(['ODOO_USER must be set when ODOO_URL is set']);
    const config = loadConfig({ ...BASE, ODOO_API_KEY: KEY, ODOO_PROTOCOL: 'xmlrpc', ODOO_USER: 'sync' });
    expect(config.odoo).toMatchObject({ username: 'sync', password: '', apiKey: KEY });
  });

  it('rejects an unknown protocol, and an API key without ODOO_URL, never printing the key', () => {
    const problems = problemsOf({ ODOO_PROTOCOL: 'soap', ODOO_API_KEY: KEY, CARTEIRA_DATA_DIR: '/tmp/x' });
    expect(problems).toEqual([
      'ODOO_PROTOCOL (soap) must be one of auto, xmlrpc, jsonrpc, json2',
      'ODOO_API_KEY set without ODOO_URL: set ODOO_URL too, or unset them to run in demo mode',
    ]);
    expect(problems.join('\n')).not.toContain(KEY);
  });
});
