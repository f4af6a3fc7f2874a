import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The console sends the GraphQL operations of ../schema/operations (the files tests/test_operations.py
// validates against the schema), so the dev server must be allowed to read outside web/.
const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const operationsDir = fileURLToPath(new URL('../schema/operations/', import.meta.url))
const api = process.env.CONCORD_API || 'http://127.0.0.1:8000'

/**
 * `virtual:concord-operations`: every schema/operations/<Name>.graphql as { id, text }, where id is the
 * trusted-document id the server registers at start-up (concord/documents/registry.py):
 * `sha256:<hex of the file's exact bytes>`. Hashed here, at build time, from the bytes on disk, so that
 * neither a text decoding nor Web Crypto (absent on plain-http intranet hosts) can change it.
 */
function concordOperations() {
  const VIRTUAL = 'virtual:concord-operations'
  const RESOLVED = '\0' + VIRTUAL
  return {
    name: 'concord-operations',
    resolveId(id) {
      return id === VIRTUAL ? RESOLVED : null
    },
    load(id) {
      if (id !== RESOLVED) return null
      const operations = {}
      for (const file of readdirSync(operationsDir).sort()) {
        if (!file.endsWith('.graphql')) continue
        const path = operationsDir + file
        this.addWatchFile(path)
        const raw = readFileSync(path)
        operations[file.slice(0, -'.graphql'.length)] = {
          id: 'sha256:' + createHash('sha256').update(raw).digest('hex'),
          text: raw.toString('utf8'),
        }
      }
      return `export default ${JSON.stringify(operations)}`
    },
  }
}

export default defineConfig({
  plugins: [vue(), concordOperations()],
  base: './',
  server: {
    host: '127.0.0.1',
    port: 5173,
    fs: { allow: [repoRoot] },
    proxy: {
      '/graphql': { target: api, changeOrigin: true, ws: true }, // ws: the IDE's subscriptions
      '/auth': { target: api, changeOrigin: true },
      '/healthz': { target: api, changeOrigin: true },
    },
  },
  // GraphiQL's editor (Monaco) runs its language services in module workers, built next to the pages.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
    sourcemap: false,
    rolldownOptions: {
      // GraphiQL's dependencies mark React server-component boundaries ("use client"), which mean nothing in
      // a browser bundle; the hundreds of warnings about dropping them would hide real ones.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
      },
      // Two pages: the console (index.html) and the GraphQL IDE (ide.html, served at GET /graphql).
      input: {
        console: fileURLToPath(new URL('index.html', import.meta.url)),
        ide: fileURLToPath(new URL('ide.html', import.meta.url)),
      },
    },
  },
})
