/** The problems `loadConfig` reports for `env` (none when it loads). */
import { ConfigError, loadConfig } from '../../electron/engine/config';

export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
