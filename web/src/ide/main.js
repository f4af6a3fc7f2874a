// The in-browser GraphQL IDE (GraphiQL 5), built by Vite into web/dist like the console, so that every
// script, stylesheet, font and editor worker comes from Concord itself (no CDN): it works on an intranet.
// Served at GET /graphql for a browser (concord/graphql/ide.py) while the IDE is enabled; React is used
// through createElement only, so the build needs no JSX plugin.
import { createElement as h, StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { GraphiQL } from 'graphiql'
import 'graphiql/setup-workers/vite'
import 'graphiql/style.css'
import './ide.css'
import { TokenBar } from './token.js'
import { fetcher } from './fetcher.js'

const DEFAULT_QUERY = `# 先在上方登录或粘贴令牌，再运行（Ctrl/⌘ + Enter）。
# 左侧可查看接口文档与历史记录。

query Viewer {
  viewer {
    user {
      username
      displayName
    }
    tenant {
      code
      name
    }
    roles
  }
}
`

function App() {
  return h(
    'div',
    { className: 'concord-ide' },
    h(TokenBar),
    h(
      'div',
      { className: 'concord-ide-graphiql' },
      h(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, defaultEditorToolsVisibility: false }),
    ),
  )
}

createRoot(document.getElementById('ide')).render(h(StrictMode, null, h(App)))
