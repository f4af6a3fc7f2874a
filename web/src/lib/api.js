// Talking to the Concord server: POST /auth/token for a bearer token, POST /graphql for everything else.
// Requests to /graphql name a trusted document by id rather than carrying the query text (gql below).
// Errors keep the server's wording and codes (extensions.code, extensions.field) so that pages can show
// them next to the field they concern.
import { reactive } from 'vue'

const TOKEN_KEY = 'concord.token'

export const auth = reactive({
  token: sessionStorage.getItem(TOKEN_KEY) || null,
})

export function setToken(token) {
  auth.token = token
  if (token) sessionStorage.setItem(TOKEN_KEY, token)
  else sessionStorage.removeItem(TOKEN_KEY)
}

/** A failed GraphQL operation: `errors` are the server's GraphQL errors (message, extensions.code/field). */
export class ApiError extends Error {
  constructor(message, { errors = [], status = 0, code = null } = {}) {
    super(message)
    this.name = 'ApiError'
    this.errors = errors
    this.status = status
    this.code = code || errors[0]?.extensions?.code || null
  }

  /** The first error with the given code, or null. */
  find(code) {
    return this.errors.find((e) => e.extensions?.code === code) || null
  }

  /** { field: message } for errors that name a field (BAD_USER_INPUT, and NOT_FOUND/CONFLICT on a field). */
  fieldErrors() {
    const out = {}
    for (const e of this.errors) {
      const field = e.extensions?.field
      if (field && !(field in out)) out[field] = e.message
    }
    return out
  }
}

/** Handlers the app installs (so that this module needs neither the router nor the i18n instance). */
export const hooks = {
  onUnauthenticated: () => {},
  networkMessage: () => '无法连接服务器，请检查网络后重试',
}

/** Log in with the password grant. Resolves to the token response, or rejects with an AuthError. */
export async function login(username, password, tenant) {
  // client_id names the console to the server, which may hold it to trusted documents (see gql below).
  const form = new URLSearchParams({ grant_type: 'password', username, password, client_id: 'console' })
  if (tenant) form.set('tenant', tenant)
  let response
  try {
    response = await fetch('auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    })
  } catch {
    throw new AuthError(hooks.networkMessage(), 'network_error', 0)
  }
  let body = {}
  try {
    body = await response.json()
  } catch {
    body = {}
  }
  if (!response.ok) {
    throw new AuthError(
      body.error_description || `HTTP ${response.status}`,
      body.error || 'server_error',
      response.status,
      body.tenants || null,
    )
  }
  setToken(body.access_token)
  return body
}

export class AuthError extends Error {
  constructor(message, error, status, tenants) {
    super(message)
    this.name = 'AuthError'
    this.error = error
    this.status = status
    this.tenants = tenants
  }
}

export function logout() {
  setToken(null)
}

// Trusted documents: the console sends an operation's document id (`sha256:…`, computed at build time, see
// ops.js), never its text, so that the server runs only documents it registered from schema/operations and
// can refuse free text from the console altogether. The text goes instead only when the server answers
// PERSISTED_QUERY_NOT_FOUND: it runs other operation files than this build (started before they changed, or
// the Vite dev server in front of an older API). Such ids are remembered, so that each costs one extra
// request per page load at most; a server that holds the console to trusted documents refuses the text
// (TRUSTED_DOCUMENT_REQUIRED), shown like any error.
const unknownIds = new Set()

function payload(operation, variables, withText) {
  if (typeof operation === 'string') return { query: operation, variables }
  const { id, name, text } = operation
  if (withText || !id) return { query: text, operationName: name, variables }
  return { documentId: id, operationName: name, variables }
}

function idUnknown(body) {
  return (body?.errors || []).some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')
}

async function post(body) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  }
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`
  let response
  try {
    response = await fetch('graphql', { method: 'POST', headers, body: JSON.stringify(body) })
  } catch {
    throw new ApiError(hooks.networkMessage(), { code: 'NETWORK_ERROR' })
  }
  try {
    return { status: response.status, body: await response.json() }
  } catch {
    return { status: response.status, body: null }
  }
}

/** Run one operation (`op(name)` from ops.js, or a query text); resolves to `data`, rejects with ApiError
 * when the server reports errors. */
export async function gql(operation, variables = {}) {
  const id = typeof operation === 'string' ? null : operation.id
  let answer = await post(payload(operation, variables, unknownIds.has(id)))
  if (id && !unknownIds.has(id) && idUnknown(answer.body)) {
    unknownIds.add(id)
    answer = await post(payload(operation, variables, true))
  }
  const { status, body } = answer
  if (!body) throw new ApiError(`HTTP ${status}`, { status, code: 'HTTP_ERROR' })
  const errors = body.errors || []
  if (errors.length) {
    const err = new ApiError(errors[0].message, { errors, status })
    if (err.find('UNAUTHENTICATED')) {
      setToken(null)
      hooks.onUnauthenticated(err)
    }
    throw err
  }
  return body.data
}

/** Read every page of a connection (`pick(data)` returns the connection), at most `limit` nodes. */
export async function gqlAll(query, variables, pick, { pageSize = 100, limit = 1000 } = {}) {
  const nodes = []
  let after = null
  for (;;) {
    const data = await gql(query, { ...variables, first: pageSize, after })
    const conn = pick(data)
    nodes.push(...conn.edges.map((e) => e.node))
    if (!conn.pageInfo.hasNextPage || nodes.length >= limit) {
      return { nodes, truncated: conn.pageInfo.hasNextPage }
    }
    after = conn.pageInfo.endCursor
  }
}
