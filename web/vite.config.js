import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The console sends the GraphQL operations of ../schema/operations (the files tests/test_operations.py
// validates against the schema), so the dev server must be allowed to read outside web/.
const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const operationsDir = fileURLToPath(new URL('../schema/operations/', import.meta.url))
const api = process.env.CONCORD_API || 'http://127.0.0.1:8000'

const SPREAD = /\.\.\.\s*([_A-Za-z][_0-9A-Za-z]*)/g
const DEFINED = /\bfragment\s+([_A-Za-z][_0-9A-Za-z]*)\s+on\b/g

function spreads(text) {
  return [...text.matchAll(SPREAD)].map((m) => m[1]).filter((name) => name !== 'on') // `... on T` is inline
}

/**
 * The document an operation file stands for, exactly as the server composes it
 * (platform/concord/documents/registry.py `compose`): the file's text plus the shared fragments
 * (schema/operations/fragments/<Name>.graphql) it spreads without defining them, and those they spread, in name
 * order, separated by one blank line; a file that needs none is its own document, unchanged.
 */
export function compose(text, fragments) {
  const defined = new Set([...text.matchAll(DEFINED)].map((m) => m[1]))
  const wanted = spreads(text)
  const needed = new Set()
  while (wanted.length) {
    const name = wanted.pop()
    if (defined.has(name) || needed.has(name) || !(name in fragments)) continue
    needed.add(name)
    wanted.push(...spreads(fragments[name]))
  }
  if (!needed.size) return text
  const parts = [text, ...[...needed].sort().map((name) => fragments[name])]
  return parts.map((part) => part.replace(/\n+$/, '')).join('\n\n') + '\n'
}

/**
 * `virtual:concord-operations`: every schema/operations/<Name>.graphql as { id, text }, where text is the
 * composed document and id the trusted-document id the server registers at start-up
 * (concord/documents/registry.py): `sha256:<hex of the composed text's UTF-8 bytes>`. Hashed here, at build
 * time, from the bytes on disk, so that neither Web Crypto (absent on plain-http intranet hosts) nor a runtime
 * difference can change it.
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
      const fragments = {}
      const fragmentsDir = operationsDir + 'fragments/'
      for (const file of existsSync(fragmentsDir) ? readdirSync(fragmentsDir).sort() : []) {
        if (!file.endsWith('.graphql')) continue
        this.addWatchFile(fragmentsDir + file)
        fragments[file.slice(0, -'.graphql'.length)] = readFileSync(fragmentsDir + file).toString('utf8')
      }
      const operations = {}
      for (const file of readdirSync(operationsDir).sort()) {
        if (!file.endsWith('.graphql')) continue
        const path = operationsDir + file
        this.addWatchFile(path)
        const text = compose(readFileSync(path).toString('utf8'), fragments)
        operations[file.slice(0, -'.graphql'.length)] = {
          id: 'sha256:' + createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'),
          text,
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
