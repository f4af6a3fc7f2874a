// Dates and times are shown in China Standard Time (Asia/Shanghai), whatever the browser's own zone.
const TZ = 'Asia/Shanghai'

const dateTimeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function parts(value) {
  if (!value) return null
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return null
  const out = {}
  for (const p of dateTimeParts.formatToParts(d)) out[p.type] = p.value
  return out
}

/** 2026-11-28 */
export function formatDate(value) {
  const p = parts(value)
  return p ? `${p.year}-${p.month}-${p.day}` : ''
}

/** 2026-11-28 15:59 */
export function formatDateTime(value, { seconds = false } = {}) {
  const p = parts(value)
  if (!p) return ''
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`
}

/** 2026年11月28日 (Chinese) or 2026-11-28 (other locales). */
export function formatLongDate(value, locale = 'zh-CN') {
  const p = parts(value)
  if (!p) return ''
  if (locale.startsWith('zh')) return `${p.year}年${Number(p.month)}月${Number(p.day)}日`
  return `${p.year}-${p.month}-${p.day}`
}

/** ¥70,000.00 */
export function formatAmount(value) {
  if (value === null || value === undefined || value === '') return ''
  const n = Number(value)
  if (!Number.isFinite(n)) return String(value)
  return new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(n)
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/** An audit change value (JSON) as short text; timestamps in China Standard Time. */
export function formatChangeValue(value) {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return ISO_DATETIME.test(value) ? formatDateTime(value, { seconds: true }) : value
  const text = JSON.stringify(value)
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
