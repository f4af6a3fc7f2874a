import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The console imports the GraphQL operations from ../schema/operations (the files tests/test_operations.py
// validates against the schema), so the dev server must be allowed to read outside web/.
const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const api = process.env.CONCORD_API || 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [vue()],
  base: './',
  server: {
    host: '127.0.0.1',
    port: 5173,
    fs: { allow: [repoRoot] },
    proxy: {
      '/graphql': { target: api, changeOrigin: true },
      '/auth': { target: api, changeOrigin: true },
      '/healthz': { target: api, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
})
