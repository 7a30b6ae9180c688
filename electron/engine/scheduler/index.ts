export { Scheduler, type SchedulerEngine, type SchedulerOptions } from './scheduler';
export { nextDailyAt, slotOf, slotStart } from './slots';
export { createEngineScheduler } from './engine-scheduler';
