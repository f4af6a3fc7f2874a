// The GraphQL operations the console sends. Each lives in schema/operations/<Name>.graphql (one operation
// per file, named like the file), where tests/test_operations.py validates it against the schema.
const files = import.meta.glob('../../../schema/operations/*.graphql', {
  query: '?raw',
  import: 'default',
  eager: true,
})

export const ops = {}
for (const [path, text] of Object.entries(files)) {
  const name = path.split('/').pop().replace(/\.graphql$/, '')
  ops[name] = text
}

export function op(name) {
  const text = ops[name]
  if (!text) throw new Error(`missing GraphQL operation ${name}`)
  return text
}

export function hasOp(name) {
  return Boolean(ops[name])
}
