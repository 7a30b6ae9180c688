import { z } from 'zod';
import { redactUrl } from '../redact-url';
import { domainToWire } from './domain';
import { OdooDatabaseNotFound, OdooError, OdooFault, OdooLoginRefused, withCallContext, type OdooCallContext } from './errors';
import { Json2Transport } from './json2-transport';
import { JsonRpcTransport } from './jsonrpc-transport';
import { chooseProtocol, type OdooProtocolSetting, type ProtocolChoice } from './protocol-choice';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import type { OdooProtocol, OdooTransport, OdooValue } from './transport';
import { parseAnswer, parseRecords, type RecordOf, type RecordSchema } from './validate';
import { XmlRpcTransport } from './xmlrpc-transport';

export interface OdooClientOptions {
  url: string;
  db: string;
  /** Login for XML-RPC and JSON-RPC; JSON-2 needs none. */
  username: string;
  /** Password or API key for XML-RPC and JSON-RPC. Sent on every call, never put in a message. */
  password: string;
  /** The API key: JSON-2's only credential; the RPC protocols use it as the password when none is given. */
  apiKey?: string;
  /** Default `xmlrpc` (the engine passes ODOO_PROTOCOL, whose default is `auto`). */
  protocol?: OdooProtocolSetting;
  /** Per call, for the whole exchange. Default 60 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** A ready transport (tests); `protocol` is then ignored. */
  transport?: OdooTransport;
  /** Told once which protocol `auto` chose, and why. */
  onProtocol?: (choice: ProtocolChoice) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export type OdooKwargs = { [key: string]: OdooValue };

export interface SearchOptions {
  order?: string;
  limit?: number;
  offset?: number;
  context?: OdooKwargs;
}

export interface ReadOptions<S extends RecordSchema> {
  fields: readonly string[];
  /** zod schema (or hand-written reader) for ONE record. */
  schema: S;
  context?: OdooKwargs;
}

export type SearchReadOptions<S extends RecordSchema> = ReadOptions<S> & SearchOptions;

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

/**
 * Typed Odoo external API client over XML-RPC, JSON-RPC or JSON-2 (chosen once when `auto`):
 * lazy cached login where the protocol has one, retries, validated answers.
 */
export class OdooClient {
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** the transport once known (at construction, or when `auto` has chosen) */
  private chosen: OdooTransport | null;
  private transportPromise: Promise<OdooTransport> | null;
  private uid: Promise<number> | null = null;

  constructor(private readonly options: OdooClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    const protocol = options.protocol ?? 'xmlrpc';
    this.chosen = options.transport ?? (protocol === 'auto' ? null : this.makeTransport(protocol));
    this.transportPromise = this.chosen ? Promise.resolve(this.chosen) : null;
  }

  /** The protocol in use; null while `auto` has not asked the server yet. */
  get protocol(): OdooProtocol | null {
    return this.chosen?.protocol ?? null;
  }

  /** Releases pooled keep-alive connections. */
  close(): void {
    this.chosen?.close?.();
  }

  async version(): Promise<OdooVersion> {
    const context = { method: 'version' };
    const value = await this.call((transport) => transport.version(this.callOptions()), context);
    return parseAnswer(value, versionSchema, context);
  }

  /**
   * A time Odoo's clock has certainly reached now (its `Date` header, less the round trip), read
   * by asking the server's version: everything Odoo committed before it is visible to the
   * calls that follow. Null when the answer carries no `Date` header (the caller must then not
   * rely on Odoo's clock). This host's wall clock is never used.
   */
  async serverTimeAtLeast(): Promise<Date | null> {
    // With `auto`, the first use asks the version to choose: the chosen transport's own answer, just received, is a fresh reading.
    const choosing = this.transportPromise === null;
    const transport = await this.transport();
    const probed = choosing ? (transport.serverTimeAtLeast?.() ?? null) : null;
    if (probed) return probed;
    await this.call((t) => t.version(this.callOptions()), { method: 'version' });
    return transport.serverTimeAtLeast?.() ?? null;
  }

  /** The user id; asked once and cached (concurrent callers share one login). JSON-2 has none. */
  authenticate(): Promise<number> {
    if (this.uid === null) {
      const { db, username } = this.options;
      const password = this.rpcPassword();
      const context = { method: 'authenticate' };
      this.uid = this.call((transport) => transport.authenticate(db, username, password, this.callOptions()), context).then(
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

  async executeKw(model: string, method: string, args: OdooValue[] = [], kwargs: OdooKwargs = {}): Promise<OdooValue> {
    const transport = await this.transport();
    const uid = transport.needsLogin ? await this.authenticate() : 0;
    const session = { db: this.options.db, uid, password: this.rpcPassword() };
    return this.call((t) => t.executeKw(session, { model, method, args, kwargs }, this.callOptions()), { model, method });
  }

  async searchRead<S extends RecordSchema>(model: string, domain: readonly unknown[], options: SearchReadOptions<S>): Promise<RecordOf<S>[]> {
    const kwargs: OdooKwargs = { fields: [...options.fields], ...searchKwargs(options) };
    const value = await this.executeKw(model, 'search_read', [domainToWire(domain)], kwargs);
    return parseRecords(value, options.schema, { model, method: 'search_read' });
  }

  async search(model: string, domain: readonly unknown[], options: SearchOptions = {}): Promise<number[]> {
    const value = await this.executeKw(model, 'search', [domainToWire(domain)], searchKwargs(options));
    return parseAnswer(value, idsSchema, { model, method: 'search' });
  }

  async read<S extends RecordSchema>(model: string, ids: readonly number[], options: ReadOptions<S>): Promise<RecordOf<S>[]> {
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

  private callOptions(): { timeoutMs: number } {
    return { timeoutMs: this.timeoutMs };
  }

  private rpcPassword(): string {
    return this.options.password || this.options.apiKey || '';
  }

  private makeTransport(protocol: OdooProtocol): OdooTransport {
    const { url, apiKey, db } = this.options;
    switch (protocol) {
      case 'xmlrpc':
        return new XmlRpcTransport({ url, timeoutMs: this.timeoutMs });
      case 'jsonrpc':
        return new JsonRpcTransport({ url, timeoutMs: this.timeoutMs });
      case 'json2':
        if (!apiKey) throw new TypeError('JSON-2 needs an API key (ODOO_API_KEY)');
        return new Json2Transport({ url, apiKey, db, timeoutMs: this.timeoutMs });
      default:
        throw new TypeError(`unknown Odoo protocol ${String(protocol)}: expected xmlrpc, jsonrpc or json2`);
    }
  }

  /** The transport; with `auto`, chosen on first use by asking the server's version (a failed choice is asked again next time). */
  private transport(): Promise<OdooTransport> {
    if (this.transportPromise === null) {
      this.transportPromise = this.choose().then((transport) => (this.chosen = transport));
      this.transportPromise.catch(() => {
        this.transportPromise = null;
      });
    }
    return this.transportPromise;
  }

  private async choose(): Promise<OdooTransport> {
    const json2 = this.options.apiKey ? (this.makeTransport('json2') as Json2Transport) : null;
    const jsonrpc = new JsonRpcTransport({ url: this.options.url, timeoutMs: this.timeoutMs });
    const context = { method: 'version' };
    let choice: ProtocolChoice;
    try {
      choice = await chooseProtocol(
        {
          webVersion: () => this.retried(() => (json2 as Json2Transport).webVersion(this.callOptions()), context),
          jsonRpcVersion: () => this.retried(() => jsonrpc.version(this.callOptions()), context),
        },
        json2 !== null,
      );
    } catch (error) {
      json2?.close();
      jsonrpc.close();
      throw error;
    }
    if (choice.protocol !== 'json2') json2?.close();
    if (choice.protocol !== 'jsonrpc') jsonrpc.close();
    if (choice.protocol !== 'json2' && !this.options.username) {
      throw new OdooError(
        `${choice.reason}; o protocolo ${choice.protocol} precisa de login: defina ODOO_USER (e ODOO_PASSWORD, ou a chave de API como senha)`,
      );
    }
    this.options.onProtocol?.(choice);
    if (choice.protocol === 'json2') return json2 as Json2Transport;
    if (choice.protocol === 'jsonrpc') return jsonrpc;
    return this.makeTransport('xmlrpc');
  }

  private async call(run: (transport: OdooTransport) => Promise<OdooValue>, context: OdooCallContext): Promise<OdooValue> {
    const transport = await this.transport();
    return this.retried(() => run(transport), context);
  }

  private async retried(run: () => Promise<OdooValue>, context: OdooCallContext): Promise<OdooValue> {
    try {
      return await withRetry(run, {
        policy: this.retry,
        idempotent: READ_ONLY.has(context.method ?? ''),
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
