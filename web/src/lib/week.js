// Calendar days as 'YYYY-MM-DD' strings in China Standard Time (the duty grid's weeks run Monday–Sunday).
import { formatDate } from './format.js'

/** Today in Beijing. */
export function today() {
  return formatDate(new Date())
}

/** `day` plus `n` days (UTC arithmetic on the calendar date, so no zone can shift it). */
export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** The Monday of the week holding `day`. */
export function mondayOf(day) {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return addDays(day, -weekday)
}

/** 12月7日 (Chinese) or 12-07. */
export function shortDay(day, locale = 'zh-CN') {
  const [, m, d] = day.split('-')
  return locale.startsWith('zh') ? `${Number(m)}月${Number(d)}日` : `${m}-${d}`
}

/** 2026年12月7日 (Chinese) or 2026-12-07. */
export function longDay(day, locale = 'zh-CN') {
  const [y, m, d] = day.split('-')
  return locale.startsWith('zh') ? `${y}年${Number(m)}月${Number(d)}日` : day
}
