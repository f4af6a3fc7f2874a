"""Rule packs: which period applies to which step of which track, kept as data (JSON), not code.

The national pack (`packs/national.json`) is seeded from the domain reference (rules.md §3) and keeps its
confidence marks (✅ read in the source, 🟡 secondary source, ❓ unverified) so a reviewer can see what still
needs checking. Local packs (a province's or a district's practice) use the same format; `RuleBook.merged`
lets a later pack replace individual (track, step) entries of an earlier one.

A pack is validated strictly when it is loaded: an unknown key, a missing legal basis or an uncapped
extension is a data error, and failing at start-up is better than computing a wrong legal deadline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from concord.deadlines.types import (
    CivilProcedure,
    ClockTrigger,
    DeadlineStep,
    Extension,
    ExtensionRequirement,
    PauseReason,
    PeriodUnit,
    Rule,
    Track,
)

CONFIDENCE_MARKS = ("✅", "🟡", "❓")

_RULE_KEYS = {
    "tracks",
    "step",
    "name",
    "days",
    "unit",
    "starts_from",
    "pausable",
    "pause_reason",
    "pause_reasons",
    "starts_on",
    "procedure",
    "extension",
    "cap",
    "legal_basis",
    "confidence",
    "source_url",
    "local_practice",
    "note",
}
_EXTENSION_KEYS = {"days", "requires", "note"}
_PACK_KEYS = {"pack", "title", "description", "rules"}


class RulePackError(ValueError):
    """A rule pack is malformed. Raised at load time, never while answering a request."""


@dataclass(frozen=True)
class RuleBook:
    """The rules in force, keyed by (track, step)."""

    rules: Mapping[tuple[Track, DeadlineStep], Rule] = field(default_factory=dict)

    def get(self, track: Track, step: DeadlineStep) -> Rule | None:
        return self.rules.get((track, step))

    def started_by(
        self, track: Track, trigger: ClockTrigger, procedure: CivilProcedure | None = None
    ) -> list[Rule]:
        """The rules of `track` whose clock `trigger` starts (for 委托, the one of the court's procedure)."""
        return [
            r
            for (t, _), r in self.rules.items()
            if t == track and trigger in r.starts_on and (r.procedure is None or r.procedure == procedure)
        ]

    def steps_for(self, track: Track) -> list[DeadlineStep]:
        """The steps a track has, in enum order (for error messages and pickers)."""
        return [s for s in DeadlineStep if (track, s) in self.rules]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def merged(self, *others: RuleBook) -> RuleBook:
        """This book with entries of `others` laid over it, later ones winning (national < province < local)."""
        combined = dict(self.rules)
        for other in others:
            combined.update(other.rules)
        return RuleBook(combined)


def _enum(kind: type[Any], value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise RulePackError(f"{where}: {value!r} is not a {kind.__name__} ({allowed})") from None


def _positive_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RulePackError(f"{where}: expected a positive integer, got {value!r}")
    return value


def _optional_positive_int(value: Any, where: str) -> int | None:
    return None if value is None else _positive_int(value, where)


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise RulePackError(f"{where}: {key} must be a string")
    return value.strip()


def _list(raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise RulePackError(f"{where}: {key} must be a list")
    return value


def _extension(raw: Any, where: str) -> Extension | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: extension must be an object or null")
    unknown = set(raw) - _EXTENSION_KEYS
    if unknown:
        raise RulePackError(f"{where}: unknown extension keys {sorted(unknown)}")
    return Extension(
        requires=_enum(ExtensionRequirement, raw.get("requires"), f"{where}.extension.requires"),
        days=_optional_positive_int(raw.get("days"), f"{where}.extension.days"),
        note=_text(raw, "note", where),
    )


def _rules_of(raw: Any, pack: str, index: int) -> list[Rule]:
    where = f"{pack}[{index}]"
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: a rule must be an object")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RulePackError(f"{where}: unknown keys {sorted(unknown)}")
    tracks = raw.get("tracks")
    if not isinstance(tracks, list) or not tracks:
        raise RulePackError(f"{where}: tracks must be a non-empty list")
    step = _enum(DeadlineStep, raw.get("step"), f"{where}.step")
    where = f"{pack}[{index}] {step.value}"
    days = _positive_int(raw.get("days"), f"{where}.days")
    unit = _enum(PeriodUnit, raw.get("unit"), f"{where}.unit")
    extension = _extension(raw.get("extension"), where)
    cap = _optional_positive_int(raw.get("cap"), f"{where}.cap")
    pausable = raw.get("pausable", False)
    local_practice = raw.get("local_practice", False)
    if not isinstance(pausable, bool) or not isinstance(local_practice, bool):
        raise RulePackError(f"{where}: pausable and local_practice must be booleans")

    legal_basis = _text(raw, "legal_basis", where)
    confidence = _text(raw, "confidence", where)
    note = _text(raw, "note", where)
    name = _text(raw, "name", where)
    starts_from = _text(raw, "starts_from", where)
    pause_reason = _text(raw, "pause_reason", where)
    if not name or not starts_from:
        raise RulePackError(f"{where}: name and starts_from are required (they appear in explanations)")
    if local_practice:
        if not note:
            raise RulePackError(f"{where}: a local-practice rule needs a note saying whose practice it is")
    elif not legal_basis:
        raise RulePackError(f"{where}: a rule needs a legal_basis, or local_practice with a note")
    if legal_basis and confidence not in CONFIDENCE_MARKS:
        raise RulePackError(f"{where}: confidence must be one of {CONFIDENCE_MARKS}")
    if extension is not None and extension.days is not None:
        # A numeric extension without a cap would let a clerk extend forever.
        if cap is None:
            raise RulePackError(f"{where}: an extension with a length needs a cap")
        if cap < days + extension.days:
            raise RulePackError(f"{where}: cap {cap} leaves no room for one extension")
    elif cap is not None and cap != days:
        raise RulePackError(f"{where}: a cap above the period needs an extension with a length")
    if pausable and not pause_reason:
        raise RulePackError(f"{where}: a pausable rule needs a pause_reason (shown in explanations)")
    pause_reasons = tuple(
        _enum(PauseReason, r, f"{where}.pause_reasons") for r in _list(raw, "pause_reasons", where)
    )
    if pausable != bool(pause_reasons):
        raise RulePackError(
            f"{where}: a pausable rule lists its pause_reasons, and only a pausable rule does"
        )
    starts_on = tuple(_enum(ClockTrigger, t, f"{where}.starts_on") for t in _list(raw, "starts_on", where))
    procedure = raw.get("procedure")
    procedure = None if procedure is None else _enum(CivilProcedure, procedure, f"{where}.procedure")

    return [
        Rule(
            track=_enum(Track, t, f"{where}.tracks"),
            step=step,
            name=name,
            days=days,
            unit=unit,
            starts_from=starts_from,
            pausable=pausable,
            pause_reason=pause_reason,
            extension=extension,
            cap=cap,
            legal_basis=legal_basis,
            confidence=confidence,
            source_url=_text(raw, "source_url", where),
            local_practice=local_practice,
            note=note,
            pack=pack,
            starts_on=starts_on,
            pause_reasons=pause_reasons,
            procedure=procedure,
        )
        for t in tracks
    ]


def parse_pack(data: Any) -> RuleBook:
    """Validate a decoded rule pack and turn it into a RuleBook. Raises RulePackError on any problem."""
    if not isinstance(data, dict):
        raise RulePackError("a rule pack must be a JSON object")
    unknown = set(data) - _PACK_KEYS
    if unknown:
        raise RulePackError(f"unknown pack keys {sorted(unknown)}")
    pack = data.get("pack")
    if not isinstance(pack, str) or not pack:
        raise RulePackError("a rule pack needs a name in 'pack'")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        raise RulePackError(f"{pack}: 'rules' must be a list")
    book: dict[tuple[Track, DeadlineStep], Rule] = {}
    for index, raw in enumerate(raw_rules):
        for rule in _rules_of(raw, pack, index):
            key = (rule.track, rule.step)
            if key in book:
                raise RulePackError(f"{pack}: {rule.track.value}/{rule.step.value} is defined twice")
            book[key] = rule
    return RuleBook(book)


def load_pack(path: Path | str) -> RuleBook:
    with open(path, encoding="utf-8") as f:
        return parse_pack(json.load(f))


def load_packs(paths: Iterable[Path | str]) -> RuleBook:
    """Load several packs, later ones overriding earlier ones entry by entry."""
    return RuleBook().merged(*(load_pack(p) for p in paths))


@cache
def national_rules() -> RuleBook:
    """The national pack shipped with the platform, loaded once per process."""
    text = resources.files("concord.deadlines").joinpath("packs/national.json").read_text(encoding="utf-8")
    return parse_pack(json.loads(text))
