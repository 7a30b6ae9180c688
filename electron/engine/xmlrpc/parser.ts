import { XmlRpcParseError } from './errors';
import { parseBase64, parseBoolean, parseDateTime, parseDouble, parseIntAt } from './scalars';
import { decodeText, normalizeNewlines } from './text';
import type { XmlRpcValue } from './types';

/*
 * A hand-written, resumable XML-RPC parser: index scanning over a string, no DOM, no
 * per-character regex. It consumes the document in atomic units (a whole scalar
 * `<value><int>1</int></value>`, an opening `<value><array><data>`, a closing
 * `</data></array></value>`, a structural tag). A unit that is not complete yet is left
 * untouched, so the same code decodes a whole string or a stream of HTTP chunks: feed
 * more text and it resumes where it stopped, keeping only the unfinished tail.
 */

type Struct = { [key: string]: XmlRpcValue };

/** An open array (items) or struct (obj + the member name waiting for its value). */
interface Frame {
  items: XmlRpcValue[] | null;
  obj: Struct | null;
  key: string | null;
  /** Index of the next struct member, for the member-name cache. */
  member: number;
}

export type RootElement = 'methodCall' | 'methodResponse';

/** Returned by a unit that needs more input. */
const NEED = -1;

const CLOSE: Record<string, string> = {
  int: '</int>',
  i4: '</i4>',
  i8: '</i8>',
  double: '</double>',
  boolean: '</boolean>',
  string: '</string>',
  'dateTime.iso8601': '</dateTime.iso8601>',
  base64: '</base64>',
  nil: '</nil>',
  ex_nil: '</ex:nil>',
};

const KNOWN_TAGS = [
  'value',
  'member',
  'name',
  'data',
  'param',
  'params',
  'fault',
  'methodName',
  'methodCall',
  'methodResponse',
  'array',
  'struct',
  'string',
  'int',
  'i4',
  'i8',
  'double',
  'boolean',
  'dateTime.iso8601',
  'base64',
  'nil',
  'ex:nil',
];
const TAGS_BY_LENGTH: string[][] = [];
for (const tag of KNOWN_TAGS) (TAGS_BY_LENGTH[tag.length] ??= []).push(tag);

/** The tag name between `from` and `to`, as a shared constant when known (no allocation). */
function tagNameAt(buf: string, from: number, to: number): string {
  const candidates = TAGS_BY_LENGTH[to - from];
  if (candidates !== undefined) {
    for (let i = 0; i < candidates.length; i++) if (buf.startsWith(candidates[i], from)) return candidates[i];
  }
  const raw = buf.slice(from, to);
  const blank = raw.search(/\s/); // attributes carry nothing in XML-RPC
  return blank === -1 ? raw : raw.slice(0, blank);
}

function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function setMember(obj: Struct, key: string, v: XmlRpcValue): void {
  // A member literally named __proto__ must become an own property, not the prototype.
  if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

export class XmlRpcParser {
  private buf = '';
  private pos = 0;
  /** Offset of buf[0] in the whole document, for error messages. */
  private base = 0;
  private readonly tags: string[] = [];
  private readonly keyCache: string[] = [];
  private readonly frames: Frame[] = [];
  private rootSeen = false;
  private done = false;
  private inFault = false;
  private paramsBeforeParam = 0;
  /** Strict: bytes that are not UTF-8 are an error, never U+FFFD stored as if Odoo had sent it (ignoreBOM: the BOM is skipped below). */
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  methodName: string | null = null;
  readonly params: XmlRpcValue[] = [];
  faultValue: XmlRpcValue | undefined = undefined;

  constructor(private readonly root: RootElement) {}

  /** Feed the next piece of the document. */
  write(chunk: string | Buffer): void {
    const text = typeof chunk === 'string' ? chunk : this.decodeBytes(chunk);
    if (text.length === 0) return;
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length;
      this.buf = text;
    } else {
      this.base += this.pos;
      this.buf = this.buf.slice(this.pos) + text;
    }
    this.pos = 0;
    if (this.base === 0 && this.buf.charCodeAt(0) === 0xfeff) this.pos = 1; // byte order mark
    try {
      this.run();
    } catch (error) {
      // say where in the value it happened: [row, field] of a list of records
      if (error instanceof XmlRpcParseError && error.path === undefined) error.path = this.valuePath();
      throw error;
    }
  }

  private decodeBytes(chunk: Buffer | undefined): string {
    try {
      return chunk === undefined ? this.decoder.decode() : this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new XmlRpcParseError('the answer is not valid UTF-8 text');
    }
  }

  /** The position of the value being decoded: an index per open array, a member name per open struct. */
  private valuePath(): Array<number | string> {
    return this.frames.map((frame) => (frame.items !== null ? frame.items.length : (frame.key ?? `#${frame.member}`)));
  }

  /** The document is complete: anything unfinished is a truncation error. */
  end(): void {
    const rest = this.decodeBytes(undefined);
    if (rest.length > 0) this.write(rest);
    if (!this.done) {
      const where = this.tags.length > 0 ? ` inside <${this.tags[this.tags.length - 1]}>` : '';
      throw new XmlRpcParseError(`truncated XML-RPC document: unexpected end of input${where}`, this.base + this.pos, true);
    }
  }

  private error(message: string, at: number): XmlRpcParseError {
    const near = this.buf.slice(at, at + 40).replace(/\s+/g, ' ');
    return new XmlRpcParseError(near.length > 0 ? `${message} near "${near}"` : message, this.base + at);
  }

  private run(): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    for (;;) {
      let c = buf.charCodeAt(pos);
      while (isBlank(c)) c = buf.charCodeAt(++pos);
      if (pos >= len) break;
      if (c !== 60 /* < */) throw this.error('unexpected text', pos);
      if (pos + 1 >= len) break;
      const c1 = buf.charCodeAt(pos + 1);
      let next: number;
      if (c1 === 47 /* / */) next = this.closeTag(pos);
      else if (c1 === 63 /* ? */) next = this.declaration(pos);
      else if (c1 === 33 /* ! */) next = this.comment(pos);
      else if (this.done) throw this.error('content after the end of the document', pos);
      else next = this.openTag(pos);
      if (next === NEED) break;
      pos = next;
    }
    this.pos = pos;
  }

  private declaration(at: number): number {
    const end = this.buf.indexOf('?>', at + 2);
    if (end === -1) return NEED;
    if (this.rootSeen) throw this.error('processing instruction inside the document', at);
    return end + 2;
  }

  private comment(at: number): number {
    const buf = this.buf;
    if (buf.length - at < 4) return NEED;
    if (!buf.startsWith('<!--', at)) throw this.error('unexpected markup (DOCTYPE and CDATA are not allowed here)', at);
    const end = buf.indexOf('-->', at + 4);
    return end === -1 ? NEED : end + 3;
  }

  /** Position after `</name>` found at `at` (after optional blanks), NEED, or a parse error. */
  private expectClose(close: string, at: number): number {
    const buf = this.buf;
    while (isBlank(buf.charCodeAt(at))) at++;
    if (buf.startsWith(close, at)) return at + close.length;
    if (at + close.length > buf.length && close.startsWith(buf.slice(at))) return NEED;
    throw this.error(`expected ${close}`, at);
  }

  /** Character data from `from` up to the next tag, with CDATA sections and comments folded in. */
  private readText(from: number): { text: string; end: number } | null {
    const buf = this.buf;
    let lt = buf.indexOf('<', from);
    if (lt === -1) return null;
    if (buf.charCodeAt(lt + 1) !== 33 /* ! */) return { text: decodeText(buf.slice(from, lt)), end: lt };
    let text = decodeText(buf.slice(from, lt));
    let p = lt;
    for (;;) {
      if (buf.startsWith('<![CDATA[', p)) {
        const e = buf.indexOf(']]>', p + 9);
        if (e === -1) return null;
        text += normalizeNewlines(buf.slice(p + 9, e));
        p = e + 3;
      } else if (buf.startsWith('<!--', p)) {
        const e = buf.indexOf('-->', p + 4);
        if (e === -1) return null;
        p = e + 3;
      } else if (p + 9 > buf.length) {
        return null;
      } else {
        throw this.error('unexpected markup in text', p);
      }
      lt = buf.indexOf('<', p);
      if (lt === -1) return null;
      text += decodeText(buf.slice(p, lt));
      p = lt;
      if (buf.charCodeAt(lt + 1) !== 33) return { text, end: lt };
    }
  }

  private emit(v: XmlRpcValue, at: number): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) {
      if (this.inFault) {
        if (this.faultValue !== undefined) throw this.error('more than one value in <fault>', at);
        this.faultValue = v;
      } else {
        this.params.push(v);
      }
    } else if (frame.items !== null) {
      frame.items.push(v);
    } else {
      const key = frame.key;
      if (key === null || frame.obj === null) throw this.error('struct <member> value without a <name>', at);
      setMember(frame.obj, key, v);
      frame.key = null;
    }
  }

  private openTag(at: number): number {
    const buf = this.buf;
    const gt = buf.indexOf('>', at + 1);
    if (gt === -1) return NEED;
    const selfClosing = buf.charCodeAt(gt - 1) === 47;
    const name = tagNameAt(buf, at + 1, selfClosing ? gt - 1 : gt);
    const tags = this.tags;
    const parent = tags.length > 0 ? tags[tags.length - 1] : '';
    switch (name) {
      case 'value':
        if (parent !== 'data' && parent !== 'member' && parent !== 'param' && parent !== 'fault') break;
        return this.value(at, gt, selfClosing);
      case 'member':
        if (parent !== 'struct') break;
        if (!selfClosing) tags.push(name);
        return gt + 1;
      case 'name': {
        if (parent !== 'member') break;
        const frame = this.frames[this.frames.length - 1];
        if (frame.key !== null) throw this.error('struct <member> with two names', at);
        // Records of one answer share their member names: reuse the previous record's
        // string when the bytes match, saving an allocation and a property-key lookup.
        const slot = frame.member++;
        const cached = slot < this.keyCache.length ? this.keyCache[slot] : undefined;
        if (cached !== undefined && !selfClosing && buf.startsWith(cached, gt + 1) && buf.startsWith('</name>', gt + 1 + cached.length)) {
          frame.key = cached;
          return gt + 8 + cached.length;
        }
        const r = this.leafText(gt, selfClosing, '</name>');
        if (r === null) return NEED;
        frame.key = r.text;
        if (slot < 64 && !/[&<\r]/.test(r.text)) this.keyCache[slot] = r.text; // raw bytes == decoded text
        return r.end;
      }
      case 'param':
        if (parent !== 'params') break;
        if (!selfClosing) {
          tags.push(name);
          this.paramsBeforeParam = this.params.length;
        }
        return gt + 1;
      case 'params':
        if (parent !== this.root || this.inFault) break;
        if (!selfClosing) tags.push(name);
        return gt + 1;
      case 'fault':
        if (parent !== 'methodResponse' || selfClosing || this.params.length > 0) break;
        tags.push(name);
        this.inFault = true;
        return gt + 1;
      case 'methodName': {
        if (parent !== 'methodCall' || this.methodName !== null) break;
        const r = this.leafText(gt, selfClosing, '</methodName>');
        if (r === null) return NEED;
        this.methodName = r.text;
        return r.end;
      }
      case 'methodCall':
      case 'methodResponse':
        if (this.rootSeen) break;
        if (name !== this.root) throw this.error(`expected <${this.root}>, got <${name}>`, at);
        this.rootSeen = true;
        if (selfClosing) this.done = true;
        else tags.push(name);
        return gt + 1;
    }
    throw this.error(`unexpected <${name}>${parent ? ` inside <${parent}>` : ''}`, at);
  }

  /** Text of a leaf element whose opening tag ends at `gt`, and the position after its closing tag. */
  private leafText(gt: number, selfClosing: boolean, close: string): { text: string; end: number } | null {
    if (selfClosing) return { text: '', end: gt + 1 };
    const r = this.readText(gt + 1);
    if (r === null) return null;
    const end = this.expectClose(close, r.end);
    return end === NEED ? null : { text: r.text, end };
  }

  /** One `<value>` unit: a whole scalar, or the opening of an array/struct. */
  private value(at: number, gt: number, selfClosing: boolean): number {
    if (selfClosing) {
      this.emit('', at);
      return gt + 1;
    }
    const buf = this.buf;
    let q = gt + 1;
    while (isBlank(buf.charCodeAt(q))) q++;
    if (q + 1 >= buf.length) return NEED;
    if (buf.charCodeAt(q) !== 60 || buf.charCodeAt(q + 1) === 47 || buf.charCodeAt(q + 1) === 33) {
      // No type tag: a bare string (blanks included, as Python's unmarshaller keeps them).
      const r = this.leafText(gt, false, '</value>');
      if (r === null) return NEED;
      this.emit(r.text, at);
      return r.end;
    }
    const tgt = buf.indexOf('>', q + 1);
    if (tgt === -1) return NEED;
    const empty = buf.charCodeAt(tgt - 1) === 47;
    const type = tagNameAt(buf, q + 1, empty ? tgt - 1 : tgt);
    if (type === 'array' || type === 'struct') return this.openContainer(at, type, tgt, empty);
    const closeKey = type === 'ex:nil' ? 'ex_nil' : type;
    if (!Object.hasOwn(CLOSE, closeKey)) throw this.error(`unknown XML-RPC type <${type}>`, q);
    const close = CLOSE[closeKey];
    let textEnd: number;
    let afterType: number;
    let text = '';
    if (empty) {
      textEnd = tgt + 1;
      afterType = tgt + 1;
    } else if (type === 'string') {
      const r = this.readText(tgt + 1);
      if (r === null) return NEED;
      text = r.text;
      textEnd = r.end;
      afterType = this.expectClose(close, textEnd);
    } else {
      textEnd = buf.indexOf('<', tgt + 1);
      if (textEnd === -1) return NEED;
      afterType = this.expectClose(close, textEnd);
    }
    if (afterType === NEED) return NEED;
    const end = this.expectClose('</value>', afterType);
    if (end === NEED) return NEED;
    this.emit(this.scalar(type, text, tgt + 1, textEnd, empty), q);
    return end;
  }

  private scalar(type: string, text: string, from: number, to: number, empty: boolean): XmlRpcValue {
    const buf = this.buf;
    switch (type) {
      case 'string':
        return text;
      case 'int':
      case 'i4':
      case 'i8':
        return parseIntAt(buf, from, empty ? from : to);
      case 'double':
        return parseDouble(empty ? '' : buf.slice(from, to));
      case 'boolean':
        return parseBoolean(empty ? '' : buf.slice(from, to));
      case 'nil':
      case 'ex:nil':
        if (!empty && to > from && buf.slice(from, to).trim() !== '') throw this.error('text inside <nil>', from);
        return null;
      case 'dateTime.iso8601':
        return parseDateTime(empty ? '' : buf.slice(from, to));
      default: // base64
        return parseBase64(empty ? '' : buf.slice(from, to));
    }
  }

  /** `<value><array><data>` or `<value><struct>`; empty forms are finished on the spot. */
  private openContainer(at: number, type: 'array' | 'struct', tgt: number, empty: boolean): number {
    if (empty) {
      const end = this.expectClose('</value>', tgt + 1);
      if (end === NEED) return NEED;
      this.emit(type === 'array' ? [] : {}, at);
      return end;
    }
    if (type === 'struct') {
      this.tags.push('value', 'struct');
      this.frames.push({ items: null, obj: {}, key: null, member: 0 });
      return tgt + 1;
    }
    const buf = this.buf;
    let p = tgt + 1;
    while (isBlank(buf.charCodeAt(p))) p++;
    if (p + 7 > buf.length) return NEED;
    if (buf.startsWith('<data/>', p)) {
      const afterArray = this.expectClose('</array>', p + 7);
      if (afterArray === NEED) return NEED;
      const end = this.expectClose('</value>', afterArray);
      if (end === NEED) return NEED;
      this.emit([], at);
      return end;
    }
    if (!buf.startsWith('<data>', p)) throw this.error('expected <data> in <array>', p);
    this.tags.push('value', 'array', 'data');
    this.frames.push({ items: [], obj: null, key: null, member: 0 });
    return p + 6;
  }

  private closeTag(at: number): number {
    const buf = this.buf;
    const tags = this.tags;
    const top = tags.length > 0 ? tags[tags.length - 1] : '';
    const nameEnd = at + 2 + top.length;
    if (nameEnd >= buf.length) return NEED;
    if (top === '' || !buf.startsWith(top, at + 2) || buf.charCodeAt(nameEnd) !== 62 /* > */) {
      const gt = buf.indexOf('>', at);
      throw this.error(`mismatched closing tag </${buf.slice(at + 2, gt === -1 ? at + 30 : gt)}>${top ? `, expected </${top}>` : ''}`, at);
    }
    let end = nameEnd + 1;
    switch (top) {
      case 'data': {
        // `</data></array></value>` closes the array as one unit.
        const afterArray = this.expectClose('</array>', end);
        if (afterArray === NEED) return NEED;
        end = this.expectClose('</value>', afterArray);
        if (end === NEED) return NEED;
        tags.length -= 3;
        const frame = this.frames.pop() as Frame;
        this.emit(frame.items as XmlRpcValue[], at);
        return end;
      }
      case 'struct': {
        end = this.expectClose('</value>', end);
        if (end === NEED) return NEED;
        const frame = this.frames[this.frames.length - 1];
        if (frame.key !== null) throw this.error(`struct member "${frame.key}" has no value`, at);
        tags.length -= 2;
        this.frames.pop();
        this.emit(frame.obj as Struct, at);
        return end;
      }
      case 'member': {
        const frame = this.frames[this.frames.length - 1];
        if (frame.key !== null) throw this.error(`struct member "${frame.key}" has no value`, at);
        break;
      }
      case 'param':
        if (this.params.length !== this.paramsBeforeParam + 1) throw this.error('<param> must hold exactly one <value>', at);
        break;
      case 'fault':
        if (this.faultValue === undefined) throw this.error('<fault> without a value', at);
        break;
      case 'methodCall':
      case 'methodResponse':
        this.done = true;
        break;
    }
    tags.pop();
    return end;
  }
}
