import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMethodCall, decodeMethodResponse, encodeMethodResponse, XmlRpcParseError, XmlRpcResponseDecoder } from '../../../electron/engine/xmlrpc';
import { ODOO_FIXTURES_DIR } from '../../support/fixtures';

const wrap = (value: string): string => `<?xml version="1.0"?><methodResponse><params><param>${value}</param></params></methodResponse>`;
const valueOf = (value: string): unknown => {
  const r = decodeMethodResponse(wrap(value));
  if (r.kind !== 'value') throw new Error('expected a value');
  return r.value;
};

describe('decodeMethodResponse: value forms', () => {
  it('reads every scalar type, including the ones Python never writes', () => {
    expect(valueOf('<value><i4>-7</i4></value>')).toBe(-7);
    expect(valueOf('<value><i8>9007199254740993</i8></value>')).toBe(9007199254740992);
    expect(valueOf('<value><int> +42 </int></value>')).toBe(42);
    expect(valueOf('<value><double>1e+16</double></value>')).toBe(1e16);
    expect(valueOf('<value><double>-.5</double></value>')).toBe(-0.5);
    expect(valueOf('<value><double>nan</double></value>')).toBeNaN();
    expect(valueOf('<value><double>-inf</double></value>')).toBe(-Infinity);
    expect(valueOf('<value><boolean>1</boolean></value>')).toBe(true);
    expect(valueOf('<value>bare  text </value>')).toBe('bare  text ');
    expect(valueOf('<value></value>')).toBe('');
    expect(valueOf('<value/>')).toBe('');
    expect(valueOf('<value><string/></value>')).toBe('');
    expect(valueOf('<value><nil/></value>')).toBeNull();
    expect(valueOf('<value><ex:nil/></value>')).toBeNull();
    expect(valueOf('<value><dateTime.iso8601>20261129T17:02:06</dateTime.iso8601></value>')).toEqual(new Date('2026-11-29T17:02:06Z'));
    expect(valueOf('<value><dateTime.iso8601>2026-11-29T14:02:06-03:00</dateTime.iso8601></value>')).toEqual(new Date('2026-11-29T17:02:06Z'));
    expect(valueOf('<value><base64>\naGVs\nbG8=\n</base64></value>')).toEqual(Buffer.from('hello'));
    expect(valueOf('<value><array><data/></array></value>')).toEqual([]);
    expect(valueOf('<value><struct/></value>')).toEqual({});
  });

  it('decodes entities, numeric references and CDATA, and normalises line ends like an XML parser', () => {
    expect(valueOf('<value><string>a &amp; b &lt;c&gt; &quot;&apos; &#231;&#x1F600;</string></value>')).toBe('a & b <c> "\' ç😀');
    expect(valueOf('<value><string>x<![CDATA[<&>]]>y</string></value>')).toBe('x<&>y');
    expect(valueOf('<value><string>a\r\nb\rc&#13;</string></value>')).toBe('a\nb\nc\r');
  });

  it('accepts pretty-printed documents with comments', () => {
    const xml = `<?xml version="1.0"?>\n<!-- hi -->\n<methodResponse>\n  <params>\n    <param>\n      <value>\n        <array>\n          <data>\n            <value> <int>1</int> </value>\n            <value><struct>\n              <member> <name>k</name> <value><string>v</string></value> </member>\n            </struct>\n            </value>\n          </data>\n        </array>\n      </value>\n    </param>\n  </params>\n</methodResponse>\n`;
    expect(decodeMethodResponse(xml)).toEqual({ kind: 'value', value: [1, { k: 'v' }] });
  });

  it('keeps a member named __proto__ as data, never as the prototype', () => {
    const v = valueOf('<value><struct><member><name>__proto__</name><value><int>1</int></value></member></struct></value>') as object;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
  });

  it('decodes a method call', () => {
    expect(decodeMethodCall('<methodCall><methodName>login</methodName><params><param><value>db</value></param></params></methodCall>')).toEqual({
      methodName: 'login',
      params: ['db'],
    });
    expect(decodeMethodCall('<methodCall><methodName>version</methodName></methodCall>')).toEqual({ methodName: 'version', params: [] });
  });
});

describe('malformed input is one XmlRpcParseError', () => {
  const bad: [string, string][] = [
    ['empty body', ''],
    ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['plain text', 'Internal Server Error'],
    ['JSON', '{"jsonrpc":"2.0"}'],
    ['mismatched tags', wrap('<value><int>1</i4></value>')],
    ['unknown type', wrap('<value><float>1</float></value>')],
    ['bad int', wrap('<value><int>12a</int></value>')],
    ['empty int', wrap('<value><int></int></value>')],
    ['bad double', wrap('<value><double>1..2</double></value>')],
    ['bad boolean', wrap('<value><boolean>yes</boolean></value>')],
    ['bad date', wrap('<value><dateTime.iso8601>yesterday</dateTime.iso8601></value>')],
    ['bad base64', wrap('<value><base64>!!!</base64></value>')],
    ['unknown entity', wrap('<value><string>&nbsp;</string></value>')],
    ['bare ampersand', wrap('<value><string>a & b</string></value>')],
    ['two params', '<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>'],
    ['no params', '<methodResponse><params></params></methodResponse>'],
    ['two values in one param', wrap('<value>a</value><value>b</value>')],
    ['member without value', wrap('<value><struct><member><name>k</name></member></struct></value>')],
    ['member without name', wrap('<value><struct><member><value>v</value></member></struct></value>')],
    ['value outside param', '<methodResponse><value>a</value></methodResponse>'],
    ['text between values', wrap('<value><array><data>junk<value>a</value></data></array></value>')],
    ['content after the root', wrap('<value>a</value>') + '<methodResponse/>'],
    ['a methodCall where a response is due', '<methodCall><methodName>x</methodName><params/></methodCall>'],
    ['fault that is not a struct', '<methodResponse><fault><value><int>1</int></value></fault></methodResponse>'],
    [
      'fault without faultString',
      '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value></fault></methodResponse>',
    ],
    ['DOCTYPE (entity expansion)', '<!DOCTYPE x [<!ENTITY a "b">]>' + wrap('<value>&a;</value>')],
  ];
  it.each(bad)('%s', (name, xml) => {
    let error: unknown;
    try {
      decodeMethodResponse(xml);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(XmlRpcParseError);
    // Only a document that stops early counts as truncated (a network cut, worth a retry).
    expect((error as XmlRpcParseError).truncated).toBe(name === 'empty body');
  });

  it('every truncation of a real response is reported as truncated, never a hang or a partial value', () => {
    const xml = readFileSync(join(ODOO_FIXTURES_DIR, '05-object-search-read-orders.response.xml'), 'utf8');
    const end = xml.trimEnd().length;
    for (let cut = 0; cut < end; cut++) {
      expect(() => decodeMethodResponse(xml.slice(0, cut)), `cut at ${cut}`).toThrow(expect.objectContaining({ name: 'XmlRpcParseError', truncated: true }));
    }
    expect(() => decodeMethodResponse(xml.slice(0, 700))).toThrow(/truncated/);
  });

  it('the streaming decoder reports truncation at end(), with the offset', () => {
    const decoder = new XmlRpcResponseDecoder();
    decoder.write(encodeMethodResponse([1, 2, 3]).slice(0, 80));
    expect(() => decoder.end()).toThrow(/truncated XML-RPC document.*inside <data>/);
  });

  it('the streaming decoder fails on the first bad chunk without waiting for the end', () => {
    const decoder = new XmlRpcResponseDecoder();
    expect(() => decoder.write('<methodResponse><params><param><value><int>x</int></value>')).toThrow(XmlRpcParseError);
  });
});

describe('text that cannot be stored (issue 8, finding 10)', () => {
  const records = (name: string) =>
    wrap(`<value><array><data><value><struct><member><name>id</name><value><int>1</int></value></member></struct></value>
      <value><struct><member><name>id</name><value><int>2</int></value></member><member><name>name</name><value><string>${name}</string></value></member></struct></value></data></array></value>`);
  const failure = (run: () => unknown): XmlRpcParseError => {
    try {
      run();
    } catch (error) {
      if (error instanceof XmlRpcParseError) return error;
      throw error;
    }
    throw new Error('expected an XmlRpcParseError');
  };

  it('refuses bytes that are not UTF-8, whole or streamed, instead of decoding them to U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from(records('S0').replace('S0', 'S')), Buffer.from([0xc3, 0x28])]);
    expect(failure(() => decodeMethodResponse(bytes)).message).toBe('the answer is not valid UTF-8 text');
    const stream = new XmlRpcResponseDecoder();
    expect(failure(() => stream.write(Buffer.from([0x3c, 0xff]))).message).toBe('the answer is not valid UTF-8 text');
    // a character split across chunks is still fine
    const euro = Buffer.from(records('€'));
    const split = euro.indexOf(0xe2) + 1;
    const ok = new XmlRpcResponseDecoder();
    ok.write(euro.subarray(0, split));
    ok.write(euro.subarray(split));
    expect(ok.end()).toMatchObject({ kind: 'value' });
  });

  it('refuses character references that are no XML character, saying where in the value', () => {
    const error = failure(() => decodeMethodResponse(records('x&#0;y')));
    expect(error.message).toBe('character reference "&#0;" (U+0000) is not allowed in XML');
    expect(error.path).toEqual([1, 'name']);
    for (const reference of ['&#1;', '&#x1F;', '&#xD800;', '&#xFFFE;'])
      expect(() => valueOf(`<value><string>${reference}</string></value>`)).toThrow(/not allowed in XML/);
    expect(valueOf('<value><string>a&#9;b&#10;c&#x1F600;</string></value>')).toBe('a\tb\nc😀');
  });
});
