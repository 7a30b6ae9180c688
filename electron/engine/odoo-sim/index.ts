/**
 * The Odoo simulator's public face: a real HTTP server on a loopback port that answers like
 * Odoo 16.0 (XML-RPC, JSON-RPC) or 19.0 (also JSON-2, with the admin's API key) for sale.order,
 * sale.order.line, product.product and res.partner, plus what a real Odoo can't give tests —
 * in-process ORM access, late-commit transactions, seeded data and change generators, and
 * injectable faults (on every protocol).
 */
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../clock';
import { ChangeGenerator, type ChangeGeneratorOptions } from './change-generator';
import { Database } from './database';
import { FaultInjector, type CallInfo, type FaultSpec } from './faults';
import { generate, type GeneratedCounts } from './generator';
import { OdooOrm } from './orm';
import type { SimUser } from './restricted-user';
import { startServer } from './server';
import { SimTransaction } from './transaction';

export interface OdooSimulatorOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Database name (default 'demo'). */
  db?: string;
  login?: string;
  password?: string;
  /** The admin user's API key (JSON-2's bearer token; also accepted as the password). Default: one derived from `seed`. */
  apiKey?: string;
  /** What `version` says (default '16.0'); JSON-2 answers only from '19.0'. */
  serverVersion?: '16.0' | '19.0';
  /** Time source for write_date and the change generator (default: system clock). */
  clock?: Clock;
  /** Seed for the data and change generators (default 1). */
  seed?: number;
  /** Orders to generate (default 200; 0 = an empty database: no partners or products either). */
  orders?: number;
  /** Lines per generated order (default 5). */
  linesPerOrder?: number;
  /** Options for `changes` (its seed defaults to `seed`). */
  changes?: ChangeGeneratorOptions;
}

export interface OdooSimulatorStats {
  orders: number;
  lines: number;
  partners: number;
  products: number;
  /** Calls received on any protocol (faulted ones included). */
  calls: number;
  /** the same, per wire (`web` = the version routes: /web/version, /json/version, /web/webclient/version_info) */
  callsByProtocol: Record<CallInfo['protocol'], number>;
}

export interface SimFaults {
  inject(fault: FaultSpec): void;
  /** Takes back a fault given to `inject` (one firing 'always'); false when it is gone already. */
  withdraw(fault: FaultSpec): boolean;
  clear(): void;
  /** Faults that can still fire. */
  pending(): FaultSpec[];
}

export interface OdooSimulator {
  url: string;
  db: string;
  login: string;
  password: string;
  /** The admin user's API key. */
  apiKey: string;
  serverVersion: string;
  /** The uid `authenticate` returns. */
  uid: number;
  /** "Marc Demo", a salesman who sees none of the simulator's orders (restricted-user.ts): login `demo` / `demo`, or his API key. */
  restrictedUser: SimUser;
  clock: Clock;
  /** Direct access to the records: make changes and read the truth. */
  orm: OdooOrm;
  /** A late-commit transaction: its writes carry write_date = `at` (default now) and stay invisible until `commit()`. */
  begin(options?: { at?: Date }): SimTransaction;
  faults: SimFaults;
  changes: ChangeGenerator;
  generated: GeneratedCounts;
  stats(): OdooSimulatorStats;
  close(): Promise<void>;
}

export async function startOdooSimulator(options: OdooSimulatorOptions = {}): Promise<OdooSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const database = new Database();
  const orm = new OdooOrm(database, clock);
  const generated = generate(database, {
    seed,
    orders: options.orders ?? 200,
    linesPerOrder: options.linesPerOrder ?? 5,
    now: clock.now(),
  });
  const faults = new FaultInjector();
  let calls = 0;
  const callsByProtocol: Record<CallInfo['protocol'], number> = { xmlrpc: 0, jsonrpc: 0, json2: 0, web: 0 };
  const db = options.db ?? 'demo';
  const login = options.login ?? 'admin';
  const password = options.password ?? 'admin';
  const apiKey = options.apiKey ?? demoApiKey(seed);
  const serverVersion = options.serverVersion ?? '16.0';
  const restrictedUser: SimUser = { uid: 5, name: 'Marc Demo', login: 'demo', password: 'demo', apiKey: demoApiKey(seed, 'demo') };
  const server = await startServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    db,
    login,
    password,
    apiKey,
    serverVersion,
    orm,
    restrictedUser,
    faults,
    clock,
    onCall: (call) => {
      calls++;
      callsByProtocol[call.protocol]++;
    },
  });
  const changes = new ChangeGenerator(orm, clock, { seed, ...options.changes });
  let closed = false;
  return {
    url: server.url,
    db,
    login,
    password,
    apiKey,
    serverVersion,
    uid: orm.uid,
    restrictedUser,
    clock,
    orm,
    begin: (opts = {}) => new SimTransaction(orm, opts.at ?? clock.now()),
    faults: {
      inject: (fault) => faults.inject(fault),
      withdraw: (fault) => faults.withdraw(fault),
      clear: () => faults.clear(),
      pending: () => faults.pending(),
    },
    changes,
    generated,
    stats: () => ({
      orders: database.table('sale.order').size,
      lines: database.table('sale.order.line').size,
      partners: database.table('res.partner').size,
      products: database.table('product.product').size,
      calls,
      callsByProtocol: { ...callsByProtocol },
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      changes.stop();
      await server.close();
    },
  };
}

/** A 40-hex-digit key like Odoo's, the same for the same seed (so a demo's key can be printed and reused). */
function demoApiKey(seed: number, user = ''): string {
  return createHash('sha1')
    .update(`carteira-sim-api-key:${seed}${user ? `:${user}` : ''}`)
    .digest('hex');
}

export { OdooOrm } from './orm';
export type { OdooRecord, OdooFieldValue, Vals, SearchOptions, SearchReadOptions, MutationOptions, UnlinkOptions } from './orm';
export { SimTransaction } from './transaction';
export type { TransactionState } from './transaction';
export { ChangeGenerator, CHANGE_KINDS } from './change-generator';
export type { ChangeKind, SimChange, ChangeGeneratorOptions } from './change-generator';
export type { FaultSpec, FaultAction, FaultKind, FaultMatch } from './faults';
export type { GeneratedCounts } from './generator';
export { MODELS } from './models';
export type { ModelName, FieldDef, FieldType, OrderState } from './models';
export type { Domain } from './domain';
export { OdooSimFault } from './errors';
export type { SimUser } from './restricted-user';
export { formatOdooDatetime, parseOdooDatetime } from './datetime';
