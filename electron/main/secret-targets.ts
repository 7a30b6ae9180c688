/**
 * A saved secret goes only where it was saved for. The settings methods fill in saved secrets
 * for whatever the console leaves out ("empty = keep"); without this check, a request that only
 * changes ODOO_URL (a compromised renderer is enough) would send the saved ODOO_PASSWORD or
 * ODOO_API_KEY to any server. So when a request changes where a section's secrets are sent, the
 * secrets it does not give itself are not merged, and at least one must be given.
 *
 * Only Odoo needs this: DATABASE_URL and REDIS_URL are themselves the secrets (a new URL brings
 * its own credentials, nothing saved is added to it).
 */
import type { SettingName } from '../../shared/desktop-settings';
import type { ConfigSource } from '../engine/config';

/** Per section: the settings that say where its secrets are sent, and those secrets. */
const SECRET_TARGETS: readonly { targets: readonly SettingName[]; secrets: readonly SettingName[] }[] = [
  { targets: ['ODOO_URL', 'ODOO_DB', 'ODOO_USER'], secrets: ['ODOO_PASSWORD', 'ODOO_API_KEY'] },
];

type RequestValues = Partial<Record<SettingName, string | null>>;

const given = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * The request's values with every secret it would otherwise inherit for a changed target set
 * to null (not merged; cleared when saved), or the one problem that stops it.
 * `current` is the configuration in force (environment, then saved settings); `fromEnv` the
 * settings an environment variable sets (a request cannot change those).
 */
export function withoutInheritedSecrets(
  values: RequestValues,
  current: ConfigSource,
  fromEnv: readonly SettingName[],
): { values: RequestValues; problem: string | null } {
  const guarded: RequestValues = { ...values };
  for (const { targets, secrets } of SECRET_TARGETS) {
    const effective = (name: SettingName) => (fromEnv.includes(name) || !Object.hasOwn(values, name) ? given(current[name]) : given(values[name]));
    const changed = targets.filter((name) => effective(name) !== given(current[name]));
    // Nothing goes anywhere new (or nowhere at all: no URL, demo mode).
    if (changed.length === 0 || effective(targets[0]) === undefined) continue;
    const typed = secrets.filter((name) => given(values[name]) !== undefined);
    const inherited = secrets.filter((name) => !typed.includes(name) && given(current[name]) !== undefined);
    const fromEnvironment = inherited.filter((name) => fromEnv.includes(name));
    if (fromEnvironment.length > 0)
      return {
        values,
        problem: `${changed.join(', ')} changed, but ${fromEnvironment.join(', ')} is set by an environment variable: change ${changed.join(', ')} in the environment too`,
      };
    if (typed.length === 0 && inherited.length > 0)
      return {
        values,
        problem: `${changed.join(', ')} changed: type ${secrets.join(' or ')} again (a saved secret is only sent to the server it was saved for)`,
      };
    for (const name of inherited) guarded[name] = null;
  }
  return { values: guarded, problem: null };
}
