import type { XmlRpcValue } from '../../../electron/engine/xmlrpc';

/** mulberry32: a tiny seeded PRNG so a failing property case can be replayed by seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// XML-special, whitespace, accented, CJK, astral (surrogate pair) and entity-looking pieces.
const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '  ',
  '\t',
  '\n',
  '&',
  '<',
  '>',
  '"',
  "'",
  ']]>',
  '&amp;',
  '&#65;',
  'ç',
  'ã',
  'é',
  '€',
  '中文',
  '😀',
  '𝄞',
  'S00001',
  '[FURN_7777] Office Chair',
  '=',
  '-',
  '.',
];

export interface RandomOptions {
  /** Include NaN/±Infinity doubles. */
  nonFinite?: boolean;
  /** Include Date values (whole seconds). */
  dates?: boolean;
}

export function randomString(rnd: () => number, maxPieces = 8): string {
  let s = '';
  const n = Math.floor(rnd() * (maxPieces + 1));
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rnd() * PIECES.length)];
  // The oracle's xmlbuilder escapes only the first "]]>" of a CDATA section (a bug in it),
  // so keep at most one per string.
  const first = s.indexOf(']]>');
  return first === -1 ? s : s.slice(0, first + 3) + s.slice(first + 3).replaceAll(']]>', ']>');
}

export function randomValue(rnd: () => number, depth = 0, opts: RandomOptions = {}): XmlRpcValue {
  const kinds = depth >= 3 ? 7 : 9;
  switch (Math.floor(rnd() * kinds)) {
    case 0:
      return randomString(rnd);
    case 1: {
      const big = rnd() < 0.2;
      return Math.floor((rnd() - 0.5) * (big ? 2 ** 52 : 2 ** 31)) || 1;
    }
    case 2: {
      if (opts.nonFinite && rnd() < 0.1) return [NaN, Infinity, -Infinity][Math.floor(rnd() * 3)];
      const v = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
      return Number.isInteger(v) ? v + 0.5 : v;
    }
    case 3:
      return rnd() < 0.5;
    case 4:
      return null;
    case 5:
      return opts.dates ? new Date(Math.floor((rnd() * 4e12) / 1000) * 1000) : randomString(rnd, 2);
    case 6:
      return Buffer.from(Array.from({ length: Math.floor(rnd() * 120) }, () => Math.floor(rnd() * 256)));
    case 7:
      return Array.from({ length: Math.floor(rnd() * 5) }, () => randomValue(rnd, depth + 1, opts));
    default: {
      const obj: { [key: string]: XmlRpcValue } = {};
      const n = Math.floor(rnd() * 5);
      for (let i = 0; i < n; i++) obj[randomString(rnd, 3) || `k${i}`] = randomValue(rnd, depth + 1, opts);
      return obj;
    }
  }
}
