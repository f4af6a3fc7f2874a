// Live updates: built-in subscriptions over graphql-transport-ws on the console's own origin (/graphql),
// sent by document id like every other console operation (concord/graphql/view.py resolves it; a server that
// holds the console to trusted documents accepts nothing else). One connection per token, opened on the first
// subscription (socket.js); it reconnects by itself, and `onReconnect` lets a page reload what it may have
// missed.
import { auth } from './api.js'
import { op } from './ops.js'
import { socketFor } from './socket.js'

const reconnectListeners = new Set()

function socket() {
  let connectedBefore = false // per connection: only used when socketFor makes a new one
  return socketFor(auth.token ? `Bearer ${auth.token}` : null, {
    retryAttempts: 20,
    on: {
      connected: () => {
        if (connectedBefore) reconnectListeners.forEach((fn) => fn())
        connectedBefore = true
      },
    },
  })
}

/**
 * Subscribe to the built-in subscription `name` (schema/operations/<name>.graphql). `onData(data)` runs for
 * each event; `onEnd(errors)` when the server ends it (an expired login, say). Returns a function that stops it.
 */
export function subscribe(name, variables, { onData, onEnd, onReconnect } = {}) {
  const { id } = op(name)
  if (onReconnect) reconnectListeners.add(onReconnect)
  const stop = socket().subscribe(
    // graphql-ws insists on a string `query`; empty, the server runs the document the id names.
    { query: '', documentId: id, operationName: name, variables },
    {
      next: (result) => (result.errors ? onEnd?.(result.errors) : onData(result.data)),
      error: (error) => onEnd?.(Array.isArray(error) ? error : [error]),
      complete: () => {},
    },
  )
  return () => {
    if (onReconnect) reconnectListeners.delete(onReconnect)
    stop()
  }
}
