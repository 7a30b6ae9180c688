/**
 * The lock card: free or held; when held, the diagnosis (a live run, one starting, a holder of a
 * finished run, a holder with no known run, the old job), then either this product's holder (who
 * and where, that run's state, age vs TTL, the live TTL in seconds — what `redis-cli TTL` shows —,
 * the last renewal when a live run renews it, the key and its raw value) or a value this product
 * did not write (the old job's legacy timestamp with the time it holds and its age, or an unknown
 * value), shown as stored; "Forçar liberação…".
 */
import type { EngineStatus, LockHolderInfo, LockValueInfo } from '../../../../shared/engine-types';
import { diagnoseLock, type LockDiagnosis } from '../../../../shared/lock-diagnosis';
import { useI18n } from '../../i18n/i18n';
import { backendText, holderTitle, lastRenewalAgo, legacyAge, rawLockValue, renewalShown, ttlLeft } from './lock-model';

const VERDICT_PILL = { live: 'pill-running', starting: 'pill-running', finished: 'pill-failed', unknown: 'pill-failed', legacy: 'pill-warn' } as const;

export function LockCard({ status, now, sinceFetch, onRelease }: { status: EngineStatus; now: number; sinceFetch: number; onRelease: () => void }) {
  const { m, f } = useI18n();
  const { lock } = status;
  const holder = lock.holder;
  const ttl = ttlLeft(lock.ttlMs, sinceFetch);
  const diagnosis = diagnoseLock(status, now);
  const timeoutMs = status.settings.lockTimeoutSeconds * 1000;
  const stuck = diagnosis && (diagnosis.state === 'finished' || diagnosis.state === 'unknown');
  const ttlText = ttl === null ? m.lock.noExpiry : `${m.lock.ttlSeconds(Math.ceil(ttl / 1000))} (${f.duration(ttl)})`;
  const foreignValue = holder?.value && holder.value.kind !== 'ours' ? holder.value : null;
  return (
    <article className={`card${stuck ? ' card-bad' : lock.held ? ' card-held' : ''}`} data-testid="card-lock" aria-labelledby="card-lock-title">
      <h3 id="card-lock-title">{m.lock.title}</h3>
      <div className="big" data-testid="lock-state">
        {lock.held ? <span className="pill pill-running">{m.lock.held}</span> : <span className="pill pill-free">{m.lock.free}</span>}{' '}
        <span className="muted small">{backendText(lock, m.lock.degraded)}</span>
      </div>
      {holder ? (
        <>
          {diagnosis && (
            <p className="diagnosis" data-testid="lock-diagnosis" data-state={diagnosis.state}>
              <span className={`pill ${VERDICT_PILL[diagnosis.state]}`}>{m.lock.verdict[diagnosis.state]}</span>
            </p>
          )}
          {foreignValue ? (
            <NotOurValue holder={holder} value={foreignValue} now={now} ttlText={ttlText} lockKey={status.lockKey} />
          ) : (
            <OurHolder
              status={status}
              holder={holder}
              diagnosis={diagnosis}
              now={now}
              ttlText={ttlText}
              renewed={renewalShown(diagnosis) ? lastRenewalAgo(lock.ttlMs, timeoutMs, sinceFetch) : null}
              timeoutMs={timeoutMs}
            />
          )}
          <button type="button" className="btn danger block" onClick={onRelease} data-testid="release-lock">
            {m.lock.release}
          </button>
        </>
      ) : (
        <dl>
          <dt>{m.lock.holder}</dt>
          <dd>{m.lock.freeHolder}</dd>
          <dt>{m.lock.redis}</dt>
          <dd>
            {lock.redisReachable === null ? (
              m.lock.redisNotConfigured
            ) : lock.redisReachable ? (
              m.lock.redisReachable
            ) : (
              <b className="bad">{m.lock.redisUnreachable}</b>
            )}
          </dd>
          <LockKeyRow lockKey={status.lockKey} />
          <dt>{m.lock.timeout}</dt>
          <dd>{m.lock.timeoutText(f.duration(timeoutMs))}</dd>
        </dl>
      )}
    </article>
  );
}

/** This product's holder: who, where, which run and how it is doing, since when, TTL, fence, key; the raw value behind a disclosure. */
function OurHolder({
  status,
  holder,
  diagnosis,
  now,
  ttlText,
  renewed,
  timeoutMs,
}: {
  status: EngineStatus;
  holder: LockHolderInfo;
  diagnosis: LockDiagnosis | null;
  now: number;
  ttlText: string;
  renewed: number | null;
  timeoutMs: number;
}) {
  const { m, f } = useI18n();
  return (
    <>
      <dl data-testid="lock-holder" data-kind="ours">
        <dt>{m.lock.holder}</dt>
        <dd className="wrap" title={holderTitle(holder)}>
          {holder.owner}
        </dd>
        <dt>{m.lock.process}</dt>
        <dd className="wrap" data-testid="lock-process">
          {holder.host} · pid {holder.pid}
          {status.lockHolderProcess === 'alive' && ` · ${m.lock.processHere} ✓`}
          {status.lockHolderProcess === 'dead' && (
            <>
              {' '}
              · <b className="bad">{m.lock.processHere} ✗</b>
            </>
          )}
        </dd>
        <dt>{m.lock.run}</dt>
        <dd data-testid="lock-run">
          {holder.runId === null ? '—' : `#${holder.runId}`}
          {diagnosis?.progress
            ? ` · ${m.lock.runState.running(diagnosis.progress.ordersDone, diagnosis.progress.ordersTotal ? f.count(diagnosis.progress.ordersTotal) : '?')}`
            : diagnosis?.run
              ? ` · ${diagnosis.run.status === 'running' ? m.status.running : m.lock.runState.finished(m.status[diagnosis.run.status])}`
              : ` · ${m.lock.runState.unknown}`}
        </dd>
        <dt>{m.lock.since}</dt>
        <dd title={f.full(holder.acquiredAt)}>
          {f.time(holder.acquiredAt, now)} <span className="muted">({f.relative(holder.acquiredAt, now)})</span>
        </dd>
        <dt>{m.lock.age}</dt>
        <dd>{diagnosis ? m.lock.ageText(f.duration(diagnosis.ageMs), f.duration(timeoutMs)) : '—'}</dd>
        <dt>{m.lock.ttl}</dt>
        <dd data-testid="lock-ttl">
          {ttlText}
          {renewed !== null && (
            <span className="muted" data-testid="lock-renewed">
              {' '}
              · {m.lock.renewed(f.relative(now - renewed, now))}
            </span>
          )}
        </dd>
        <dt>{m.lock.fence}</dt>
        <dd className="mono">{holder.fence ?? '—'}</dd>
        <LockKeyRow lockKey={status.lockKey} />
      </dl>
      <details className="raw">
        <summary>{m.lock.rawValue}</summary>
        <code className="wrap" data-testid="lock-raw">
          {rawLockValue(holder)}
        </code>
      </details>
    </>
  );
}

/** A value this product did not write: the old job's legacy timestamp (the time it holds, its age) or an unknown value, as stored. */
function NotOurValue({
  holder,
  value,
  now,
  ttlText,
  lockKey,
}: {
  holder: LockHolderInfo;
  value: LockValueInfo;
  now: number;
  ttlText: string;
  lockKey: string | null;
}) {
  const { m, f } = useI18n();
  const age = legacyAge(holder, now);
  return (
    <>
      <dl data-testid="lock-holder" data-kind={value.kind}>
        <dt>{m.lock.holder}</dt>
        <dd className="wrap" data-testid="lock-value-kind">
          <b>{value.kind === 'legacy' ? m.lock.legacyValue : m.lock.foreignValue}</b>
        </dd>
        <dt>{m.lock.value}</dt>
        <dd className="mono wrap" data-testid="lock-raw">
          {value.raw}
          {value.truncated && '…'}
        </dd>
        {value.kind === 'legacy' && (
          <>
            <dt>{m.lock.written}</dt>
            <dd data-testid="lock-written" title={value.legacyAt ? f.full(value.legacyAt) : undefined}>
              {value.legacyAt && age !== null ? (
                <>
                  {f.time(value.legacyAt, now)} <span className="muted">({f.relative(now - age, now)})</span>
                </>
              ) : (
                <span className="muted">{m.lock.writtenUnreadable}</span>
              )}
            </dd>
          </>
        )}
        <dt>{m.lock.ttl}</dt>
        <dd data-testid="lock-ttl">{ttlText}</dd>
        <LockKeyRow lockKey={lockKey} />
      </dl>
      <p className="muted small">{value.kind === 'legacy' ? m.lock.legacyNote : m.lock.foreignNote}</p>
      {value.binary && <p className="muted small">{m.lock.binary}</p>}
      {value.truncated && <p className="muted small">{m.lock.truncated}</p>}
    </>
  );
}

/** The Redis key the lock lives under (what `redis-cli GET/TTL/DEL` name), where there is one. */
function LockKeyRow({ lockKey }: { lockKey: string | null }) {
  const { m } = useI18n();
  if (!lockKey) return null;
  return (
    <>
      <dt>{m.lock.key}</dt>
      <dd className="mono wrap" data-testid="lock-key">
        {lockKey}
      </dd>
    </>
  );
}
