/**
 * The settings file (`settings.json` in Electron's user-data folder): the configuration an
 * operator entered in "Configurações", the muted notification kinds, and whether the
 * close-to-tray hint was shown. Secrets are written only as safeStorage ciphertext (base64); on
 * Linux without a keyring safeStorage falls back to a fixed key ("basic_text"), so secrets are
 * refused there unless the operator explicitly accepts it; with no encryption at all, refused.
 * The environment still wins over the file, and the view says which settings it sets.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import { z } from 'zod';
import type { ConfigSource } from '../engine/config';
import {
  NOTIFICATION_KINDS,
  isSecret,
  SETTING_NAMES,
  type KeyringState,
  type NotificationKind,
  type SettingName,
  type SettingsView,
} from '../../shared/desktop-settings';

const fileSchema = z.object({
  version: z.literal(1),
  /** non-secret settings, in clear */
  values: z.partialRecord(z.enum(SETTING_NAMES as [SettingName, ...SettingName[]]), z.string()).default({}),
  /** secrets: base64 of safeStorage.encryptString */
  encrypted: z.partialRecord(z.enum(SETTING_NAMES as [SettingName, ...SettingName[]]), z.string()).default({}),
  plainKeyringAccepted: z.boolean().default(false),
  mutedNotifications: z.array(z.enum(NOTIFICATION_KINDS)).default([]),
  trayHintShown: z.boolean().default(false),
});
export type SettingsFile = z.infer<typeof fileSchema>;

const EMPTY: SettingsFile = { version: 1, values: {}, encrypted: {}, plainKeyringAccepted: false, mutedNotifications: [], trayHintShown: false };

export class SettingsError extends Error {}

/** What protects secrets on this machine (see the file comment). */
export function keyringState(): KeyringState {
  if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic-text';
  return 'secure';
}

export interface SettingsChange {
  /** null or '' clears; a secret left out keeps its saved value */
  values?: Partial<Record<SettingName, string | null>>;
  acceptPlainKeyring?: boolean;
  mutedNotifications?: NotificationKind[];
  trayHintShown?: boolean;
}

/** The settings an environment variable sets (they win over the file); no secret is decrypted for this. */
export function settingsFromEnv(env: ConfigSource): SettingName[] {
  return SETTING_NAMES.filter((name) => env[name] !== undefined && env[name] !== '');
}

/** safeStorage's plain text, or null when it cannot decrypt this ciphertext. */
function decryptOrNull(cipher: string): string | null {
  try {
    return safeStorage.decryptString(Buffer.from(cipher, 'base64'));
  } catch {
    return null;
  }
}

export class SettingsStore {
  private cached: SettingsFile | null = null;

  constructor(readonly file: string) {}

  /** The file as saved (a missing file is empty settings; a damaged one is refused, naming the file). */
  read(): SettingsFile {
    if (this.cached) return this.cached;
    if (!existsSync(this.file)) return (this.cached = structuredClone(EMPTY));
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new SettingsError(`${this.file}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) throw new SettingsError(`${this.file}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
    return (this.cached = parsed.data);
  }

  /** Applies a change and writes the file (0600, atomically); secrets go through safeStorage or not at all. */
  update(change: SettingsChange): SettingsFile {
    const next = structuredClone(this.read());
    if (change.acceptPlainKeyring !== undefined) next.plainKeyringAccepted = change.acceptPlainKeyring;
    if (change.mutedNotifications) next.mutedNotifications = [...new Set(change.mutedNotifications)];
    if (change.trayHintShown !== undefined) next.trayHintShown = change.trayHintShown;
    for (const [name, value] of Object.entries(change.values ?? {}) as [SettingName, string | null][]) {
      const cleared = value === null || value.trim() === '';
      if (isSecret(name)) {
        if (cleared) delete next.encrypted[name];
        else next.encrypted[name] = this.encrypt(name, value.trim(), next.plainKeyringAccepted);
      } else if (cleared) delete next.values[name];
      else next.values[name] = value.trim();
    }
    this.write(next);
    return next;
  }

  /** Puts back a state read earlier (settings that could not be applied are not kept). */
  restore(previous: SettingsFile): void {
    this.write(structuredClone(previous));
  }

  /**
   * The configuration the engine is opened with: the environment, then the saved settings for
   * what it leaves unset. A saved secret that cannot be decrypted counts as unset (see `unreadableSecrets`).
   */
  configSource(env: ConfigSource, overrides: Partial<Record<SettingName, string | null>> = {}): { source: ConfigSource; fromEnv: SettingName[] } {
    const source: ConfigSource = { ...env };
    const fromEnv = settingsFromEnv(env);
    for (const name of SETTING_NAMES) {
      if (fromEnv.includes(name)) continue;
      const override = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
      const value = override === undefined ? this.savedValue(name) : override === null || override === '' ? undefined : override;
      if (value !== undefined) source[name] = value;
    }
    return { source, fromEnv };
  }

  /** The saved value of one setting (a secret decrypted; main process only, never sent to the renderer). */
  savedValue(name: SettingName): string | undefined {
    const file = this.read();
    if (!isSecret(name)) return file.values[name];
    const cipher = file.encrypted[name];
    return cipher === undefined ? undefined : (decryptOrNull(cipher) ?? undefined);
  }

  /**
   * Saved secrets safeStorage cannot decrypt (the keyring changed or is locked, the file was
   * copied from another user): treated as unset, so the app still starts; the view names them.
   */
  unreadableSecrets(): SettingName[] {
    return (Object.entries(this.read().encrypted) as [SettingName, string][]).filter(([, cipher]) => decryptOrNull(cipher) === null).map(([name]) => name);
  }

  /** What the console may see: values of non-secrets, only the names of saved secrets. */
  view(env: ConfigSource): SettingsView {
    const file = this.read();
    return {
      values: { ...file.values },
      secretsSaved: Object.keys(file.encrypted) as SettingName[],
      secretsUnreadable: this.unreadableSecrets(),
      fromEnv: settingsFromEnv(env),
      keyring: keyringState(),
      plainKeyringAccepted: file.plainKeyringAccepted,
      mutedNotifications: [...file.mutedNotifications],
    };
  }

  private encrypt(name: SettingName, value: string, plainAccepted: boolean): string {
    const keyring = keyringState();
    if (keyring === 'unavailable')
      throw new SettingsError(`${name}: no encryption available on this system (safeStorage); set it as an environment variable instead`);
    if (keyring === 'basic-text' && !plainAccepted)
      throw new SettingsError(
        `${name}: no system keyring (safeStorage uses the basic_text backend); accept that explicitly to store secrets, or set it as an environment variable`,
      );
    return safeStorage.encryptString(value).toString('base64');
  }

  private write(next: SettingsFile): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
    this.cached = next;
  }
}
