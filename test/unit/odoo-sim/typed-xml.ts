/**
 * A tiny XML-RPC reader for tests that keeps every value's wire type (int vs double vs
 * string vs boolean...), so a response can be compared with a recorded one type by type.
 */
export type Typed =
  | { t: 'int'; v: number }
  | { t: 'double'; v: number }
  | { t: 'string'; v: string }
  | { t: 'boolean'; v: boolean }
  | { t: 'nil' }
  | { t: 'dateTime.iso8601'; v: string }
  | { t: 'base64'; v: string }
  | { t: 'array'; v: Typed[] }
  | { t: 'struct'; v: Array<[string, Typed]> };

interface Token {
  kind: 'open' | 'close' | 'empty' | 'text';
  name: string;
  text: string;
}

function unescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function tokenize(xml: string): Token[] {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const tokens: Token[] = [];
  const re = /<(\/?)([A-Za-z][\w.-]*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    if (m[4] !== undefined) tokens.push({ kind: 'text', name: '', text: unescape(m[4]) });
    else tokens.push({ kind: m[1] ? 'close' : m[3] ? 'empty' : 'open', name: m[2], text: '' });
  }
  return tokens;
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private skipSpace(): void {
    while (this.i < this.tokens.length && this.tokens[this.i].kind === 'text' && this.tokens[this.i].text.trim() === '') this.i++;
  }

  open(name: string): void {
    this.skipSpace();
    const t = this.tokens[this.i++];
    if (!t || t.kind !== 'open' || t.name !== name) throw new Error(`expected <${name}>, got ${JSON.stringify(t)}`);
  }

  close(name: string): void {
    this.skipSpace();
    const t = this.tokens[this.i++];
    if (!t || t.kind !== 'close' || t.name !== name) throw new Error(`expected </${name}>, got ${JSON.stringify(t)}`);
  }

  peek(): Token | undefined {
    this.skipSpace();
    return this.tokens[this.i];
  }

  text(): string {
    const t = this.tokens[this.i];
    if (t && t.kind === 'text') {
      this.i++;
      return t.text;
    }
    return '';
  }

  value(): Typed {
    this.open('value');
    const next = this.tokens[this.i];
    if (next && next.kind === 'text') {
      const raw = this.text();
      if (this.tokens[this.i]?.kind === 'close') {
        this.close('value');
        return { t: 'string', v: raw };
      }
    }
    const t = this.peek();
    if (!t) throw new Error('unexpected end');
    if (t.kind === 'close') {
      this.close('value');
      return { t: 'string', v: '' };
    }
    if (t.kind === 'empty') {
      this.i++;
      this.close('value');
      if (t.name === 'nil') return { t: 'nil' };
      if (t.name === 'string') return { t: 'string', v: '' };
      throw new Error(`unexpected <${t.name}/>`);
    }
    let result: Typed;
    this.open(t.name);
    switch (t.name) {
      case 'int':
      case 'i4':
      case 'i8':
        result = { t: 'int', v: Number(this.text().trim()) };
        break;
      case 'double':
        result = { t: 'double', v: Number(this.text().trim()) };
        break;
      case 'string':
        result = { t: 'string', v: this.text() };
        break;
      case 'boolean':
        result = { t: 'boolean', v: this.text().trim() === '1' };
        break;
      case 'dateTime.iso8601':
        result = { t: 'dateTime.iso8601', v: this.text().trim() };
        break;
      case 'base64':
        result = { t: 'base64', v: this.text().trim() };
        break;
      case 'array': {
        this.open('data');
        const items: Typed[] = [];
        while (this.peek()?.kind === 'open') items.push(this.value());
        this.close('data');
        result = { t: 'array', v: items };
        break;
      }
      case 'struct': {
        const members: Array<[string, Typed]> = [];
        while (this.peek()?.kind === 'open') {
          this.open('member');
          this.open('name');
          const name = this.text();
          this.close('name');
          members.push([name, this.value()]);
          this.close('member');
        }
        result = { t: 'struct', v: members };
        break;
      }
      default:
        throw new Error(`unknown type <${t.name}>`);
    }
    this.close(t.name);
    this.close('value');
    return result;
  }
}

export type TypedResponse = { kind: 'value'; value: Typed } | { kind: 'fault'; code: number; string: string; raw: Typed };

export function readTypedResponse(xml: string): TypedResponse {
  const r = new Reader(tokenize(xml));
  r.open('methodResponse');
  if (r.peek()?.name === 'fault') {
    r.open('fault');
    const raw = r.value();
    r.close('fault');
    r.close('methodResponse');
    const members = raw.t === 'struct' ? Object.fromEntries(raw.v) : {};
    const code = members.faultCode;
    const string = members.faultString;
    return { kind: 'fault', code: code?.t === 'int' ? code.v : NaN, string: string?.t === 'string' ? string.v : '', raw };
  }
  r.open('params');
  r.open('param');
  const value = r.value();
  r.close('param');
  r.close('params');
  r.close('methodResponse');
  return { kind: 'value', value };
}

/** Typed → plain JS (structs as objects, doubles and ints as numbers). */
export function plain(v: Typed): unknown {
  switch (v.t) {
    case 'array':
      return v.v.map(plain);
    case 'struct':
      return Object.fromEntries(v.v.map(([k, x]) => [k, plain(x)]));
    case 'nil':
      return null;
    default:
      return v.v;
  }
}

/** Differences between two typed values, as readable paths (empty = identical). */
export function typedDiff(actual: Typed, expected: Typed, path = '$'): string[] {
  if (actual.t !== expected.t)
    return [`${path}: type ${actual.t} (${JSON.stringify(plain(actual))}) instead of ${expected.t} (${JSON.stringify(plain(expected))})`];
  if (actual.t === 'array' && expected.t === 'array') {
    const out: string[] = [];
    if (actual.v.length !== expected.v.length) out.push(`${path}: ${actual.v.length} items instead of ${expected.v.length}`);
    for (let i = 0; i < Math.min(actual.v.length, expected.v.length); i++) out.push(...typedDiff(actual.v[i], expected.v[i], `${path}[${i}]`));
    return out;
  }
  if (actual.t === 'struct' && expected.t === 'struct') {
    const out: string[] = [];
    const names = (s: Array<[string, Typed]>) => s.map(([k]) => k).join(',');
    if (names(actual.v) !== names(expected.v)) out.push(`${path}: members [${names(actual.v)}] instead of [${names(expected.v)}]`);
    const a = new Map(actual.v);
    for (const [k, e] of expected.v) {
      const x = a.get(k);
      if (x) out.push(...typedDiff(x, e, `${path}.${k}`));
    }
    return out;
  }
  if (actual.t === 'nil') return [];
  const av = (actual as { v: unknown }).v;
  const ev = (expected as { v: unknown }).v;
  return av === ev ? [] : [`${path}: ${JSON.stringify(av)} instead of ${JSON.stringify(ev)}`];
}
