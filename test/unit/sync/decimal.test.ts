import { describe, expect, it } from 'vitest';
import { add, compare, divide, max, multiply, subtract, sum, toDecimal, toDecimalString } from '../../../electron/engine/sync/decimal';

const d = toDecimal;
const s = toDecimalString;

describe('decimal', () => {
  it('sums floats exactly on the digits Odoo printed', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(s(add(d(0.1), d(0.2)))).toBe('0.3');
    expect(s(sum([d(1.1), d(2.2), d(3.3)]))).toBe('6.6');
  });

  it('reads exponent notation and keeps tiny and huge values exact', () => {
    expect(s(d(1e-7))).toBe('0.0000001');
    expect(s(d(1.5e21))).toBe('1500000000000000000000');
    expect(s(d(-2.5e-3))).toBe('-0.0025');
  });

  it('multiplies, subtracts and compares', () => {
    expect(s(multiply(d(3), d(19.99)))).toBe('59.97');
    expect(s(subtract(d(5), d(7.5)))).toBe('-2.5');
    expect(compare(d('1.50'), d(1.5))).toBe(0);
    expect(s(max(d(0), subtract(d(2), d(3))))).toBe('0');
  });

  it('divides with half-away-from-zero rounding at the given scale', () => {
    expect(s(divide(d(10), d(3), 6))).toBe('3.333333');
    expect(s(divide(d(20), d(3), 6))).toBe('6.666667');
    expect(s(divide(d(-20), d(3), 2))).toBe('-6.67');
    expect(s(divide(d(59.97), d(3), 6))).toBe('19.99');
    expect(() => divide(d(1), d(0), 2)).toThrow(/division by zero/);
  });

  it('rejects what is not a number', () => {
    expect(() => d('abc')).toThrow(/not a decimal/);
    expect(() => d(Number.NaN)).toThrow(/not a finite/);
  });
});
