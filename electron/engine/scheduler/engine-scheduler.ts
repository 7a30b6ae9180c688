/** The scheduler every door (service, HTTP host, desktop app) runs: configured from the engine, shown in its status. */
import { failureTargets } from '../classify-failure';
import type { Engine } from '../engine';
import { Scheduler } from './scheduler';

export function createEngineScheduler(engine: Engine): Scheduler {
  const { config } = engine;
  const scheduler = new Scheduler(engine, {
    intervalMinutes: config.intervalMinutes,
    minIntervalMinutes: config.minIntervalMinutes,
    reconcileHourUtc: config.reconcileHourUtc,
    clock: engine.clock,
    logger: engine.logger,
    stopGraceMs: config.stopGraceSeconds * 1000,
    failureTargets: failureTargets(config),
  });
  engine.attachScheduler(() => scheduler.describe());
  return scheduler;
}
