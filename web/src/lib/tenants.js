// The tenant directory as a tree (from `tenants` + `parent`), and the administrator's scope in it.
import { gqlAll } from './api.js'
import { op } from './ops.js'

export async function loadTenants() {
  return (await gqlAll(op('Tenants'), {}, (d) => d.tenants, { pageSize: 100, limit: 5000 })).nodes
}

/** Roots with nested `children`, each level ordered as created. */
export function buildTree(tenants) {
  const byId = new Map(tenants.map((tn) => [tn.id, { ...tn, children: [] }]))
  const roots = []
  for (const node of byId.values()) {
    const parent = node.parent && byId.get(node.parent.id)
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const order = (list) => {
    list.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
    list.forEach((n) => order(n.children))
  }
  order(roots)
  return roots
}

/** The ids of `rootId` and everything below it. */
export function subtreeIds(tenants, rootId) {
  const children = new Map()
  for (const tn of tenants) {
    const p = tn.parent?.id
    if (p) children.set(p, [...(children.get(p) || []), tn.id])
  }
  const out = new Set()
  const stack = [rootId]
  while (stack.length) {
    const id = stack.pop()
    if (out.has(id)) continue
    out.add(id)
    stack.push(...(children.get(id) || []))
  }
  return out
}

/** The tree restricted to a set of ids (a node whose parent is outside the set becomes a root). */
export function buildScopedTree(tenants, ids) {
  return buildTree(tenants.filter((tn) => ids.has(tn.id)).map((tn) => ({ ...tn, parent: ids.has(tn.parent?.id) ? tn.parent : null })))
}
