"""The inbox updates itself: while the docking centre's officer looks at it, a court refers a case there and
the row appears, announced, without anyone pressing 刷新. The subscription goes over the WebSocket by
document id (the built-in ReferralEvents), like every other console operation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from concord.documents.registry import builtin_registry
from tests.e2e.conftest import ServerApi
from tests.e2e.support import expect, login, shoot, unique


def test_a_referral_appears_in_the_open_inbox(page: Any, server_api: ServerApi, screenshots: Path) -> None:
    frames: list[dict[str, Any]] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framesent", lambda payload: frames.append(json.loads(payload))),
    )
    login(page, "docking.officer")
    expect(page.get_by_test_id("inbox-page")).to_be_visible()
    expect(page.get_by_test_id("inbox-live")).to_be_visible()
    page.wait_for_timeout(1000)  # the subscription is in place before the referral is sent
    subscribes = [f for f in frames if f.get("type") == "subscribe"]
    assert subscribes, frames
    assert subscribes[0]["payload"]["documentId"] == builtin_registry().id_of("ReferralEvents")
    assert subscribes[0]["payload"]["query"] == ""

    title = unique("实时待办测试纠纷")
    case = server_api.create_case("court.clerk", title)
    server_api.refer("court.clerk", case["id"], "docking-centre")

    expect(page.locator(".el-notification")).to_contain_text(f"收到新的转介：{title}", timeout=15_000)
    row = page.get_by_test_id(f"inbox-row-{case['number']}")
    expect(row).to_be_visible(timeout=15_000)
    expect(row.get_by_test_id("action-sign")).to_be_visible()
    expect(page.get_by_test_id("inbox-table")).to_contain_text(title)
    shoot(page, screenshots, "inbox-live.png")
