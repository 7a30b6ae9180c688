import { describe, expect, it } from 'vitest';
import {
  double,
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
  encodeMethodResponseChunks,
  formatPythonFloat,
  type XmlRpcValue,
} from '../../../electron/engine/xmlrpc';

// Expected strings below were produced by CPython 3's repr() and xmlrpc.client.dumps().
const PYTHON_REPR: [number, string][] = [
  [0.0, '0.0'],
  [-0.0, '-0.0'],
  [12.5, '12.5'],
  [1e16, '1e+16'],
  [1.5e-7, '1.5e-07'],
  [0.0001, '0.0001'],
  [1e-5, '1e-05'],
  [123456789012345.6, '123456789012345.6'],
  [9999999999999998.0, '9999999999999998.0'],
  [1e22, '1e+22'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [5e-324, '5e-324'],
  [0.1, '0.1'],
  [0.30000000000000004, '0.30000000000000004'],
  [-2.5e-10, '-2.5e-10'],
  [4.0, '4.0'],
  [771.8, '771.8'],
  [1e15, '1000000000000000.0'],
  [123e-20, '1.23e-18'],
  [2 ** 53, '9007199254740992.0'],
  [-0.00035233447033367526, '-0.00035233447033367526'],
  [-2.1035300715365303e-10, '-2.1035300715365303e-10'],
  [-8.551274266649144e-7, '-8.551274266649144e-07'],
  [8.194081262862046, '8.194081262862046'],
  // Nothing is lost: this is the shortest round-trip text of the double …030.25; the rule's toPrecision(16) rounds to …030.3.
  // eslint-disable-next-line no-loss-of-precision
  [-925008683116030.2, '-925008683116030.2'],
  [-8.817789878420218e-6, '-8.817789878420218e-06'],
  [1542058972349.9734, '1542058972349.9734'],
  [-9.068346387644875e-5, '-9.068346387644875e-05'],
  [813717.7106428494, '813717.7106428494'],
  [-7171009773016.435, '-7171009773016.435'],
  [NaN, 'nan'],
  [Infinity, 'inf'],
  [-Infinity, '-inf'],
];

const PYTHON_RESPONSE =
  "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>a</name>\n<value><array><data>\n<value><int>1</int></value>\n<value><double>2.5</double></value>\n<value><string>x&amp;y&lt;z&gt;\"'</string></value>\n<value><boolean>1</boolean></value>\n<value><boolean>0</boolean></value>\n<value><nil/></value><value><struct>\n<member>\n<name>k</name>\n<value><array><data>\n</data></array></value>\n</member>\n</struct></value>\n<value><struct>\n</struct></value>\n</data></array></value>\n</member>\n<member>\n<name>d</name>\n<value><dateTime.iso8601>20261129T17:02:06</dateTime.iso8601></value>\n</member>\n<member>\n<name>b</name>\n<value><base64>\nAAFoZWxsbyB3b3JsZAABaGVsbG8gd29ybGQAAWhlbGxvIHdvcmxkAAFoZWxsbyB3b3JsZAABaGVs\nbG8gd29ybGQAAWhlbGxvIHdvcmxkAAFoZWxsbyB3b3JsZAABaGVsbG8gd29ybGQAAWhlbGxvIHdv\ncmxkAAFoZWxsbyB3b3JsZA==\n</base64></value>\n</member>\n<member>\n<name>u</name>\n<value><string>\u00e7\u00e3o \ud83d\ude00 \t\n end</string></value>\n</member>\n<member>\n<name>big</name>\n<value><double>1e+16</double></value>\n</member>\n<member>\n<name>neg</name>\n<value><int>-3</int></value>\n</member>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n";

const PYTHON_CALL =
  "<?xml version='1.0'?>\n<methodCall>\n<methodName>m.x</methodName>\n<params>\n<param>\n<value><nil/></value></param>\n<param>\n<value><string>a</string></value>\n</param>\n<param>\n<value><array><data>\n</data></array></value>\n</param>\n</params>\n</methodCall>\n";

describe('formatPythonFloat', () => {
  it.each(PYTHON_REPR)('%s prints like repr() as %s', (n, expected) => {
    expect(formatPythonFloat(n)).toBe(expected);
  });
});

describe('encoders reproduce xmlrpc.client.dumps byte for byte', () => {
  const sample: XmlRpcValue = {
    a: [1, 2.5, 'x&y<z>"\'', true, false, null, { k: [] }, {}],
    d: new Date(Date.UTC(2026, 10, 29, 17, 2, 6, 789)),
    b: Buffer.from('\x00\x01hello world'.repeat(10), 'latin1'),
    u: 'ção 😀 \t\n end',
    big: 1e16,
    neg: -3,
  };

  it('a response with every type, nil quirk, base64 wrapping and escaping', () => {
    expect(encodeMethodResponse(sample)).toBe(PYTHON_RESPONSE);
  });

  it('a method call (nil has no trailing newline in Python either)', () => {
    expect(encodeMethodCall('m.x', [null, 'a', []])).toBe(PYTHON_CALL);
  });

  it('integers in int32 range are <int>, others and XmlRpcDouble are <double>', () => {
    const body = encodeMethodResponse([2147483647, -2147483648, 2147483648, 4, double(4), 0.5]);
    expect(body).toContain('<value><int>2147483647</int></value>\n<value><int>-2147483648</int></value>\n');
    expect(body).toContain(
      '<value><double>2147483648.0</double></value>\n<value><int>4</int></value>\n<value><double>4.0</double></value>\n<value><double>0.5</double></value>\n',
    );
  });

  it('streams a large array in chunks that concatenate to the single-string encoding', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `line ${i} & <more>`, qty: double(i / 4) }));
    const chunks = [...encodeMethodResponseChunks(rows)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(encodeMethodResponse(rows));
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThan(80 * 1024);
  });

  it('faults look like Odoo fault 3', () => {
    expect(encodeFault(3, 'Access Denied')).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>3</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>Access Denied</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n",
    );
  });

  it('refuses values XML-RPC cannot carry', () => {
    expect(() => encodeMethodResponse(undefined as unknown as XmlRpcValue)).toThrow(TypeError);
    expect(() => encodeMethodResponse(new Date(NaN))).toThrow(TypeError);
  });
});
