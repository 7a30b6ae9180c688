import { formatPythonFloat } from './python-float';
import { XmlRpcDouble, type XmlRpcValue } from './types';

/*
 * Byte-for-byte the output of Python's `xmlrpc.client.dumps` (what Odoo sends), including
 * its quirks: one tag group per line, `<nil/>` with no newline after it, base64 wrapped at
 * 76 columns, strings escaping only & < >.
 */

const XML_HEADER = "<?xml version='1.0'?>\n";
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Chunk size for streamed responses: large enough to amortise socket writes. */
const CHUNK_CHARS = 64 * 1024;

const SPECIAL = /[&<>]/;

export function escapeXml(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new TypeError('cannot encode an invalid Date');
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    'T' +
    pad(d.getUTCHours(), 2) +
    ':' +
    pad(d.getUTCMinutes(), 2) +
    ':' +
    pad(d.getUTCSeconds(), 2)
  );
}

/** Python's base64.encodebytes: 76-char lines, each ending in a newline. */
function base64Lines(b: Buffer): string {
  const all = b.toString('base64');
  let out = '';
  for (let i = 0; i < all.length; i += 76) out += all.slice(i, i + 76) + '\n';
  return out;
}

/** One `<value>...</value>` element (with Python's trailing newline, except for nil). */
export function encodeValue(v: XmlRpcValue): string {
  switch (typeof v) {
    case 'string':
      return '<value><string>' + escapeXml(v) + '</string></value>\n';
    case 'number':
      if (Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX) {
        return '<value><int>' + (v === 0 ? '0' : String(v)) + '</int></value>\n';
      }
      return '<value><double>' + formatPythonFloat(v) + '</double></value>\n';
    case 'boolean':
      return v ? '<value><boolean>1</boolean></value>\n' : '<value><boolean>0</boolean></value>\n';
    case 'object':
      break;
    default:
      throw new TypeError(`cannot encode a ${typeof v} as XML-RPC`);
  }
  if (v === null) return '<value><nil/></value>';
  if (Array.isArray(v)) {
    let out = '<value><array><data>\n';
    for (let i = 0; i < v.length; i++) out += encodeValue(v[i]);
    return out + '</data></array></value>\n';
  }
  if (v instanceof XmlRpcDouble) return '<value><double>' + formatPythonFloat(v.value) + '</double></value>\n';
  if (v instanceof Date) return '<value><dateTime.iso8601>' + formatDateTime(v) + '</dateTime.iso8601></value>\n';
  if (Buffer.isBuffer(v)) return '<value><base64>\n' + base64Lines(v) + '</base64></value>\n';
  let out = '<value><struct>\n';
  for (const key of Object.keys(v)) {
    const member = v[key];
    if (member === undefined) continue; // optional properties left unset are simply absent
    out += '<member>\n<name>' + escapeXml(key) + '</name>\n' + encodeValue(member) + '</member>\n';
  }
  return out + '</struct></value>\n';
}

export function encodeMethodCall(methodName: string, params: XmlRpcValue[]): string {
  let out = XML_HEADER + '<methodCall>\n<methodName>' + methodName + '</methodName>\n<params>\n';
  for (const p of params) out += '<param>\n' + encodeValue(p) + '</param>\n';
  return out + '</params>\n</methodCall>\n';
}

export function encodeMethodResponse(value: XmlRpcValue): string {
  let out = '';
  for (const chunk of encodeMethodResponseChunks(value)) out += chunk;
  return out;
}

/**
 * The same bytes as `encodeMethodResponse`, in ~64 KB pieces. A top-level array or struct
 * is encoded one element at a time, so a 100k-record answer never exists as one string.
 */
export function* encodeMethodResponseChunks(value: XmlRpcValue): Generator<string, void, undefined> {
  const head = XML_HEADER + '<methodResponse>\n<params>\n<param>\n';
  const tail = '</param>\n</params>\n</methodResponse>\n';
  const isArray = Array.isArray(value);
  const isStruct =
    !isArray && typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof XmlRpcDouble) && !Buffer.isBuffer(value);
  if (!isArray && !isStruct) {
    yield head + encodeValue(value) + tail;
    return;
  }
  let buf = head + (isArray ? '<value><array><data>\n' : '<value><struct>\n');
  if (isArray) {
    for (const item of value as XmlRpcValue[]) {
      buf += encodeValue(item);
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        buf = '';
      }
    }
    buf += '</data></array></value>\n';
  } else {
    const obj = value as { [key: string]: XmlRpcValue };
    for (const key of Object.keys(obj)) {
      const member = obj[key];
      if (member === undefined) continue;
      buf += '<member>\n<name>' + escapeXml(key) + '</name>\n' + encodeValue(member) + '</member>\n';
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        buf = '';
      }
    }
    buf += '</struct></value>\n';
  }
  yield buf + tail;
}

export function encodeFault(code: number, message: string): string {
  return (
    XML_HEADER +
    '<methodResponse>\n<fault>\n<value><struct>\n' +
    '<member>\n<name>faultCode</name>\n' +
    encodeValue(code) +
    '</member>\n<member>\n<name>faultString</name>\n' +
    encodeValue(message) +
    '</member>\n</struct></value>\n</fault>\n</methodResponse>\n'
  );
}
