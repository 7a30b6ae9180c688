/**
 * Preloaded (`node --import ./bench/measure-process.mjs …`) into a process `npm run bench -- full-load`
 * measures: counts its HTTP(S) requests (Odoo calls; patched before any transport takes
 * `request`) and, on exit, writes `{ calls, peakRssMb, cpuSeconds }` to BENCH_MEASURE_FILE. Plain JS, so the
 * measured process carries no TypeScript loader.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import process from 'node:process';

let calls = 0;
for (const module of [http, https]) {
  const request = module.request.bind(module);
  module.request = (...args) => {
    calls++;
    return request(...args);
  };
}
process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  if (process.env.BENCH_MEASURE_FILE) writeFileSync(process.env.BENCH_MEASURE_FILE, JSON.stringify({ calls, peakRssMb: usage.maxRSS / 1024, cpuSeconds }));
});
