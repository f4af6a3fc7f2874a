"""补贴台账: the justice bureau reads the month's ledger (the cap marked, case numbers only — it oversees the
roster, not the cases), edits a rate and exports the Excel file; the district opens a case from its ledger."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.e2e.support import choose, confirm_box, expect, expect_message, login, shoot


def test_the_bureau_reads_edits_and_exports_the_ledger(page: Any, screenshots: Path) -> None:
    login(page, "justice.officer")
    page.get_by_test_id("nav-subsidies").click()
    expect(page.get_by_test_id("subsidy-page")).to_be_visible()
    expect(page.get_by_test_id("subsidy-cap")).to_have_text("¥3,000.00")
    capped = page.locator(".el-table__row", has=page.get_by_test_id("line-capped")).first
    expect(capped.get_by_test_id("line-payable")).to_have_text("¥3,000.00")
    capped.locator(".el-table__expand-icon").click()
    cases = page.get_by_test_id("line-cases").first
    expect(cases).to_contain_text("医疗纠纷·疑难 1200.00元（纠纷类型与难易程度均匹配）")
    expect(cases.get_by_test_id("line-case-number").first).to_contain_text("仅显示案号")
    expect(cases.get_by_test_id("line-case-link")).to_have_count(0)
    shoot(page, screenshots, "subsidy-ledger.png")

    form = page.get_by_test_id("rate-form")
    choose(page, form.get_by_test_id("rate-category"), "交通事故")
    form.get_by_test_id("rate-amount-input").fill("300.005")
    form.get_by_test_id("rate-save").click()
    expect(form.get_by_test_id("rate-error")).to_contain_text("两位小数")
    form.get_by_test_id("rate-amount-input").fill("300")
    form.get_by_test_id("rate-save").click()
    expect_message(page, "补贴标准已保存")
    row = page.get_by_test_id("rate-table").locator(".el-table__row", has_text="交通事故")
    expect(row.get_by_test_id("rate-amount")).to_have_text("¥300.00")
    row.get_by_test_id("rate-remove").click()
    confirm_box(page)
    expect_message(page, "补贴标准已删除")
    expect(page.get_by_test_id("rate-table").locator(".el-table__row", has_text="交通事故")).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_test_id("subsidy-export").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx") and "补贴台账" in download.suggested_filename
    wb = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    assert wb.sheetnames == ["汇总", "明细"]
    total = page.get_by_test_id("subsidy-total").inner_text()
    detail = list(wb["明细"].iter_rows(values_only=True))
    assert detail[-1][0] == "合计" and f"{detail[-1][8]:,.2f}" in total


def test_the_district_opens_a_case_from_its_ledger(page: Any) -> None:
    login(page, "district.admin")
    page.get_by_test_id("nav-subsidies").click()
    first = page.get_by_test_id("line-table").locator(".el-table__row").first
    first.locator(".el-table__expand-icon").click()
    link = page.get_by_test_id("line-case-link").first
    number = link.inner_text()
    link.click()
    expect(page.get_by_text(number).first).to_be_visible()
    # Without subsidy:read there is no menu entry.
    assert page.get_by_test_id("nav-subsidies").count() == 1


def test_no_menu_without_subsidy_read(page: Any) -> None:
    login(page, "court.clerk")
    expect(page.get_by_test_id("nav-cases")).to_be_visible()
    expect(page.get_by_test_id("nav-subsidies")).to_have_count(0)


def test_a_district_admin_sets_up_a_scheme_and_its_rates(page: Any) -> None:
    login(page, "district.admin")
    page.get_by_test_id("nav-subsidies").click()
    page.get_by_test_id("subsidy-new-scheme").click()
    dialog = page.get_by_test_id("scheme-dialog")
    dialog.get_by_test_id("scheme-name").fill("区中心调解员以案定补试行办法")
    dialog.get_by_test_id("scheme-cap").fill("-1")
    first_month = dialog.locator(".el-date-editor input").first
    first_month.fill("2031年1月")
    first_month.press("Enter")
    page.get_by_test_id("scheme-save").click()
    expect(dialog).to_contain_text("金额须为非负数，最多两位小数")
    dialog.get_by_test_id("scheme-cap").fill("2000")
    page.get_by_test_id("scheme-save").click()
    expect_message(page, "已新建方案：区中心调解员以案定补试行办法")
    scheme = page.get_by_test_id("subsidy-scheme")
    expect(scheme).to_contain_text("区中心调解员以案定补试行办法")
    expect(scheme).to_contain_text("2031年1月1日")
    expect(page.get_by_test_id("subsidy-cap")).to_have_text("¥2,000.00")
    form = page.get_by_test_id("rate-form")
    form.get_by_test_id("rate-amount-input").fill("250")
    form.get_by_test_id("rate-save").click()
    expect(page.get_by_test_id("rate-label")).to_have_text("默认标准")
