/**
 * The latest Odoo time this host trusts: its own clock plus a minute (normal NTP skew is well
 * below). Odoo's `Date` header beyond it is capped (a proxy whose clock runs ahead), and so is a
 * `write_date` beyond it (an import with a wrong clock, a row stamped 2099): such a value, kept
 * as the maximum, would sit in `sync_state` for good. Capping only ever makes a run read more.
 */

/** How far Odoo's clock may run ahead of this host's before it is not trusted. */
const ODOO_CLOCK_LEAD_ALLOWED_MS = 60_000;

/** The latest Odoo time trusted at local time `now`. */
export function trustedOdooBound(now: Date): Date {
  return new Date(now.getTime() + ODOO_CLOCK_LEAD_ALLOWED_MS);
}

/** Whether `at` lies beyond what Odoo's clock can have reached at local time `now`. */
export function beyondOdooClock(at: Date, now: Date): boolean {
  return at.getTime() > now.getTime() + ODOO_CLOCK_LEAD_ALLOWED_MS;
}

/**
 * The watermark a run may record for the newest `write_date` it saw: that date, or the bound
 * when the date is in the future (the row is synced all the same: it is real data).
 */
export function watermarkCandidate(newest: Date | null, now: Date): { watermarkTo: Date | null; future: boolean } {
  if (newest === null || !beyondOdooClock(newest, now)) return { watermarkTo: newest, future: false };
  return { watermarkTo: trustedOdooBound(now), future: true };
}
