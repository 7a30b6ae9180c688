/** The engine's picture of itself, as every door shows it. */
export { coverageOf, syncedWindows } from './coverage';
export { engineStatus, type StatusSources } from './engine-status';
export { iso, toRunSummary } from './run-summary';
