import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeMethodCall,
  decodeMethodResponse,
  double,
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
  XmlRpcResponseDecoder,
  type XmlRpcValue,
} from '../../../electron/engine/xmlrpc';
import { ODOO_FIXTURES_DIR } from '../../support/fixtures';

const files = readdirSync(ODOO_FIXTURES_DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const requests = files.filter((f) => f.endsWith('.request.xml'));
const responses = files.filter((f) => f.endsWith('.response.xml'));
const read = (f: string): string => readFileSync(join(ODOO_FIXTURES_DIR, f), 'utf8');

// Odoo float fields arrive as <double> even when whole (4.0); to re-encode them exactly,
// the float fields of the transcripts are wrapped back with double().
const FLOAT_FIELDS = new Set(['product_uom_qty', 'qty_delivered', 'qty_invoiced', 'price_unit', 'price_subtotal', 'amount_total']);

function rewrapDoubles(v: XmlRpcValue, key = ''): XmlRpcValue {
  if (typeof v === 'number') return FLOAT_FIELDS.has(key) ? double(v) : v;
  if (Array.isArray(v)) return v.map((x) => rewrapDoubles(x));
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrapDoubles(x as XmlRpcValue, k)]));
  }
  return v;
}

describe('every recorded Odoo body', () => {
  it('the fixture folder holds requests and responses', () => {
    expect(requests.length).toBeGreaterThanOrEqual(17);
    expect(responses.length).toBe(requests.length);
  });

  it.each(requests)('%s decodes and re-encodes byte for byte', (f) => {
    const xml = read(f);
    const call = decodeMethodCall(xml);
    expect(encodeMethodCall(call.methodName, call.params)).toBe(xml);
  });

  it.each(responses)('%s decodes and re-encodes byte for byte', (f) => {
    const xml = read(f);
    const r = decodeMethodResponse(Buffer.from(xml));
    const again = r.kind === 'fault' ? encodeFault(r.code, r.message) : encodeMethodResponse(rewrapDoubles(r.value));
    expect(again).toBe(xml);
  });

  it.each(responses)('%s decodes identically when streamed one byte at a time', (f) => {
    const bytes = Buffer.from(read(f));
    const decoder = new XmlRpcResponseDecoder();
    for (let i = 0; i < bytes.length; i++) decoder.write(bytes.subarray(i, i + 1));
    expect(decoder.end()).toEqual(decodeMethodResponse(bytes));
  });

  it('decodes sale.order.line values with their JS types', () => {
    const r = decodeMethodResponse(read('04-object-search-read-lines.response.xml'));
    if (r.kind !== 'value' || !Array.isArray(r.value)) throw new Error('expected an array');
    expect(r.value).toHaveLength(8);
    expect(r.value[0]).toEqual({
      id: 1,
      order_id: [1, 'S00001'],
      product_id: [31, '[FURN_6666] Acoustic Bloc Screens'],
      name: '[FURN_6666] Acoustic Bloc Screens',
      display_type: false,
      product_uom_qty: 4,
      qty_delivered: 0,
      qty_invoiced: 0,
      price_unit: 192.95,
      price_subtotal: 771.8,
      state: 'draft',
      write_date: '2026-11-29 17:02:15',
      create_date: '2026-11-29 17:02:06',
    });
  });

  it('decodes entities in requests (the >= operator) and the version struct', () => {
    const call = decodeMethodCall(read('04-object-search-read-lines.request.xml'));
    expect(call.methodName).toBe('execute_kw');
    expect(call.params[5]).toEqual([[['write_date', '>=', '2000-01-01 00:00:00']]]);
    const v = decodeMethodResponse(read('01-common-version.response.xml'));
    expect(v).toEqual({
      kind: 'value',
      value: { server_version: '16.0', server_version_info: [16, 0, 0, 'final', 0, ''], server_serie: '16.0', protocol_version: 1 },
    });
  });

  it('decodes faults with code and full traceback text', () => {
    const r = decodeMethodResponse(read('11-fault-invalid-field.response.xml'));
    expect(r.kind).toBe('fault');
    if (r.kind !== 'fault') return;
    expect(r.code).toBe(1);
    expect(r.message.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(r.message.endsWith("ValueError: Invalid field 'no_such_field' on model 'sale.order.line'\n")).toBe(true);
  });
});
