export type { EngineConfig, LockFallback, OdooConnection } from './config';
export { overlapMinutes } from './config';
export { ConfigError, loadConfig, type ConfigSource } from './load-config';
