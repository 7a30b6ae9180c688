export type { EngineConfig, LockFallback, OdooConnection, OdooProtocolSetting } from './config';
export { overlapMinutes } from './config';
export { ConfigError, loadConfig, type ConfigSource } from './load-config';
