/**
 * `npm run bench -- <name...>`: prints figures, asserts nothing. Names: odoo, store, sync,
 * full-load (default: odoo and sync; sync ends with the store's figures; with an Odoo given —
 * `--odoo-url=…` or BENCH_ODOO_URL — full-load against it and the simulator).
 * Each benchmark is a module exporting `run(): Promise<void>` that prints its own table.
 */
const benchmarks: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  odoo: () => import('./odoo'),
  store: () => import('./store'),
  sync: () => import('./sync'),
  'full-load': () => import('./full-load'),
};

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const odooGiven = process.argv.some((arg) => arg.startsWith('--odoo-url=')) || Boolean(process.env.BENCH_ODOO_URL);
const names = requested.length > 0 ? requested : odooGiven ? ['full-load'] : ['odoo', 'sync'];
for (const name of names) {
  const load = benchmarks[name];
  if (!load) {
    console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(1);
  }
  console.log(`\n=== bench ${name} ===`);
  await (await load()).run();
}
process.exit(0);

export {};
