import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './precompress.ts';

// `pnpm start` builds beside the server's first start and compresses the files once the
// server is up (apps/server/scripts/start.ts; precompress.ts): CASELOAD_PRECOMPRESS=later
const precompressLater = process.env.CASELOAD_PRECOMPRESS === 'later';

// The server (apps/server) serves dist/ with a strict CSP (script-src 'self'):
// the build must not inline scripts, so modulepreload's polyfill is turned off.
export default defineConfig({
  // precompress: .br and .gz beside each built file, sent by the server as they are
  plugins: [react(), ...(precompressLater ? [] : [precompress()])],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: !precompressLater,
  },
  server: {
    proxy: {
      '/trpc': 'http://127.0.0.1:3000',
      '/auth': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
    },
  },
});
