import path from 'node:path';
import { defineConfig } from 'vite';

// Multi-page build: one HTML entry per tab; shared code (React, Fluent UI, teams-js) lands in common chunks.
const root = path.resolve(__dirname);
const pages = ['annual-clock', 'quality-card', 'toc', 'accounts', 'config'];

export default defineConfig({
  root,
  base: '/tabs/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: Object.fromEntries(pages.map((p) => [p, path.join(root, `${p}.html`)])),
      // Fluent UI marks modules "use client" for server components; irrelevant for a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
