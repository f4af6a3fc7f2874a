import { enumLabel } from './i18n.js'
import { session } from './session.js'

/** Role options an administrator may grant: tenant administrators cannot grant platform_admin. */
export function grantableRoles(roles) {
  const platform = (session.viewer?.roles || []).includes('platform_admin')
  return roles
    .filter((r) => platform || r.name !== 'platform_admin')
    .map((r) => ({ value: r.name, label: roleLabel(r) }))
}

export function roleLabel(role) {
  const name = typeof role === 'string' ? role : role.name
  const label = enumLabel('Role', name)
  return label === name && typeof role !== 'string' ? role.label : label
}
