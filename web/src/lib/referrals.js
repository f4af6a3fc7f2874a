// What a tenant does with a referral: 签收, 受理 (after 签收), 退回 (with a reason), as the server allows them
// (Referral.viewerCan) — and, on the case page, the later steps the server offers (Referral.availableEvents:
// 撤回, 开始办理, 报告办结, 审核通过, …).
import { ElMessageBox } from 'element-plus'
import { gql } from './api.js'
import { op } from './ops.js'
import { enumLabel, t } from './i18n.js'
import { confirmed, showError, success } from './notify.js'

const RECEIVER_ACTIONS = ['sign', 'accept', 'return']
const RECEIVER_EVENTS = ['SIGN', 'ACCEPT', 'RETURN']
const NEEDS_REASON = ['REPORT', 'SEND_BACK']

/** The receiving side's actions the viewer may take now: some of ['sign', 'accept', 'return'] (viewerCan). */
export function actionsFor(referral) {
  return RECEIVER_ACTIONS.filter((action) => referral?.viewerCan?.[action])
}

/** The other events the viewer may fire now (not 签收/受理/退回: availableEvents), for the case page. */
export function otherEventsFor(referral) {
  return (referral?.availableEvents || []).filter((e) => !RECEIVER_EVENTS.includes(e))
}

const confirm = (message) => confirmed(message, t('common.pleaseConfirm'), 'info')

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

/** Any other event: asks for confirmation, or for the explanation REPORT and SEND_BACK need. */
export async function transition(referral, kase, event) {
  const action = enumLabel('ReferralEvent', event)
  let reason = null
  try {
    if (NEEDS_REASON.includes(event)) {
      const answer = await ElMessageBox.prompt(t('referral.eventReason', { action }), action, {
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
        inputType: 'textarea',
        inputValidator: (v) => Boolean(v && v.trim()) || t('referral.eventReasonRequired'),
      })
      reason = answer.value.trim()
    } else if (!(await confirm(t('referral.confirmEvent', { action, title: kase.title })))) {
      return false
    }
  } catch {
    return false
  }
  try {
    await gql(op('TransitionReferral'), {
      input: { referralId: referral.id, event, reason, expectedVersion: referral.version },
    })
    success(t('referral.transitioned', { action, number: kase.number }))
    return true
  } catch (err) {
    showError(err)
    return false
  }
}
