"""Cases, parties, referrals and access edges for the bench district, generated in batches as COPY records.

What the services would have written, row for row: a case has an OWNER edge for its tenant (cases/service.py);
every referral adds REFERRAL_FROM for its sender and REFERRAL_TO for its receiver, and a receiver that accepted
(ACCEPTED and every state after it) also holds a HANDLER edge (referrals/service.py). A referral is sent by the
case's owner or by the handler of an earlier referral of the same case. Case numbers are （年份）{前缀}{序号}号
with a gap-free sequence per tenant and year in Asia/Shanghai; `counters` ends as case_counters must.

Owners are Zipf-distributed (weight 1/rank), so a few tenants hold most cases, as in a real district."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from concord.benchdata.pools import Pools
from concord.benchdata.tenants import BenchTenant
from concord.models.enums import (
    CaseCategory,
    CaseStatus,
    ReferralKind,
    ReferralStatus,
    ReturnReasonCode,
    Specialty,
    TenantKind,
    Tier,
)

CHINA = ZoneInfo("Asia/Shanghai")
T = TypeVar("T")
HISTORY_DAYS = 3 * 365

CASE_COLUMNS = (
    "id", "tenant_id", "number", "year", "seq", "title", "description", "category", "source_channel", "status",
    "tier", "complexity", "amount_in_dispute", "people_involved", "created_by", "created_at", "updated_at",
    "version", "bounce_count",
)  # fmt: skip
PARTY_COLUMNS = ("id", "case_id", "kind", "name", "role", "id_number", "phone", "position", "created_at")
REFERRAL_COLUMNS = (
    "id", "case_id", "kind", "from_tenant_id", "to_tenant_id", "status", "reason", "return_reason", "created_by",
    "sent_at", "signed_at", "accepted_at", "returned_at", "updated_at", "version", "return_code", "report",
    "reported_at", "approved_at", "closed_at", "recalled_at", "send_back_reason",
)  # fmt: skip
ACCESS_COLUMNS = ("case_id", "tenant_id", "reason", "created_at", "case_created_at")

S = ReferralStatus
# Steps taken to reach each state (the version is one more): SENT → SIGNED_FOR → ACCEPTED → IN_PROGRESS → …
STEPS = {
    S.SENT: 0, S.SIGNED_FOR: 1, S.RETURNED: 1, S.RECALLED: 1, S.ACCEPTED: 2, S.IN_PROGRESS: 3, S.REPORTED: 4,
    S.APPROVED: 5, S.SENT_BACK: 5, S.CLOSED: 6,
}  # fmt: skip
REPORTED_OR_LATER = frozenset({S.REPORTED, S.APPROVED, S.SENT_BACK, S.CLOSED})
HANDLED = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.REPORTED, S.APPROVED, S.SENT_BACK, S.CLOSED})
# The last referral of a case is in any state; earlier ones have finished (or bounced).
LAST_STATUS = (
    [S.SENT] * 12 + [S.SIGNED_FOR] * 8 + [S.ACCEPTED] * 6 + [S.IN_PROGRESS] * 14 + [S.REPORTED] * 5
    + [S.APPROVED] * 4 + [S.CLOSED] * 30 + [S.RETURNED] * 12 + [S.RECALLED] * 4 + [S.SENT_BACK] * 5
)  # fmt: skip
EARLIER_STATUS = [S.RETURNED] * 5 + [S.RECALLED] + [S.CLOSED] * 3 + [S.APPROVED]
CASE_STATUS = (
    [CaseStatus.REGISTERED] * 10 + [CaseStatus.TRIAGED] * 5 + [CaseStatus.ACCEPTED] * 8
    + [CaseStatus.IN_MEDIATION] * 15 + [CaseStatus.PAUSED] * 2 + [CaseStatus.AGREED] * 6
    + [CaseStatus.PERFORMING] * 4 + [CaseStatus.RESOLVED] * 10 + [CaseStatus.FAILED] * 6
    + [CaseStatus.WITHDRAWN] * 2 + [CaseStatus.NOT_ACCEPTED] * 3 + [CaseStatus.DIVERTED] * 2
    + [CaseStatus.CLOSED] * 27
)  # fmt: skip
CATEGORY_LABEL = {
    CaseCategory.MARRIAGE_FAMILY: "婚姻家庭", CaseCategory.NEIGHBOUR: "邻里", CaseCategory.PROPERTY_MANAGEMENT: "物业服务",
    CaseCategory.LABOUR: "劳动报酬", CaseCategory.MEDICAL: "医疗损害", CaseCategory.CONSUMER: "消费",
    CaseCategory.TRAFFIC: "交通事故", CaseCategory.LAND: "土地承包", CaseCategory.DEMOLITION: "征收补偿",
    CaseCategory.CONTRACT: "合同", CaseCategory.LOAN: "民间借贷", CaseCategory.OTHER: "其他",
}  # fmt: skip
SPECIALTY_CATEGORY = {
    Specialty.MEDICAL: CaseCategory.MEDICAL, Specialty.LABOUR: CaseCategory.LABOUR,
    Specialty.PROPERTY: CaseCategory.PROPERTY_MANAGEMENT, Specialty.CONSUMER: CaseCategory.CONSUMER,
    Specialty.TRAFFIC: CaseCategory.TRAFFIC, Specialty.FAMILY: CaseCategory.MARRIAGE_FAMILY,
}  # fmt: skip
CHANNELS = {
    TenantKind.COURT: ["COURT_REFERRAL"], TenantKind.DOCKING_CENTRE: ["COURT_REFERRAL"] * 3 + ["ONLINE"],
    TenantKind.DEPARTMENT: ["GOVERNMENT", "PETITION", "HOTLINE_12345", "POLICE_TRANSFER"],
    TenantKind.LAWYER_STUDIO: ["LAWYER", "PARTY_APPLICATION"],
    TenantKind.COMMITTEE: ["PARTY_APPLICATION", "PARTY_APPLICATION", "ONLINE", "HOTLINE_12345"],
    TenantKind.CENTRE: ["PARTY_APPLICATION", "PROACTIVE", "GRID_SCREENING", "HOTLINE_12345", "PETITION", "ONLINE"],
}  # fmt: skip
RETURN_CODES = [c.value for c in ReturnReasonCode]


_V4 = ~((0xF000 << 64) | (0xC000 << 48))
_V4_BITS = (0x4000 << 64) | (0x8000 << 48)


def new_uuid(rng: random.Random) -> str:
    """A version-4 UUID from the seeded generator, as text (asyncpg encodes it; uuid.UUID objects are slow)."""
    return f"{(rng.getrandbits(128) & _V4) | _V4_BITS:032x}"


@dataclass
class Batch:
    cases: list[tuple[object, ...]] = field(default_factory=list)
    parties: list[tuple[object, ...]] = field(default_factory=list)
    referrals: list[tuple[object, ...]] = field(default_factory=list)
    access: list[tuple[object, ...]] = field(default_factory=list)


@dataclass
class Routing:
    """Where each tenant sends cases, and as what kind of referral."""

    targets: dict[uuid.UUID, list[BenchTenant]]

    @classmethod
    def build(cls, tenants: list[BenchTenant]) -> Routing:
        bodies = [t for t in tenants if t.kind is not TenantKind.PLATFORM]
        committees = [t for t in bodies if t.kind in (TenantKind.COMMITTEE, TenantKind.LAWYER_STUDIO)]
        depts = [t for t in bodies if t.kind is TenantKind.DEPARTMENT]
        streets = [t for t in bodies if t.tier is Tier.STREET]
        targets: dict[uuid.UUID, list[BenchTenant]] = {}
        for t in bodies:
            children = [c for c in bodies if c.parent is t]
            options: list[BenchTenant]
            if t.tier is Tier.COMMUNITY and t.parent is not None:
                options = [t.parent] * 4 + committees + depts
            elif t.kind in (TenantKind.COURT, TenantKind.DOCKING_CENTRE):
                options = committees * 3 + streets
            elif t.kind is TenantKind.CENTRE:
                options = children * 2 + committees + depts
            else:
                options = committees + depts + streets[:3]
            targets[t.id] = [o for o in options if o is not t] or [b for b in bodies if b is not t]
        return cls(targets)

    @staticmethod
    def kind(sender: BenchTenant, receiver: BenchTenant, rng: random.Random) -> ReferralKind:
        if sender.kind in (TenantKind.COURT, TenantKind.DOCKING_CENTRE):
            return ReferralKind.DELEGATED if rng.random() < 0.7 else ReferralKind.ENTRUSTED
        if receiver is sender.parent and sender.kind is TenantKind.CENTRE:
            return ReferralKind.ESCALATED
        if sender.kind is TenantKind.CENTRE and sender.tier is not Tier.COMMUNITY:
            return ReferralKind.ASSIGNED
        return ReferralKind.ASSIST if rng.random() < 0.2 else ReferralKind.TRANSFERRED


def _pick(rnd: Callable[[], float], seq: Sequence[T]) -> T:
    return seq[int(rnd() * len(seq))]


class Generator:
    def __init__(
        self,
        tenants: list[BenchTenant],
        workers: dict[uuid.UUID, uuid.UUID],
        pools: Pools,
        seed: int,
        total: int,
    ) -> None:
        self.rng = random.Random(seed)
        self.pools = pools
        self.total = total
        self.workers = {t: str(u) for t, u in workers.items()}
        self.ids = {t.id: str(t.id) for t in tenants}
        bodies = [t for t in tenants if t.kind is not TenantKind.PLATFORM]
        # Zipf by rank; the docking centre first, as court pre-litigation mediation is the busiest queue.
        rest = [t for t in bodies if t.kind is not TenantKind.DOCKING_CENTRE]
        self.rng.shuffle(rest)
        self.owners = [t for t in bodies if t.kind is TenantKind.DOCKING_CENTRE] + rest
        weights = [1.0 / (rank + 1) for rank in range(len(self.owners))]
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w
            self.cum.append(acc)
        self.routing = Routing.build(tenants)
        self.counters: dict[tuple[uuid.UUID, int], int] = {}
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.start = self.now - timedelta(days=HISTORY_DAYS)
        self.step = (self.now - self.start).total_seconds() / max(total, 1)
        # Year boundaries in Asia/Shanghai as UTC instants, so a case's year needs no timezone arithmetic.
        self.years = [
            (datetime(y, 1, 1, tzinfo=CHINA).astimezone(UTC), y)
            for y in range(self.start.year - 1, self.now.year + 2)
        ]
        self.categories = [(c.value, CATEGORY_LABEL[c]) for c in CaseCategory]
        self.statuses = [c.value for c in CASE_STATUS]
        self.channels = {t.id: CHANNELS[t.kind] for t in bodies}
        self.own_category = {
            t.id: (SPECIALTY_CATEGORY[t.specialty].value, CATEGORY_LABEL[SPECIALTY_CATEGORY[t.specialty]])
            for t in bodies
            if t.specialty in SPECIALTY_CATEGORY
        }

    def _year(self, at: datetime) -> int:
        year = self.years[0][1]
        for boundary, y in self.years:
            if at >= boundary:
                year = y
        return year

    def batches(self, size: int) -> Iterator[Batch]:
        done = 0
        while done < self.total:
            n = min(size, self.total - done)
            yield self._batch(done, n)
            done += n

    def _batch(self, offset: int, n: int) -> Batch:
        rng, batch = self.rng, Batch()
        owners = rng.choices(self.owners, cum_weights=self.cum, k=n)
        for i in range(n):
            created = self.start + timedelta(seconds=(offset + i + rng.random()) * self.step)
            self._case(batch, owners[i], created)
        return batch

    def _case(self, batch: Batch, owner: BenchTenant, created: datetime) -> None:
        rng, pools = self.rng, self.pools
        rnd = rng.random
        year = self._year(created)
        key = (owner.id, year)
        seq = self.counters.get(key, 0) + 1
        self.counters[key] = seq
        case_id = new_uuid(rng)
        own = self.own_category.get(owner.id)
        category, label = own if own is not None and rnd() < 0.85 else _pick(rnd, self.categories)
        applicant = _pick(rnd, pools.person_names)
        org_respondent = rnd() < 0.35
        respondent = _pick(rnd, pools.org_names if org_respondent else pools.person_names)
        parties = [
            ("PERSON", applicant, "APPLICANT"),
            ("ORGANISATION" if org_respondent else "PERSON", respondent, "RESPONDENT"),
        ]
        if rnd() < 0.2:
            parties.append(("PERSON", _pick(rnd, pools.person_names), "THIRD_PARTY"))
        for pos, (kind, name, role) in enumerate(parties):
            if kind == "PERSON":
                id_number = _pick(rnd, pools.id_cards) if rnd() < 0.7 else None
            else:
                id_number = _pick(rnd, pools.credit_codes)
            phone = _pick(rnd, pools.phones) if rnd() < 0.85 else None
            batch.parties.append((new_uuid(rng), case_id, kind, name, role, id_number, phone, pos, created))
        owner_id = self.ids[owner.id]
        edges = {(owner_id, "OWNER"): created}
        updated, version, bounces = created, 1, 0
        if (r := rnd()) < 0.45:
            count = 1 if r < 0.32 else 2 if r < 0.42 else 3
            updated, bounces = self._referrals(batch, case_id, owner, created, count, edges)
            version += count
        batch.cases.append(
            (
                case_id, owner_id, f"（{year}）{owner.case_prefix}{seq}号", year, seq,
                f"{applicant[0]}某与{respondent[:2]}{'' if org_respondent else '某'}{label}纠纷",
                f"申请人{applicant}称与{respondent}发生{label}纠纷，请求调解。", category,
                _pick(rnd, self.channels[owner.id]), _pick(rnd, self.statuses), owner.tier.value if owner.tier else None,
                "SIMPLE" if rnd() < 0.8 else "COMPLEX" if rnd() < 0.75 else "HARD",
                Decimal(int(rnd() * 2_000_000) + 500) if rnd() < 0.7 else None, len(parties),
                self.workers.get(owner.id), created, updated, version, bounces,
            )
        )  # fmt: skip
        for (tenant_id, reason), at in edges.items():
            batch.access.append((case_id, tenant_id, reason, at, created))

    def _referrals(
        self,
        batch: Batch,
        case_id: str,
        owner: BenchTenant,
        created: datetime,
        count: int,
        edges: dict[tuple[str, str], datetime],
    ) -> tuple[datetime, int]:
        rng, ids, now = self.rng, self.ids, self.now
        rnd = rng.random
        at, sender, used, bounces = created, owner, {owner.id}, 0
        for k in range(count):
            options = [t for t in self.routing.targets[sender.id] if t.id not in used]
            if not options:
                break
            receiver = _pick(rnd, options)
            used.add(receiver.id)
            status = _pick(rnd, LAST_STATUS if k == count - 1 else EARLIER_STATUS)
            # Some returns happen before signing, as the rules allow; a recall always does.
            signed_first = status not in (S.SENT, S.RECALLED) and not (status is S.RETURNED and rnd() < 0.5)
            steps = STEPS[status] + (status is S.RETURNED and signed_first)
            # Each step takes a fraction of the time left, so nothing lands in the future.
            times = [at + (now - at) * (0.01 + 0.09 * rnd())]
            for _ in range(steps):
                times.append(times[-1] + (now - times[-1]) * (0.01 + 0.09 * rnd()))
            sent, stamp = times[0], times[-1]
            at = stamp
            handled = status in HANDLED
            reported = times[4] if status in REPORTED_OR_LATER else None
            returned = status is S.RETURNED
            sender_id, receiver_id = ids[sender.id], ids[receiver.id]
            batch.referrals.append(
                (
                    new_uuid(rng), case_id, Routing.kind(sender, receiver, rng).value, sender_id, receiver_id,
                    status.value, "请予调解处理", "不属于本单位受理范围" if returned else None,
                    self.workers.get(sender.id), sent, times[1] if signed_first else None,
                    times[2] if handled else None, stamp if returned else None, stamp, 1 + steps,
                    _pick(rnd, RETURN_CODES) if returned else None, "已调解完毕" if reported else None, reported,
                    times[5] if status in (S.APPROVED, S.CLOSED) else None, stamp if status is S.CLOSED else None,
                    stamp if status is S.RECALLED else None, "请补充履行情况" if status is S.SENT_BACK else None,
                )
            )  # fmt: skip
            edges.setdefault((sender_id, "REFERRAL_FROM"), sent)
            edges.setdefault((receiver_id, "REFERRAL_TO"), sent)
            if handled:
                edges.setdefault((receiver_id, "HANDLER"), times[2])
            bounces += returned
            # A receiver that took the case on may pass it further; otherwise the owner tries elsewhere.
            sender = receiver if handled and rnd() < 0.5 else owner
        return at, bounces

    def counter_rows(self) -> list[tuple[uuid.UUID, int, int]]:
        return [(tenant_id, year, seq) for (tenant_id, year), seq in self.counters.items()]
