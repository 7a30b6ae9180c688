/**
 * Build layout (`npm run build`):
 *   out/main/index.js        ESM ("type": "module"); engine deps stay external (node_modules)
 *   out/preload/index.cjs    CommonJS, fully bundled: a sandboxed preload cannot be ESM and
 *                            can require nothing but `electron` (and a few Node built-ins)
 *   out/renderer/index.html  + assets/, relative URLs (base './') so the same build loads from
 *                            file:// in Electron and from the headless HTTP host
 * electron/main/window.ts references the preload and renderer paths; keep them in step.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

// electron-vite takes the Node target from node_modules/electron's version. Electron is an optional
// dependency (absent where its binary cannot be downloaded), so the pinned version is the fallback.
const pinnedElectron = (JSON.parse(readFileSync(path('./package.json'), 'utf8')) as { optionalDependencies: { electron: string } }).optionalDependencies
  .electron;
process.env.ELECTRON_MAJOR_VER ??= pinnedElectron.split('.')[0];

/** The renderer's Content-Security-Policy: same-origin scripts, API and event stream only. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Injects the CSP meta tag into the built HTML (the dev server needs an inline preamble). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'carteira:csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: { input: { index: path('./electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // Bundle everything: a sandboxed preload can only `require('electron')`.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: path('./electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
      },
    },
  },
  renderer: {
    root: path('./renderer'),
    base: './',
    plugins: [react(), contentSecurityPolicy()],
    build: {
      rolldownOptions: { input: { index: path('./renderer/index.html') } },
    },
  },
});
