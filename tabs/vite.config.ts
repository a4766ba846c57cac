import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

// Multi-page build: one HTML entry per tab; shared code (React, Fluent UI, teams-js) lands in common chunks.
const root = path.resolve(__dirname);
const pages = ['annual-clock', 'quality-card', 'toc', 'accounts', 'config'];

/**
 * Writes `.br` and `.gz` beside each text asset so the server sends compressed bytes without
 * compressing on every request (src/server/static-files.ts picks one by Accept-Encoding).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(data, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
          }),
        );
      }
    },
  };
}

/**
 * Each tab HTML loads a small boot entry that imports the tab's main module dynamically; this puts
 * that module and its chunks into the HTML as modulepreload links, so they download at once, in
 * parallel with the boot entry, instead of after it has run.
 */
function preloadDynamicEntry(): Plugin {
  return {
    name: 'preload-dynamic-entry',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle || !ctx.chunk) return html;
        const seen = new Set<string>();
        const visit = (name: string) => {
          const c = bundle[name];
          if (!c || c.type !== 'chunk' || seen.has(name)) return;
          seen.add(name);
          c.imports.forEach(visit);
        };
        ctx.chunk.dynamicImports.forEach(visit);
        ctx.chunk.imports.forEach((n) => seen.delete(n));
        const base = ctx.server ? '/' : '/tabs/';
        const tags = [...seen]
          .filter((n) => !html.includes(`${base}${n}"`))
          .map((n) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${n}` },
            injectTo: 'head' as const,
          }));
        return { html, tags };
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/tabs/',
  publicDir: false,
  plugins: [preloadDynamicEntry(), precompress()],
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
