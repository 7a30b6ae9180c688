/**
 * The one rule for text an operator types (pause and release reasons, the audit's actor): it
 * lands in the audit table, the logs and `status` on a terminal, so it must read as what it
 * shows. The engine (`electron/engine/operator-text.ts`) and the console's schemas
 * (`console-schemas.ts`) both ask this function; neither has a rule of its own.
 *
 * Refused anywhere in the text (after trimming the ends):
 * - Cc: C0 controls (NUL, tab, line breaks, ESC), DEL and the C1 controls (U+0080–U+009F:
 *   U+0085 is a line break, U+009B starts a terminal escape);
 * - Zl, Zp: U+2028, U+2029 (line and paragraph separators; JavaScript and some viewers break on them);
 * - Cf, format characters: bidi controls (U+061C, U+200E/200F, U+202A–202E, U+2066–2069, which
 *   reorder what a reader sees), zero-width and invisible ones (U+200B, U+2060–2064, U+FEFF,
 *   U+00AD, the tag characters U+E0000–E007F that smuggle invisible text), and every other
 *   format character; only the joiners U+200C/U+200D are allowed (scripts and emoji need them);
 * - Cs: a lone surrogate (no character at all; PostgreSQL would store U+FFFD in its place).
 *
 * And the text needs at least one visible character: a letter, digit, punctuation or symbol
 * that is not default-ignorable (U+3164 HANGUL FILLER is a "letter" that shows nothing).
 */
export const MAX_OPERATOR_TEXT = 500;

/** Every Cc, Cf, Zl, Zp or lone surrogate, but the two joiners. */
const REFUSED = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const VISIBLE = /(?!\p{Default_Ignorable_Code_Point})[\p{L}\p{N}\p{P}\p{S}]/u;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const C1 = /[\u0080-\u009f]/;

/** What is wrong with `text` (already trimmed) as operator text, in the words every door answers with; null when nothing is. */
export function operatorTextProblem(text: string): string | null {
  if (text.length > MAX_OPERATOR_TEXT) return `at most ${MAX_OPERATOR_TEXT} characters (got ${text.length})`;
  const found = REFUSED.exec(text);
  if (found) {
    const code = found[0].codePointAt(0)!;
    const position = [...text.slice(0, found.index)].length + 1;
    return `one line of visible text: no ${kindOf(found[0])} (found U+${hex(code)} at position ${position})`;
  }
  if (!VISIBLE.test(text)) return 'needs at least one visible character (a letter, digit, punctuation mark or symbol)';
  return null;
}

function kindOf(char: string): string {
  if (/\p{Cs}/u.test(char)) return 'lone surrogate (half of a character)';
  if (/[\u2028\u2029]/.test(char)) return 'line or paragraph separator';
  if (BIDI.test(char)) return 'bidirectional control (it reorders what is shown)';
  if (C1.test(char)) return 'C1 control character (terminal escapes, line breaks)';
  if (/\p{Cc}/u.test(char)) return 'control character (line breaks, tabs, NUL, escapes)';
  return 'invisible format character (zero-width, soft hyphen, tags)';
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

const REFUSED_ALL = new RegExp(REFUSED.source, 'gu');

/**
 * `text` with every character the rule refuses shown as `<U+XXXX>`, for a terminal: text stored
 * before the rule, or quoted from elsewhere (an error from Odoo), never reaches it as an escape.
 * `lineBreaks` lets `\n` through (multi-line error texts).
 */
export function showInvisible(text: string, options: { lineBreaks?: boolean } = {}): string {
  return text.replace(REFUSED_ALL, (char) => (options.lineBreaks && char === '\n' ? char : `<U+${hex(char.codePointAt(0)!)}>`));
}
