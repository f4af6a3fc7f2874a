// Who is logged in: the viewer (user, acting tenant, roles and their permissions), loaded once per login.
// Menus follow the server's viewer.permissions, buttons the objects' viewerCan and availableEvents; the
// server decides every action regardless.
import { computed, reactive } from 'vue'
import { auth, gql, logout as dropToken } from './api.js'
import { op } from './ops.js'

export const session = reactive({ viewer: null, loading: false })

export async function loadViewer() {
  if (!auth.token) {
    session.viewer = null
    return null
  }
  session.loading = true
  try {
    const data = await gql(op('Viewer'))
    session.viewer = data.viewer
    return data.viewer
  } finally {
    session.loading = false
  }
}

export function endSession() {
  dropToken()
  session.viewer = null
}

/** Whether the acting tenant's roles hold `permission` ("object:action", as the server lists them). */
export function can(permission) {
  return (session.viewer?.permissions || []).includes(permission)
}

export const isAdmin = computed(() => can('role:grant') || can('tenant:manage'))
export const myTenant = computed(() => session.viewer?.tenant || null)
