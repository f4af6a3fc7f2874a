"""createCase: registering a case, its number, masked identity data, who may create it, who sees it, and
input validation (every rejected field is named in `extensions.field`, and a rejected case leaves nothing)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

import pytest

from concord.kit import clock, identity
from tests.helpers import (
    CHINA,
    CREATE_CASE,
    NODE_CASE,
    Api,
    case_input,
    create_case,
    error_code,
    error_field,
    valid_id_card,
)

NUMBER_RE = re.compile(r"^（(\d{4})）清河诉前调(\d+)号$")
VALID_CREDIT_CODE = "91110108MA022HGMW1"  # check character 1 (see identity.uscc_check_char)
INVALID_CREDIT_CODE = "91110108MA022HGMW2"

FIND_BY_TEXT = """
query($text: String!) {
  cases(first: 100, filter: {text: $text}) { totalCount edges { node { id title number } } }
}"""

CASE_PARTIES = """
query($id: ID!, $reveal: Boolean!) {
  node(id: $id) {
    ... on Case { parties { name idNumber(reveal: $reveal) phone(reveal: $reveal) } }
  }
}"""


def tag() -> str:
    """A fragment unique to one test, put into titles so the `text` filter finds exactly that test's cases."""
    return f"T{uuid.uuid4().hex[:10]}"


def party(
    name: str,
    role: str = "APPLICANT",
    kind: str = "PERSON",
    id_number: str | None = None,
    phone: str | None = None,
) -> dict[str, Any]:
    return {"name": name, "kind": kind, "role": role, "idNumber": id_number, "phone": phone}


def seq_of(number: str) -> int:
    m = NUMBER_RE.match(number)
    assert m, f"unexpected case number {number!r}"
    return int(m.group(2))


def bad_check_digit(card: str) -> str:
    return card[:17] + ("0" if card[17] != "0" else "1")


def id_card_ending_in_x() -> str:
    for n in range(1000):
        first17 = f"11010519900101{n:03d}"
        if identity.id_card_check_digit(first17) == "X":
            return first17 + "X"
    raise AssertionError("no ID card number with check character X found")


async def titles_found(api: Api, user: str, text: str) -> list[str]:
    data = await api.ok(user, FIND_BY_TEXT, {"text": text})
    return [e["node"]["title"] for e in data["cases"]["edges"]]


async def create_raw(api: Api, user: str | None, **input_: Any) -> dict[str, Any]:
    """createCase with `case_input()` defaults overridden by `input_`; returns the whole response body."""
    title = input_.pop("title", "张某与李某民间借贷纠纷")
    return await api.gql(user, CREATE_CASE, {"input": case_input(title, **input_)})


# --- happy path ------------------------------------------------------------------------------------------


async def test_court_clerk_registers_a_case(api: Api) -> None:
    t = tag()
    card = valid_id_card()
    # Registered half an hour into 2026 in Beijing, while it is still 2025 in UTC: numbered in the Beijing year.
    with clock.frozen(datetime(2026, 1, 1, 0, 30, tzinfo=CHINA)):
        case = await create_case(
            api,
            "court.clerk",
            f"{t}张某与李某民间借贷纠纷",
            parties=[
                party("张三", "APPLICANT", id_number=card, phone="13812345678"),
                party("李四", "RESPONDENT", phone="010-62345678"),
            ],
        )

    assert case["status"] == "REGISTERED"
    assert case["ownerTenant"] == {"code": "district-court"}
    assert case["title"] == f"{t}张某与李某民间借贷纠纷"
    assert case["category"] == "LOAN"
    assert case["sourceChannel"] == "PARTY_APPLICATION"
    m = NUMBER_RE.match(case["number"])
    assert m, case["number"]
    assert int(m.group(1)) == 2026
    assert [(p["name"], p["kind"], p["role"]) for p in case["parties"]] == [
        ("张三", "PERSON", "APPLICANT"),
        ("李四", "PERSON", "RESPONDENT"),
    ]
    # The case is stored: the clerk finds it again, by id and by title.
    assert await titles_found(api, "court.clerk", t) == [case["title"]]
    node = (await api.ok("court.clerk", NODE_CASE, {"id": case["id"]}))["node"]
    assert node == {"id": case["id"], "title": case["title"], "number": case["number"]}


async def test_consecutive_cases_get_consecutive_numbers(api: Api, legal_monday: datetime) -> None:
    # on a fixed day: three cases registered across New Year's midnight would start a new year's count
    numbers = [(await create_case(api, "court.clerk", f"{tag()}连续编号"))["number"] for _ in range(3)]
    seqs = [seq_of(n) for n in numbers]
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2], numbers


async def test_description_amount_and_people_are_stored(api: Api) -> None:
    t = tag()
    case = await create_case(
        api,
        "court.clerk",
        f"{t}简介",
        description="  案情简介  ",
        amountInDispute="1234.50",
        peopleInvolved=5,
    )
    data = await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { ... on Case { description amountInDispute peopleInvolved } } }",
        {"id": case["id"]},
    )
    assert data["node"] == {"description": "案情简介", "amountInDispute": "1234.50", "peopleInvolved": 5}


async def test_people_involved_defaults_to_number_of_parties(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"{tag()}人数", amountInDispute=None)
    data = await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { ... on Case { amountInDispute peopleInvolved } } }",
        {"id": case["id"]},
    )
    assert data["node"] == {"amountInDispute": None, "peopleInvolved": 2}


async def test_boundary_lengths_are_accepted(api: Api) -> None:
    t = tag()
    title = t + "题" * (200 - len(t))
    case = await create_case(api, "court.clerk", title, description="述" * 10_000)
    assert case["title"] == title


# --- masking and revealing identity data -----------------------------------------------------------------


async def test_identity_data_is_masked(api: Api) -> None:
    card = valid_id_card()
    case = await create_case(
        api,
        "court.clerk",
        f"{tag()}脱敏",
        parties=[
            party("张三", "APPLICANT", id_number=card, phone="13812345678"),
            party(
                "某公司", "RESPONDENT", kind="ORGANISATION", id_number=VALID_CREDIT_CODE, phone="010-62345678"
            ),
            party("王五", "THIRD_PARTY"),
        ],
    )
    applicant, company, third = case["parties"]
    assert applicant["idNumber"] == f"110105********{card[-4:]}"
    assert applicant["phone"] == "138****5678"
    assert company["idNumber"] == "911101********GMW1"
    assert company["phone"] == "010-******78"
    assert third["idNumber"] is None
    assert third["phone"] is None


async def test_identity_data_is_normalised(api: Api) -> None:
    card = id_card_ending_in_x()
    case = await create_case(
        api,
        "court.clerk",
        f"{tag()}规范化",
        parties=[party("张三", id_number=card.lower(), phone=" 138 1234 5678 ")],
    )
    data = await api.ok("court.clerk", CASE_PARTIES, {"id": case["id"], "reveal": True})
    assert data["node"]["parties"] == [{"name": "张三", "idNumber": card, "phone": "13812345678"}]


async def test_court_clerk_may_reveal_identity_data(api: Api) -> None:
    card = valid_id_card()
    case = await create_case(
        api, "court.clerk", f"{tag()}查看", parties=[party("张三", id_number=card, phone="13812345678")]
    )
    data = await api.ok("court.clerk", CASE_PARTIES, {"id": case["id"], "reveal": True})
    assert data["node"]["parties"] == [{"name": "张三", "idNumber": card, "phone": "13812345678"}]


@pytest.mark.parametrize("field", ["idNumber", "phone"])
async def test_department_officer_may_not_reveal_identity_data(api: Api, field: str) -> None:
    card = valid_id_card()
    case = await create_case(
        api, "hrss.officer", f"{tag()}人社", parties=[party("张三", id_number=card, phone="13812345678")]
    )
    # Masked reads are fine: hrss owns the case.
    masked = await api.ok("hrss.officer", CASE_PARTIES, {"id": case["id"], "reveal": False})
    assert masked["node"]["parties"] == [
        {"name": "张三", "idNumber": f"110105********{card[-4:]}", "phone": "138****5678"}
    ]

    body = await api.gql(
        "hrss.officer",
        f"query($id: ID!) {{ node(id: $id) {{ ... on Case {{ parties {{ name {field}(reveal: true) }} }} }} }}",
        {"id": case["id"]},
    )
    assert error_code(body) == "FORBIDDEN"
    assert error_field(body) == field
    assert body["errors"][0]["path"] == ["node", "parties", 0, field]
    assert body["data"]["node"]["parties"] == [{"name": "张三", field: None}]
    assert card not in str(body) and "13812345678" not in str(body)


# --- who may create, who sees the result ---------------------------------------------------------------


async def test_unauthenticated_create_is_refused(api: Api) -> None:
    t = tag()
    body = await create_raw(api, None, title=f"{t}匿名")
    assert error_code(body) == "UNAUTHENTICATED"
    assert body["data"] is None
    assert await titles_found(api, "court.clerk", t) == []


async def test_invalid_token_is_unauthenticated(api: Api) -> None:
    body = await api.gql(None, CREATE_CASE, {"input": case_input(f"{tag()}假令牌")}, token="not-a-jwt")
    assert error_code(body) == "UNAUTHENTICATED"
    assert body["data"] is None


async def test_role_without_case_create_is_forbidden_and_writes_nothing(api: Api) -> None:
    t = tag()
    body = await create_raw(api, "lawyer.li", title=f"{t}律师登记")
    assert error_code(body) == "FORBIDDEN"
    assert body["errors"][0]["extensions"].get("action") == "case:create"
    assert body["data"] is None
    # A case of the lawyer studio would be visible to its parent, the district centre (supervision).
    assert await titles_found(api, "district.admin", t) == []
    assert await titles_found(api, "lawyer.li", t) == []


@pytest.mark.parametrize("outsider", ["medical.mediator", "district.admin"])
async def test_other_tenants_do_not_see_a_new_case(api: Api, outsider: str) -> None:
    t = tag()
    case = await create_case(api, "court.clerk", f"{t}他人不可见")
    body = await api.gql(outsider, NODE_CASE, {"id": case["id"]})
    assert error_code(body) == "NOT_FOUND"
    assert error_field(body) == "id"
    assert body["data"]["node"] is None
    assert await titles_found(api, outsider, t) == []


# --- bad input -------------------------------------------------------------------------------------------

_CARD = valid_id_card()

BAD_INPUT: list[Any] = [
    pytest.param({"title": ""}, "title", id="title-empty"),
    pytest.param({"title": " \t\n "}, "title", id="title-whitespace"),
    pytest.param({"title": "{tag}" + "长" * 200}, "title", id="title-201"),
    pytest.param({"description": "述" * 10_001}, "description", id="description-10001"),
    pytest.param({"parties": []}, "parties", id="parties-empty"),
    pytest.param(
        {"parties": [party("张三", "RESPONDENT"), party("李四", "THIRD_PARTY")]}, "parties", id="no-applicant"
    ),
    pytest.param(
        {"parties": [party("张三", id_number=bad_check_digit(_CARD))]}, "parties.0.idNumber", id="id-checksum"
    ),
    pytest.param(
        {"parties": [party("张三", id_number=valid_id_card("19850230"))]},
        "parties.0.idNumber",
        id="id-impossible-birth-date",
    ),
    pytest.param(
        {"parties": [party("张三", id_number=valid_id_card("20991231"))]},
        "parties.0.idNumber",
        id="id-birth-date-in-future",
    ),
    pytest.param(
        {"parties": [party("张三", id_number="1101051985")]}, "parties.0.idNumber", id="id-too-short"
    ),
    pytest.param(
        {"parties": [party("张三", id_number=VALID_CREDIT_CODE)]},
        "parties.0.idNumber",
        id="person-with-credit-code",
    ),
    pytest.param(
        {
            "parties": [
                party("张三", id_number=valid_id_card()),
                party("某公司", "RESPONDENT", kind="ORGANISATION", id_number=INVALID_CREDIT_CODE),
            ]
        },
        "parties.1.idNumber",
        id="credit-code-check-character",
    ),
    pytest.param({"parties": [party("张三", phone="12345678901")]}, "parties.0.phone", id="phone-invalid"),
    pytest.param({"parties": [party("张三", phone="1381234567")]}, "parties.0.phone", id="phone-too-short"),
    pytest.param({"parties": [party("")]}, "parties.0.name", id="party-name-empty"),
    pytest.param({"parties": [party("   ")]}, "parties.0.name", id="party-name-whitespace"),
    pytest.param(
        {"parties": [party("张三"), party("名" * 201, "RESPONDENT")]}, "parties.1.name", id="party-name-201"
    ),
    pytest.param({"amountInDispute": "-0.01"}, "amountInDispute", id="amount-negative"),
    pytest.param({"peopleInvolved": 0}, "peopleInvolved", id="people-zero"),
    pytest.param({"peopleInvolved": -3}, "peopleInvolved", id="people-negative"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD_INPUT)
async def test_bad_input_names_the_field(api: Api, overrides: dict[str, Any], field: str) -> None:
    t = tag()
    overrides = dict(overrides)
    overrides["title"] = overrides.get("title", f"{t}校验").replace("{tag}", t)
    body = await create_raw(api, "court.clerk", **overrides)
    assert error_code(body) == "BAD_USER_INPUT", body
    assert error_field(body) == field, body
    assert body["data"] is None
    assert await titles_found(api, "court.clerk", t) == []


async def test_too_many_parties_is_bad_input(api: Api) -> None:
    parties = [party("张三")] + [party(f"被申请人{i}", "RESPONDENT") for i in range(200)]
    body = await create_raw(api, "court.clerk", title=f"{tag()}人多", parties=parties)
    assert error_code(body) == "BAD_USER_INPUT"
    assert error_field(body) == "parties"


async def test_unknown_category_is_bad_input(api: Api) -> None:
    t = tag()
    body = await create_raw(api, "court.clerk", title=f"{t}类型", category="NOT_A_CATEGORY")
    assert error_code(body) == "BAD_USER_INPUT"
    assert body.get("data") is None
    assert await titles_found(api, "court.clerk", t) == []


async def test_unknown_category_literal_is_rejected(api: Api) -> None:
    body = await api.gql(
        "court.clerk",
        """mutation { createCase(input: {title: "字面量", category: NOT_A_CATEGORY, sourceChannel: PARTY_APPLICATION,
             parties: [{name: "张三", kind: PERSON, role: APPLICANT}]}) { case { id } } }""",
    )
    assert error_code(body) == "GRAPHQL_VALIDATION_FAILED"
    assert body.get("data") is None


@pytest.mark.parametrize("amount", ["1000000000000000", "NaN", "Infinity", "-Infinity"])
async def test_amount_that_cannot_be_stored_is_bad_input(api: Api, amount: str) -> None:
    """amount_in_dispute is NUMERIC(16, 2): a larger or non-finite amount is the user's mistake, not a crash."""
    t = tag()
    body = await create_raw(api, "court.clerk", title=f"{t}金额", amountInDispute=amount)
    assert error_code(body) == "BAD_USER_INPUT", body
    assert error_field(body) == "amountInDispute", body
    assert await titles_found(api, "court.clerk", t) == []


async def test_amount_returned_is_the_amount_stored(api: Api) -> None:
    """NUMERIC(16, 2) rounds a third decimal place: createCase must either refuse such an amount or answer with
    what was stored, never with a value that a later read contradicts."""
    body = await api.gql(
        "court.clerk",
        "mutation($i: CreateCaseInput!) { createCase(input: $i) { case { id amountInDispute } } }",
        {"i": case_input(f"{tag()}分", amountInDispute="12.345")},
    )
    if body.get("errors"):
        assert error_code(body) == "BAD_USER_INPUT", body
        assert error_field(body) == "amountInDispute", body
        return
    returned = body["data"]["createCase"]["case"]
    stored = await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { ... on Case { amountInDispute } } }",
        {"id": returned["id"]},
    )
    assert returned["amountInDispute"] == stored["node"]["amountInDispute"]


# --- a failed createCase leaves nothing behind -----------------------------------------------------------


async def test_rejected_cases_consume_no_number(api: Api) -> None:
    before = seq_of((await create_case(api, "court.clerk", f"{tag()}前"))["number"])
    t = tag()
    for overrides in (
        {"title": "  "},
        {"title": f"{t}坏电话", "parties": [party("张三", phone="123")]},
        {"title": f"{t}无申请人", "parties": [party("张三", "RESPONDENT")]},
    ):
        body = await create_raw(api, "court.clerk", **overrides)
        assert error_code(body) == "BAD_USER_INPUT"
    after = seq_of((await create_case(api, "court.clerk", f"{tag()}后"))["number"])
    assert after == before + 1
    assert await titles_found(api, "court.clerk", t) == []


async def test_failure_after_writing_rolls_everything_back(api: Api) -> None:
    """The amount overflows only when the case row is flushed, after the number was drawn and rows written:
    the whole transaction must be rolled back, counter included."""
    before = seq_of((await create_case(api, "court.clerk", f"{tag()}前"))["number"])
    t = tag()
    body = await create_raw(api, "court.clerk", title=f"{t}溢出", amountInDispute="1000000000000000")
    assert body.get("errors"), body
    assert body.get("data") is None
    assert await titles_found(api, "court.clerk", t) == []
    after = seq_of((await create_case(api, "court.clerk", f"{tag()}后"))["number"])
    assert after == before + 1
