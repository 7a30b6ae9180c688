import { z } from 'zod';
import type { XmlRpcValue } from '../xmlrpc';
import { redactUrl } from '../redact-url';
import { domainToWire } from './domain';
import { OdooDatabaseNotFound, OdooError, OdooFault, OdooLoginRefused, withCallContext, type OdooCallContext } from './errors';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import type { OdooService, OdooTransport } from './transport';
import { parseAnswer, parseRecords } from './validate';
import { XmlRpcTransport } from './xmlrpc-transport';

export interface OdooClientOptions {
  url: string;
  db: string;
  username: string;
  /** Password or API key. Sent on every call, never put in a message. */
  password: string;
  /** Per call, for the whole exchange. Default 60 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  transport?: OdooTransport;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export type OdooKwargs = { [key: string]: XmlRpcValue };

export interface SearchOptions {
  order?: string;
  limit?: number;
  offset?: number;
  context?: OdooKwargs;
}

export interface ReadOptions<S extends z.ZodType> {
  fields: readonly string[];
  /** zod schema for ONE record. */
  schema: S;
  context?: OdooKwargs;
}

export type SearchReadOptions<S extends z.ZodType> = ReadOptions<S> & SearchOptions;

const versionSchema = z.object({
  server_version: z.string(),
  server_version_info: z.array(z.union([z.number(), z.string()])),
  server_serie: z.string(),
  protocol_version: z.number().int(),
});
export type OdooVersion = z.output<typeof versionSchema>;

const idsSchema = z.array(z.number().int().positive());
const countSchema = z.number().int().nonnegative();
const uidSchema = z.union([z.number().int().positive(), z.literal(false)]);

/** Methods that only read: safe to retry after a timeout or a reset. */
const READ_ONLY = new Set([
  'search',
  'search_read',
  'read',
  'search_count',
  'fields_get',
  'name_get',
  'name_search',
  'read_group',
  'default_get',
  'check_access_rights',
  'version',
  'authenticate',
  'login',
]);

const DEFAULT_TIMEOUT_MS = 60_000;
const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Typed Odoo external API (XML-RPC) client: lazy cached login, retries, validated answers. */
export class OdooClient {
  private readonly transport: OdooTransport;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private uid: Promise<number> | null = null;

  constructor(private readonly options: OdooClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transport = options.transport ?? new XmlRpcTransport({ url: options.url, timeoutMs: this.timeoutMs });
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  /** Releases pooled keep-alive connections. */
  close(): void {
    this.transport.close?.();
  }

  async version(): Promise<OdooVersion> {
    const context = { method: 'version' };
    const value = await this.call('common', 'version', [], context);
    return parseAnswer(value, versionSchema, context);
  }

  /** The user id; asked once and cached (concurrent callers share one login). */
  authenticate(): Promise<number> {
    if (this.uid === null) {
      const { db, username, password } = this.options;
      const context = { method: 'authenticate' };
      this.uid = this.call('common', 'authenticate', [db, username, password, {}], context).then(
        (value) => {
          const uid = parseAnswer(value, uidSchema, context);
          if (uid === false) throw new OdooLoginRefused(username, db);
          return uid;
        },
        (error: unknown) => {
          throw this.missingDatabase(error) ?? error;
        },
      );
      this.uid.catch(() => {
        this.uid = null; // a failed login is retried by the next call, not cached
      });
    }
    return this.uid;
  }

  /** Odoo reports an unknown database as its PostgreSQL's error (a fault, code 1): ours names ODOO_DB and the server. */
  private missingDatabase(error: unknown): OdooDatabaseNotFound | null {
    const { db, url } = this.options;
    if (!(error instanceof OdooFault) || !error.faultString.includes(`database "${db}" does not exist`)) return null;
    return new OdooDatabaseNotFound(db, redactUrl(url), { method: error.method, cause: error });
  }

  async executeKw(model: string, method: string, args: XmlRpcValue[] = [], kwargs: OdooKwargs = {}): Promise<XmlRpcValue> {
    const uid = await this.authenticate();
    const { db, password } = this.options;
    return this.call('object', 'execute_kw', [db, uid, password, model, method, args, kwargs], { model, method });
  }

  async searchRead<S extends z.ZodType>(model: string, domain: readonly unknown[], options: SearchReadOptions<S>): Promise<z.output<S>[]> {
    const kwargs: OdooKwargs = { fields: [...options.fields], ...searchKwargs(options) };
    const value = await this.executeKw(model, 'search_read', [domainToWire(domain)], kwargs);
    return parseRecords(value, options.schema, { model, method: 'search_read' });
  }

  async search(model: string, domain: readonly unknown[], options: SearchOptions = {}): Promise<number[]> {
    const value = await this.executeKw(model, 'search', [domainToWire(domain)], searchKwargs(options));
    return parseAnswer(value, idsSchema, { model, method: 'search' });
  }

  async read<S extends z.ZodType>(model: string, ids: readonly number[], options: ReadOptions<S>): Promise<z.output<S>[]> {
    const kwargs: OdooKwargs = { fields: [...options.fields] };
    if (options.context) kwargs.context = options.context;
    const value = await this.executeKw(model, 'read', [[...ids]], kwargs);
    return parseRecords(value, options.schema, { model, method: 'read' });
  }

  async searchCount(model: string, domain: readonly unknown[], options: { context?: OdooKwargs } = {}): Promise<number> {
    const kwargs: OdooKwargs = options.context ? { context: options.context } : {};
    const value = await this.executeKw(model, 'search_count', [domainToWire(domain)], kwargs);
    return parseAnswer(value, countSchema, { model, method: 'search_count' });
  }

  private async call(service: OdooService, rpcMethod: string, params: XmlRpcValue[], context: OdooCallContext): Promise<XmlRpcValue> {
    const method = context.method ?? rpcMethod;
    try {
      return await withRetry(() => this.transport.call(service, rpcMethod, params, { timeoutMs: this.timeoutMs }), {
        policy: this.retry,
        idempotent: READ_ONLY.has(method),
        sleep: this.sleep,
        random: this.random,
      });
    } catch (error) {
      if (error instanceof OdooError) throw withCallContext(error, context);
      throw error;
    }
  }
}

function searchKwargs(options: SearchOptions): OdooKwargs {
  const kwargs: OdooKwargs = {};
  if (options.order !== undefined) kwargs.order = options.order;
  if (options.limit !== undefined) kwargs.limit = options.limit;
  if (options.offset !== undefined) kwargs.offset = options.offset;
  if (options.context !== undefined) kwargs.context = options.context;
  return kwargs;
}
