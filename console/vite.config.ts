// The console is built into dist/console and served by the fengkong server itself (no CDN, no
// inline script: the server's Content-Security-Policy allows only its own files).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  base: '/',
  build: {
    // FENGKONG_CONSOLE_DIR: a build of one's own (parallel work), read by the server from the same variable.
    outDir: process.env.FENGKONG_CONSOLE_DIR || fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // No inlined assets: every file is served with its own hash and type.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
});
