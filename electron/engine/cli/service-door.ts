/**
 * Where a CLI command goes (issue 18.3). With PostgreSQL (DATABASE_URL) the CLI opens its own
 * engine beside any service, as before. On the embedded database (PGlite, one process at a time)
 * a running service has it open: the CLI then goes through `serve`'s own API (its address and
 * local token from the 0600 file beside the PGlite claim: local-service.ts), so `status`, `lock`,
 * `run`, `reconcile`, `pause`/`resume` work beside it and a run started here is the service's
 * own run, the one its console shows; beside `scheduler`, which has no API, it says what to do.
 */
import { request as httpRequest } from 'node:http';
import type { ConsoleMethod } from '../../../shared/console-contract';
import { consoleRoute } from '../../../shared/console-contract';
import type { RunRequest } from '../../../shared/console-schemas';
import type { EngineStatus, LockHolderInfo, LockStatus, ReleaseLockOutcome, RunReport } from '../../../shared/engine-types';
import { localDateTime } from '../../../shared/local-time';
import type { EngineConfig } from '../config';
import { embeddedDatabaseDir } from '../data-dir';
import { Engine } from '../engine';
import { LOCAL_ACTOR_HEADER, findLocalService, type LocalServiceRecord } from '../local-service';
import type { ForceReleaseOptions } from '../lock/types';
import { createLogger } from '../logger';
import { DatabaseInUseError } from '../store/pglite-dir-guard';

/** What the CLI's commands ask of the engine, whether its own or the running service's. */
export interface CliEngine {
  runSync(request: RunRequest, options: { actor: string }): Promise<RunReport>;
  reconcile(options: { actor: string; confirmDeactivation?: { actor: string; reason: string } }): Promise<RunReport>;
  status(): Promise<EngineStatus>;
  lockStatus(): Promise<LockStatus>;
  releaseLock(
    options: ForceReleaseOptions,
  ): Promise<{ released: boolean; previous: LockHolderInfo | null; current: LockHolderInfo | null; fence: number | null }>;
  pause(actor: string, reason: string): Promise<void>;
  resume(actor: string, reason: string): Promise<void>;
}

/** The embedded database is held by a `scheduler`, which has no API to go through. */
export class SchedulerHoldsDatabaseError extends Error {
  constructor(dir: string, service: LocalServiceRecord) {
    super(
      `o banco embutido ${dir} está aberto pelo agendador (\`scheduler\`, processo ${service.pid} em ${service.host}, desde ${localDateTime(service.since)}), ` +
        'que não tem API por onde a CLI possa passar. Para usar a CLI com o serviço rodando, rode `serve` no lugar de `scheduler` ' +
        '(o mesmo agendador, com o console e a API local; na unidade systemd: ExecStart=/usr/bin/node out/cli/main.js serve); ' +
        'ou pare o agendador (systemctl stop carteira-sync), rode o comando e inicie-o de novo; ' +
        'ou use um PostgreSQL (DATABASE_URL) que os dois compartilhem.',
    );
    this.name = 'SchedulerHoldsDatabaseError';
  }
}

/** Runs `work` on the running service when it has the embedded database open, else on an engine of this process. */
export async function withCliEngine<T>(config: EngineConfig, work: (engine: CliEngine) => Promise<T>): Promise<T> {
  const pgliteDir = config.databaseUrl ? null : embeddedDatabaseDir(config.dataDir, config.mode);
  const throughService = async (): Promise<T | typeof NO_SERVICE> => {
    if (!pgliteDir) return NO_SERVICE;
    const service = await findLocalService(pgliteDir);
    if (!service) return NO_SERVICE;
    if (service.kind === 'scheduler') throw new SchedulerHoldsDatabaseError(pgliteDir, service);
    createLogger({ level: config.logLevel }).info(
      'cli.via_service',
      `Banco embutido em uso pelo serviço (serve, processo ${service.pid}): comando enviado à API local dele em ${service.url}`,
      { pid: service.pid, url: service.url },
    );
    return work(serviceEngine(service));
  };
  const first = await throughService();
  if (first !== NO_SERVICE) return first;
  let engine: Engine;
  try {
    engine = await Engine.open(config);
  } catch (error) {
    // a service that opened the database just now (its record is written once it listens): go through it
    if (!(error instanceof Error && error.cause instanceof DatabaseInUseError)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const again = await throughService();
    if (again !== NO_SERVICE) return again;
    throw error;
  }
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

const NO_SERVICE = Symbol('no service');

/** The running `serve`, through its API with the local token; the actor of each call in its header. */
function serviceEngine(service: LocalServiceRecord): CliEngine {
  const call = <T>(method: ConsoleMethod, actor: string | null, body?: unknown, timeoutMs: number | null = READ_TIMEOUT_MS) =>
    callService<T>(service, method, actor, body, timeoutMs);
  return {
    runSync: (request, { actor }) => call<RunReport>('runSync', actor, request, null),
    reconcile: ({ actor, confirmDeactivation }) =>
      confirmDeactivation
        ? call<RunReport>('confirmDeactivation', confirmDeactivation.actor, { reason: confirmDeactivation.reason }, null)
        : call<RunReport>('reconcile', actor, {}, null),
    status: () => call<EngineStatus>('getStatus', null),
    lockStatus: () => call<LockStatus>('getLock', null),
    releaseLock: async ({ expectedToken, expectedValueSha1, force, actor, reason }) => {
      const input = force ? { force: true, reason } : expectedValueSha1 !== undefined ? { expectedValueSha1, reason } : { expectedToken, reason };
      const outcome = await call<ReleaseLockOutcome>('releaseLock', actor, input);
      return { released: outcome.released, previous: outcome.previousHolder, current: outcome.currentHolder, fence: outcome.fence };
    },
    pause: async (actor, reason) => void (await call<null>('pause', actor, { reason })),
    resume: async (actor, reason) => void (await call<null>('resume', actor, { reason })),
  };
}

/** A read waits this long for the service (a run or a reconciliation, however long it takes). */
const READ_TIMEOUT_MS = 120_000;

function callService<T>(service: LocalServiceRecord, method: ConsoleMethod, actor: string | null, body: unknown, timeoutMs: number | null): Promise<T> {
  const url = new URL(consoleRoute(method), service.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const where = `o serviço (serve, processo ${service.pid}) em ${service.url}`;
  return new Promise<T>((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: payload === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${service.token}`,
          ...(actor ? { [LOCAL_ACTOR_HEADER]: encodeURIComponent(actor) } : {}),
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(new Error(`${where} não terminou a resposta: ${error.message}`)));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: { result?: T; error?: string } | null = null;
          try {
            parsed = JSON.parse(text) as { result?: T; error?: string };
          } catch {
            // below
          }
          if (response.statusCode === 200 && parsed && 'result' in parsed) return resolve(parsed.result as T);
          const said = parsed?.error ?? text.slice(0, 500);
          reject(new Error(response.statusCode === 400 ? said : `${where} respondeu HTTP ${response.statusCode}: ${said}`));
        });
      },
    );
    if (timeoutMs !== null) request.setTimeout(timeoutMs, () => request.destroy(new Error(`sem resposta em ${timeoutMs / 1000} s`)));
    request.on('error', (error) => reject(new Error(`${where} não respondeu: ${error.message}`)));
    request.end(payload);
  });
}
