/**
 * The lock as the CLI tells it, in pt-BR with local times: this product's holder (who, where,
 * which run), the old Python job's legacy value (the time it holds, its age), or any other value
 * (shown escaped when it is not plain text); and what a forced release did.
 */
import type { LockHolderInfo, LockStatus } from '../../../shared/engine-types';
import { localDateTime } from '../../../shared/local-time';
import { showInvisible } from '../../../shared/operator-text-rule';

const NUMBER = new Intl.NumberFormat('pt-BR');

/** `06/12/2026 10:00:00`, this host's local time (the one formatter: shared/local-time.ts; the zone read at each call: TZ may change). */
function localTime(iso: string): string {
  return localDateTime(iso, { seconds: true });
}

/** `45 s`, `1 min 30 s`, `22 min`, `2 h 05 min`, `2.531 d 8 h`. */
function cliDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${NUMBER.format(Math.floor(hours / 24))} d ${hours % 24} h`;
}

/** The holder in one phrase: `scheduler (vm-1, pid 4242, execução #12)`, `valor legado do job antigo "…"`, `valor desconhecido …`. */
export function describeHolder(holder: LockHolderInfo): string {
  const value = holder.value;
  if (value?.kind === 'legacy') return `valor legado do job antigo "${value.raw}"`;
  if (value?.kind === 'foreign') return `valor desconhecido (não escrito por este produto nem pelo job antigo)${value.binary ? ', binário' : ''}: ${value.raw}`;
  const run = holder.runId === null ? '' : `, execução #${holder.runId}`;
  return `${showInvisible(holder.owner)} (${showInvisible(holder.host)}, pid ${holder.pid}${run})`;
}

/** The `lock status` block. */
export function lockText(lock: LockStatus, now: Date): string {
  if (lock.error) return `lock: DESCONHECIDO (${showInvisible(lock.error)})`;
  const where = `${lock.backend}${lock.degraded ? ', DEGRADADO: Redis inacessível' : ''}`;
  if (!lock.held || !lock.holder) return `lock: LIVRE (${where})`;
  const holder = lock.holder;
  const ttl = lock.ttlMs === null ? 'sem expiração' : `TTL ${NUMBER.format(Math.round(lock.ttlMs / 1000))} s (expira sozinho em ${cliDuration(lock.ttlMs)})`;
  const lines = [`lock: OCUPADO (${where}), ${ttl}`];
  const value = holder.value;
  if (value && value.kind !== 'ours') {
    const written = value.legacyAt ? ` — gravado ${localTime(value.legacyAt)} (há ${cliDuration(now.getTime() - Date.parse(value.legacyAt))})` : '';
    lines.push(`  ${describeHolder(holder)}${written}`);
  } else {
    lines.push(`  ${describeHolder(holder)}`);
    if (holder.acquiredAt)
      lines.push(`  desde ${localTime(holder.acquiredAt)} (há ${cliDuration(now.getTime() - Date.parse(holder.acquiredAt))})  fence ${holder.fence ?? '—'}`);
    lines.push(`  token ${holder.token}`);
    if (value) lines.push(`  valor bruto ${value.raw}`);
  }
  if (value) lines.push(`  liberar exatamente este valor: npm run --silent cli -- lock release ${releaseFlag(value)} --reason "…"`);
  return lines.join('\n');
}

/** The flag that names the value shown: its text when it is plain and whole, else its SHA-1. */
function releaseFlag(value: NonNullable<LockHolderInfo['value']>): string {
  if (value.binary || value.truncated || value.raw.includes("'")) return `--value-sha1 ${value.sha1}`;
  return `--value '${value.raw}'`;
}

/** What `lock release` did. */
export function releaseText(result: { released: boolean; previous: LockHolderInfo | null; current: LockHolderInfo | null; fence: number | null }): string {
  if (result.released) {
    const was = result.previous ? describeHolder(result.previous) : 'livre';
    const article = result.previous?.value && result.previous.value.kind !== 'ours' ? 'o ' : '';
    return `Lock liberado: era ${article}${was}. Fence agora ${result.fence ?? '—'}.`;
  }
  if (result.current) return `NÃO liberado: o lock não tem mais o valor informado; agora é ${describeHolder(result.current)}. Confira com "lock status".`;
  return 'NÃO liberado: o lock está livre (expirou ou já foi liberado).';
}
