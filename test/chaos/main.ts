/**
 * `npm run chaos -- [--days D] [--seed S] [--instances N] [--json]`: the chaos soak from the
 * command line. Prints the seed first (to replay a failure), a line per simulated day, then
 * the report; with --json only the report, as one JSON object. `--history FILE` writes the whole
 * history there. Exit 1 on any violation.
 */
import { parseArgs } from 'node:util';
import { randomSeed } from './prng';
import { formatReport } from './report';
import { runSoak } from './soak';

function wholeNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${flag} must be a whole number (got "${text}")`);
  return Number(text);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string' },
      seed: { type: 'string' },
      instances: { type: 'string' },
      json: { type: 'boolean', default: false },
      history: { type: 'string' },
    },
    strict: true,
  });
  const days = wholeNumber('--days', values.days, 7);
  const seed = wholeNumber('--seed', values.seed, randomSeed());
  const instances = wholeNumber('--instances', values.instances, 3);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(`chaos soak: seed ${seed}, ${days} simulated day(s), ${instances} instance(s) (replay with --seed ${seed})`);
  const result = await runSoak({ days, seed, instances, progress: say, historyFile: values.history });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : formatReport(result));
  return result.violations.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos soak failed to run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
