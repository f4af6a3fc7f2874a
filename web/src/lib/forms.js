// A form that is sent to the server: the browser's checks first (el-form rules), then the call, with a loading
// state and the server's field errors (extensions.field) put on the form item of that `prop`. Used by
// components/FormDialog.vue and by the forms that are not in a dialog (系统管理 · 角色授权).
import { reactive, ref, watch } from 'vue'
import { applyServerErrors } from './notify.js'

const snapshot = (value) => JSON.stringify(value ?? null)

/**
 * `model`: a getter of the form's model; `known`: a getter of the field names whose server errors go on a
 * form item (the others become a message). A field's server error goes away as soon as its value changes.
 */
export function useServerForm(model, known) {
  const formRef = ref()
  const errors = reactive({})
  const busy = ref(false)
  let refused = {} // field → the value the server refused

  watch(
    model,
    (now) => {
      for (const field of Object.keys(errors)) if (snapshot(now?.[field]) !== refused[field]) delete errors[field]
    },
    { deep: true },
  )

  function clearErrors() {
    for (const field of Object.keys(errors)) delete errors[field]
  }

  /** Forget the server's errors and the form's own messages (a form opened afresh). */
  function reset() {
    clearErrors()
    formRef.value?.clearValidate()
  }

  /** Check the form, then run `action`; true when it succeeded. A failure is shown, on its field if known. */
  async function run(action) {
    if (!(await formRef.value.validate().catch(() => false))) return false
    busy.value = true
    clearErrors()
    try {
      await action()
      return true
    } catch (err) {
      const fields = known()
      applyServerErrors(err, errors, (f) => fields.includes(f))
      const values = model() || {}
      refused = Object.fromEntries(Object.keys(errors).map((f) => [f, snapshot(values[f])]))
      return false
    } finally {
      busy.value = false
    }
  }

  return { formRef, errors, busy, reset, run }
}
