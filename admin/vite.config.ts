import { defineConfig } from 'vite';

/**
 * The console is served by the bridge under /admin/ with a strict CSP (script-src 'self',
 * style-src 'self'): everything must be a file, so no inline module-preload polyfill and no
 * inlined assets that could turn into inline scripts or styles.
 */
export default defineConfig({
  base: '/admin/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // data: URLs are allowed for images only; keep every asset a real file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: { input: 'index.html' },
  },
});
