// The bar above the editor: log in (POST /auth/token, the password grant) or paste a bearer token. The token
// is kept in sessionStorage under a key of its own (not the console's), so it lasts as long as the tab and
// the console's token — which the server may hold to trusted documents — is never used for free queries.
import { createElement as h, useState, useSyncExternalStore } from 'react'

const KEY = 'concord.ide.token'
const WHO = 'concord.ide.who' // who the token was issued to, as the user logged in (tokens carry only ids)
const listeners = new Set()

export const tokenStore = {
  get: () => sessionStorage.getItem(KEY) || null,
  who: () => sessionStorage.getItem(WHO) || '粘贴的令牌',
  set(token, who = null) {
    if (token) sessionStorage.setItem(KEY, token)
    else sessionStorage.removeItem(KEY)
    if (token && who) sessionStorage.setItem(WHO, who)
    else sessionStorage.removeItem(WHO)
    for (const listener of listeners) listener()
  },
  subscribe(listener) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}

/** Who the token speaks for and until when (its unverified `exp` claim), for display only. */
function describe(token) {
  const who = tokenStore.who()
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))
    const until = new Date(claims.exp * 1000).toLocaleString('zh-CN', { hour12: false })
    return claims.exp ? `${who}（有效至 ${until}）` : who
  } catch {
    return who
  }
}

async function passwordGrant(username, password, tenant) {
  const form = new URLSearchParams({ grant_type: 'password', username, password })
  if (tenant) form.set('tenant', tenant)
  const response = await fetch(new URL('auth/token', document.baseURI), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
  })
  const body = await response.json().catch(() => ({}))
  return { ok: response.ok, status: response.status, body }
}

function field(props) {
  return h('input', { className: 'concord-ide-input', spellCheck: false, ...props })
}

export function TokenBar() {
  const token = useSyncExternalStore(tokenStore.subscribe, tokenStore.get)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [tenant, setTenant] = useState('')
  const [tenants, setTenants] = useState([])
  const [pasted, setPasted] = useState('')
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)

  async function login(event) {
    event.preventDefault()
    setBusy(true)
    setMessage('')
    try {
      const { ok, status, body } = await passwordGrant(username.trim(), password, tenant)
      if (ok) {
        tokenStore.set(body.access_token, body.tenant ? `${username.trim()} @ ${body.tenant}` : username.trim())
        setPassword('')
        setTenants([])
        setTenant('')
      } else if (body.tenants && body.tenants.length) {
        // The account acts for several tenants: the server lists them; choose one and log in again.
        setTenants(body.tenants)
        setTenant(body.tenants[0].code)
        setMessage(body.error_description || '请选择机构')
      } else {
        setMessage(body.error_description || `登录失败（HTTP ${status}）`)
      }
    } catch {
      setMessage('无法连接服务器')
    } finally {
      setBusy(false)
    }
  }

  function usePasted(event) {
    event.preventDefault()
    const value = pasted.trim().replace(/^Bearer\s+/i, '')
    if (value) tokenStore.set(value)
    setPasted('')
    setMessage('')
  }

  const status = token
    ? h('span', { className: 'concord-ide-who', 'data-test': 'ide-who' }, `已登录：${describe(token)}`)
    : h('span', { className: 'concord-ide-who anonymous', 'data-test': 'ide-who' }, '未登录（匿名请求）')

  return h(
    'header',
    { className: 'concord-ide-bar' },
    h('strong', { className: 'concord-ide-title' }, '协和 GraphQL IDE'),
    status,
    token
      ? h(
          'button',
          { type: 'button', onClick: () => tokenStore.set(null), 'data-test': 'ide-logout' },
          '退出',
        )
      : h(
          'form',
          { className: 'concord-ide-form', onSubmit: login },
          field({
            placeholder: '用户名',
            value: username,
            onChange: (e) => setUsername(e.target.value),
            autoComplete: 'username',
            'data-test': 'ide-username',
          }),
          field({
            placeholder: '密码',
            type: 'password',
            value: password,
            onChange: (e) => setPassword(e.target.value),
            autoComplete: 'current-password',
            'data-test': 'ide-password',
          }),
          tenants.length
            ? h(
                'select',
                { value: tenant, onChange: (e) => setTenant(e.target.value), 'data-test': 'ide-tenant' },
                tenants.map((t) => h('option', { key: t.code, value: t.code }, t.name || t.code)),
              )
            : null,
          h('button', { type: 'submit', disabled: busy || !username || !password, 'data-test': 'ide-login' }, '登录'),
        ),
    h(
      'form',
      { className: 'concord-ide-form', onSubmit: usePasted },
      field({
        placeholder: '或粘贴令牌（Bearer …）',
        type: 'password',
        value: pasted,
        onChange: (e) => setPasted(e.target.value),
        'data-test': 'ide-token',
      }),
      h('button', { type: 'submit', disabled: !pasted.trim(), 'data-test': 'ide-use-token' }, '使用令牌'),
    ),
    message ? h('span', { className: 'concord-ide-message', role: 'alert', 'data-test': 'ide-message' }, message) : null,
  )
}
