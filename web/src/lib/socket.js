// The graphql-transport-ws connection to /graphql on the page's own origin, shared by the console (live.js)
// and the GraphQL IDE (ide/fetcher.js). One connection per authorization: it was authenticated once, in
// `connection_init`, so a new login (or 退出) closes it and the next subscription opens a fresh one.
import { createClient } from 'graphql-ws'

let client = null
let clientAuth = null

/** The connection for `authorization` ("Bearer …" or null); `options` go to createClient when one is made. */
export function socketFor(authorization, options = {}) {
  if (client && clientAuth === authorization) return client
  client?.dispose()
  const url = new URL('graphql', document.baseURI)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  clientAuth = authorization
  client = createClient({
    url: url.href,
    lazy: true,
    connectionParams: authorization ? { authorization } : {},
    ...options,
  })
  return client
}
