import { describe, expect, it } from 'vitest';
import {
  formatOdooDatetime,
  lastTracebackLine,
  odooDate,
  odooDatetime,
  odooIdList,
  odooInt,
  odooMany2one,
  odooNullableString,
  odooSelection,
  odooString,
  parseOdooDatetime,
} from '../../../electron/engine/odoo';

describe('Odoo field schemas', () => {
  it('odooDatetime reads UTC strings and turns False into null', () => {
    expect(odooDatetime().parse('2026-11-29 17:02:15')).toEqual(new Date('2026-11-29T17:02:15Z'));
    expect(odooDatetime().parse(false)).toBeNull();
    for (const bad of ['2026-11-29T17:02:15', '2026-13-01 00:00:00', '2026-02-30 10:00:00', '', 'x']) {
      expect(odooDatetime().safeParse(bad).success, bad).toBe(false);
    }
    expect(odooDatetime().safeParse(true).success).toBe(false);
  });

  it('odooDate reads YYYY-MM-DD as UTC midnight', () => {
    expect(odooDate().parse('2026-02-28')).toEqual(new Date('2026-02-28T00:00:00Z'));
    expect(odooDate().parse(false)).toBeNull();
    expect(odooDate().safeParse('2026-02-29').success).toBe(false);
  });

  it('formatOdooDatetime writes UTC with whole seconds and round-trips', () => {
    const d = new Date('2026-11-29T14:02:06.999-03:00');
    expect(formatOdooDatetime(d)).toBe('2026-11-29 17:02:06');
    expect(parseOdooDatetime(formatOdooDatetime(d))).toEqual(new Date('2026-11-29T17:02:06Z'));
    expect(() => formatOdooDatetime(new Date(NaN))).toThrow(TypeError);
  });

  it('odooMany2one maps [id, name] and False', () => {
    expect(odooMany2one().parse([31, '[FURN_6666] Acoustic Bloc Screens'])).toEqual({ id: 31, name: '[FURN_6666] Acoustic Bloc Screens' });
    expect(odooMany2one().parse(false)).toBeNull();
    expect(odooMany2one().safeParse([31]).success).toBe(false);
    expect(odooMany2one().safeParse(31).success).toBe(false);
  });

  it('strings, ints, id lists and selections', () => {
    expect(odooNullableString().parse(false)).toBeNull();
    expect(odooNullableString().parse('FURN_7777')).toBe('FURN_7777');
    expect(odooString().safeParse(false).success).toBe(false);
    expect(odooInt().safeParse(1.5).success).toBe(false);
    expect(odooIdList().parse([1, 2])).toEqual([1, 2]);
    expect(odooSelection(['line_section', 'line_note']).parse(false)).toBeNull();
    expect(odooSelection(['line_section', 'line_note']).parse('line_note')).toBe('line_note');
    expect(odooSelection(['line_section', 'line_note']).safeParse('product').success).toBe(false);
    expect(odooSelection().parse('anything')).toBe('anything');
  });
});

describe('lastTracebackLine', () => {
  it('keeps the last line without the exception class prefix', () => {
    expect(lastTracebackLine("Traceback...\n  File \"x\"\nValueError: Invalid field 'x' on model 'y'\n")).toBe("Invalid field 'x' on model 'y'");
    expect(lastTracebackLine('odoo.exceptions.AccessError: You are not allowed')).toBe('You are not allowed');
    expect(lastTracebackLine('Access Denied')).toBe('Access Denied');
  });
});
