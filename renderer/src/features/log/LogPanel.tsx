/** The engine's log as it happens ('log' events), newest at the bottom. */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatClock } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { atLeastLevel, type LogLine } from './log-lines';

export function LogPanel({ lines, onClear }: { lines: LogLine[]; onClear: () => void }) {
  const { m } = useI18n();
  const [minLevel, setMinLevel] = useState('info');
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const shown = atLeastLevel(lines, minLevel);

  useLayoutEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown.length, follow]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const onScroll = () => setFollow(element.scrollHeight - element.scrollTop - element.clientHeight < 24);
    element.addEventListener('scroll', onScroll);
    return () => element.removeEventListener('scroll', onScroll);
  }, []);

  return (
    <section className="panel log" data-testid="log-panel" aria-labelledby="log-title">
      <div className="panel-head">
        <div>
          <h2 id="log-title">{m.log.title}</h2>
          <p className="muted">{lines.length === 0 ? m.log.waiting : m.log.shown(shown.length, lines.length)}</p>
        </div>
        <div className="log-tools">
          <label>
            {m.log.level}{' '}
            <select value={minLevel} onChange={(event) => setMinLevel(event.target.value)}>
              <option value="debug">{m.log.all}</option>
              <option value="info">info+</option>
              <option value="warn">warn+</option>
              <option value="error">error</option>
            </select>
          </label>
          {!follow && (
            <button type="button" className="btn small" onClick={() => setFollow(true)}>
              {m.log.follow}
            </button>
          )}
          <button type="button" className="btn small" onClick={onClear}>
            {m.log.clear}
          </button>
        </div>
      </div>
      <div className="log-lines" ref={box} tabIndex={0} role="log" aria-labelledby="log-title" lang="pt-BR">
        {shown.map((line) => (
          <div key={line.seq} className={`log-line lvl-${line.level}`} data-testid="log-line">
            <span className="log-time">{formatClock(Date.parse(line.time))}</span>
            <span className="log-level">{line.level.toUpperCase()}</span>
            <span className="log-msg">
              <span className="log-event">{line.event}</span>
              {line.msg}
            </span>
          </div>
        ))}
      </div>
    </section>
  );
}
