/**
 * Issue 16.9: `status` prints text that came from elsewhere (a reason stored before the text
 * rule, an actor, an error quoted from Odoo) on a terminal: a C1 CSI (U+009B) or ESC would be
 * a terminal escape, a bidi override reorders the line. The CLI shows them as `<U+XXXX>`.
 */
import { describe, expect, it } from 'vitest';
import { formatLock, formatRun, formatStatus } from '../../../electron/engine/cli/format';
import { lock, run, status } from '../renderer/fixtures';

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b]/;

describe('the CLI shows stored text without its controls', () => {
  it('a paused reason and actor with C1 controls, bidi overrides and line separators', () => {
    const text = formatStatus(status({ paused: { by: 'ops\u202e@host', reason: 'parar\u009b31m agora\u0085\u2028fim', at: '2026-05-01T12:00:00.000Z' } }));
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('PAUSADO por ops<U+202E>@host: parar<U+009B>31m agora<U+0085><U+2028>fim');
  });

  it('a run error quoted from Odoo with an ANSI escape keeps its line breaks, nothing else', () => {
    const text = formatRun(run({ status: 'failed', error: 'sale.order.search_read: \u001b[31mboom\u001b[0m\nline two\u200b' }));
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('<U+001B>[31mboom<U+001B>[0m\nline two<U+200B>');
  });

  it('a lock error and a holder', () => {
    expect(formatLock(lock({ error: 'x\u009by' }))).toBe('lock: DESCONHECIDO (x<U+009B>y)');
  });
});
