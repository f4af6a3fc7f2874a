"""培训记录 and 坐班表 in the browser: the justice bureau creates a training event, records attendance and sees
the yearly hours with mediators below the minimum flagged; the lawyer studio reads its week grid, publishes a
slot and logs a consultation. The demo is loaded relative to the real date, so "this week" has slots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import Traffic
from tests.e2e.support import expect, expect_message, login, settle, shoot, unique, visible_popper


def test_the_bureau_records_training_and_sees_who_is_below_the_minimum(
    page: Any, screenshots: Path, traffic: Traffic
) -> None:
    login(page, "justice.officer")
    page.get_by_test_id("nav-training").click()
    table = page.get_by_test_id("training-table")
    expect(table.get_by_test_id("training-title").first).to_be_visible()
    expect(page.get_by_test_id("training-page")).to_contain_text("年度学时低于 24 小时")

    title = unique("调解协议书制作专题培训")
    page.get_by_test_id("training-new").click()
    page.get_by_test_id("training-form-title").fill(title)
    page.get_by_test_id("training-form-place").fill("区司法局三楼会议室")
    page.get_by_test_id("training-save").click()
    expect_message(page, "培训已创建")
    row = table.locator("tr", has=page.get_by_text(title))
    expect(row).to_be_visible()
    expect(row.get_by_test_id("training-attendee-count")).to_have_text("0 人")

    row.get_by_test_id("training-attend").click()
    dialog = page.get_by_test_id("attendance-dialog")
    expect(dialog).to_be_visible()
    page.get_by_test_id("attendance-mediators").click()
    visible_popper(page).locator(".el-select-dropdown__item").first.click()
    dialog.locator(".el-dialog__header").click()  # close the multi-select
    page.get_by_test_id("attendance-save").click()
    expect_message(page, "已记录 1 人参训")
    expect(row.get_by_test_id("training-attendee-count")).to_have_text("1 人")
    shoot(page, screenshots, "training-events.png")

    page.locator(".el-tabs__item", has_text="年度学时").click()
    summary = page.get_by_test_id("summary-table")
    expect(summary.get_by_test_id("summary-name").first).to_be_visible()
    expect(summary.get_by_test_id("summary-below").first).to_be_visible()
    expect(page.get_by_test_id("summary-below-count")).to_contain_text("人未达最低学时")
    expect(page.get_by_test_id("summary-minimum")).to_have_text("年度最低学时：24 小时")
    shoot(page, screenshots, "training-summary.png")
    assert traffic.page_errors == [], traffic.page_errors


def test_the_menu_follows_the_permissions(page: Any) -> None:
    login(page, "admin")  # the platform administrator reads no training or duty roster
    expect(page.get_by_test_id("nav-inbox")).to_be_visible()
    expect(page.get_by_test_id("nav-training")).to_have_count(0)
    expect(page.get_by_test_id("nav-duty")).to_have_count(0)


def test_the_studio_reads_its_week_publishes_a_slot_and_logs_a_consultation(
    page: Any, screenshots: Path, traffic: Traffic
) -> None:
    login(page, "lawyer.li")
    page.get_by_test_id("nav-duty").click()
    grid = page.get_by_test_id("duty-grid")
    expect(grid.get_by_test_id("duty-slot").first).to_be_visible()
    expect(page.get_by_test_id("duty-tenant")).to_contain_text("律师调解工作室")
    expect(page.get_by_test_id("duty-week")).to_contain_text("年")
    expect(grid).to_contain_text("星期一")
    expect(grid).to_contain_text("上午")
    shoot(page, screenshots, "duty-week.png")

    # Publish next week's Monday morning for the first lawyer offered.
    page.get_by_test_id("duty-next").click()
    monday = grid.locator("thead th").nth(1).inner_text()
    page.get_by_test_id("duty-publish").click()
    expect(page.get_by_test_id("duty-publish-dialog")).to_be_visible()
    page.get_by_test_id("duty-line-mediator").click()
    option = visible_popper(page).get_by_test_id("duty-mediator-option").first
    name = option.inner_text().strip()
    option.click()
    page.get_by_test_id("duty-line-place").fill("律师调解工作室接待室")
    page.get_by_test_id("duty-publish-save").click()
    expect_message(page, "已发布")
    cells = grid.locator("[data-test$='-AM']").first
    expect(cells).to_contain_text(name)
    assert "星期一" in monday

    # The week after: a whole working week at once (每个工作日上午、下午, the studio's lawyers in turn).
    page.get_by_test_id("duty-next").click()
    page.get_by_test_id("duty-publish").click()
    page.get_by_test_id("duty-line-place").fill("律师调解工作室接待室")
    page.get_by_test_id("duty-fill-week").click()
    expect(page.get_by_test_id("duty-line")).to_have_count(10)
    page.get_by_test_id("duty-publish-save").click()
    expect_message(page, "已发布")
    for weekday in range(1, 6):
        cell = grid.locator("tbody tr").first.locator("td").nth(weekday - 1)
        expect(cell.get_by_test_id("duty-slot").first).to_be_visible()

    # Back to this week: log a consultation on a slot that has happened, then see it counted.
    page.get_by_test_id("duty-this").click()
    stats = page.get_by_test_id("duty-stats")
    expect(stats.get_by_test_id("duty-stats-name").first).to_be_visible()
    settle(page)  # this week's statistics, not the next week's still on screen
    before = sum(int(c) for c in stats.get_by_test_id("duty-stats-consultations").all_inner_texts())
    page.get_by_test_id("duty-log").first.click()
    dialog = page.get_by_test_id("duty-log-dialog")
    expect(dialog).to_be_visible()
    page.get_by_test_id("duty-log-summary").fill("咨询拖欠货款如何处理，已告知可申请调解或诉讼")
    page.get_by_test_id("duty-log-save").click()
    expect_message(page, "咨询已登记")
    settle(page)
    after = sum(int(c) for c in stats.get_by_test_id("duty-stats-consultations").all_inner_texts())
    assert after == before + 1
    shoot(page, screenshots, "duty-logged.png")
    assert traffic.page_errors == [], traffic.page_errors
