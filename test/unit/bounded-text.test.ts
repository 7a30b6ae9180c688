/** Issue 16.8: the bound on quoted text (Odoo's errors): at most the limit, marked, never half a character. */
import { describe, expect, it } from 'vitest';
import { boundText, MAX_QUOTED_TEXT } from '../../electron/engine/bounded-text';

describe('boundText', () => {
  it('leaves a text that fits as it is', () => {
    expect(boundText('erro curto')).toBe('erro curto');
    expect(boundText('x'.repeat(MAX_QUOTED_TEXT))).toBe('x'.repeat(MAX_QUOTED_TEXT));
  });

  it('cuts a 4 MB text to the limit, saying how much was left out', () => {
    const huge = 'a'.repeat(4 * 1024 * 1024);
    const cut = boundText(huge);
    expect(cut.length).toBeLessThanOrEqual(MAX_QUOTED_TEXT);
    expect(cut.length).toBeGreaterThan(MAX_QUOTED_TEXT - 100);
    const kept = cut.indexOf(' … [');
    expect(cut).toContain(`cut: ${huge.length - kept} more characters`);
    expect(cut).toContain(`cortado: mais ${huge.length - kept} caracteres`);
  });

  it('never splits a surrogate pair', () => {
    for (let shift = 0; shift < 4; shift++) {
      const cut = boundText('x'.repeat(shift) + '😀'.repeat(5000), 200);
      expect(cut.length).toBeLessThanOrEqual(200);
      expect(/\p{Cs}/u.test(cut)).toBe(false);
    }
  });
});
