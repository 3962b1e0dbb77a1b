import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves the built app at `/`; in development Vite proxies /api to a locally running server.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
});
