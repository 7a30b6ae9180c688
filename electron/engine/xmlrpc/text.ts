import { XmlRpcParseError } from './errors';

/*
 * Character data as an XML parser hands it over: line ends normalised to \n (so a Python
 * client and this one agree), then the five predefined entities and numeric references.
 */

export function normalizeNewlines(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

export function decodeText(raw: string): string {
  const s = normalizeNewlines(raw);
  let amp = s.indexOf('&');
  if (amp === -1) return s;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semi = s.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 12) throw new XmlRpcParseError(`unterminated entity "${s.slice(amp, amp + 12)}"`);
    out += s.slice(from, amp) + decodeEntity(s.slice(amp + 1, semi));
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

function isXmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x9 || code === 0xa || code === 0xd;
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
}

function decodeEntity(name: string): string {
  if (name.charCodeAt(0) === 35 /* # */) {
    const hex = name.charCodeAt(1) === 120 /* x */ || name.charCodeAt(1) === 88;
    const digits = name.slice(hex ? 2 : 1);
    const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
    const code = valid ? parseInt(digits, hex ? 16 : 10) : NaN;
    if (!(code >= 0 && code <= 0x10ffff)) throw new XmlRpcParseError(`bad character reference "&${name};"`);
    // As XML 1.0 (and Python's expat): NUL, other C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF are no characters.
    if (!isXmlChar(code))
      throw new XmlRpcParseError(`character reference "&${name};" (U+${code.toString(16).toUpperCase().padStart(4, '0')}) is not allowed in XML`);
    return String.fromCodePoint(code);
  }
  switch (name) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      throw new XmlRpcParseError(`unknown entity "&${name};"`);
  }
}
