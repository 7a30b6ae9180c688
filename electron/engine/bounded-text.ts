/**
 * Text quoted from outside (Odoo's error messages above all: a fault string can be megabytes)
 * is cut to a few kB wherever it is recorded, logged or returned, so one bad answer cannot put
 * 4 MB into every run row, log line and status (docs/SECURITY.md, "Bounded text"). The cut says
 * so, and how much was left out; the whole text goes to the log at debug level only.
 */

/** What `sync_runs.error`, a log message and the status hold of one text, marker included. */
export const MAX_QUOTED_TEXT = 4096;

/** `text` when it fits in `max` characters; else its start and a marker saying how much was cut, `max` characters in all. */
export function boundText(text: string, max: number = MAX_QUOTED_TEXT): string {
  if (text.length <= max) return text;
  // the marker's digits can only shrink as more is kept, so measuring it with the whole length is safe
  let keep = max - cutMarker(text.length).length;
  // never split a surrogate pair (a lone half would be stored as U+FFFD)
  if (keep > 0 && isHighSurrogate(text.charCodeAt(keep - 1))) keep--;
  return `${text.slice(0, Math.max(0, keep))}${cutMarker(text.length - Math.max(0, keep))}`;
}

function cutMarker(omitted: number): string {
  return ` … [cortado: mais ${omitted} caracteres | cut: ${omitted} more characters]`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
