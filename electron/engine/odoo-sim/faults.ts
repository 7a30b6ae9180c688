/**
 * Injectable failures, so tests can watch the client meet every way a real Odoo (or the
 * proxy in front of it) goes wrong: slow answers, no answer, 5xx pages, reset connections,
 * cut-off or invalid XML, XML-RPC faults, and well-formed answers that are wrong (an empty
 * list, a list cut to a few rows). Each fault can be aimed at one service / method / model,
 * limited to a number of firings, delayed to the n-th matching call, and withdrawn.
 */
import type { XmlRpcValue } from '../xmlrpc';

export type FaultAction =
  /** Answers normally, `ms` later (adds up with other latency faults). */
  | { kind: 'latency'; ms: number }
  /** Never answers: the connection stays open until the client gives up (or the simulator closes). */
  | { kind: 'timeout' }
  /** An HTTP error page instead of XML-RPC (a proxy's 502/503/504, or a 500). */
  | { kind: 'http'; status: number; body?: string }
  /** Destroys the connection (TCP reset) without answering. */
  | { kind: 'reset' }
  /** Sends a 200 with a Content-Length for the full body but only part of it (`fraction`, default 0.5), then closes. */
  | { kind: 'truncate'; fraction?: number }
  /** A 200 whose body is not well-formed XML. */
  | { kind: 'malformed' }
  /** An XML-RPC fault with this code and string. */
  | { kind: 'fault'; code: number; string: string }
  /**
   * A well-formed answer as if nothing matched: `[]` for a list (search_read, search, read), 0
   * for search_count (a record rule after a company-access change, a misrouted proxy).
   */
  | { kind: 'empty' }
  /** A well-formed answer whose list keeps only its first `rows` records (a proxy, a module or a `limit` rule capping search_read). */
  | { kind: 'cap'; rows: number };

/** The faults that answer normally, then change the answer (`reshapeAnswer`). */
export type AnswerFault = Extract<FaultAction, { kind: 'empty' | 'cap' }>;

export function isAnswerFault(action: FaultAction): action is AnswerFault {
  return action.kind === 'empty' || action.kind === 'cap';
}

/** What an answer fault makes of a successful result (an error stays as it is). */
export function reshapeAnswer(action: AnswerFault, result: XmlRpcValue): XmlRpcValue {
  if (action.kind === 'empty') return Array.isArray(result) ? [] : typeof result === 'number' ? 0 : result;
  return Array.isArray(result) ? result.slice(0, action.rows) : result;
}

export type FaultKind = FaultAction['kind'];

export interface FaultMatch {
  /** `common` or `object`. */
  service?: string;
  /** The XML-RPC method (`execute_kw`, `authenticate`) or the ORM method inside execute_kw (`search_read`). */
  method?: string;
  /** The model of an execute_kw call. */
  model?: string;
}

export type FaultSpec = FaultAction & {
  match?: FaultMatch;
  /** How many times it fires (default 1), or 'always'. */
  times?: number | 'always';
  /** Fire from the n-th matching call on (1 = the next matching call; default 1). */
  afterCalls?: number;
};

/** What the server knows about a call before dispatching it. */
export interface CallInfo {
  /** the wire it came on */
  protocol: 'xmlrpc' | 'jsonrpc' | 'json2' | 'web';
  service: string;
  method: string;
  model?: string;
  ormMethod?: string;
}

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  fired: number;
}

export interface FaultDecision {
  latencyMs: number;
  action?: Exclude<FaultAction, { kind: 'latency' }>;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  inject(fault: FaultSpec): void {
    if (fault.kind === 'latency' && !(fault.ms >= 0)) throw new Error('latency fault needs ms >= 0');
    if (fault.kind === 'cap' && !(Number.isInteger(fault.rows) && fault.rows >= 0)) throw new Error('cap fault needs a whole number of rows >= 0');
    if (fault.times !== undefined && fault.times !== 'always' && !(fault.times >= 1)) throw new Error('fault times must be >= 1 or "always"');
    this.faults.push({ spec: fault, seen: 0, fired: 0 });
  }

  /** Takes back a fault given to `inject` (e.g. one firing 'always'); false when it is gone already. */
  withdraw(fault: FaultSpec): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.spec !== fault);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults that can still fire. */
  pending(): FaultSpec[] {
    return this.faults.filter((f) => !exhausted(f)).map((f) => f.spec);
  }

  /** Decides what happens to one call (and counts it against the matching faults). */
  decide(call: CallInfo): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const fault of this.faults) {
      if (exhausted(fault) || !matches(fault.spec.match, call)) continue;
      fault.seen++;
      if (fault.seen < (fault.spec.afterCalls ?? 1)) continue;
      if (fault.spec.kind === 'latency') {
        fault.fired++;
        decision.latencyMs += fault.spec.ms;
      } else if (!decision.action) {
        fault.fired++;
        decision.action = fault.spec as Exclude<FaultAction, { kind: 'latency' }>;
      }
    }
    this.faults = this.faults.filter((f) => !exhausted(f));
    return decision;
  }
}

function exhausted(fault: ActiveFault): boolean {
  const times = fault.spec.times ?? 1;
  return times !== 'always' && fault.fired >= times;
}

function matches(match: FaultMatch | undefined, call: CallInfo): boolean {
  if (!match) return true;
  if (match.service !== undefined && match.service !== call.service) return false;
  if (match.method !== undefined && match.method !== call.method && match.method !== call.ormMethod) return false;
  if (match.model !== undefined && match.model !== call.model) return false;
  return true;
}
