"""案件页面: forms that check as you type and show the server's errors on the field they concern, identity
data masked until revealed (and refused without the right role), returns with a reason, paging, English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import ServerApi
from tests.e2e.support import (
    case_input,
    choose,
    confirm_box,
    expect,
    expect_message,
    login,
    logout,
    shoot,
    unique,
    valid_id_card,
)


def test_new_case_form_checks_as_you_type(page: Any, screenshots: Path) -> None:
    login(page, "court.clerk")
    page.get_by_test_id("nav-new-case").click()
    party = page.get_by_test_id("party-0")
    good = valid_id_card()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    party.get_by_test_id("party-id").fill(bad)
    expect(party).to_contain_text("身份证号码不正确")
    party.get_by_test_id("party-id").fill(good)
    expect(party).not_to_contain_text("身份证号码不正确")
    party.get_by_test_id("party-phone").fill("12345")
    expect(party).to_contain_text("电话号码格式不正确")
    party.get_by_test_id("party-phone").fill("13812345678")
    expect(party).not_to_contain_text("电话号码格式不正确")
    # An organisation's number is a unified social credit code, checked by its own rule.
    party.get_by_test_id("party-kind").get_by_text("法人或其他组织").click()
    expect(party).to_contain_text("统一社会信用代码不正确")
    party.get_by_test_id("party-kind").get_by_text("自然人").click()
    expect(party).not_to_contain_text("统一社会信用代码不正确")

    page.get_by_test_id("case-amount").fill("12.345")
    expect(page.get_by_test_id("new-case-form")).to_contain_text("最多两位小数")
    page.get_by_test_id("case-submit").click()
    expect_message(page, "请先改正标红的内容", kind="warning")
    form = page.get_by_test_id("new-case-form")
    expect(form).to_contain_text("请填写案件标题")
    expect(form).to_contain_text("请选择纠纷类型")
    expect(page.get_by_test_id("party-1")).to_contain_text("请填写姓名或名称")
    shoot(page, screenshots, "new-case-validation.png")


def test_server_error_is_shown_on_its_field(page: Any, server_api: ServerApi, screenshots: Path) -> None:
    case = server_api.create_case("court.clerk", unique("重复转介测试纠纷"))
    server_api.refer("court.clerk", case["id"], "docking-centre")
    login(page, "court.clerk")
    page.goto(f"/#/cases/{case['id']}")
    page.get_by_test_id("refer-open").click()
    dialog = page.get_by_test_id("refer-dialog")
    expect(dialog).to_be_visible()
    page.get_by_test_id("refer-submit").click()
    expect(dialog).to_contain_text("请选择接收机构")
    expect(dialog).to_contain_text("请填写转介理由")
    choose(page, page.get_by_test_id("refer-tenant"), "清河区人民法院诉调对接中心")
    page.get_by_test_id("refer-reason").fill("再次委派")
    page.get_by_test_id("refer-submit").click()
    # CONFLICT with extensions.field = "toTenantId": the message sits under 接收机构.
    tenant_item = dialog.locator(".el-form-item", has=page.get_by_test_id("refer-tenant"))
    expect(tenant_item.locator(".el-form-item__error")).to_contain_text("已有一条待处理的转介")
    shoot(page, screenshots, "case-refer-error.png", full_page=False)

    choose(page, page.get_by_test_id("refer-tenant"), "清河区医疗纠纷人民调解委员会")
    expect(tenant_item.locator(".el-form-item__error")).to_have_count(0)
    page.get_by_test_id("refer-kind-TRANSFERRED").click()
    page.get_by_test_id("refer-submit").click()
    expect_message(page, "已转介至清河区医疗纠纷人民调解委员会")
    expect(page.get_by_test_id("referral-timeline").get_by_test_id("referral-SENT")).to_have_count(2)


def test_identity_data_is_masked_until_revealed(page: Any, server_api: ServerApi, screenshots: Path) -> None:
    id_number = valid_id_card("19900101")
    parties = case_input("x")["parties"]
    parties[0]["idNumber"] = id_number
    case = server_api.create_case("court.clerk", unique("查看身份信息测试纠纷"), parties=parties)
    login(page, "court.clerk")
    page.goto(f"/#/cases/{case['id']}")
    first_id = page.get_by_test_id("party-id").first
    expect(first_id).to_have_text(id_number[:6] + "********" + id_number[-4:])
    expect(page.get_by_test_id("party-phone").first).to_have_text("138****5678")
    page.get_by_test_id("reveal").click()
    expect(first_id).to_have_text(id_number)
    expect(page.get_by_test_id("party-phone").first).to_have_text("13812345678")
    expect(page.get_by_test_id("revealed")).to_be_visible()
    shoot(page, screenshots, "case-detail-revealed.png")


def test_reveal_without_the_role_shows_the_servers_refusal(page: Any, server_api: ServerApi) -> None:
    # Department officers register cases but may not read full identity numbers.
    case = server_api.create_case("hrss.officer", unique("人社部门登记的劳动争议"), category="LABOUR")
    login(page, "hrss.officer")
    page.goto(f"/#/cases/{case['id']}")
    expect(page.get_by_test_id("case-title")).to_be_visible()
    page.get_by_test_id("reveal").click()
    expect(page.get_by_test_id("reveal-error")).to_contain_text("无权查看完整身份信息")
    expect(page.get_by_test_id("party-id").first).to_contain_text("****")


def test_docking_centre_returns_a_referral_with_a_reason(
    page: Any, server_api: ServerApi, screenshots: Path
) -> None:
    case = server_api.create_case("court.clerk", unique("退回测试纠纷"))
    server_api.refer("court.clerk", case["id"], "docking-centre")
    login(page, "docking.officer")
    row = page.get_by_test_id(f"inbox-row-{case['number']}")
    row.get_by_test_id("action-return").click()
    dialog = page.get_by_test_id("return-dialog")
    page.get_by_test_id("return-submit").click()
    expect(dialog).to_contain_text("请填写退回理由")
    expect(dialog).to_contain_text("请选择退回类别")
    page.get_by_test_id("return-code-LEGAL_CHANNEL").click()
    page.get_by_test_id("return-reason").fill("该纠纷已进入诉讼程序，不宜诉前调解。")
    shoot(page, screenshots, "inbox-return.png", full_page=False)
    page.get_by_test_id("return-submit").click()
    expect_message(page, f"已退回：{case['number']}")
    expect(row).to_have_count(0)
    page.goto(f"/#/cases/{case['id']}")
    returned = page.get_by_test_id("referral-RETURNED")
    expect(returned).to_contain_text("该纠纷已进入诉讼程序")
    expect(returned).to_contain_text("应通过诉讼、仲裁等法定途径")


def test_case_list_filters_and_pages(page: Any, server_api: ServerApi, screenshots: Path) -> None:
    tag = unique("分页测试")
    for i in range(12):
        server_api.create_case("court.clerk", f"{tag}第{i + 1}件")
    login(page, "court.clerk")
    page.get_by_test_id("nav-cases").click()
    choose(page, page.get_by_test_id("filter-status"), "已登记")
    choose(page, page.get_by_test_id("filter-category"), "民间借贷纠纷")
    page.get_by_test_id("filter-text").fill(tag)
    page.get_by_test_id("filter-submit").click()
    expect(page.get_by_test_id("case-total")).to_have_text("共 12 件")
    pager = page.get_by_test_id("case-pager")
    choose(page, pager.locator(".el-select"), "10 / 每页")
    expect(page.get_by_test_id("case-number")).to_have_count(10)
    expect(pager).to_contain_text("1 / 2")
    page.get_by_test_id("page-next").click()
    expect(page.get_by_test_id("case-number")).to_have_count(2)
    expect(pager).to_contain_text("2 / 2")
    expect(page.get_by_test_id("page-next")).to_be_disabled()
    shoot(page, screenshots, "case-list-page-2.png")
    page.get_by_test_id("page-prev").click()
    expect(page.get_by_test_id("case-number")).to_have_count(10)
    # The filters live in the address: a reload keeps them.
    page.reload()
    expect(page.get_by_test_id("case-total")).to_have_text("共 12 件")
    page.get_by_test_id("filter-reset").click()
    expect(page.get_by_test_id("filter-reset")).to_have_count(0)


def test_english_on_request(page: Any, screenshots: Path) -> None:
    page.goto("/#/login")
    page.get_by_test_id("login-lang-en").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_test_id("login-username").fill("court.clerk")
    page.get_by_test_id("login-password").fill("demo")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("nav-cases")).to_contain_text("Cases")
    expect(page.get_by_test_id("viewer-role")).to_have_text("Court clerk")
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    shoot(page, screenshots, "inbox-en.png")
    page.get_by_test_id("lang-switch").click()
    page.get_by_test_id("lang-zh").click()
    expect(page.get_by_role("heading", name="待办")).to_be_visible()
    expect(page.get_by_test_id("viewer-role")).to_have_text("法院书记员")


def test_referral_actions_ask_for_confirmation(page: Any, server_api: ServerApi) -> None:
    case = server_api.create_case("court.clerk", unique("取消签收测试纠纷"))
    server_api.refer("court.clerk", case["id"], "docking-centre")
    login(page, "docking.officer")
    page.goto(f"/#/cases/{case['id']}")
    actions = page.get_by_test_id("my-actions")
    expect(actions).to_be_visible()
    actions.get_by_test_id("action-sign").click()
    page.locator(".el-message-box").get_by_role("button", name="取消").click()
    expect(actions.get_by_test_id("action-sign")).to_be_visible()
    actions.get_by_test_id("action-sign").click()
    confirm_box(page)
    expect_message(page, f"已签收：{case['number']}")
    expect(page.get_by_test_id("my-actions").get_by_test_id("action-accept")).to_be_visible()


SIGN = "mutation($id: ID!) { signForReferral(input: {referralId: $id}) { referral { id } } }"
ACCEPT = "mutation($id: ID!) { acceptReferral(input: {referralId: $id}) { referral { id } } }"


def test_referral_is_worked_reported_approved_and_closed(
    page: Any, server_api: ServerApi, screenshots: Path
) -> None:
    """After 受理, the buttons come from the server (Referral.availableEvents): the docking centre starts
    and reports, the court approves and closes."""
    case = server_api.create_case("court.clerk", unique("办结流程测试纠纷"))
    server_api.refer("court.clerk", case["id"], "docking-centre")
    referral = server_api.gql(
        "docking.officer",
        "query($id: ID!) { node(id: $id) { ... on Case { referrals { edges { node { id } } } } } }",
        {"id": case["id"]},
    )["node"]["referrals"]["edges"][0]["node"]["id"]
    server_api.gql("docking.officer", SIGN, {"id": referral})
    server_api.gql("docking.officer", ACCEPT, {"id": referral})

    login(page, "docking.officer")
    page.goto(f"/#/cases/{case['id']}")
    timeline = page.get_by_test_id("referral-timeline")
    timeline.get_by_test_id("action-START").click()
    confirm_box(page)
    expect_message(page, f"已开始办理：{case['number']}")
    timeline.get_by_test_id("action-REPORT").click()
    prompt = page.locator(".el-message-box")
    prompt.get_by_role("button", name="确定").click()
    expect(prompt).to_contain_text("请填写说明")
    prompt.locator("textarea").fill("经调解，双方达成分期还款协议。")
    prompt.get_by_role("button", name="确定").click()
    expect_message(page, f"已报告办结：{case['number']}")
    expect(timeline.get_by_test_id("referral-REPORTED")).to_contain_text("经调解，双方达成分期还款协议。")
    expect(timeline.get_by_test_id("action-APPROVE")).to_have_count(0)
    logout(page)

    login(page, "court.clerk")
    page.goto(f"/#/cases/{case['id']}")
    timeline = page.get_by_test_id("referral-timeline")
    timeline.get_by_test_id("action-APPROVE").click()
    confirm_box(page)
    expect_message(page, f"已审核通过：{case['number']}")
    timeline.get_by_test_id("action-CLOSE").click()
    confirm_box(page)
    expect_message(page, f"已办结：{case['number']}")
    expect(timeline.get_by_test_id("referral-CLOSED")).to_be_visible()
    shoot(page, screenshots, "case-detail-closed.png")
