/**
 * The desktop-only methods of the contract (shared/console-contract.ts `desktopContract`):
 * read the settings, save (and apply) them, test one section's connection. Inputs are checked
 * with the same zod schemas style as the console's; the configuration with the same validation
 * and messages as the CLI (`loadConfig`), before anything is saved.
 */
import { desktopContract, type DesktopMethod } from '../../shared/console-contract';
import { connectionTestSchema, saveSettingsSchema, type SaveSettingsInput } from '../../shared/console-schemas';
import type { ConnectionTestResult, SettingsOutcome } from '../../shared/desktop-settings';
import { ConfigError, loadConfig, type ConfigSource } from '../engine/config';
import { testConnection } from '../engine/connection-test';
import { parseInput } from '../engine/console/input-error';
import { registerTrustedHandler } from './ipc';
import { withoutInheritedSecrets } from './secret-targets';
import { SettingsError, type SettingsStore } from './settings';
import type { ConsoleWindow } from './window';

export interface SettingsHost {
  settings: SettingsStore;
  restartEngine(source: ConfigSource): Promise<void>;
}

/** The handlers, by method (exported for tests; `registerSettingsIpc` puts them behind the sender check). */
export function settingsHandlers(host: SettingsHost, env: ConfigSource = process.env): Record<DesktopMethod, (input: unknown) => Promise<unknown>> {
  let saving: Promise<unknown> = Promise.resolve();
  const oneSaveAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const done = saving.then(work);
    saving = done.catch(() => undefined);
    return done;
  };
  return {
    getSettings: async () => host.settings.view(env),
    // One save at a time: a second "Salvar e aplicar" waits for the first (its restart, or its roll-back, included).
    saveSettings: (input) => oneSaveAtATime(() => save(input)),
    testConnection: async (input): Promise<ConnectionTestResult> => {
      const request = parseInput(connectionTestSchema, input, 'testConnection');
      const { values, problem } = guardSecrets(request.values);
      if (problem) return { ok: false, message: problem };
      return testConnection(request.section, host.settings.configSource(env, values).source);
    },
  };

  /** A saved secret is not sent to a server other than the one it was saved for (secret-targets.ts). */
  function guardSecrets(values: SaveSettingsInput['values']) {
    const { source, fromEnv } = host.settings.configSource(env);
    return withoutInheritedSecrets(values, source, fromEnv);
  }

  async function save(input: unknown): Promise<SettingsOutcome> {
    const request = parseInput(saveSettingsSchema, input, 'saveSettings');
    const { values, problem } = guardSecrets(request.values);
    if (problem) return { problems: [problem], saved: false, applied: false };
    const { source } = host.settings.configSource(env, values);
    try {
      loadConfig(source);
    } catch (error) {
      if (error instanceof ConfigError) return { problems: error.problems, saved: false, applied: false };
      throw error;
    }
    const previous = host.settings.read();
    try {
      host.settings.update({ values, acceptPlainKeyring: request.acceptPlainKeyring, mutedNotifications: request.mutedNotifications });
    } catch (error) {
      if (error instanceof SettingsError) return { problems: [error.message], saved: false, applied: false };
      throw error;
    }
    if (!request.apply) return { problems: [], saved: true, applied: false };
    try {
      await host.restartEngine(host.settings.configSource(env).source);
    } catch (error) {
      // The engine could not open with them (the previous engine runs again): keep the settings that work.
      host.settings.restore(previous);
      return { problems: [error instanceof Error ? error.message : String(error)], saved: false, applied: false };
    }
    return { problems: [], saved: true, applied: true };
  }
}

export function registerSettingsIpc(window: Pick<ConsoleWindow, 'trusted'>, host: SettingsHost): void {
  const handlers = settingsHandlers(host);
  for (const [method, handle] of Object.entries(handlers) as [DesktopMethod, (input: unknown) => Promise<unknown>][]) {
    registerTrustedHandler(window, desktopContract[method].channel, handle);
  }
}
