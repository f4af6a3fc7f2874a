"""Relation rules: how the acting tenant stands to an object, the second half of "who may act" (Casbin says
which roles may do an action; a relation says whether this tenant may do it to this object).

Each rule is a named function over facts the caller has already read (an owner id, the tenant's access
reasons, a referral's two ends), returning a `Decision`: allowed, or refused with the reason a person can
read. Services check them before acting, the state machines receive the relations that hold (`by` of a row),
`viewerCan` fields and `accessExplanation` answer with the same functions — so the console and the API
explain a refusal in the words the service would use."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from concord.models.enums import (
    AccessReason,
    InvitationStatus,
    MediatorKind,
    MediatorStatus,
    ReferralStatus,
    TenantKind,
    Tier,
)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True, "本机构与该对象的关系满足条件")


def refused(reason: str) -> Decision:
    return Decision(False, reason)


class ReferralEnds(Protocol):
    @property
    def from_tenant_id(self) -> uuid.UUID: ...
    @property
    def to_tenant_id(self) -> uuid.UUID: ...
    @property
    def status(self) -> ReferralStatus: ...


# --- cases ---------------------------------------------------------------------------------------------


def handler(tenant_id: uuid.UUID, owner_id: uuid.UUID, reasons: Collection[AccessReason]) -> Decision:
    """The case's handler: its current owner, or a tenant that accepted a referral of it (主办或承办)."""
    if owner_id == tenant_id or AccessReason.HANDLER in reasons:
        return ALLOWED
    return refused("只有案件的主办或承办机构可以办理该案件")


def may_refer(tenant_id: uuid.UUID, owner_id: uuid.UUID, reasons: Collection[AccessReason]) -> Decision:
    """Only the handler sends a case on (转介)."""
    if handler(tenant_id, owner_id, reasons):
        return ALLOWED
    return refused("只有案件的主办或承办机构可以转介该案件")


def may_escalate(tenant_id: uuid.UUID, owner_id: uuid.UUID) -> Decision:
    """上报 moves ownership up a tier: only the current owner may."""
    return ALLOWED if owner_id == tenant_id else refused("只有案件的主办机构可以上报")


def may_assign(kind: TenantKind, tier: Tier | None) -> Decision:
    """交办 is the street and district centres' tool (down to committees, studios, departments, lower centres)."""
    if kind is TenantKind.CENTRE and tier in (Tier.STREET, Tier.DISTRICT):
        return ALLOWED
    return refused("只有街道、区级解纷中心可以交办案件")


def coordinates(owner_id: uuid.UUID, coordinated: Collection[uuid.UUID]) -> Decision:
    """统筹协调: the acting tenant (or a tenant below it) coordinates the case owner's dispute work — the district
    centre over the departments (`tenant_coordination`), without being their parent or administrator.
    `coordinated` is the set of tenants the acting tenant's coordination reaches (coordinated tenants and their
    subtrees)."""
    if owner_id in coordinated:
        return ALLOWED
    return refused("本机构不统筹协调该案件主办机构的解纷工作")


def may_supervise(owner_in_subtree: bool, coordination: Decision | None = None) -> Decision:
    """督办 by the owner, a tenant above it in the tree (the owner is in the acting tenant's subtree), or the
    centre that coordinates the owner (`coordinates`)."""
    if owner_in_subtree or (coordination is not None and coordination):
        return ALLOWED
    return refused("只有主办机构、其上级机构或统筹协调主办机构的解纷中心可以督办")


def may_assign_through_conference(
    tenant_id: uuid.UUID, owner_id: uuid.UUID, reasons: Collection[AccessReason], coordination: Decision
) -> Decision:
    """A joint conference's decision hands its action items on (交办) in the convenor's name: the convenor must
    handle the case (`may_refer`) or coordinate its owner (`coordinates`: the district centre convening the
    departments on a department's case)."""
    if may_refer(tenant_id, owner_id, reasons) or coordination:
        return ALLOWED
    return refused("只有案件的主办、承办机构或统筹协调主办机构的召集单位可以交办该案件")


def case_relations(tenant_id: uuid.UUID, owner_id: uuid.UUID, reasons: Collection[AccessReason]) -> set[str]:
    """The relations the case machine's rows name (`by`)."""
    return {"handler"} if handler(tenant_id, owner_id, reasons) else set()


# --- referrals -----------------------------------------------------------------------------------------


def receiver(tenant_id: uuid.UUID, referral: ReferralEnds) -> Decision:
    if referral.to_tenant_id == tenant_id:
        return ALLOWED
    return refused("转介不是发给本机构的")


def sender(tenant_id: uuid.UUID, referral: ReferralEnds) -> Decision:
    if referral.from_tenant_id == tenant_id:
        return ALLOWED
    return refused("转介不是本机构发出的")


def awaiting_receiver(tenant_id: uuid.UUID, to_tenant_id: uuid.UUID, status: ReferralStatus) -> Decision:
    """A referral addressed here that still waits for sign-for or acceptance (签收、受理、退回)."""
    if to_tenant_id != tenant_id:
        return refused("没有发给本机构、待处理的转介")
    if status not in (ReferralStatus.SENT, ReferralStatus.SIGNED_FOR):
        return refused("该转介已不在待签收或待受理状态")
    return ALLOWED


def referral_relations(tenant_id: uuid.UUID, referral: ReferralEnds) -> set[str]:
    """The relations the referral machine's rows name (`by`)."""
    out = set()
    if receiver(tenant_id, referral):
        out.add("receiver")
    if sender(tenant_id, referral):
        out.add("sender")
    return out


# --- joint conferences ---------------------------------------------------------------------------------
# `invitation` is the acting tenant's own invitation to the conference (its status), None when it has none.


def convenor(tenant_id: uuid.UUID, convenor_id: uuid.UUID) -> Decision:
    """The tenant that convened the conference runs it (召集单位): invitations, attendance, agenda, minutes drafts
    and addenda, decisions and the conference's lifecycle."""
    return ALLOWED if convenor_id == tenant_id else refused("只有召集单位可以执行该操作")


def participant(
    tenant_id: uuid.UUID, convenor_id: uuid.UUID, invitation: InvitationStatus | None
) -> Decision:
    """The convenor, or a tenant that accepted its invitation: they comment on and sign off the minutes."""
    if convenor_id == tenant_id or invitation is InvitationStatus.ACCEPTED:
        return ALLOWED
    return refused("只有已接受邀请的参会单位可以执行该操作")


def invitee(tenant_id: uuid.UUID, convenor_id: uuid.UUID, invitation: InvitationStatus | None) -> Decision:
    """A tenant the conference invited answers its own invitation (接受、谢绝、转请), once; the convenor has
    none to answer. Whether it is still unanswered is the invitation's state, not who the tenant is."""
    if invitation is not None and convenor_id != tenant_id:
        return ALLOWED
    return refused("只有已接受邀请的参会单位可以执行该操作")


def conference_relations(
    tenant_id: uuid.UUID, convenor_id: uuid.UUID, invitation: InvitationStatus | None
) -> set[str]:
    """The relations the conference and minutes machines' rows name (`by`)."""
    out = set()
    if convenor(tenant_id, convenor_id):
        out.add("convenor")
    if participant(tenant_id, convenor_id, invitation):
        out.add("participant")
    return out


# --- mediators (the roster) ----------------------------------------------------------------------------


def manages_mediator(in_roster_scope: bool, status: MediatorStatus | None = None) -> Decision:
    """T manages a mediator affiliated with a tenant of T's roster scope (`visibility.mediator_is_managed`: its
    subtree — the court its 特邀 roster, an organisation its people — and the subtrees it oversees, the justice
    bureau over people's mediation). A retired (退出) record is final: kept for the record, changed no more."""
    if not in_roster_scope:
        return refused("该调解员不在本机构管理范围内")
    if status is MediatorStatus.RETIRED:
        return refused("该调解员已退出名册，记录不再修改")
    return ALLOWED


def may_renew_term(tenant_kind: TenantKind, mediator_kind: MediatorKind) -> Decision:
    """Only the court (or its docking centre) renews a 特邀调解员's term on its roster."""
    if mediator_kind is not MediatorKind.INVITED:
        return refused("只有特邀调解员有任期")
    if tenant_kind not in (TenantKind.COURT, TenantKind.DOCKING_CENTRE):
        return refused("只有法院可以续聘特邀调解员")
    return ALLOWED


# --- mediators on cases ------------------------------------------------------------------------------------
def mediator_self(user_id: uuid.UUID | None, mediator_user_id: uuid.UUID | None) -> Decision:
    """The acting user is the mediator (the roster record is linked to the account): a mediator declares their
    own conflict (回避) and records that they contacted the parties."""
    if user_id is not None and user_id == mediator_user_id:
        return ALLOWED
    return refused("当前用户不是该调解员本人")
