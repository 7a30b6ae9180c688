import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeMethodCall,
  decodeMethodResponse,
  encodeMethodCall,
  encodeMethodResponse,
  XmlRpcResponseDecoder,
  type XmlRpcValue,
} from '../../../electron/engine/xmlrpc';
import { randomValue, seededRandom } from './random-values';

/*
 * Property tests with the `xmlrpc` npm package as an independent oracle: what its
 * serializer writes, our decoder must read back to the same value; what our encoder
 * writes, its (sax-based) deserializer must read back to the same value.
 */

interface NpmSerializer {
  serializeMethodCall(method: string, params: unknown[]): string;
  serializeMethodResponse(value: unknown): string;
}
type Callback = (err: Error | null, a?: unknown, b?: unknown) => void;
interface NpmDeserializer {
  deserializeMethodResponse(stream: Readable, cb: Callback): void;
  deserializeMethodCall(stream: Readable, cb: Callback): void;
}

const require = createRequire(import.meta.url);
const serializer = require('xmlrpc/lib/serializer.js') as NpmSerializer;
const Deserializer = require('xmlrpc/lib/deserializer.js') as new () => NpmDeserializer;
const dateFormatter = require('xmlrpc/lib/date_formatter.js') as { setOpts(o: object): void };

function npmDecodeResponse(xml: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodResponse(Readable.from([xml]), (err, value) => (err ? reject(err) : resolve(value)));
  });
}

function npmDecodeCall(xml: string): Promise<{ method: unknown; params: unknown }> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodCall(Readable.from([xml]), (err, method, params) => (err ? reject(err) : resolve({ method, params })));
  });
}

// The npm package reads member names into a plain object, so __proto__ is not comparable there.
function hasProtoKey(v: XmlRpcValue): boolean {
  if (Array.isArray(v)) return v.some(hasProtoKey);
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
    return Object.keys(v).some((k) => k === '__proto__' || hasProtoKey((v as Record<string, XmlRpcValue>)[k]));
  }
  return false;
}

const CASES = 400;

beforeAll(() => {
  // The package writes and reads local time by default; pin both sides to UTC.
  dateFormatter.setOpts({ local: false });
  process.env.TZ = 'UTC';
});

describe('decoder vs the xmlrpc package serializer (seeded random values)', () => {
  it(`${CASES} random responses decode to the serialized value`, () => {
    const rnd = seededRandom(20261129);
    for (let i = 0; i < CASES; i++) {
      const value = randomValue(rnd, 0, { nonFinite: true, dates: true });
      const xml = serializer.serializeMethodResponse(value);
      const decoded = decodeMethodResponse(xml);
      expect(decoded, `case ${i}: ${xml}`).toEqual({ kind: 'value', value });
    }
  });

  it(`${CASES} random calls decode to the serialized method and params`, () => {
    const rnd = seededRandom(7);
    for (let i = 0; i < CASES; i++) {
      const params = Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, 1, { dates: true }));
      const xml = serializer.serializeMethodCall('execute_kw', params);
      expect(decodeMethodCall(xml), `case ${i}: ${xml}`).toEqual({ methodName: 'execute_kw', params });
    }
  });

  it('random responses decode the same when streamed in random chunk sizes', () => {
    const rnd = seededRandom(99);
    for (let i = 0; i < 100; i++) {
      const value = randomValue(rnd, 0, { dates: true });
      const bytes = Buffer.from(serializer.serializeMethodResponse(value));
      const decoder = new XmlRpcResponseDecoder();
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(rnd() * 40);
        decoder.write(bytes.subarray(at, at + size));
        at += size;
      }
      expect(decoder.end(), `case ${i}`).toEqual({ kind: 'value', value });
    }
  });
});

describe('encoder vs the xmlrpc package deserializer (seeded random values)', () => {
  it(`${CASES} random responses are read back by the package`, async () => {
    const rnd = seededRandom(4242);
    let checked = 0;
    for (let i = 0; i < CASES; i++) {
      const value = randomValue(rnd, 0, { dates: true });
      if (hasProtoKey(value)) continue;
      const xml = encodeMethodResponse(value);
      expect(await npmDecodeResponse(xml), `case ${i}: ${xml}`).toEqual(value);
      expect(decodeMethodResponse(xml), `case ${i} (own decoder)`).toEqual({ kind: 'value', value });
      checked++;
    }
    expect(checked).toBeGreaterThan(CASES * 0.9);
  });

  it(`${CASES / 4} random calls are read back by the package`, async () => {
    const rnd = seededRandom(5);
    for (let i = 0; i < CASES / 4; i++) {
      const params = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => randomValue(rnd, 1, { dates: true }));
      if (params.some(hasProtoKey)) continue;
      const xml = encodeMethodCall('execute_kw', params);
      expect(await npmDecodeCall(xml), `case ${i}`).toEqual({ method: 'execute_kw', params });
    }
  });
});
