/**
 * Issue 16.9: the text rules of operator text (pause and release reasons), one rule for every
 * door: the engine's check (CLI, IPC, HTTP after the schema) and the console's schemas agree on
 * every Unicode control and separator class, and a reason needs something visible.
 */
import { describe, expect, it } from 'vitest';
import { pauseSchema, releaseLockSchema } from '../../../shared/console-schemas';
import { checkOperatorText, OperatorTextError } from '../../../electron/engine/operator-text';

/** What the engine says of `text`: the text it keeps, or its refusal. */
const engineSays = (text: string): { ok: true; text: string } | { ok: false; error: string } => {
  try {
    return { ok: true, text: checkOperatorText('reason', text) };
  } catch (error) {
    expect(error).toBeInstanceOf(OperatorTextError);
    return { ok: false, error: (error as Error).message };
  }
};
const schemaAccepts = (reason: string) => pauseSchema.safeParse({ reason }).success && releaseLockSchema.safeParse({ force: true, reason }).success;

const refused: [string, string][] = [
  ['C1 NEL (U+0085)', 'parar\u0085agora'],
  ['C1 CSI (U+009B), a terminal escape', 'parar\u009b31mvermelho'],
  ['C0 ESC', 'esc\u001b[31m'],
  ['DEL', 'x\u007fy'],
  ['tab', 'a\tb'],
  ['line separator U+2028', 'linha\u2028quebrada'],
  ['paragraph separator U+2029', 'parágrafo\u2029novo'],
  ['bidi override RLO U+202E', 'fatura \u202Etxt.exe'],
  ['bidi embedding LRE U+202A', 'a\u202Ab'],
  ['bidi isolate LRI U+2066', 'a\u2066b\u2069'],
  ['pop directional isolate U+2069', 'a\u2069'],
  ['left-to-right mark U+200E', 'a\u200Eb'],
  ['arabic letter mark U+061C', 'a\u061Cb'],
  ['zero-width space inside', 'manu\u200Btenção'],
  ['byte-order mark inside', 'a\uFEFFb'],
  ['word joiner U+2060', 'a\u2060b'],
  ['soft hyphen U+00AD', 'manu\u00ADtenção'],
  ['invisible tag characters (ASCII smuggling)', 'ok\u{E0069}\u{E0067}'],
  ['a lone high surrogate', 'a\uD800b'],
  ['a lone low surrogate', 'a\uDC00b'],
  ['only a zero-width space', '\u200B'],
  ['only combining marks', '\u0301\u0301'],
  ['only a Hangul filler (a letter that shows nothing)', '\u3164'],
  ['only spaces of other kinds', '\u00A0\u3000'],
];

const accepted: [string, string][] = [
  ['Portuguese text', 'manutenção do Odoo às 14h — ver chamado #123'],
  ['an emoji', 'deploy 🚀'],
  ['an emoji joined with ZWJ', 'família 👨‍👩‍👧'],
  ['a no-break space inside', 'R$\u00A0100'],
  ['Arabic and Hebrew (right-to-left letters without overrides)', 'صيانة שלום'],
  ['a single visible character', 'x'],
];

describe('operator text: one rule, every door', () => {
  it.each(refused)('refuses %s, in the engine and in the schemas', (_name, text) => {
    const verdict = engineSays(text);
    expect(verdict.ok, JSON.stringify(text)).toBe(false);
    if (!verdict.ok) expect(verdict.error).toMatch(/^reason: /);
    expect(schemaAccepts(text), JSON.stringify(text)).toBe(false);
  });

  it.each(accepted)('accepts %s, in the engine and in the schemas', (_name, text) => {
    expect(engineSays(text)).toEqual({ ok: true, text });
    expect(schemaAccepts(text)).toBe(true);
  });

  it('names the character and where it is, in the same words on both doors', () => {
    const verdict = engineSays('parar\u009b31m');
    expect(verdict).toEqual({ ok: false, error: expect.stringMatching(/U\+009B .*position 6/) as unknown });
    const parsed = pauseSchema.safeParse({ reason: 'parar\u009b31m' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.message)).toContain((verdict as { error: string }).error.replace(/^reason: /, ''));
  });

  it('agrees with the engine on every BMP character and on astral samples, alone and between letters', () => {
    const disagreements: string[] = [];
    const check = (text: string) => {
      const engine = engineSays(text).ok;
      const schema = schemaAccepts(text);
      if (engine !== schema) disagreements.push(`${JSON.stringify(text)}: engine ${engine}, schemas ${schema}`);
    };
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      check(char);
      check(`a${char}b`);
    }
    for (const code of [0x1f680, 0x1d173, 0xe0001, 0xe0041, 0xf0000, 0x10fffd, 0x1bca0]) check(`a${String.fromCodePoint(code)}b`);
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  it('keeps the length limit and trims the ends as before', () => {
    expect(engineSays(`  ${'x'.repeat(500)}  `).ok).toBe(true);
    expect(engineSays('x'.repeat(501)).ok).toBe(false);
    expect(schemaAccepts('x'.repeat(501))).toBe(false);
    expect(engineSays('  parar  ')).toEqual({ ok: true, text: 'parar' });
  });
});
