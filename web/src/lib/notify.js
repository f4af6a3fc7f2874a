import { ElMessage, ElMessageBox } from 'element-plus'
import { t } from './i18n.js'

export function success(message) {
  ElMessage({ type: 'success', message, showClose: true, duration: 3000 })
}

/** Ask before an action (确定 / 取消); true when the user confirmed. */
export async function confirmed(message, title = t('common.pleaseConfirm'), type = 'warning') {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel'), type })
    return true
  } catch {
    return false
  }
}

/** Show a failed call's message (the server's own wording). UNAUTHENTICATED is handled by the app. */
export function showError(err) {
  if (err?.code === 'UNAUTHENTICATED') return
  const message = err?.message || String(err)
  ElMessage({ type: 'error', message: t('common.unknownError', { msg: message }), showClose: true, duration: 6000 })
}

/**
 * Put the server's field errors (extensions.field) into `target` (a reactive { field: message }) and
 * return true when at least one of them names a field the form knows (`known(field)`); otherwise show the
 * message as a toast.
 */
export function applyServerErrors(err, target, known = () => true) {
  for (const key of Object.keys(target)) delete target[key]
  const fields = err?.fieldErrors ? err.fieldErrors() : {}
  let shown = false
  for (const [field, message] of Object.entries(fields)) {
    if (known(field)) {
      target[field] = message
      shown = true
    }
  }
  if (!shown) showError(err)
  return shown
}
