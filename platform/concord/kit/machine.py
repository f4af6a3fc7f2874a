"""Table-driven state machines. Each machine is a list of rows (from, event, to, relation, permission, guard) —
the table is the documentation, the code walks it, and the tests walk every row.

A refused event is one of two kinds: the object has *moved past* the point where the event applied (someone
acted first: CONFLICT, the caller's view is stale), or the event does not apply *yet* or on this branch
(BAD_USER_INPUT). Both name the events allowed now."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from concord.kit.errors import BadUserInput, Conflict, Forbidden

S = TypeVar("S", bound=StrEnum)
E = TypeVar("E", bound=StrEnum)

Guard = Callable[[Any], str | None]  # returns a refusal message, or None when the guard passes
# Who may fire a row is Casbin's to say: the caller passes its principal's decision function (object, action)
# -> allowed (concord.authz.enforcer.permits, or the request context's `permits`); which roles hold a permission
# is said only in policies/roles.csv.
Permits = Callable[[str, str], bool]


@dataclass(frozen=True)
class Transition(Generic[S, E]):
    source: S
    event: E
    target: S
    # the relation the acting tenant needs (concord.authz.relations): "handler" (owner or handler), "receiver"
    # or "sender" of a referral, "convenor" or "participant" of a joint conference
    by: str
    action: tuple[str, str]  # the Casbin (object, action) that may fire it
    needs_reason: bool = False
    guard: Guard | None = None
    note: str = ""

    def permitted(self, permits: Permits) -> bool:
        return permits(*self.action)


@dataclass
class Machine(Generic[S, E]):
    name: str
    rows: list[Transition[S, E]]
    labels: dict[str, str] = field(default_factory=dict)

    def find(self, state: S, event: E) -> Transition[S, E] | None:
        return next((t for t in self.rows if t.source == state and t.event == event), None)

    def from_state(self, state: S) -> list[Transition[S, E]]:
        return [t for t in self.rows if t.source == state]

    def reachable(self, starts: Iterable[S]) -> set[S]:
        seen: set[S] = set()
        todo = list(starts)
        while todo:
            s = todo.pop()
            for t in self.from_state(s):
                if t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        return seen

    def may(self, event: E, permits: Permits, relations: set[str]) -> bool:
        """Whether the caller has standing for the event at all, whatever the object's state: some row of it
        names a relation the caller holds and a permission Casbin grants it (what `check` refuses FORBIDDEN)."""
        return any(t.by in relations and t.permitted(permits) for t in self.rows if t.event == event)

    def available(self, state: S, permits: Permits, relations: set[str], subject: Any = None) -> list[E]:
        """Events the caller may fire now: a row exists, its relation holds, Casbin permits its action, and its
        guard passes."""
        out = []
        for t in self.from_state(state):
            if (
                t.by in relations
                and t.permitted(permits)
                and (t.guard is None or subject is None or t.guard(subject) is None)
            ):
                out.append(t.event)
        return out

    def check(
        self,
        state: S,
        event: E,
        permits: Permits,
        relations: set[str],
        reason: str | None,
        subject: Any = None,
        field: str = "event",
    ) -> Transition[S, E]:
        rows = [r for r in self.rows if r.event == event]
        label = self.labels.get(event, event)
        # Who first: a caller with no standing for this event learns nothing about the object's state.
        if rows and not any(r.by in relations for r in rows):
            raise Forbidden(f"本机构与该对象的关系不允许执行{label}")
        if rows and not any(r.permitted(permits) for r in rows):
            raise Forbidden(f"当前角色不能执行{label}")
        t = self.find(state, event)
        allowed = [e.value for e in self.available(state, permits, relations, subject)]
        if t is None:
            origins = {r.source for r in rows}
            if origins and state in self.reachable(origins):
                raise Conflict(
                    f"当前状态为{self.labels.get(state, state)}，该操作已不适用（可能已有人处理）",
                    status=state.value,
                    allowedEvents=allowed,
                )
            raise BadUserInput(
                f"当前状态为{self.labels.get(state, state)}，不能执行{label}",
                field=field,
                status=state.value,
                allowedEvents=allowed,
            )
        if t.by not in relations or not t.permitted(permits):
            raise Forbidden(f"无权在当前状态下执行{label}", allowedEvents=allowed)
        if t.needs_reason and not (reason or "").strip():
            raise BadUserInput("请填写理由", field="reason")
        if t.guard is not None and subject is not None and (refusal := t.guard(subject)) is not None:
            raise BadUserInput(refusal, field=field, allowedEvents=allowed)
        return t
