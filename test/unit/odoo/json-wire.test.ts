/** The JSON protocols' shared wire helpers: encoding of XML-RPC-typed values, strict UTF-8 JSON answers. */
import { describe, expect, it } from 'vitest';
import { OdooResponseError } from '../../../electron/engine/odoo';
import { encodeJson, parseJsonBody } from '../../../electron/engine/odoo/json-wire';
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
});
