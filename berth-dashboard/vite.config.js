import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// The dev server (npm run dev) proxies /api and /ws to a berthd's dashboard port, or straight to its Unix socket
// (then without the /api prefix and without WebSockets), so the page can be worked on without a Maven build.
const dashboard = process.env.BERTH_DASHBOARD; // e.g. http://127.0.0.1:7380 (log in there first, copy the cookie)
const socket = process.env.BERTH_SOCK || '/run/berth/berth.sock';
const proxy = dashboard
  ? { '/api': { target: dashboard, changeOrigin: true }, '/ws': { target: dashboard, ws: true, changeOrigin: true } }
  : { '/api': { target: { socketPath: socket }, rewrite: (p) => p.replace(/^\/api/, '') } };

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  server: { proxy },
  build: {
    outDir: resolve(__dirname, 'target/classes/berth/dashboard'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      input: { index: resolve(__dirname, 'index.html'), login: resolve(__dirname, 'login.html') },
    },
  },
});
