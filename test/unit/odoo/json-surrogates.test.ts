/**
 * Issue 16.9: a JSON answer's `\uD800`-style escape that is half a character (a lone surrogate)
 * is refused as XML-RPC refuses `&#xD800;`, naming row and field; a pair (an emoji escaped by
 * Python's json.dumps, Odoo's default ensure_ascii) is a character and passes.
 */
import { describe, expect, it } from 'vitest';
import { OdooResponseError } from '../../../electron/engine/odoo';
import { parseJsonBody } from '../../../electron/engine/odoo/json-wire';

const where = 'http://odoo/json/2/sale.order/search_read';
const answer = (text: string) => ({ status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: Buffer.from(text) });
const refusal = (text: string): OdooResponseError => {
  try {
    parseJsonBody(answer(text), where);
  } catch (error) {
    expect(error).toBeInstanceOf(OdooResponseError);
    return error as OdooResponseError;
  }
  throw new Error(`expected ${text} to be refused`);
};

describe('lone surrogates in JSON answers', () => {
  it('refuses a lone high or low surrogate in a record, naming row and field', () => {
    const high = refusal('[{"id": 1, "name": "ok"}, {"id": 2, "name": "S\\ud800"}]');
    expect(high.message).toBe(
      `malformed JSON answer from ${where}: row 1 field "name": escape "\\ud800" (U+D800) is half of a character (a lone surrogate): PostgreSQL would store U+FFFD in its place`,
    );
    expect([high.row, high.field]).toEqual([1, 'name']);
    const low = refusal('[{"id": 1, "partner_id": [4, "x\\uDC01y"]}]');
    expect([low.row, low.field]).toEqual([0, 'partner_id.1']);
    expect(low.message).toContain('U+DC01');
    // reversed pair: two lone halves
    expect(refusal('[{"name": "\\udc00\\ud800"}]').field).toBe('name');
    // a high half at the very end of a string
    expect(refusal('[{"name": "abc\\uD83D"}]').message).toContain('U+D83D');
  });

  it('refuses one outside the records (a key, the JSON-RPC envelope, a version answer)', () => {
    expect(refusal('{"version": "\\ud800"}').message).toMatch(/ at "version": escape "\\ud800"/);
    expect(refusal('[{"na\\ud800me": "x"}]').message).toMatch(/row 0 field "na\\ud800me"|at "0\./);
    const rpc = refusal('{"jsonrpc": "2.0", "id": 1, "result": [{"id": 3, "name": "\\ud800"}]}');
    expect([rpc.row, rpc.field]).toEqual([0, 'name']);
  });

  it('passes surrogate pairs (escaped emoji), literal backslashes, and plain text', () => {
    expect(parseJsonBody(answer('[{"name": "Pedido \\ud83d\\ude80 ok"}]'), where)).toEqual([{ name: 'Pedido 🚀 ok' }]);
    expect(parseJsonBody(answer('[{"name": "C:\\\\ud800"}]'), where)).toEqual([{ name: 'C:\\ud800' }]);
    expect(parseJsonBody(answer('[{"name": "ação 🚀"}]'), where)).toEqual([{ name: 'ação 🚀' }]);
  });
});
