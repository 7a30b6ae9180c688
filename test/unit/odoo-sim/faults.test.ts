import { describe, expect, it } from 'vitest';
import { FaultInjector, type CallInfo } from '../../../electron/engine/odoo-sim/faults';

const searchRead: CallInfo = { protocol: 'xmlrpc', service: 'object', method: 'execute_kw', model: 'sale.order.line', ormMethod: 'search_read' };
const auth: CallInfo = { protocol: 'xmlrpc', service: 'common', method: 'authenticate' };

describe('fault injector', () => {
  it('fires once by default, then lets calls through', () => {
    const f = new FaultInjector();
    f.inject({ kind: 'http', status: 502 });
    expect(f.decide(auth).action).toEqual({ kind: 'http', status: 502 });
    expect(f.decide(auth).action).toBeUndefined();
    expect(f.pending()).toEqual([]);
  });

  it('matches service, method (RPC or ORM) and model', () => {
    const f = new FaultInjector();
    f.inject({ kind: 'reset', match: { model: 'sale.order.line', method: 'search_read' }, times: 'always' });
    expect(f.decide(auth).action).toBeUndefined();
    expect(f.decide({ ...searchRead, model: 'sale.order' }).action).toBeUndefined();
    expect(f.decide(searchRead).action?.kind).toBe('reset');
    expect(f.decide(searchRead).action?.kind).toBe('reset');
    const g = new FaultInjector();
    g.inject({ kind: 'timeout', match: { service: 'common', method: 'authenticate' } });
    expect(g.decide(searchRead).action).toBeUndefined();
    expect(g.decide(auth).action?.kind).toBe('timeout');
  });

  it('afterCalls fires on the n-th matching call, times limits firings', () => {
    const f = new FaultInjector();
    f.inject({ kind: 'fault', code: 1, string: 'boom', match: { method: 'search_read' }, afterCalls: 3, times: 2 });
    const kinds = Array.from({ length: 6 }, () => f.decide(searchRead).action?.kind ?? 'ok');
    expect(kinds).toEqual(['ok', 'ok', 'fault', 'fault', 'ok', 'ok']);
  });

  it('latencies add up and combine with another fault', () => {
    const f = new FaultInjector();
    f.inject({ kind: 'latency', ms: 100, times: 'always' });
    f.inject({ kind: 'latency', ms: 50 });
    f.inject({ kind: 'malformed' });
    expect(f.decide(auth)).toEqual({ latencyMs: 150, action: { kind: 'malformed' } });
    expect(f.decide(auth)).toEqual({ latencyMs: 100 });
    f.clear();
    expect(f.decide(auth)).toEqual({ latencyMs: 0 });
  });
});
