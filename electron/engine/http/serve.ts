/**
 * `serve [--port P] [--host H]`: the engine, its scheduler and the browser console on one
 * port, loopback by default. Any other address needs CONSOLE_TOKEN: the console can run
 * syncs and release the lock, so it is never left open to a network unguarded.
 */
import type { EngineConfig } from '../config';
import { createConsoleService } from '../console';
import { embeddedDatabaseDir } from '../data-dir';
import { Engine } from '../engine';
import { announceLocalService, localUrl, newLocalToken } from '../local-service';
import { refuseMisconfiguredLock } from '../lock-start-check';
import { createEngineScheduler } from '../scheduler';
import { describeStartFailure } from '../start-failure';
import { waitForStopSignal } from '../stop-signal';
import { startHttpHost } from './http-host';
import { createMetrics } from './metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Refuses a non-loopback address without a token, saying what to do. */
export function checkBinding(host: string, token: string | null): void {
  if (!LOOPBACK.has(host) && !token) {
    throw new Error(
      `serve --host ${host} expõe o console além desta máquina: defina antes CONSOLE_TOKEN (16 caracteres ou mais), ou fique no padrão 127.0.0.1`,
    );
  }
}

export async function runHttpHost(config: EngineConfig, options: { port: number; host: string }): Promise<number> {
  checkBinding(options.host, config.consoleToken);
  const engine = await Engine.open(config);
  // listening from here on: repeated signals (one Ctrl-C reaches us from the terminal and from each launcher) must not cut the stop short
  const stopSignal = waitForStopSignal(engine.logger);
  await refuseMisconfiguredLock(engine);
  const scheduler = createEngineScheduler(engine);
  const metrics = createMetrics(engine);
  // On the embedded database this process is the only one that can open it: a CLI beside it goes
  // through this API with a token of this start, read from a 0600 file (local-service.ts, issue 18.3).
  const pgliteDir = config.databaseUrl ? null : embeddedDatabaseDir(config.dataDir, config.mode);
  const localToken = pgliteDir ? newLocalToken() : null;
  const host = await startHttpHost(createConsoleService(engine, `http:${options.host}`), {
    ...options,
    token: config.consoleToken,
    publicOrigins: config.consoleOrigin ? [config.consoleOrigin] : [],
    metrics,
    localToken,
  }).catch(async (error: unknown) => {
    // a port in use (EADDRINUSE): said in pt-BR by the CLI (start-failure.ts); nothing is left open behind it
    const { cause } = describeStartFailure(error, () => config);
    engine.logger.error('http.listen_failed', `Console não iniciado: ${cause ?? (error instanceof Error ? error.message : String(error))}`, {
      host: options.host,
      port: options.port,
    });
    metrics.close();
    await engine.close();
    throw error;
  });
  const port = Number(new URL(host.url).port);
  const withdraw =
    pgliteDir && localToken ? await announceLocalService(pgliteDir, { kind: 'serve', url: localUrl(options.host, port), token: localToken }) : null;
  engine.logger.info('http.listening', `Console em ${host.url}`, {
    url: host.url,
    token: config.consoleToken ? 'required' : 'none',
    localApi: withdraw !== null,
  });
  // The token travels in the fragment: browsers never send it to the server or to logs.
  process.stdout.write(`Carteira Sync Console em ${host.url}${config.consoleToken ? '/#token=<CONSOLE_TOKEN>' : ''}\n`);
  await scheduler.start();

  const signal = await stopSignal;
  // The stop is told as it happens (issue 18.6): the signal, the run it waits for, the end.
  engine.logger.info('http.stopping', `Encerrando o console (${signal}): nenhuma nova execução`, { signal });
  // The status reads the database, which may be what hangs (issue 16.4): it may not delay the stop.
  const status = engine.status().then(
    (found) => found.running,
    () => null,
  );
  const running = engine.isRunning ? await Promise.race([status, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000).unref())]) : null;
  if (running) {
    engine.logger.info(
      'http.waiting_run',
      `Aguardando a execução #${running.runId} terminar (até ${config.stopGraceSeconds} s; depois ela para no próximo lote sem gravar mais nada)`,
      { runId: running.runId, graceSeconds: config.stopGraceSeconds },
    );
  }
  await scheduler.stop();
  await withdraw?.();
  await host.close();
  metrics.close();
  await engine.close();
  // the engine's logger writes to stderr directly, so it still works once the engine is closed
  engine.logger.info('http.stopped', 'Console encerrado', { signal });
  return 0;
}
