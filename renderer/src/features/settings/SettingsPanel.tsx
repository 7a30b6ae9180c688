/**
 * "Configurações" (desktop app only): Odoo, PostgreSQL, Redis and the schedule, with "Testar
 * conexão" per section and the notification mutes. Secrets are never shown back (only that one
 * is saved, or that it cannot be decrypted here); an empty secret field keeps the saved one, so
 * "Remover" is the explicit way to clear it (e.g. back to the embedded database, or no Redis).
 * A setting that an environment variable sets is read-only here and says so. Saving
 * is validated by the engine exactly as the CLI validates the environment; "Salvar e aplicar"
 * restarts the engine (after a running sync).
 */
import { useEffect, useState } from 'react';
import type { DesktopCalls } from '../../../../shared/console-contract';
import {
  NOTIFICATION_KINDS,
  isSecret,
  SETTINGS_SECTIONS,
  TESTABLE_SECTIONS,
  type ConnectionTestResult,
  type NotificationKind,
  type SettingName,
  type SettingsSection,
  type SettingsView,
  type TestableSection,
} from '../../../../shared/desktop-settings';
import { useI18n } from '../../i18n/i18n';

type Outcome = { kind: 'saved' | 'applied' | 'applying' } | { kind: 'problems'; problems: string[] };
const PROTOCOLS = ['', 'auto', 'json2', 'jsonrpc', 'xmlrpc'];
const isTestable = (section: SettingsSection): section is TestableSection => (TESTABLE_SECTIONS as readonly string[]).includes(section);

export function SettingsPanel({ api, onClose }: { api: DesktopCalls; onClose: () => void }) {
  const { m } = useI18n();
  const t = m.desktop.settings;
  const [view, setView] = useState<SettingsView | null>(null);
  const [edits, setEdits] = useState<Partial<Record<SettingName, string>>>({});
  /** saved secrets marked "Remover": sent as null (cleared) on save */
  const [removals, setRemovals] = useState<SettingName[]>([]);
  const [muted, setMuted] = useState<NotificationKind[]>([]);
  const [accept, setAccept] = useState(false);
  const [tests, setTests] = useState<Partial<Record<TestableSection, ConnectionTestResult | 'testing'>>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.getSettings().then(
      (loaded) => {
        setView(loaded);
        setMuted(loaded.mutedNotifications);
        setAccept(loaded.plainKeyringAccepted);
      },
      (failure: Error) => setError(failure.message),
    );
  }, [api]);

  /** What the form changes: a cleared plain value is removed; an empty secret keeps the saved one unless marked "Remover". */
  const changes = (names: readonly SettingName[] = [...(Object.keys(edits) as SettingName[]), ...removals]) => {
    const values: Partial<Record<SettingName, string | null>> = {};
    for (const name of names) {
      const edited = edits[name];
      if (removals.includes(name)) {
        values[name] = null;
        continue;
      }
      if (edited === undefined || (isSecret(name) && edited === '')) continue;
      values[name] = edited === '' ? null : edited;
    }
    return values;
  };

  const save = (apply: boolean) => {
    setOutcome(apply ? { kind: 'applying' } : null);
    api.saveSettings({ values: changes(), mutedNotifications: muted, acceptPlainKeyring: accept, apply }).then(
      (result) => {
        if (result.problems.length > 0) return setOutcome({ kind: 'problems', problems: result.problems });
        setOutcome({ kind: result.applied ? 'applied' : 'saved' });
        setEdits({});
        setRemovals([]);
        return api.getSettings().then(setView);
      },
      (failure: Error) => setOutcome({ kind: 'problems', problems: [failure.message] }),
    );
  };

  const test = (section: TestableSection) => {
    setTests((current) => ({ ...current, [section]: 'testing' }));
    api.testConnection({ section, values: changes(SETTINGS_SECTIONS[section]) }).then(
      (result) => setTests((current) => ({ ...current, [section]: result })),
      (failure: Error) => setTests((current) => ({ ...current, [section]: { ok: false, message: failure.message } })),
    );
  };

  const field = (name: SettingName) => {
    const fromEnv = view?.fromEnv.includes(name) ?? false;
    const saved = view?.secretsSaved.includes(name) ?? false;
    const unreadable = view?.secretsUnreadable.includes(name) ?? false;
    const removing = removals.includes(name);
    const value = edits[name] ?? (isSecret(name) ? '' : (view?.values[name] ?? ''));
    const set = (next: string) => setEdits((current) => ({ ...current, [name]: next }));
    const toggleRemoval = () => setRemovals((current) => (removing ? current.filter((other) => other !== name) : [...current, name]));
    const hint = fromEnv
      ? t.fromEnv
      : removing
        ? t.removeMarked
        : unreadable
          ? t.secretUnreadable
          : saved
            ? t.secretSaved
            : name === 'DATABASE_URL'
              ? t.embedded
              : null;
    return (
      <label className="field" key={name}>
        <span>
          {t.labels[name]} <code className="setting-name">{name}</code>
        </span>
        {name === 'ODOO_PROTOCOL' ? (
          <select value={value} disabled={fromEnv} onChange={(event) => set(event.target.value)} data-testid={`setting-${name}`}>
            {PROTOCOLS.map((protocol) => (
              <option key={protocol} value={protocol}>
                {protocol || t.protocolDefault}
              </option>
            ))}
          </select>
        ) : (
          <input
            type={isSecret(name) ? 'password' : 'text'}
            autoComplete="off"
            value={value}
            disabled={fromEnv || removing}
            onChange={(event) => set(event.target.value)}
            data-testid={`setting-${name}`}
          />
        )}
        {saved && !fromEnv && (
          <button type="button" className="btn" onClick={toggleRemoval} data-testid={`setting-remove-${name}`}>
            {removing ? t.undoRemove : t.remove}
          </button>
        )}
        {hint && (
          <small className={fromEnv ? 'setting-env' : unreadable && !removing ? 'form-error' : undefined} data-testid={`setting-hint-${name}`}>
            {hint}
          </small>
        )}
      </label>
    );
  };

  return (
    <div className="overlay">
      <div className="dialog settings" role="dialog" aria-modal="true" aria-labelledby="settings-title" data-testid="settings">
        <h2 id="settings-title">{t.title}</h2>
        <p>{t.intro}</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {view?.keyring === 'basic-text' && (
          <div className="settings-keyring" role="note">
            <p>{t.keyringBasic}</p>
            <label>
              <input type="checkbox" checked={accept} onChange={(event) => setAccept(event.target.checked)} data-testid="settings-accept-keyring" />{' '}
              {t.keyringAccept}
            </label>
          </div>
        )}
        {view?.keyring === 'unavailable' && <p role="note">{t.keyringUnavailable}</p>}
        {view &&
          (Object.keys(SETTINGS_SECTIONS) as SettingsSection[]).map((section) => {
            const result = isTestable(section) ? tests[section] : undefined;
            return (
              <fieldset key={section} className="settings-section">
                <legend>{t.sections[section]}</legend>
                {SETTINGS_SECTIONS[section].map(field)}
                {isTestable(section) && (
                  <div className="settings-test">
                    <button
                      type="button"
                      className="btn"
                      onClick={() => test(section)}
                      disabled={result === 'testing'}
                      data-testid={`settings-test-${section}`}
                    >
                      {result === 'testing' ? t.testing : t.test}
                    </button>
                    {result && result !== 'testing' && (
                      <span className={result.ok ? 'test-ok' : 'test-failed'} role="status" data-testid={`settings-result-${section}`}>
                        {result.ok ? '✓' : '✗'} {result.message}
                      </span>
                    )}
                  </div>
                )}
              </fieldset>
            );
          })}
        {view && (
          <fieldset className="settings-section">
            <legend>{t.notifications}</legend>
            {NOTIFICATION_KINDS.map((kind) => (
              <label key={kind} className="settings-mute">
                <input
                  type="checkbox"
                  checked={muted.includes(kind)}
                  onChange={(event) => setMuted((current) => (event.target.checked ? [...current, kind] : current.filter((other) => other !== kind)))}
                  data-testid={`settings-mute-${kind}`}
                />{' '}
                {t.muted}: {t.notificationKinds[kind]}
              </label>
            ))}
          </fieldset>
        )}
        {outcome?.kind === 'problems' && (
          <div className="form-error" role="alert" data-testid="settings-problems">
            {t.problems}
            <ul>
              {outcome.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        {outcome && outcome.kind !== 'problems' && (
          <p role="status" data-testid="settings-outcome">
            {outcome.kind === 'applying' ? t.applying : outcome.kind === 'applied' ? t.applied : t.saved}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} data-testid="settings-close">
            {t.close}
          </button>
          <button type="button" className="btn" onClick={() => save(false)} disabled={!view || outcome?.kind === 'applying'} data-testid="settings-save">
            {t.save}
          </button>
          <button
            type="button"
            className="btn primary"
            onClick={() => save(true)}
            disabled={!view || outcome?.kind === 'applying'}
            data-testid="settings-apply"
          >
            {t.saveApply}
          </button>
        </div>
      </div>
    </div>
  );
}
