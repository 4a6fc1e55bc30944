// Vite build of the dashboard. Root is web/; the bundle goes to dist/web, which the Tandem
// server serves as static files. In development (`npm run dev:web`) Vite proxies /api,
// including the WebSocket at /api/stream, to a server on the default 127.0.0.1:8501, or to
// TANDEM_API_URL (e.g. TANDEM_API_URL=http://127.0.0.1:18501 npm run dev:web).
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// Resolved from this file rather than from the working directory, so the build works from anywhere.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig(({ mode }) => ({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: loadEnv(mode, root, 'TANDEM_')['TANDEM_API_URL'] ?? 'http://127.0.0.1:8501', ws: true },
    },
  },
}));
