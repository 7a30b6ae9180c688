/**
 * `npm run bench -- <name...>`: prints figures, asserts nothing. Names: odoo, store, sync
 * (default: odoo and sync; sync ends with the store's figures).
 * Each benchmark is a module exporting `run(): Promise<void>` that prints its own table.
 */
const benchmarks: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  odoo: () => import('./odoo'),
  store: () => import('./store'),
  sync: () => import('./sync'),
};

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = requested.length > 0 ? requested : ['odoo', 'sync'];
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
