"""Steps the browser tests share: logging in and out, picking from Element Plus selects, checking messages."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from concord.kit import identity

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# Without the Python playwright package every browser test module skips, saying why.
expect = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed").expect

_seq = itertools.count(1)


def unique(label: str) -> str:
    """A title no other test (or earlier run) uses, so a search finds exactly this case."""
    return f"{label}{uuid.uuid4().hex[:8]}"


def valid_id_card(birth: str = "19850312") -> str:
    first17 = f"110105{birth}{(next(_seq) * 37) % 1000:03d}"
    return first17 + identity.id_card_check_digit(first17)


def login(page: Page, username: str, tenant: str | None = None, password: str = "demo") -> None:
    page.goto("/#/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    if tenant is not None:
        page.get_by_test_id(f"login-tenant-{tenant}").click()
        page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("viewer-tenant")).to_be_visible()
    expect(page.get_by_test_id("inbox-page")).to_be_visible()


def logout(page: Page) -> None:
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login-submit")).to_be_visible()
    expect_message(page, "您已安全退出")


def expect_message(page: Page, text: str, kind: str = "success") -> None:
    expect(page.locator(f".el-message--{kind}").filter(has_text=text).first).to_be_visible()


def visible_popper(page: Page) -> Locator:
    return page.locator(".el-popper:visible")


def choose(page: Page, select: Locator, option_text: str) -> None:
    """Open an <el-select> and click the option with this text."""
    select.click()
    visible_popper(page).locator(".el-select-dropdown__item", has_text=option_text).first.click()


def choose_tree(page: Page, test_id: str, node_text: str) -> None:
    """Open an <el-tree-select> (it passes data-test to its select and to its tree) and click this node."""
    page.locator(f'.el-select[data-test="{test_id}"]').click()
    visible_popper(page).locator(".el-tree-node__content", has_text=node_text).first.click()


def confirm_box(page: Page) -> None:
    box = page.locator(".el-message-box")
    expect(box).to_be_visible()
    box.get_by_role("button", name="确定").click()


def settle(page: Page) -> None:
    """Let loading masks and transitions finish before a screenshot."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".el-loading-mask:visible")).to_have_count(0)
    page.wait_for_timeout(350)


def shoot(page: Page, folder: Path, name: str, full_page: bool = True) -> None:
    """A screenshot without the passing toasts (they would cover the page's heading). Use full_page=False
    while a dialog is open: its overlay covers only the viewport."""
    settle(page)
    page.locator(".el-message").evaluate_all("els => els.forEach((e) => (e.style.visibility = 'hidden'))")
    page.screenshot(path=str(folder / name), full_page=full_page)


CREATE_CASE = """
mutation($input: CreateCaseInput!) { createCase(input: $input) { case { id number title } } }"""

REFER = """
mutation($input: ReferCaseInput!) { referCase(input: $input) { referral { id status } } }"""

TENANT_IDS = "query { tenants(first: 100) { edges { node { id code } } } }"


def case_input(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "category": "LOAN",
        "sourceChannel": "PARTY_APPLICATION",
        "description": "申请人称被申请人借款五万元逾期未还。",
        "amountInDispute": "50000.00",
        "parties": [
            {
                "name": "张三",
                "kind": "PERSON",
                "role": "APPLICANT",
                "idNumber": valid_id_card(),
                "phone": "13812345678",
            },
            {"name": "李四", "kind": "PERSON", "role": "RESPONDENT", "phone": "010-62345678"},
        ],
    }
