/**
 * `scheduler [--run-now]`: the foreground service (systemd, supervisor, a terminal). Prints
 * the runbook's log lines and stops gracefully on SIGINT/SIGTERM: no new runs, the current
 * run finishes its batch or aborts, the lock is released only if still ours, exit 0.
 */
import type { EngineConfig } from '../config';
import { Engine } from '../engine';
import { Scheduler } from './scheduler';

export async function runSchedulerService(config: EngineConfig, options: { runNow: boolean }): Promise<number> {
  const engine = await Engine.open(config);
  const scheduler = new Scheduler(engine, {
    intervalMinutes: config.intervalMinutes,
    minIntervalMinutes: config.minIntervalMinutes,
    reconcileHourUtc: config.reconcileHourUtc,
    clock: engine.clock,
    logger: engine.logger,
    stopGraceMs: engine.config.stopGraceSeconds * 1000,
  });
  engine.attachScheduler(() => scheduler.describe());
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
