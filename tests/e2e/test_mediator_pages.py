"""调解员名册 and 调解员详情: a committee mediator sees its own roster with masked identity and reveals it; the
justice bureau filters the district's people's mediators and sees only public fields of the court's roster;
the district administrator adds a mediator and suspends it with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.support import choose, expect, expect_message, login, shoot, unique


def _rows(page: Any) -> Any:
    return page.get_by_test_id("mediator-table").locator(".el-table__body tr")


def test_a_committee_mediator_filters_its_roster_and_reveals_identity(page: Any, screenshots: Path) -> None:
    login(page, "medical.mediator")
    page.get_by_test_id("nav-mediators").click()
    table = page.get_by_test_id("mediator-table")
    expect(table).to_contain_text("黄振华")
    # Its own mediator's identity is masked (the list also shows mediators of other bodies on its cases, whose
    # identity it does not see at all).
    own_row = _rows(page).filter(has_text="黄振华").first
    expect(own_row.get_by_test_id("mediator-id-number")).to_contain_text("*")
    choose(page, page.get_by_test_id("filter-kind"), "兼职调解员")
    page.get_by_test_id("filter-submit").click()
    expect(table).not_to_contain_text("黄振华")
    expect(table).to_contain_text("曹永健")
    shoot(page, screenshots, "mediator-roster.png")

    table.get_by_test_id("mediator-link").filter(has_text="曹永健").click()
    expect(page.get_by_test_id("mediator-name")).to_contain_text("曹永健")
    id_number = page.get_by_test_id("mediator-id-number")
    expect(id_number).to_contain_text("*")
    page.get_by_test_id("mediator-reveal").click()
    expect_message(page, "已显示完整信息")
    expect(id_number).not_to_contain_text("*")
    expect(page.locator('[data-section="certificates"]')).to_contain_text("人民调解员证")
    expect(page.locator('[data-section="training"]')).to_have_count(1)
    shoot(page, screenshots, "mediator-detail.png")


def test_the_justice_bureau_sees_the_districts_mediators_and_only_the_public_court_roster(page: Any) -> None:
    login(page, "justice.officer")
    page.get_by_test_id("nav-mediators").click()
    table = page.get_by_test_id("mediator-table")
    choose(page, page.get_by_test_id("filter-specialty"), "劳动争议")
    page.get_by_test_id("filter-submit").click()
    expect(table).to_contain_text("吴秀珍")
    expect(table).not_to_contain_text("黄振华")
    expect(table).not_to_contain_text("谢明远")  # the court's roster is not the bureau's to manage

    page.reload()  # the filters start empty again
    expect(table).to_contain_text("张桂兰")
    page.get_by_test_id("roster-public").click()
    page.get_by_test_id("filter-search").fill("罗振邦")
    page.get_by_test_id("filter-submit").click()
    expect(_rows(page)).to_have_count(1)
    expect(table.get_by_test_id("mediator-id-number")).to_have_text("—")
    table.get_by_test_id("mediator-link").click()
    expect(page.get_by_test_id("mediator-details-hidden")).to_be_visible()
    expect(page.get_by_test_id("mediator-reveal")).to_have_count(0)
    expect(page.get_by_test_id("mediator-suspend")).to_have_count(0)


def test_the_district_administrator_adds_and_suspends_a_mediator(page: Any, screenshots: Path) -> None:
    name = unique("新调解员")[:20]
    login(page, "district.admin")
    page.get_by_test_id("nav-mediators").click()
    page.get_by_test_id("mediator-new").click()
    dialog = page.get_by_test_id("mediator-dialog")
    expect(dialog).to_be_visible()
    page.get_by_test_id("mediator-name").fill(name)
    choose(page, page.get_by_test_id("mediator-kind"), "志愿者")
    choose(page, page.get_by_test_id("mediator-specialties"), "邻里纠纷")
    page.get_by_test_id("mediator-phone-input").fill("12345")
    page.get_by_test_id("mediator-save").click()
    expect(dialog).to_contain_text("电话号码格式不正确")
    page.get_by_test_id("mediator-phone-input").fill("13812345678")
    page.get_by_test_id("mediator-save").click()
    expect_message(page, f"已列入名册：{name}")
    expect(page.get_by_test_id("mediator-name")).to_contain_text(name)
    expect(page.get_by_test_id("mediator-phone")).to_have_text("138****5678")

    page.get_by_test_id("mediator-edit").click()
    expect(page.get_by_test_id("mediator-edit-dialog")).to_be_visible()
    page.get_by_test_id("edit-expertise").fill("擅长化解邻里噪音纠纷")
    page.get_by_test_id("mediator-edit-save").click()
    expect_message(page, "已保存")
    expect(page.locator('[data-section="public"]')).to_contain_text("擅长化解邻里噪音纠纷")
    expect(page.get_by_test_id("mediator-phone")).to_have_text("138****5678")  # left blank: unchanged

    page.get_by_test_id("mediator-suspend").click()
    box = page.locator(".el-message-box")
    box.get_by_role("button", name="确定").click()
    expect(box).to_contain_text("请填写理由")
    box.locator("textarea").fill("本人申请暂停")
    box.get_by_role("button", name="确定").click()
    expect_message(page, "名册状态已更新")
    expect(page.get_by_test_id("mediator-status")).to_have_text("暂停")
    expect(page.get_by_test_id("mediator-status-reason")).to_contain_text("本人申请暂停")
    shoot(page, screenshots, "mediator-suspended.png")
