/** The JSON protocols' shared wire helpers: encoding of XML-RPC-typed values, strict UTF-8 JSON answers. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OdooClient, OdooResponseError } from '../../../electron/engine/odoo';
import { encodeJson, hasEscapedNul, parseJsonBody } from '../../../electron/engine/odoo/json-wire';
import { startOdooSimulator } from '../../../electron/engine/odoo-sim';
import { double } from '../../../electron/engine/xmlrpc';

const answer = (body: Buffer) => ({ status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body });

describe('json wire', () => {
  it('encodes doubles as numbers, dates as Odoo UTC datetimes, bytes as base64', () => {
    const text = encodeJson({ qty: double(3), at: new Date('2026-11-29T21:00:20.500Z'), raw: Buffer.from('hi'), domain: [['id', '>', 5]] }).toString();
    expect(JSON.parse(text)).toEqual({ qty: 3, at: '2026-11-29 21:00:20', raw: 'aGk=', domain: [['id', '>', 5]] });
  });

  it('refuses an answer that is not UTF-8 rather than storing U+FFFD', () => {
    const bad = Buffer.concat([Buffer.from('[{"name": "S'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]')]);
    expect(() => parseJsonBody(answer(bad), 'http://odoo/json/2/sale.order/search_read')).toThrow(OdooResponseError);
    expect(() => parseJsonBody(answer(bad), 'http://odoo/json/2/sale.order/search_read')).toThrow(/not UTF-8/);
    expect(parseJsonBody(answer(Buffer.from('[{"name": "Pedido ação"}]')), 'x')).toEqual([{ name: 'Pedido ação' }]);
  });

  it('refuses an escaped NUL (PostgreSQL text cannot hold it), naming row and field; a literal backslash-u0000 is text', () => {
    const where = 'http://odoo/json/2/res.partner/search_read';
    const caught = (body: string) => {
      try {
        parseJsonBody(answer(Buffer.from(body)), where);
      } catch (error) {
        return error as OdooResponseError;
      }
      throw new Error('expected a refusal');
    };
    const records = caught('[{"id": 1, "name": "ok"}, {"id": 2, "name": "a\\u0000b"}]');
    expect(records).toBeInstanceOf(OdooResponseError);
    expect(records.message).toBe(
      `malformed JSON answer from ${where}: row 1 field "name": escape "\\u0000" (U+0000) is not allowed: PostgreSQL text cannot hold it`,
    );
    expect([records.row, records.field]).toEqual([1, 'name']);
    // JSON-RPC: the records inside the envelope's result; a nested many2one name
    const rpc = caught('{"jsonrpc": "2.0", "id": 1, "result": [{"id": 3, "partner_id": [4, "x\\u0000"]}]}');
    expect([rpc.row, rpc.field]).toEqual([0, 'partner_id.1']);
    expect(caught('{"version": "\\u0000"}').message).toMatch(/ at "version": escape/);
    // an escaped backslash followed by "u0000" is six ordinary characters
    expect(parseJsonBody(answer(Buffer.from('[{"name": "C:\\\\u0000"}]')), where)).toEqual([{ name: 'C:\\u0000' }]);
    expect(hasEscapedNul('"\\\\u0000"')).toBe(false);
    expect(hasEscapedNul('"\\\\\\u0000"')).toBe(true);
  });

  it.each(['json2', 'jsonrpc'] as const)('a NUL in an Odoo record over %s fails the call with model, method, row and field', async (protocol) => {
    const sim = await startOdooSimulator({ port: 0, orders: 2, linesPerOrder: 1, seed: 3, serverVersion: '19.0' });
    const client = new OdooClient({ url: sim.url, db: sim.db, username: sim.login, password: sim.password, apiKey: sim.apiKey, protocol });
    try {
      const id = sim.orm.create('res.partner', { name: 'Cliente\u0000Oculto' });
      const error = await client.searchRead('res.partner', [['id', '>=', id]], { fields: ['name'], schema: z.object({ name: z.string() }) }).then(
        () => null,
        (caught: unknown) => caught as OdooResponseError,
      );
      expect(error).toBeInstanceOf(OdooResponseError);
      expect(error!.message).toMatch(
        /^res\.partner\.search_read: malformed JSON answer from .*: row 0 field "name": escape "\\u0000" \(U\+0000\) is not allowed/,
      );
      expect([error!.model, error!.method, error!.row, error!.field]).toEqual(['res.partner', 'search_read', 0, 'name']);
    } finally {
      client.close();
      await sim.close();
    }
  });
});
