"""The people's main path: a court clerk registers a dispute and delegates it to the docking centre in one
click; the docking centre finds it in its inbox, signs for it and accepts it; a committee that has no part
in the case cannot find it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.support import (
    choose,
    confirm_box,
    expect,
    expect_message,
    login,
    logout,
    settle,
    shoot,
    unique,
    valid_id_card,
)

DOCKING_CENTRE = "清河区人民法院诉调对接中心"


def test_clerk_delegates_docking_centre_accepts_outsider_cannot_see(page: Any, screenshots: Path) -> None:
    title = unique("陈某与周某民间借贷纠纷")

    # 法院书记员登记案件
    login(page, "court.clerk")
    expect(page.get_by_test_id("viewer-tenant")).to_have_text("清河区人民法院")
    expect(page.get_by_test_id("viewer-role")).to_have_text("法院书记员")
    expect(page.get_by_test_id("viewer-name")).to_contain_text("陈思远")
    page.get_by_test_id("nav-new-case").click()
    expect(page.get_by_test_id("new-case-form")).to_be_visible()
    page.get_by_test_id("case-title").fill(title)
    choose(page, page.get_by_test_id("case-category"), "民间借贷纠纷")
    page.get_by_test_id("case-description").fill("申请人称被申请人借款五万元，约定半年内归还，逾期未还。")
    page.get_by_test_id("case-amount").fill("50000.00")
    first, second = page.get_by_test_id("party-0"), page.get_by_test_id("party-1")
    first.get_by_test_id("party-name").fill("陈晓东")
    first.get_by_test_id("party-id").fill(valid_id_card())
    first.get_by_test_id("party-phone").fill("13812345678")
    second.get_by_test_id("party-name").fill("周建国")
    second.get_by_test_id("party-phone").fill("010-62345678")
    shoot(page, screenshots, "new-case.png")
    page.get_by_test_id("case-submit").click()

    expect(page.get_by_test_id("case-created")).to_be_visible()
    expect_message(page, "案件已登记")
    number = page.get_by_test_id("created-number").inner_text().split("案号 ")[1].split("。")[0]
    assert number.startswith("（") and "清河诉前调" in number, number
    shoot(page, screenshots, "new-case-created.png")

    # 一键委派至诉调对接中心
    page.get_by_test_id("delegate-docking").click()
    expect_message(page, f"已委派至{DOCKING_CENTRE}")
    expect(page.get_by_test_id("case-detail-page")).to_be_visible()
    expect(page.get_by_test_id("case-title")).to_have_text(title)
    timeline = page.get_by_test_id("referral-timeline")
    expect(timeline.get_by_test_id("referral-SENT")).to_contain_text(DOCKING_CENTRE)
    expect(timeline.get_by_test_id("referral-SENT")).to_contain_text("委派")
    expect(page.get_by_test_id("audit-table")).to_contain_text("登记案件")
    shoot(page, screenshots, "case-detail.png")
    logout(page)

    # 诉调对接中心：待办中签收、受理
    login(page, "docking.officer")
    row = page.get_by_test_id(f"inbox-row-{number}")
    expect(row).to_be_visible()
    expect(row.get_by_test_id("action-sign")).to_be_visible()
    expect(row.get_by_test_id("action-accept")).to_have_count(0)
    shoot(page, screenshots, "inbox.png")
    sent_before = int(page.get_by_test_id("count-sent-value").inner_text())

    row.get_by_test_id("action-sign").click()
    confirm_box(page)
    expect_message(page, f"已签收：{number}")
    expect(row.get_by_test_id("action-accept")).to_be_visible()
    expect(page.get_by_test_id("count-sent-value")).to_have_text(str(sent_before - 1))

    row.get_by_test_id("action-accept").click()
    confirm_box(page)
    expect_message(page, f"已受理：{number}")
    expect(row).to_have_count(0)

    # 案件列表：按标题查到这件案件
    page.get_by_test_id("nav-cases").click()
    page.get_by_test_id("filter-text").fill(title)
    page.get_by_test_id("filter-submit").click()
    expect(page.get_by_test_id("case-number")).to_have_text([number])
    expect(page.get_by_test_id("case-total")).to_have_text("共 1 件")
    page.get_by_test_id("filter-text").fill("")
    page.get_by_test_id("filter-submit").click()
    expect(page.get_by_test_id("case-number").first).to_be_visible()
    shoot(page, screenshots, "case-list.png")

    page.get_by_test_id("filter-text").fill(title)
    page.get_by_test_id("filter-submit").click()
    page.get_by_test_id("case-link").first.click()
    expect(page.get_by_test_id("referral-timeline").get_by_test_id("referral-ACCEPTED")).to_be_visible()
    audit = page.get_by_test_id("audit-table")
    expect(audit).to_contain_text("杨立军")
    settle(page)
    logout(page)

    # 医调委：与本案无关，查不到
    login(page, "medical.mediator")
    page.get_by_test_id("nav-cases").click()
    page.get_by_test_id("filter-text").fill(title)
    page.get_by_test_id("filter-submit").click()
    empty = page.get_by_test_id("case-empty")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("没有找到符合条件的案件")
    expect(page.get_by_test_id("case-number")).to_have_count(0)
    shoot(page, screenshots, "case-list-empty.png")
