/**
 * The bare reader's case of `npm run bench -- full-load`, in a process of its own: reads its
 * case from BENCH_CASE (JSON), prints one JSON line: seconds, rows, HTTP calls to Odoo, peak
 * RSS. (The engine's case is the built CLI's `run`: see full-load.ts.)
 */
import type { OdooProtocol } from '../electron/engine/odoo';
import type { OdooTarget } from './bare-reader';

export interface BareCase {
  /** `bare-ids`: the bare reader asking with `load: ''` as the engine does */
  kind: 'bare' | 'bare-ids';
  protocol: OdooProtocol;
  target: OdooTarget;
}

export interface CaseResult {
  seconds: number;
  orders: number;
  /** lines read (bare) or carteira rows written (engine) */
  rows: number;
  calls: number;
  peakRssMb: number;
  /** CPU time of the process (user + system) */
  cpuSeconds: number;
}

const spec = JSON.parse(process.env.BENCH_CASE ?? '{}') as BareCase;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const cpuSeconds = () => {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
};

async function bareCase(): Promise<CaseResult> {
  const { bareRead } = await import('./bare-reader');
  const started = performance.now();
  const read = await bareRead(spec.target, spec.protocol, spec.kind === 'bare-ids');
  const seconds = (performance.now() - started) / 1000;
  return { seconds, orders: read.orders, rows: read.lines, calls: read.calls, peakRssMb: peakRssMb(), cpuSeconds: cpuSeconds() };
}

const result = await bareCase();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
