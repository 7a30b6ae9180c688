/**
 * `scheduler [--run-now]`: the foreground service (systemd, supervisor, a terminal). Prints
 * the runbook's log lines and stops gracefully on SIGINT/SIGTERM: no new runs, the current
 * run finishes its batch or aborts, the lock is released only if still ours, exit 0. Further
 * signals during that stop are logged and ignored (see stop-signal.ts).
 */
import type { EngineConfig } from '../config';
import { embeddedDatabaseDir } from '../data-dir';
import { Engine } from '../engine';
import { announceLocalService } from '../local-service';
import { refuseMisconfiguredLock } from '../lock-start-check';
import { waitForStopSignal } from '../stop-signal';
import { createEngineScheduler } from './engine-scheduler';

export async function runSchedulerService(config: EngineConfig, options: { runNow: boolean }): Promise<number> {
  const engine = await Engine.open(config);
  // listening from here on: repeated signals (one Ctrl-C reaches us from the terminal and from each launcher) are ignored, not fatal
  const stopSignal = waitForStopSignal(engine.logger);
  await refuseMisconfiguredLock(engine);
  const scheduler = createEngineScheduler(engine);
  // On the embedded database a CLI beside this process cannot open it, and this service has no
  // API to go through: the record lets the CLI say so and what to do (local-service.ts, issue 18.3).
  const withdraw = config.databaseUrl ? null : await announceLocalService(embeddedDatabaseDir(config.dataDir, config.mode), { kind: 'scheduler' });
  await scheduler.start({ runNow: options.runNow });

  const signal = await stopSignal;
  engine.logger.info('scheduler.stopping', `Encerrando (${signal}): nenhuma nova execução; aguardando a atual`);
  await scheduler.stop();
  await withdraw?.();
  await engine.close();
  engine.logger.info('scheduler.stopped', 'Agendador encerrado');
  return 0;
}
