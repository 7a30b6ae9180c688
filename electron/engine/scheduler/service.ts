/**
 * `scheduler [--run-now]`: the foreground service (systemd, supervisor, a terminal). Prints
 * the runbook's log lines and stops gracefully on SIGINT/SIGTERM: no new runs, the current
 * run finishes its batch or aborts, the lock is released only if still ours, exit 0.
 */
import type { EngineConfig } from '../config';
import { Engine } from '../engine';
import { refuseMisconfiguredLock } from '../lock-start-check';
import { createEngineScheduler } from './engine-scheduler';

export async function runSchedulerService(config: EngineConfig, options: { runNow: boolean }): Promise<number> {
  const engine = await Engine.open(config);
  await refuseMisconfiguredLock(engine);
  const scheduler = createEngineScheduler(engine);
  await scheduler.start({ runNow: options.runNow });

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  engine.logger.info('scheduler.stopping', `Encerrando (${signal}): nenhuma nova execução; aguardando a atual`);
  await scheduler.stop();
  await engine.close();
  engine.logger.info('scheduler.stopped', 'Agendador encerrado');
  return 0;
}
