"""The rule packs: the national pack loads, every rule cites a basis, and malformed packs are refused."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from concord.deadlines import (
    CivilProcedure,
    ClockTrigger,
    DeadlineStep,
    ExtensionRequirement,
    PauseReason,
    PeriodUnit,
    RulePackError,
    Track,
    load_pack,
    load_packs,
    national_rules,
    parse_pack,
)

S = DeadlineStep
T = Track
PACK = Path(__file__).parents[2] / "platform" / "concord" / "deadlines" / "packs" / "national.json"


def test_every_rule_has_a_legal_basis_or_a_local_practice_note() -> None:
    book = national_rules()
    assert len(book) >= 30
    for rule in book:
        if rule.local_practice:
            assert rule.note.startswith("本地做法"), rule
        else:
            assert rule.legal_basis.startswith("《"), rule
            assert rule.confidence in ("✅", "🟡", "❓"), rule
            assert rule.source_url.startswith("http"), rule
        assert rule.name and rule.starts_from
        assert rule.pack == "national"


def test_every_track_has_rules() -> None:
    book = national_rules()
    for track in Track:
        assert book.steps_for(track), track


def test_tracks_without_a_statutory_number_are_local_practice() -> None:
    book = national_rules()
    for track in (T.LAWYER, T.ADMINISTRATIVE, T.HOTLINE_12345):
        own = [r for r in book if r.track == track and not r.step.value.startswith("CONFIRMATION")]
        assert own and all(r.local_practice for r in own), track


@pytest.mark.parametrize(
    ("track", "step", "days", "unit"),
    [
        (T.PEOPLES_MEDIATION, S.MEDIATION, 1, PeriodUnit.MONTHS),
        (T.COURT_DELEGATED, S.MEDIATION, 30, PeriodUnit.CALENDAR_DAYS),
        (T.COURT_ENTRUSTED, S.MEDIATION_ORDINARY, 15, PeriodUnit.CALENDAR_DAYS),
        (T.COURT_ENTRUSTED, S.MEDIATION_SIMPLE, 7, PeriodUnit.CALENDAR_DAYS),
        (T.LABOUR, S.MEDIATION, 15, PeriodUnit.CALENDAR_DAYS),
        (T.MEDICAL, S.MEDIATION, 30, PeriodUnit.WORKING_DAYS),
        (T.CONSUMER, S.ACCEPTANCE, 7, PeriodUnit.WORKING_DAYS),
        (T.CONSUMER, S.MEDIATION, 45, PeriodUnit.WORKING_DAYS),
        (T.PETITION, S.REGISTRATION, 15, PeriodUnit.CALENDAR_DAYS),
        (T.PETITION, S.HANDLING, 60, PeriodUnit.CALENDAR_DAYS),
        (T.PEOPLES_MEDIATION, S.CONFIRMATION_APPLY, 30, PeriodUnit.CALENDAR_DAYS),
        (T.PEOPLES_MEDIATION, S.CONFIRMATION_ACCEPT, 3, PeriodUnit.CALENDAR_DAYS),
        (T.PEOPLES_MEDIATION, S.CONFIRMATION_DECIDE, 15, PeriodUnit.CALENDAR_DAYS),
        (T.HOTLINE_12345, S.SIGN_FOR, 1, PeriodUnit.WORKING_DAYS),
        (T.HOTLINE_12345, S.HANDLING, 15, PeriodUnit.WORKING_DAYS),
    ],
)
def test_seeded_numbers_match_the_domain_reference(
    track: Track, step: DeadlineStep, days: int, unit: PeriodUnit
) -> None:
    rule = national_rules().get(track, step)
    assert rule is not None
    assert (rule.days, rule.unit) == (days, unit)


def test_pauses_and_extensions_are_where_the_law_puts_them() -> None:
    book = national_rules()
    medical = book.get(T.MEDICAL, S.MEDIATION)
    assert medical is not None and medical.pausable and "鉴定" in medical.pause_reason
    assert {(r.track, r.step) for r in book if r.pausable} == {
        (T.MEDICAL, S.MEDIATION),
        (T.MEDICAL, S.ADMINISTRATIVE_MEDIATION),
        (T.PETITION, S.RE_REVIEW),
    }
    handling = book.get(T.PETITION, S.HANDLING)
    assert handling is not None and handling.extension is not None
    assert (handling.extension.requires, handling.extension.days, handling.cap) == (
        ExtensionRequirement.APPROVER,
        30,
        90,
    )
    people = book.get(T.PEOPLES_MEDIATION, S.MEDIATION)
    assert people is not None and people.extension is not None
    assert people.extension.requires is ExtensionRequirement.CONSENT_OF_BOTH_PARTIES
    assert people.extension.days is None  # "may continue if both parties agree": no statutory length


def _pack() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PACK.read_text(encoding="utf-8"))
    return data


def _first_rule(data: dict[str, Any], step: str, track: str | None = None) -> dict[str, Any]:
    for r in data["rules"]:
        if r["step"] == step and (track is None or track in r["tracks"]):
            rule: dict[str, Any] = r
            return rule
    raise AssertionError(step)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: _first_rule(d, "MEDIATION", "LABOUR").update(legal_bassis="x"), "unknown keys"),
        (lambda d: _first_rule(d, "MEDIATION", "LABOUR").update(legal_basis=""), "legal_basis"),
        (lambda d: _first_rule(d, "MEDIATION", "LABOUR").update(unit="WEEKS"), "PeriodUnit"),
        (lambda d: _first_rule(d, "MEDIATION", "LABOUR").update(days=0), "positive integer"),
        (lambda d: _first_rule(d, "MEDIATION", "LABOUR").update(confidence="sure"), "confidence"),
        (lambda d: _first_rule(d, "HANDLING", "PETITION").update(cap=None), "needs a cap"),
        (lambda d: _first_rule(d, "HANDLING", "PETITION").update(cap=70), "no room"),
        (lambda d: _first_rule(d, "MEDIATION", "MEDICAL").update(pause_reason=""), "pause_reason"),
        (lambda d: _first_rule(d, "SIGN_FOR").update(note=""), "local-practice"),
        (lambda d: d["rules"].append(copy.deepcopy(_first_rule(d, "SIGN_FOR"))), "defined twice"),
    ],
)
def test_malformed_packs_are_refused(mutate: Any, message: str) -> None:
    data = _pack()
    mutate(data)
    with pytest.raises(RulePackError, match=message):
        parse_pack(data)


def test_a_local_pack_overrides_single_entries(tmp_path: Path) -> None:
    local = {
        "pack": "jiyuan",
        "title": "济源（地方做法）",
        "rules": [
            {
                "tracks": ["COURT_DELEGATED"],
                "step": "MEDIATION",
                "name": "委派调解期限（济源）",
                "days": 30,
                "unit": "CALENDAR_DAYS",
                "starts_from": "签收委派之日",
                "extension": {"requires": "APPROVER", "days": 30, "note": "经法院批准可延长不超过30日"},
                "cap": 60,
                "local_practice": True,
                "note": "本地做法：rules.md C6（济源）",
            }
        ],
    }
    path = tmp_path / "jiyuan.json"
    path.write_text(json.dumps(local, ensure_ascii=False), encoding="utf-8")
    book = load_packs([PACK, path])
    delegated = book.get(T.COURT_DELEGATED, S.MEDIATION)
    assert delegated is not None and delegated.pack == "jiyuan" and delegated.cap == 60
    national = book.get(T.LABOUR, S.MEDIATION)
    assert national is not None and national.pack == "national"
    assert len(book) == len(load_pack(PACK))


def test_clocks_start_at_the_events_the_law_names() -> None:
    """Issue 14: the trigger of each automatically started clock is data, next to its basis."""
    book = national_rules()
    trigger = {(r.track, r.step): r.starts_on for r in book}
    assert trigger[(T.LABOUR, S.MEDIATION)] == (ClockTrigger.CASE_REGISTERED,)
    assert trigger[(T.PETITION, S.REGISTRATION)] == (ClockTrigger.CASE_REGISTERED,)
    for track in (T.PEOPLES_MEDIATION, T.MEDICAL, T.CONSUMER):
        assert trigger[(track, S.MEDIATION)] == (ClockTrigger.CASE_ACCEPTED,), track
    assert trigger[(T.PETITION, S.HANDLING)] == (ClockTrigger.CASE_ACCEPTED,)
    assert trigger[(T.PETITION, S.ACCEPTANCE)] == (ClockTrigger.TRANSFER_SIGNED_FOR,)
    for step in (S.MEDIATION_ORDINARY, S.MEDIATION_SIMPLE):
        assert trigger[(T.COURT_ENTRUSTED, step)] == (ClockTrigger.COURT_MATERIALS_SIGNED_FOR,)
    assert trigger[(T.COURT_DELEGATED, S.MEDIATION)] == (ClockTrigger.COURT_MATERIALS_SIGNED_FOR,)
    assert [
        r.step
        for r in book.started_by(
            T.COURT_ENTRUSTED, ClockTrigger.COURT_MATERIALS_SIGNED_FOR, CivilProcedure.SIMPLE
        )
    ] == [S.MEDIATION_SIMPLE]


def test_pauses_are_limited_to_the_reasons_the_law_gives() -> None:
    book = national_rules()
    for rule in book:
        assert rule.pausable == bool(rule.pause_reasons), rule
    medical = book.get(T.MEDICAL, S.MEDIATION)
    assert medical is not None and medical.pause_reasons == (PauseReason.APPRAISAL,)
    re_review = book.get(T.PETITION, S.RE_REVIEW)
    assert re_review is not None and re_review.pause_reasons == (PauseReason.HEARING,)


def test_legal_bases_cite_the_texts_in_force() -> None:
    book = national_rules()
    confirm = book.get(T.PEOPLES_MEDIATION, S.CONFIRMATION_APPLY)
    assert confirm is not None and "（2023年修正）第二百零五条" in confirm.legal_basis
    assert "第二百零一条" not in confirm.legal_basis
    for step in (S.HANDLING, S.REVIEW_APPLY, S.REVIEW, S.RE_REVIEW_APPLY, S.RE_REVIEW):
        rule = book.get(T.PETITION, step)
        assert rule is not None and rule.legal_basis.startswith("《信访工作条例》"), step
        assert "2022" in rule.legal_basis, step
    for track, step in ((T.COURT_DELEGATED, S.MEDIATION), (T.COURT_ENTRUSTED, S.MEDIATION_SIMPLE)):
        rule = book.get(track, step)
        assert rule is not None and "法释〔2016〕14号）第二十五条" in rule.legal_basis
    assert "法发〔2020〕1号" in (book.get(T.COURT_DELEGATED, S.MEDIATION) or confirm).legal_basis
    for step in (S.ACCEPTANCE, S.MEDIATION):
        rule = book.get(T.CONSUMER, step)
        assert rule is not None and "条：" in rule.legal_basis, step


def test_pack_refuses_pause_reasons_on_a_rule_that_does_not_pause() -> None:
    data = json.loads(PACK.read_text(encoding="utf-8"))
    bad = copy.deepcopy(data)
    labour = next(r for r in bad["rules"] if r["tracks"] == ["LABOUR"])
    labour["pause_reasons"] = ["APPRAISAL"]
    with pytest.raises(RulePackError, match="pause_reasons"):
        parse_pack(bad)
    bad = copy.deepcopy(data)
    labour = next(r for r in bad["rules"] if r["tracks"] == ["LABOUR"])
    labour["starts_on"] = ["WHEN_CONVENIENT"]
    with pytest.raises(RulePackError, match="ClockTrigger"):
        parse_pack(bad)
