// Who is logged in: the viewer (user, acting tenant, roles), loaded once per login.
// What the console offers mirrors policies/roles.csv; the server decides every action regardless.
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

const CAPABILITIES = {
  platform_admin: ['tenant:manage', 'user:manage', 'role:grant', 'audit:read'],
  tenant_admin: [
    'tenant:manage',
    'user:manage',
    'role:grant',
    'audit:read',
    'case:create',
    'case:refer',
    'referral:act',
  ],
  court_clerk: ['case:create', 'case:refer', 'referral:act', 'party:read_identity'],
  docking_officer: ['case:create', 'case:refer', 'referral:act', 'party:read_identity'],
  centre_officer: ['case:create', 'case:refer', 'referral:act', 'party:read_identity'],
  mediator: ['case:create', 'case:refer', 'referral:act', 'party:read_identity'],
  department_officer: ['case:create', 'case:refer', 'referral:act'],
  lawyer: ['referral:act', 'party:read_identity'],
  auditor: ['audit:read'],
  observer: [],
}

export function can(capability) {
  const roles = session.viewer?.roles || []
  return roles.some((r) => (CAPABILITIES[r] || []).includes(capability))
}

export const isAdmin = computed(() => can('role:grant') || can('tenant:manage'))
export const myTenant = computed(() => session.viewer?.tenant || null)
