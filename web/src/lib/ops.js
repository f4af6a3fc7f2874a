// The GraphQL operations the console sends. Each lives in schema/operations/<Name>.graphql (one operation
// per file, named like the file), where tests/test_operations.py validates it against the schema and the
// server registers it as a trusted document. The build (vite.config.js, `concordOperations`) gives each its
// document id, `sha256:<hex of the file's bytes>`, which is what the console sends instead of the text.
import operations from 'virtual:concord-operations'

export const ops = {}
for (const [name, { id, text }] of Object.entries(operations)) {
  ops[name] = Object.freeze({ name, id, text })
}

/** The operation `name`: { name, id, text }, for gql(). */
export function op(name) {
  const operation = ops[name]
  if (!operation) throw new Error(`missing GraphQL operation ${name}`)
  return operation
}

export function hasOp(name) {
  return Boolean(ops[name])
}
