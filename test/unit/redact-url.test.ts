/** URLs as shown or logged (issue 8, finding 6): every credential form masked, the rest kept as typed. */
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../electron/engine/redact-url';

describe('redactUrl', () => {
  it('masks user-info and every password-like parameter, keeping the rest', () => {
    expect(redactUrl('http://admin:pw@odoo.example:8069/')).toBe('http://***@odoo.example:8069/');
    expect(redactUrl('https://apikey@odoo.example')).toBe('https://***@odoo.example');
    expect(redactUrl('postgres://u@h/db?sslmode=require&password=pw&PGPASSWORD=x')).toBe('postgres://***@h/db?sslmode=require&password=***&PGPASSWORD=***');
    expect(redactUrl('redis://:pw@127.0.0.1:6379/2')).toBe('redis://***@127.0.0.1:6379/2');
    expect(redactUrl('https://odoo.example:8069?api_key=k&token=t&db=prod')).toBe('https://odoo.example:8069/?api_key=***&token=***&db=prod');
  });

  it('leaves a URL without credentials as typed, and shows no part of one it cannot parse', () => {
    expect(redactUrl('http://127.0.0.1:8069')).toBe('http://127.0.0.1:8069');
    expect(redactUrl('postgres://127.0.0.1:5432/carteira')).toBe('postgres://127.0.0.1:5432/carteira');
    expect(redactUrl('not a url with password=pw')).toBe('(invalid URL)');
  });
});
