/**
 * "Recuperar": the runbook's recovery sync from the console — "janela de N minutos" (preset 120)
 * or a from–to range. The window it would cover is drawn on the timeline (preview) before the
 * operator confirms; the run is recorded with the `recovery` trigger.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Interval } from '../../../../shared/coverage';
import type { RunRequest } from '../../../../shared/console-schemas';
import { useI18n } from '../../i18n/i18n';
import type { Locale, Messages } from '../../../../shared/messages';
import { formatDateEntry, parseDateEntry } from './date-entry';
import { RECOVERY_PRESET_MINUTES, recoveryRequest, type RecoveryError, type RecoveryForm } from './recovery-model';

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The inline error for a form that cannot be sent yet, in the operator's words. */
function errorText(problem: RecoveryError, m: Messages, example: string): string {
  if (problem.error === 'minutes') return m.recovery.invalidMinutes;
  if (problem.error === 'range') return m.recovery.invalid;
  if (problem.error === 'future') return m.recovery.future;
  const field = capitalized(problem.error === 'from' ? m.recovery.from : m.recovery.to);
  if (problem.problem === 'empty') return m.recovery.dateEmpty(field, m.recovery.datePattern);
  if (problem.problem === 'format') return m.recovery.dateFormat(field, m.recovery.datePattern, example);
  return m.recovery.dateInvalid(field);
}

/** A date typed in one language, rewritten as the other writes it (left alone when it does not read). */
function relocalized(text: string, from: Locale, to: Locale): string {
  const parsed = parseDateEntry(text, from);
  return 'ms' in parsed ? formatDateEntry(parsed.ms, to) : text;
}

export function RecoveryPanel({
  now,
  busy,
  longAfterMs,
  onPreview,
  onRecover,
  onClose,
}: {
  now: number;
  busy: boolean;
  /** longer than this (the catch-up bound), the operator confirms the stretch twice */
  longAfterMs: number;
  onPreview: (window: Interval | null) => void;
  onRecover: (request: RunRequest, label: string) => void;
  onClose: () => void;
}) {
  const { m, f, locale } = useI18n();
  const [mode, setMode] = useState<'window' | 'range'>('window');
  const [minutes, setMinutes] = useState(String(RECOVERY_PRESET_MINUTES));
  // The range as typed, and the language it was typed in.
  const [range, setRange] = useState(() => ({
    locale,
    from: formatDateEntry(now - RECOVERY_PRESET_MINUTES * 60_000, locale),
    to: formatDateEntry(now, locale),
  }));
  // Switching the language rewrites the dates already typed in the new language's order.
  if (range.locale !== locale) {
    setRange({ locale, from: relocalized(range.from, range.locale, locale), to: relocalized(range.to, range.locale, locale) });
  }
  const { from, to } = range;
  const setFrom = (text: string) => setRange((current) => ({ ...current, from: text }));
  const setTo = (text: string) => setRange((current) => ({ ...current, to: text }));
  const form: RecoveryForm = mode === 'window' ? { mode, minutes } : { mode, from, to };
  // The minute is enough for a preview: it does not move every second.
  const minute = Math.floor(now / 60_000) * 60_000;
  const parsed = recoveryRequest(form, minute, range.locale, { longAfterMs });
  // a long stretch is confirmed twice: the box below, then "Recuperar"
  const [longAccepted, setLongAccepted] = useState(false);
  const long = 'long' in parsed && parsed.long;
  const example = formatDateEntry(minute, locale);
  const dateError = 'error' in parsed && (parsed.error === 'from' || parsed.error === 'to') ? parsed.error : null;
  const previewFrom = 'window' in parsed ? parsed.window.from : null;
  const previewTo = 'window' in parsed ? parsed.window.to : null;

  useEffect(() => {
    onPreview(previewFrom !== null && previewTo !== null ? { from: previewFrom, to: previewTo } : null);
  }, [previewFrom, previewTo, onPreview]);
  useEffect(() => () => onPreview(null), [onPreview]);
  // Opened from the top bar, the form may start below the fold: bring it into view, ready to type.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'nearest' });
    panel.current?.querySelector<HTMLInputElement>('[data-testid="recovery-minutes"]')?.focus({ preventScroll: true });
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!('request' in parsed) || (parsed.long && !longAccepted)) return;
    const what =
      parsed.request.kind === 'window'
        ? m.recovery.windowLabel(parsed.request.minutes)
        : `${f.time(parsed.window.from, now)} → ${f.time(parsed.window.to, now)}`;
    onRecover(parsed.request, m.recovery.label(what));
    onClose();
  };

  return (
    <section ref={panel} className="panel recovery" data-testid="recovery" aria-labelledby="recovery-title">
      <form onSubmit={submit}>
        <div className="panel-head">
          <div>
            <h2 id="recovery-title">{m.recovery.title}</h2>
            <p className="muted">{m.recovery.subtitle}</p>
          </div>
          <button type="button" className="link" onClick={onClose} aria-label={m.cancel}>
            ×
          </button>
        </div>
        <fieldset className="recovery-fields">
          <legend className="sr-only">{m.recovery.title}</legend>
          <label className="choice">
            <input type="radio" name="recovery-mode" checked={mode === 'window'} onChange={() => setMode('window')} data-testid="recovery-mode-window" />
            {m.recovery.windowMode}
          </label>
          <label className="inline-field">
            <input
              type="number"
              min={1}
              step={1}
              value={minutes}
              disabled={mode !== 'window'}
              onChange={(event) => setMinutes(event.target.value)}
              aria-label={m.recovery.minutes}
              data-testid="recovery-minutes"
            />{' '}
            {m.recovery.minutes}
          </label>
          <label className="choice">
            <input type="radio" name="recovery-mode" checked={mode === 'range'} onChange={() => setMode('range')} data-testid="recovery-mode-range" />
            {m.recovery.rangeMode}
          </label>
          <label className="inline-field">
            {m.recovery.from}{' '}
            <input
              type="text"
              className="date-entry"
              value={from}
              placeholder={m.recovery.datePattern}
              disabled={mode !== 'range'}
              onChange={(event) => setFrom(event.target.value)}
              aria-invalid={mode === 'range' && dateError === 'from'}
              aria-describedby="recovery-date-hint"
              data-testid="recovery-from"
            />
          </label>
          <label className="inline-field">
            {m.recovery.to}{' '}
            <input
              type="text"
              className="date-entry"
              value={to}
              placeholder={m.recovery.datePattern}
              disabled={mode !== 'range'}
              onChange={(event) => setTo(event.target.value)}
              aria-invalid={mode === 'range' && dateError === 'to'}
              aria-describedby="recovery-date-hint"
              data-testid="recovery-to"
            />
          </label>
          <p id="recovery-date-hint" className="muted field-hint">
            {m.recovery.dateHint(m.recovery.datePattern, example)}
          </p>
        </fieldset>
        <div className="recovery-foot">
          {'window' in parsed ? (
            <div className="recovery-plan">
              <p data-testid="recovery-preview">
                {m.recovery.preview(f.time(parsed.window.from, now), f.time(parsed.window.to, now), f.duration(parsed.window.to - parsed.window.from))}
                {parsed.clipped && (
                  <span className="muted" data-testid="recovery-clipped">
                    {' '}
                    {m.recovery.clipped(f.time(parsed.window.to, now))}
                  </span>
                )}
              </p>
              {long && (
                <div className="alert alert-warn" role="alert" data-testid="recovery-long">
                  <p>{m.recovery.longWarning(f.duration(parsed.window.to - parsed.window.from), f.duration(longAfterMs))}</p>
                  <label className="choice">
                    <input
                      type="checkbox"
                      checked={longAccepted}
                      onChange={(event) => setLongAccepted(event.target.checked)}
                      data-testid="recovery-long-accept"
                    />
                    {m.recovery.longConfirm}
                  </label>
                </div>
              )}
            </div>
          ) : (
            <p className="form-error" role="alert" data-testid="recovery-error">
              {errorText(parsed, m, example)}
            </p>
          )}
          <button type="submit" className="btn primary" disabled={busy || !('request' in parsed) || (long && !longAccepted)} data-testid="recovery-confirm">
            {m.recovery.confirm}
          </button>
        </div>
      </form>
    </section>
  );
}
