// Chinese identity data, checked as the clerk types. A port of platform/concord/kit/identity.py, so that
// the browser and the server agree on what a valid number is.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'
const ID_RE = /^\d{17}[\dX]$/

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

const MOBILE_RE = /^1[3-9]\d{9}$/
const LANDLINE_RE = /^0\d{2,3}-?\d{7,8}$/

export function idCardCheckDigit(first17) {
  let total = 0
  for (let i = 0; i < 17; i++) total += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK[total % 11]
}

/** GB 11643-1999: 18 characters, a real birth date (1900 to today), and the MOD 11-2 check digit. */
export function isValidIdCard(raw, today = new Date()) {
  const value = String(raw || '').toUpperCase()
  if (!ID_RE.test(value)) return false
  const y = Number(value.slice(6, 10))
  const m = Number(value.slice(10, 12))
  const d = Number(value.slice(12, 14))
  const born = new Date(Date.UTC(y, m - 1, d))
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) return false
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  if (y < 1900 || born.getTime() > todayUtc) return false
  return idCardCheckDigit(value.slice(0, 17)) === value[17]
}

export function usccCheckChar(first17) {
  let total = 0
  for (let i = 0; i < 17; i++) total += USCC_ALPHABET.indexOf(first17[i]) * USCC_WEIGHTS[i]
  return USCC_ALPHABET[(31 - (total % 31)) % 31]
}

/** GB 32100-2015 unified social credit code (统一社会信用代码). */
export function isValidCreditCode(raw) {
  const value = String(raw || '').toUpperCase()
  if (!USCC_RE.test(value)) return false
  return usccCheckChar(value.slice(0, 17)) === value[17]
}

export function normalizePhone(raw) {
  return String(raw || '').replace(/[\s()（）]/g, '')
}

/** A mainland mobile (138xxxxxxxx) or a landline with area code (010-62345678). */
export function isValidPhone(raw) {
  const value = normalizePhone(raw)
  return MOBILE_RE.test(value) || LANDLINE_RE.test(value)
}
