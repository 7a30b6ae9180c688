import { describe, expect, it } from 'vitest';
import { consoleContract, consoleEvents, consoleMethods, consoleRoute } from '../../../shared/console-contract';

describe('console contract table', () => {
  it('gives every method its own IPC channel and route, apart from the event stream', () => {
    const channels = consoleMethods.map((method) => consoleContract[method].channel);
    expect(new Set([...channels, consoleEvents.channel]).size).toBe(channels.length + 1);
    const routes = consoleMethods.map(consoleRoute);
    expect(new Set([...routes, consoleEvents.path]).size).toBe(routes.length + 1);
    expect(routes.every((route) => route.startsWith('/api/'))).toBe(true);
  });

  it('reads without input are GETs; everything that changes state, and the one read that takes an input (getRuns), is a POST', () => {
    const reads = consoleMethods.filter((method) => consoleContract[method].verb === 'GET');
    expect(reads.sort()).toEqual(['getAudit', 'getLock', 'getRecentLog', 'getStatus']);
    expect(consoleMethods.filter((method) => consoleContract[method].verb === 'POST').sort()).toEqual([
      'confirmDeactivation',
      'getRuns',
      'pause',
      'reconcile',
      'releaseLock',
      'resume',
      'runSync',
    ]);
  });
});
