// The receiving tenant's actions on a referral: 签收, 受理 (after 签收), 退回 (with a reason).
import { ElMessageBox } from 'element-plus'
import { gql } from './api.js'
import { op } from './ops.js'
import { t } from './i18n.js'
import { can, session } from './session.js'
import { showError, success } from './notify.js'

/** Which actions the viewer's tenant may take on this referral: ['sign', 'accept', 'return']. */
export function actionsFor(referral) {
  const mine = session.viewer?.tenant?.code
  if (!referral || !mine || referral.toTenant?.code !== mine || !can('referral:act')) return []
  if (referral.status === 'SENT') return ['sign', 'return']
  if (referral.status === 'SIGNED_FOR') return ['accept', 'return']
  return []
}

async function confirm(message) {
  try {
    await ElMessageBox.confirm(message, t('common.confirm'), {
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      type: 'info',
    })
    return true
  } catch {
    return false
  }
}

/** 签收. Resolves to true when done (and said so). */
export async function signFor(referral, kase, { ask = true } = {}) {
  if (ask && !(await confirm(t('referral.confirmSign', { title: kase.title })))) return false
  try {
    await gql(op('SignForReferral'), { input: { referralId: referral.id } })
    success(t('referral.signed', { number: kase.number }))
    return true
  } catch (err) {
    showError(err)
    return false
  }
}

/** 受理. */
export async function accept(referral, kase, { ask = true } = {}) {
  if (ask && !(await confirm(t('referral.confirmAccept', { title: kase.title })))) return false
  try {
    await gql(op('AcceptReferral'), { input: { referralId: referral.id } })
    success(t('referral.accepted', { number: kase.number }))
    return true
  } catch (err) {
    showError(err)
    return false
  }
}
