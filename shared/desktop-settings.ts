/**
 * The desktop app's settings ("Configurações"), as the console and the Electron main process
 * both see them. The names are the engine's configuration names (README, DESIGN.md): what is
 * saved here is what an environment variable would say, and the environment still wins.
 * Desktop only: the headless host has no settings screen (its configuration is the environment).
 */
export const SETTINGS_SECTIONS = {
  odoo: ['ODOO_URL', 'ODOO_DB', 'ODOO_USER', 'ODOO_PASSWORD', 'ODOO_API_KEY', 'ODOO_PROTOCOL'],
  postgres: ['DATABASE_URL'],
  redis: ['REDIS_URL'],
  schedule: ['SYNC_INTERVAL_MINUTES', 'SYNC_WINDOW_MINUTES', 'SYNC_LOCK_TIMEOUT_SECONDS', 'SYNC_RECONCILE_HOUR'],
} as const;

export type SettingsSection = keyof typeof SETTINGS_SECTIONS;
export type SettingName = (typeof SETTINGS_SECTIONS)[SettingsSection][number];
export const SETTING_NAMES = Object.values(SETTINGS_SECTIONS).flat() as SettingName[];

/** Never written in plain text: encrypted with Electron's safeStorage (URLs may carry passwords). */
export const SECRET_SETTINGS: readonly SettingName[] = ['ODOO_PASSWORD', 'ODOO_API_KEY', 'DATABASE_URL', 'REDIS_URL'];

export const isSecret = (name: SettingName): boolean => SECRET_SETTINGS.includes(name);

/** Sections with a "Testar conexão" button. */
export const TESTABLE_SECTIONS = ['odoo', 'postgres', 'redis'] as const;
export type TestableSection = (typeof TESTABLE_SECTIONS)[number];

/** Where a tray item or a notification opens the console: the window loads `…index.html#panel=<panel>`. */
export const CONSOLE_PANELS = ['release', 'pause', 'resume', 'recovery', 'runs', 'timeline', 'lock', 'health', 'settings'] as const;
export type ConsolePanel = (typeof CONSOLE_PANELS)[number];

/** The panel a `#panel=…` hash asks for, or null (other hashes, such as `#token=…`, are not ours). */
export function requestedPanel(hash: string): ConsolePanel | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('panel');
  return CONSOLE_PANELS.find((panel) => panel === value) ?? null;
}

/** The desktop notifications, each of which can be muted. */
export const NOTIFICATION_KINDS = ['runFailed', 'gap', 'staleLock', 'redisDown', 'recovered'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What protects the secrets: `secure` (Keychain, DPAPI, libsecret/kwallet), `basic-text` (Linux
 * without a keyring: safeStorage only obfuscates with a fixed key — secrets are refused unless the
 * operator accepts it), `unavailable` (no encryption at all: secrets are refused).
 */
export type KeyringState = 'secure' | 'basic-text' | 'unavailable';

export interface SettingsView {
  /** saved values of the non-secret settings */
  values: Partial<Record<SettingName, string>>;
  /** secrets that have a saved (encrypted) value; their values never leave the main process */
  secretsSaved: SettingName[];
  /** saved secrets this system cannot decrypt (keyring changed or locked, file from another user): treated as unset */
  secretsUnreadable: SettingName[];
  /** settings an environment variable sets: those win over what is saved here */
  fromEnv: SettingName[];
  keyring: KeyringState;
  plainKeyringAccepted: boolean;
  mutedNotifications: NotificationKind[];
}

export interface SettingsOutcome {
  /** one line per problem, as the CLI prints them; empty when saved (and applied) */
  problems: string[];
  saved: boolean;
  applied: boolean;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** one line: what was reached (or why not) */
  message: string;
}
