// @ts-check
import { defineConfig } from 'vite';

// Everything the page loads is bundled here and served by the gateway from dist/: the strict
// CSP there allows scripts and styles from the app's own origin only (no inline, no CDN).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets would need data: in the CSP; a few extra small requests are cheaper.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    // `npm run dev -w @tasksensei/web`: the gateway of `npm start` answers the API.
    proxy: Object.fromEntries(
      [
        '/config',
        '/auth',
        '/refresh',
        '/logout',
        '/me',
        '/user',
        '/plans',
        '/checkout',
        '/billing',
        '/generate',
        '/files',
        '/chat',
        '/tasks',
        '/oidc',
      ].map((p) => [p, 'http://localhost:8080']),
    ),
  },
});
