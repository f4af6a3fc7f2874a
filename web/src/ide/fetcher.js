// How the IDE talks to Concord: queries and mutations are POSTed to /graphql, subscriptions go over
// graphql-transport-ws on the same address. Both carry the caller's bearer token (from the bar above the
// editor) unless the Headers editor sets an Authorization of its own; the WebSocket sends it in
// `connection_init` (`{"authorization": "Bearer …"}`), as concord/graphql/view.py expects. Relative URLs, so
// the IDE works at /graphql and at /ide.html, and behind a path prefix.
import { getOperationAST, parse } from 'graphql'
import { socketFor } from '../lib/socket.js'
import { tokenStore } from './token.js'

const ACCEPT = 'application/graphql-response+json, application/json'

function authorization(opts) {
  const own = Object.entries(opts.headers || {}).find(([name]) => name.toLowerCase() === 'authorization')
  if (own) return own[1]
  const token = tokenStore.get()
  return token ? `Bearer ${token}` : null
}

async function post(params, opts) {
  const headers = { 'Content-Type': 'application/json', Accept: ACCEPT, ...(opts.headers || {}) }
  const auth = authorization(opts)
  if (auth) headers.Authorization = auth
  const response = await fetch(new URL('graphql', document.baseURI), {
    method: 'POST',
    headers,
    body: JSON.stringify(params),
  })
  const text = await response.text()
  try {
    return JSON.parse(text)
  } catch {
    // Not a GraphQL response (a proxy's error page, say): show what came back rather than nothing.
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] }
  }
}

// GraphiQL names the operation from its last parse of the editor, which trails typing: a run right after an
// edit can name an operation the text no longer holds (say "Viewer" after the text became a subscription).
// A document with a single operation means that one, so the name is corrected rather than sent stale.
function settle(params) {
  let document
  try {
    document = parse(params.query)
  } catch {
    return { params, kind: undefined } // the server reports the syntax error
  }
  const named = getOperationAST(document, params.operationName)
  if (named || !params.operationName) return { params, kind: named?.operation }
  const only = getOperationAST(document)
  if (!only) return { params, kind: undefined }
  return { params: { ...params, operationName: only.name?.value ?? null }, kind: only.operation }
}

export function fetcher(params, opts = {}) {
  const settled = settle(params)
  if (settled.kind === 'subscription') return socketFor(authorization(opts)).iterate(settled.params)
  return post(settled.params, opts)
}
