import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import enEl from 'element-plus/es/locale/lang/en'
import messages from './messages.js'

const LANG_KEY = 'concord.lang'
const saved = localStorage.getItem(LANG_KEY)

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN', // Chinese unless the user chose English
  fallbackLocale: 'zh-CN',
  messages,
})

export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? enEl : zhCn))

export function setLanguage(lang) {
  i18n.global.locale.value = lang
  localStorage.setItem(LANG_KEY, lang)
  document.documentElement.lang = lang
}

document.documentElement.lang = i18n.global.locale.value

export const t = (...args) => i18n.global.t(...args)

/** The label of an enum value (案件状态, 纠纷类型, …); the raw value when no label exists yet. */
export function enumLabel(type, value) {
  if (value === null || value === undefined || value === '') return ''
  const key = `enum.${type}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : String(value)
}

/** The enum's values in label order for <el-select> options: [{ value, label }]. */
export function enumOptions(type) {
  const table = messages['zh-CN'].enum[type] || {}
  return Object.keys(table).map((value) => ({ value, label: enumLabel(type, value) }))
}
