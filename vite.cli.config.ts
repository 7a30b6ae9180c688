/**
 * The engine's command line as one file for long-running processes (`npm run build` emits it
 * after the desktop app): `node out/cli/main.js serve|scheduler|run|…` on plain Node, without
 * npm or tsx in the process tree (start-up and memory: see README). Dependencies stay external,
 * loaded from node_modules; the engine's own modules are bundled, PGlite's opener as a lazy
 * chunk like in the source. `npm run cli` keeps running the TypeScript through tsx.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  // no public dir, no index.html: a Node program
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: fileURLToPath(new URL('./electron/engine/cli/main.ts', import.meta.url)),
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'main.js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
