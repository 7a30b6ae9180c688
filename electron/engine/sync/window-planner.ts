/**
 * Decides which stretch of Odoo `write_date`s a run covers. Pure: time comes in as `now`.
 *
 * A scheduled run reads from `odooSyncedTo − overlap` up to whatever Odoo has now:
 * `odooSyncedTo` is Odoo's own clock (its HTTP `Date` header, less the round trip) when the
 * last connected successful run began reading, so everything Odoo committed before it was
 * read. The overlap is the late-commit budget (Odoo stamps rows with the transaction's START
 * time, so a long transaction commits "in the past"). A quiet Odoo is therefore not re-read:
 * the start follows the runs, not the newest write_date (the watermark), which stands still
 * while nothing changes. Downtime of any length is caught up, since the start stays where the
 * last success left it. Before any run has recorded Odoo's clock (a store from before it was
 * kept, or an Odoo whose answers carry no `Date`), the start is
 * min(now − window, watermark − overlap) as before. The start is bounded by
 * `maxCatchUpHours`; what lies before the bound and no successful run ever covered is
 * reported as a gap. A stored Odoo clock beyond this host's clock plus the allowed lead is not
 * trusted (the rule without it applies); a future watermark never matters: the rule without
 * Odoo's clock takes the earlier of the two.
 */
import { covers, findGaps, type Interval } from '../../../shared/coverage';
import { localDateTimeZoned } from '../../../shared/local-time';
import { type EngineConfig, overlapMinutes } from '../config';
import { beyondOdooClock } from './odoo-clock-bound';

export interface WindowPlan {
  /** null → no lower bound (a full load of every order) */
  from: Date | null;
  to: Date;
  /** the first load of an empty store (every order, or those changed since SYNC_INITIAL_SINCE) */
  fullLoad: boolean;
  /** the part that should have been covered but is beyond the catch-up bound */
  gap: { from: Date; to: Date } | null;
}

export interface ScheduledPlanInput {
  now: Date;
  watermark: Date | null;
  /** Odoo's clock when the last connected successful run began reading (null: never recorded) */
  odooSyncedTo: Date | null;
  windowMinutes: number;
  overlapMinutes: number;
  maxCatchUpHours: number;
  /** windows of past successful runs (epoch ms; a full load starts at -Infinity) */
  covered: readonly Interval[];
  /** first load starts here instead of loading every order */
  initialSince: Date | null;
}

const MINUTE = 60_000;

/** Which part of a run request (`RunRequest`'s field names) made the window invalid. */
export type WindowField = 'from' | 'to' | 'minutes';

/**
 * A window that cannot be planned: an inverted or future range, an invalid time, a
 * non-positive number of minutes. The caller's mistake, not the engine's: the console
 * answers it as a bad request, the CLI prints it with its flag names.
 */
export class InvalidWindowError extends Error {
  constructor(
    message: string,
    /** the request fields at fault */
    readonly fields: readonly WindowField[],
  ) {
    super(message);
    this.name = 'InvalidWindowError';
  }
}

export function planScheduledWindow(input: ScheduledPlanInput): WindowPlan {
  const { now, watermark, odooSyncedTo } = input;
  if (watermark === null && odooSyncedTo === null && input.covered.length === 0) {
    return { from: input.initialSince, to: now, fullLoad: true, gap: null };
  }
  // An Odoo clock stored beyond what Odoo can have reached (kept before it was bounded) would start
  // the run past rows not yet written: it is not trusted, and the next success pulls it back.
  const syncedTo = odooSyncedTo && !beyondOdooClock(odooSyncedTo, now) ? odooSyncedTo : null;
  const wanted = syncedTo ? syncedTo.getTime() - input.overlapMinutes * MINUTE : startWithoutOdooClock(input);
  const bound = now.getTime() - input.maxCatchUpHours * 60 * MINUTE;
  if (wanted >= bound) return { from: new Date(wanted), to: now, fullLoad: false, gap: null };

  // Only what no successful run covered is a real gap: an idle Odoo leaves the watermark
  // behind without anything being missed.
  const uncovered = findGaps(input.covered, { from: wanted, to: bound });
  const gap = uncovered.length > 0 ? { from: new Date(uncovered[0].from), to: new Date(uncovered[uncovered.length - 1].to) } : null;
  return { from: new Date(bound), to: now, fullLoad: false, gap };
}

/** The configuration a scheduled plan depends on. */
export type PlannerConfig = Pick<EngineConfig, 'windowMinutes' | 'intervalMinutes' | 'maxCatchUpHours' | 'initialSince'>;

/**
 * A scheduled run's plan under the configuration. The runs and the status's "próxima janela"
 * both plan through here, so they cannot disagree.
 */
export function planScheduledRun(config: PlannerConfig, input: Pick<ScheduledPlanInput, 'now' | 'watermark' | 'odooSyncedTo' | 'covered'>): WindowPlan {
  return planScheduledWindow({
    ...input,
    windowMinutes: config.windowMinutes,
    overlapMinutes: overlapMinutes(config),
    maxCatchUpHours: config.maxCatchUpHours,
    initialSince: config.initialSince,
  });
}

/** The rule from before Odoo's clock was recorded: the window, or further back to the watermark less the overlap. */
function startWithoutOdooClock({ now, watermark, windowMinutes, overlapMinutes }: ScheduledPlanInput): number {
  const byWindow = now.getTime() - windowMinutes * MINUTE;
  const byWatermark = watermark ? watermark.getTime() - overlapMinutes * MINUTE : byWindow;
  return Math.min(byWindow, byWatermark);
}

/** A manual window (`run --window MIN`, the console's window request): the last MIN minutes. */
export function planManualWindow(now: Date, minutes: number): WindowPlan {
  if (!Number.isInteger(minutes) || minutes < 1)
    throw new InvalidWindowError(`a janela em minutos deve ser um número inteiro, de 1 para cima (veio ${minutes})`, ['minutes']);
  return { from: new Date(now.getTime() - minutes * MINUTE), to: now, fullLoad: false, gap: null };
}

/** A recovery of an explicit stretch (`run --from ISO --to ISO`, the console's range request); its end is clipped to now. */
export function planRecoveryWindow(from: Date, to: Date, now: Date): WindowPlan {
  if (Number.isNaN(from.getTime())) throw new InvalidWindowError('o início do intervalo não é uma data e hora válida', ['from']);
  if (Number.isNaN(to.getTime())) throw new InvalidWindowError('o fim do intervalo não é uma data e hora válida', ['to']);
  if (!(from < to))
    throw new InvalidWindowError(`o início do intervalo (${localDateTimeZoned(from)}) deve ser antes do fim (${localDateTimeZoned(to)})`, ['from', 'to']);
  if (from > now)
    throw new InvalidWindowError(`o início do intervalo (${localDateTimeZoned(from)}) está no futuro (agora são ${localDateTimeZoned(now)})`, ['from']);
  return { from, to: to > now ? now : to, fullLoad: false, gap: null };
}

/**
 * The watermark (and `odooSyncedTo`) may move only when everything between it and the run's window start has
 * been seen: the window reaches back to it, or earlier successful runs covered the stretch
 * in between (an idle Odoo, or a window clipped at the catch-up bound). Otherwise advancing
 * it would jump over an unsynced stretch. It never moves backwards (the store takes the max).
 */
export function mayAdvanceWatermark(plan: WindowPlan, watermark: Date | null, covered: readonly Interval[] = [], odooSyncedTo: Date | null = null): boolean {
  if (plan.fullLoad || plan.from === null) return true;
  // The connection point is Odoo's clock once recorded, else the watermark: the window reaches
  // back to it, or successful runs (a recovery of the reported gap, say) covered the stretch between.
  const since = odooSyncedTo ?? watermark;
  if (since === null) return false;
  return plan.from.getTime() <= since.getTime() || covers(covered, { from: since.getTime(), to: plan.from.getTime() });
}
