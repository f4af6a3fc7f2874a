"""Tenant administration: createTenant, updateTenant, moveTenant and deactivateTenant, and the `members` field.

Each mutation: what it returns and what it changes, its audit event, the scope rule (district.admin manages
district-centre's subtree and gets NOT_FOUND elsewhere; admin, at the platform root, manages everything), and
every input it validates, with the code and field of the error. Refusals by role are in test_admin_gates.py."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import URL

from tests.admin.conftest import Branch
from tests.admin.support import (
    CREATE_TENANT,
    DEACTIVATE_TENANT,
    MIN_CASE,
    MOVE_TENANT,
    NODE,
    TENANT_NODE,
    UPDATE_TENANT,
    assert_error,
    audit_count,
    db_id,
    fake_id,
    gql,
    login,
    new_tenant,
    new_user,
    ok,
    only_event,
    password_grant,
    unique,
)
from tests.helpers import Api

MEMBERS = """query($id: ID!) { node(id: $id) { ... on Tenant { code
  members { user { username displayName isActive } roles roleDetails { name label } joinedAt } } } }"""
EXPLAIN = """query($id: ID!) { node(id: $id) { ... on Case {
  accessExplanation { paths { reason tenant { code } depth } } } } }"""


def tenant_input(parent_id: str, **overrides: Any) -> dict[str, Any]:
    code = unique("t")
    fields = {
        "code": code,
        "name": f"测试机构{code}",
        "kind": "CENTRE",
        "tier": "COMMUNITY",
        "parentId": parent_id,
    }
    fields.update(overrides)
    return fields


async def tenant_node(api: Api, actor: str, tenant_id: str) -> dict[str, Any]:
    node: dict[str, Any] = (await ok(api, actor, TENANT_NODE, {"id": tenant_id}))["node"]
    return node


async def directory_codes(api: Api) -> set[str]:
    """Every code in the active-tenant directory (all pages)."""
    codes: set[str] = set()
    after = None
    while True:
        data = await ok(
            api,
            "district.officer",
            "query($a: String) { tenants(first: 100, after: $a) { edges { node { code } } pageInfo { hasNextPage endCursor } } }",
            {"a": after},
        )
        codes |= {e["node"]["code"] for e in data["tenants"]["edges"]}
        if not data["tenants"]["pageInfo"]["hasNextPage"]:
            return codes
        after = data["tenants"]["pageInfo"]["endCursor"]


# --- createTenant ----------------------------------------------------------------------------------------------


async def test_create_tenant_returns_it_lists_it_and_audits_it(
    api: Api, demo: dict[str, str], owner_url: URL
) -> None:
    code = unique("street-north")
    fields = {
        "code": f"  {code.upper()}  ",  # trimmed and lower-cased
        "name": "  清河区北街街道多元解纷中心  ",
        "kind": "CENTRE",
        "tier": "STREET",
        "parentId": demo["district-centre"],
        "casePrefix": "清河北街调字第",
    }
    tenant = (await ok(api, "district.admin", CREATE_TENANT, {"i": fields}))["createTenant"]["tenant"]
    assert tenant == {
        "id": tenant["id"],
        "code": code,
        "name": "清河区北街街道多元解纷中心",
        "kind": "CENTRE",
        "tier": "STREET",
        "specialty": None,
        "agency": None,
        "isActive": True,
        "parent": {"code": "district-centre"},
    }
    # readable by anyone signed in, and in the directory
    assert await tenant_node(api, "court.clerk", tenant["id"]) == tenant
    assert code in await directory_codes(api)
    event = await only_event(owner_url, "tenant.create", db_id(tenant["id"]))
    assert (event["actor_name"], event["tenant"], event["object_type"]) == (
        "李文静",
        "district-centre",
        "Tenant",
    )
    assert event["changes"]["code"] == [None, code]
    assert event["changes"]["parent_id"] == [None, str(db_id(demo["district-centre"]))]
    assert event["changes"]["case_prefix"] == [None, "清河北街调字第"]


async def test_each_kind_is_created_with_what_it_needs(api: Api, home: str) -> None:
    committee = await new_tenant(api, "district.admin", home, kind="COMMITTEE", tier=None, specialty="FAMILY")
    assert (committee["kind"], committee["tier"], committee["specialty"]) == ("COMMITTEE", None, "FAMILY")
    department = await new_tenant(api, "district.admin", home, kind="DEPARTMENT", tier=None, agency=" 教育 ")
    assert (department["kind"], department["agency"]) == ("DEPARTMENT", "教育")
    studio = await new_tenant(api, "district.admin", home, kind="LAWYER_STUDIO", tier=None)
    assert studio["parent"]["code"] == committee["parent"]["code"]


async def test_the_default_case_prefix_comes_from_the_name(api: Api, home: str) -> None:
    tenant = await new_tenant(api, "district.admin", home, name="清河区南街街道多元解纷中心")
    user = await new_user(api, "district.admin", tenant["id"], ["centre_officer"])
    case = (await ok(api, await login(api, user["username"]), MIN_CASE))["createCase"]["case"]
    assert "清河区南街街调字第" in case["number"]
    assert case["ownerTenant"] == {"code": tenant["code"]}


BAD_TENANTS: list[tuple[str, dict[str, Any], str, str]] = [
    ("one-character code", {"code": "a"}, "BAD_USER_INPUT", "code"),
    ("code starting with a hyphen", {"code": "-north"}, "BAD_USER_INPUT", "code"),
    ("code with a space", {"code": "north street"}, "BAD_USER_INPUT", "code"),
    ("code with an underscore", {"code": "north_street"}, "BAD_USER_INPUT", "code"),
    ("Chinese code", {"code": "北街"}, "BAD_USER_INPUT", "code"),
    ("65-character code", {"code": "a" * 65}, "BAD_USER_INPUT", "code"),
    ("blank name", {"name": "   "}, "BAD_USER_INPUT", "name"),
    ("201-character name", {"name": "中" * 201}, "BAD_USER_INPUT", "name"),
    ("a second platform", {"kind": "PLATFORM", "tier": None}, "BAD_USER_INPUT", "kind"),
    ("centre without tier", {"kind": "CENTRE", "tier": None}, "BAD_USER_INPUT", "tier"),
    ("committee with a tier", {"kind": "COMMITTEE", "specialty": "MEDICAL"}, "BAD_USER_INPUT", "tier"),
    ("committee without specialty", {"kind": "COMMITTEE", "tier": None}, "BAD_USER_INPUT", "specialty"),
    ("department without agency", {"kind": "DEPARTMENT", "tier": None}, "BAD_USER_INPUT", "agency"),
    (
        "department with blank agency",
        {"kind": "DEPARTMENT", "tier": None, "agency": "  "},
        "BAD_USER_INPUT",
        "agency",
    ),
    ("duplicate code", {"code": "district-centre"}, "CONFLICT", "code"),
    ("duplicate code in capitals", {"code": "Street-East"}, "CONFLICT", "code"),
    ("malformed parent id", {"parentId": "not-an-id"}, "BAD_USER_INPUT", "parentId"),
    ("parent id of a user", {"parentId": fake_id("User")}, "NOT_FOUND", "parentId"),
    ("unknown parent", {"parentId": fake_id("Tenant")}, "NOT_FOUND", "parentId"),
]


@pytest.mark.parametrize(
    ("overrides", "code", "field"), [c[1:] for c in BAD_TENANTS], ids=[c[0] for c in BAD_TENANTS]
)
async def test_create_tenant_rejects_bad_input_and_records_nothing(
    api: Api, home: str, owner_url: URL, overrides: dict[str, Any], code: str, field: str
) -> None:
    before = await audit_count(owner_url, "tenant.create")
    body = await gql(api, "district.admin", CREATE_TENANT, {"i": tenant_input(home, **overrides)})
    assert_error(body, code, field)
    assert await audit_count(owner_url, "tenant.create") == before


async def test_create_tenant_under_a_deactivated_parent_is_not_found(api: Api, home: str) -> None:
    parent = await new_tenant(api, "district.admin", home)
    await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": parent["id"]}})
    body = await gql(api, "district.admin", CREATE_TENANT, {"i": tenant_input(parent["id"])})
    assert_error(body, "NOT_FOUND", "parentId")


@pytest.mark.parametrize("parent", ["district-court", "docking-centre", "platform", "petition-bureau"])
async def test_create_tenant_outside_the_subtree_is_not_found(
    api: Api, demo: dict[str, str], owner_url: URL, parent: str
) -> None:
    before = await audit_count(owner_url, "tenant.create")
    body = await gql(api, "district.admin", CREATE_TENANT, {"i": tenant_input(demo[parent])})
    assert_error(body, "NOT_FOUND", "parentId")
    assert await audit_count(owner_url, "tenant.create") == before


async def test_platform_admin_creates_anywhere(api: Api, court_branch: Branch) -> None:
    tenant = await new_tenant(api, "admin", court_branch.tenant_id, kind="DOCKING_CENTRE", tier=None)
    assert tenant["parent"] == {"code": court_branch.code}


async def test_a_tenant_admin_creates_below_its_own_tenant_only(
    api: Api, demo: dict[str, str], home: str
) -> None:
    """A street's administrator builds under its street, not beside it or above it."""
    street = await new_tenant(api, "district.admin", home, tier="STREET")
    street_admin = await login(
        api, (await new_user(api, "district.admin", street["id"], ["tenant_admin"]))["username"]
    )
    child = await new_tenant(api, street_admin, street["id"])
    assert child["parent"] == {"code": street["code"]}
    for parent in (home, demo["district-centre"], demo["street-east"]):
        assert_error(
            await gql(api, street_admin, CREATE_TENANT, {"i": tenant_input(parent)}), "NOT_FOUND", "parentId"
        )


# --- updateTenant ---------------------------------------------------------------------------------------------


async def test_update_tenant_renames_and_sets_the_case_prefix(api: Api, home: str, owner_url: URL) -> None:
    tenant = await new_tenant(api, "district.admin", home)
    user = await new_user(api, "district.admin", tenant["id"], ["centre_officer"])
    fields = {
        "tenantId": tenant["id"],
        "name": " 清河区柳岸社区多元解纷工作站 ",
        "casePrefix": " 清河柳岸调字第 ",
    }
    updated = (await ok(api, "district.admin", UPDATE_TENANT, {"i": fields}))["updateTenant"]["tenant"]
    assert updated == {**tenant, "name": "清河区柳岸社区多元解纷工作站"}
    assert await tenant_node(api, "district.officer", tenant["id"]) == updated
    # the new prefix numbers the next case
    case = (await ok(api, await login(api, user["username"]), MIN_CASE))["createCase"]["case"]
    assert case["number"].startswith("（") and "清河柳岸调字第" in case["number"]
    event = await only_event(owner_url, "tenant.update", db_id(tenant["id"]))
    assert event["changes"] == {
        "name": [tenant["name"], "清河区柳岸社区多元解纷工作站"],
        "case_prefix": [f"{tenant['name'][:6]}调字第", "清河柳岸调字第"],
    }
    assert (event["actor_name"], event["tenant"]) == ("李文静", "district-centre")


async def test_update_tenant_sets_specialty_and_agency(api: Api, home: str) -> None:
    committee = await new_tenant(api, "district.admin", home, kind="COMMITTEE", tier=None, specialty="OTHER")
    fields = {"tenantId": committee["id"], "specialty": "CONSUMER"}
    assert (await ok(api, "district.admin", UPDATE_TENANT, {"i": fields}))["updateTenant"]["tenant"][
        "specialty"
    ] == "CONSUMER"
    department = await new_tenant(api, "district.admin", home, kind="DEPARTMENT", tier=None, agency="教育")
    fields = {"tenantId": department["id"], "agency": "文旅"}
    assert (await ok(api, "district.admin", UPDATE_TENANT, {"i": fields}))["updateTenant"]["tenant"][
        "agency"
    ] == "文旅"


async def test_update_tenant_rejects_bad_input_and_records_nothing(
    api: Api, home: str, owner_url: URL
) -> None:
    centre = await new_tenant(api, "district.admin", home)
    department = await new_tenant(api, "district.admin", home, kind="DEPARTMENT", tier=None, agency="教育")
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"tenantId": centre["id"], "name": "  "}, "BAD_USER_INPUT", "name"),
        ({"tenantId": centre["id"], "name": "中" * 201}, "BAD_USER_INPUT", "name"),
        ({"tenantId": centre["id"], "casePrefix": " "}, "BAD_USER_INPUT", "casePrefix"),
        ({"tenantId": department["id"], "agency": "  "}, "BAD_USER_INPUT", "agency"),
        ({"tenantId": fake_id("Tenant"), "name": "无此机构"}, "NOT_FOUND", "tenantId"),
        ({"tenantId": fake_id("Case"), "name": "不是机构"}, "NOT_FOUND", "tenantId"),
    ]
    before = await audit_count(owner_url, "tenant.update")
    for fields, code, field in cases:
        assert_error(await gql(api, "district.admin", UPDATE_TENANT, {"i": fields}), code, field)
    assert await audit_count(owner_url, "tenant.update") == before
    assert await tenant_node(api, "district.admin", department["id"]) == department  # nothing half-applied


async def test_update_tenant_outside_the_subtree_is_not_found(
    api: Api, court_branch: Branch, demo: dict[str, str]
) -> None:
    for target in (court_branch.tenant_id, demo["district-court"], demo["platform"]):
        body = await gql(
            api, "district.admin", UPDATE_TENANT, {"i": {"tenantId": target, "name": "越权改名"}}
        )
        assert_error(body, "NOT_FOUND", "tenantId")
    fresh = await new_tenant(api, "admin", court_branch.tenant_id, kind="COURT", tier=None)
    renamed = await ok(
        api, "admin", UPDATE_TENANT, {"i": {"tenantId": fresh["id"], "name": "清河区人民法院北街法庭"}}
    )
    assert renamed["updateTenant"]["tenant"]["name"] == "清河区人民法院北街法庭"


# --- moveTenant -----------------------------------------------------------------------------------------------


async def test_move_tenant_moves_the_subtree_and_supervision_follows(
    api: Api, demo: dict[str, str], owner_url: URL
) -> None:
    """A community (with a committee below it) moves from street-east to street-west: its cases and its
    child's cases become visible to the west street and invisible to the east one; the district keeps them."""
    community = await new_tenant(api, "district.admin", demo["street-east"], code=unique("community-move"))
    committee = await new_tenant(
        api, "district.admin", community["id"], kind="COMMITTEE", tier=None, specialty="OTHER"
    )
    worker = await login(
        api, (await new_user(api, "district.admin", community["id"], ["centre_officer"]))["username"]
    )
    mediator = await login(
        api, (await new_user(api, "district.admin", committee["id"], ["mediator"]))["username"]
    )
    own_case = (await ok(api, worker, MIN_CASE))["createCase"]["case"]["id"]
    child_case = (await ok(api, mediator, MIN_CASE))["createCase"]["case"]["id"]

    async def sees(user: str, case_id: str) -> bool:
        body = await gql(api, user, NODE, {"id": case_id})
        if body.get("errors"):
            assert_error(body, "NOT_FOUND", "id")
            return False
        return bool(body["data"]["node"]["id"] == case_id)

    for case_id in (own_case, child_case):
        assert await sees("east.mediator", case_id) and not await sees("west.mediator", case_id)

    moved = await ok(
        api,
        "district.admin",
        MOVE_TENANT,
        {"i": {"tenantId": community["id"], "parentId": demo["street-west"]}},
    )
    assert moved["moveTenant"]["tenant"] == {**community, "parent": {"code": "street-west"}}
    for case_id in (own_case, child_case):
        assert await sees("west.mediator", case_id), "the new parent supervises the moved subtree"
        assert not await sees("east.mediator", case_id), "the old parent no longer does"
        assert await sees("district.officer", case_id), "the district still does"
    # the depths in the closure are right: the committee is now two levels below street-west
    paths = (await ok(api, "west.mediator", EXPLAIN, {"id": child_case}))["node"]["accessExplanation"][
        "paths"
    ]
    assert [(p["reason"], p["tenant"]["code"], p["depth"]) for p in paths] == [
        ("OWNER", committee["code"], 2)
    ]
    # the moved tenants' own users still work, and still see only their part
    assert await sees(worker, child_case) and not await sees(mediator, own_case)

    event = await only_event(owner_url, "tenant.move", db_id(community["id"]))
    assert event["changes"] == {
        "parent_id": [str(db_id(demo["street-east"])), str(db_id(demo["street-west"]))]
    }
    assert (event["actor_name"], event["tenant"]) == ("李文静", "district-centre")


async def test_move_tenant_rejects_cycles_and_bad_targets(
    api: Api, demo: dict[str, str], home: str, owner_url: URL
) -> None:
    top = await new_tenant(api, "district.admin", home, tier="STREET")
    middle = await new_tenant(api, "district.admin", top["id"])
    bottom = await new_tenant(
        api, "district.admin", middle["id"], kind="COMMITTEE", tier=None, specialty="OTHER"
    )
    closed = await new_tenant(api, "district.admin", home)
    await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": closed["id"]}})
    cases: list[tuple[str, str, str, str]] = [
        (top["id"], top["id"], "BAD_USER_INPUT", "parentId"),  # under itself
        (top["id"], middle["id"], "BAD_USER_INPUT", "parentId"),  # under its child
        (top["id"], bottom["id"], "BAD_USER_INPUT", "parentId"),  # under its grandchild
        (middle["id"], closed["id"], "NOT_FOUND", "parentId"),  # under a deactivated tenant
        (middle["id"], fake_id("Tenant"), "NOT_FOUND", "parentId"),
        (fake_id("Tenant"), home, "NOT_FOUND", "tenantId"),
        (demo["district-centre"], home, "BAD_USER_INPUT", "tenantId"),  # its own tenant
    ]
    before = await audit_count(owner_url, "tenant.move")
    for tenant_id, parent_id, code, field in cases:
        body = await gql(
            api, "district.admin", MOVE_TENANT, {"i": {"tenantId": tenant_id, "parentId": parent_id}}
        )
        assert_error(body, code, field)
    assert await audit_count(owner_url, "tenant.move") == before
    assert (await tenant_node(api, "district.admin", bottom["id"]))["parent"] == {"code": middle["code"]}


async def test_move_tenant_across_the_scope_boundary(
    api: Api, demo: dict[str, str], home: str, court_branch: Branch
) -> None:
    mine = await new_tenant(api, "district.admin", home)
    theirs = await new_tenant(api, "admin", court_branch.tenant_id, kind="COURT", tier=None)
    # district.admin cannot move its tenant out of its subtree, nor pull another branch's tenant in
    for tenant_id, parent_id, field in (
        (mine["id"], demo["district-court"], "parentId"),
        (mine["id"], court_branch.tenant_id, "parentId"),
        (theirs["id"], home, "tenantId"),
        (demo["district-court"], home, "tenantId"),
    ):
        body = await gql(
            api, "district.admin", MOVE_TENANT, {"i": {"tenantId": tenant_id, "parentId": parent_id}}
        )
        assert_error(body, "NOT_FOUND", field)
    # admin moves the court's tenant into the district, which then manages it
    moved = await ok(api, "admin", MOVE_TENANT, {"i": {"tenantId": theirs["id"], "parentId": home}})
    assert moved["moveTenant"]["tenant"]["parent"]["code"] == (await tenant_node(api, "admin", home))["code"]
    renamed = await ok(
        api, "district.admin", UPDATE_TENANT, {"i": {"tenantId": theirs["id"], "name": "已划入本区"}}
    )
    assert renamed["updateTenant"]["tenant"]["name"] == "已划入本区"
    # …and the court branch's administrator has lost it
    body = await gql(api, court_branch.admin, UPDATE_TENANT, {"i": {"tenantId": theirs["id"], "name": "x"}})
    assert_error(body, "NOT_FOUND", "tenantId")


# --- deactivateTenant -----------------------------------------------------------------------------------------


async def test_deactivate_tenant_shuts_out_its_users_and_leaves_the_directory(
    api: Api, home: str, owner_url: URL
) -> None:
    tenant = await new_tenant(api, "district.admin", home)
    user = await new_user(api, "district.admin", tenant["id"], ["centre_officer"])
    token = await login(api, user["username"])
    assert (await ok(api, token, "{ viewer { tenant { code } } }"))["viewer"]["tenant"]["code"] == tenant[
        "code"
    ]

    closed = (await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": tenant["id"]}}))[
        "deactivateTenant"
    ]
    assert closed["tenant"] == {**tenant, "isActive": False}
    # the existing token stops working on the very next request, and no new one is issued
    assert_error(await gql(api, token, "{ viewer { roles } }"), "UNAUTHENTICATED")
    r = await password_grant(api, user["username"], "Secret-123")
    assert (r.status_code, r.json()["error"]) == (401, "invalid_grant")
    assert tenant["code"] not in await directory_codes(api)
    # still readable by id (history needs it), marked inactive
    assert (await tenant_node(api, "district.officer", tenant["id"]))["isActive"] is False

    event = await only_event(owner_url, "tenant.deactivate", db_id(tenant["id"]))
    assert event["changes"] == {"is_active": [True, False]}
    # deactivating again is a no-op: same answer, no second event
    again = await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": tenant["id"]}})
    assert again["deactivateTenant"]["tenant"]["isActive"] is False
    await only_event(owner_url, "tenant.deactivate", db_id(tenant["id"]))


async def test_deactivate_tenant_with_active_children_conflicts(api: Api, home: str, owner_url: URL) -> None:
    parent = await new_tenant(api, "district.admin", home, tier="STREET")
    child = await new_tenant(api, "district.admin", parent["id"])
    before = await audit_count(owner_url, "tenant.deactivate")
    body = await gql(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": parent["id"]}})
    # The error names no input field: the conflict is with the tenant's children, not with an argument.
    assert_error(body, "CONFLICT", None)
    assert await audit_count(owner_url, "tenant.deactivate") == before
    assert (await tenant_node(api, "district.admin", parent["id"]))["isActive"] is True
    # once the child is closed, the parent can be
    await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": child["id"]}})
    closed = await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": parent["id"]}})
    assert closed["deactivateTenant"]["tenant"]["isActive"] is False


async def test_deactivate_tenant_refuses_bad_targets(api: Api, demo: dict[str, str], owner_url: URL) -> None:
    before = await audit_count(owner_url, "tenant.deactivate")
    for tenant_id, code, field in (
        (demo["district-centre"], "BAD_USER_INPUT", "tenantId"),  # its own tenant
        (fake_id("Tenant"), "NOT_FOUND", "tenantId"),
        ("not-an-id", "BAD_USER_INPUT", "tenantId"),
    ):
        assert_error(
            await gql(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": tenant_id}}), code, field
        )
    assert await audit_count(owner_url, "tenant.deactivate") == before


async def test_deactivate_tenant_outside_the_subtree_is_not_found(
    api: Api, demo: dict[str, str], court_branch: Branch
) -> None:
    fresh = await new_tenant(api, "admin", court_branch.tenant_id, kind="COURT", tier=None)
    for target in (fresh["id"], demo["district-court"], demo["platform"]):
        body = await gql(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": target}})
        assert_error(body, "NOT_FOUND", "tenantId")
    assert (await tenant_node(api, "admin", fresh["id"]))["isActive"] is True
    closed = await ok(api, "admin", DEACTIVATE_TENANT, {"i": {"tenantId": fresh["id"]}})
    assert closed["deactivateTenant"]["tenant"]["isActive"] is False


# --- Tenant.members -------------------------------------------------------------------------------------------


async def test_members_lists_users_with_their_roles(api: Api, demo: dict[str, str]) -> None:
    node = (await ok(api, "district.admin", MEMBERS, {"id": demo["community-e1"]}))["node"]
    members = {m["user"]["username"]: m for m in node["members"]}
    worker = members["e1.worker"]
    assert worker["user"] == {"username": "e1.worker", "displayName": "刘晓燕", "isActive": True}
    assert worker["roles"] == ["centre_officer"]
    assert worker["roleDetails"] == [{"name": "centre_officer", "label": "解纷中心工作人员"}]
    assert worker["joinedAt"]


async def test_members_of_a_fresh_tenant_follow_its_grants(api: Api, home: str) -> None:
    tenant = await new_tenant(api, "district.admin", home)
    assert (await ok(api, "district.admin", MEMBERS, {"id": tenant["id"]}))["node"]["members"] == []
    user = await new_user(api, "district.admin", tenant["id"], ["mediator", "observer"])
    members = (await ok(api, "admin", MEMBERS, {"id": tenant["id"]}))["node"]["members"]
    assert [(m["user"]["username"], m["roles"]) for m in members] == [
        (user["username"], ["mediator", "observer"])
    ]
    assert [d["label"] for d in members[0]["roleDetails"]] == ["调解员", "只读观察员"]


async def test_members_is_refused_without_user_management_or_out_of_scope(
    api: Api, demo: dict[str, str]
) -> None:
    for user in ("court.clerk", "district.officer", "e1.worker"):
        body = await gql(api, user, MEMBERS, {"id": demo["community-e1"]})
        assert_error(body, "FORBIDDEN")
        assert body["errors"][0]["extensions"]["action"] == "user:manage"
    for tenant in ("district-court", "docking-centre", "platform"):
        assert_error(await gql(api, "district.admin", MEMBERS, {"id": demo[tenant]}), "NOT_FOUND")
    assert_error(await gql(api, None, MEMBERS, {"id": demo["community-e1"]}), "UNAUTHENTICATED")
    # the platform administrator sees any tenant's members
    court = (await ok(api, "admin", MEMBERS, {"id": demo["district-court"]}))["node"]["members"]
    assert "court.clerk" in {m["user"]["username"] for m in court}
