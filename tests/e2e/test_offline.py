"""The console is complete on its own: every script, style, font and image comes from the server it is
served by, so it works on an intranet with no internet access."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.e2e.conftest import LOCAL_HOSTS, Traffic
from tests.e2e.support import expect, login, settle, shoot


def test_console_loads_with_no_request_leaving_127_0_0_1(
    page: Any, traffic: Traffic, screenshots: Path
) -> None:
    page.goto("/")
    expect(page.get_by_test_id("login-submit")).to_be_visible()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    shoot(page, screenshots, "login.png")

    login(page, "court.clerk")
    expect(page.get_by_test_id("status-chart").locator("canvas")).to_be_visible()
    settle(page)
    for nav, marker in [
        ("nav-cases", "case-list-page"),
        ("nav-new-case", "new-case-page"),
        ("nav-inbox", "inbox-page"),
    ]:
        page.get_by_test_id(nav).click()
        expect(page.get_by_test_id(marker)).to_be_visible()
        settle(page)
    page.get_by_test_id("nav-cases").click()
    page.get_by_test_id("case-link").first.click()
    expect(page.get_by_test_id("case-detail-page")).to_be_visible()
    settle(page)

    assert traffic.blocked == [], f"requests left 127.0.0.1: {traffic.blocked}"
    hosts = {urlsplit(u).hostname for u in traffic.requests if not u.startswith(("data:", "blob:"))}
    assert hosts <= LOCAL_HOSTS, hosts
    assert traffic.page_errors == [], traffic.page_errors
    # Every stylesheet and script of the document is served from the console's own origin.
    origins = page.evaluate(
        """() => [...document.querySelectorAll('script[src], link[href]')]
              .map((e) => new URL(e.src || e.href, location.href).origin)"""
    )
    assert set(origins) == {page.evaluate("location.origin")}


def test_login_with_a_wrong_password_says_so(page: Any, screenshots: Path) -> None:
    page.goto("/#/login")
    page.get_by_test_id("login-username").fill("court.clerk")
    page.get_by_test_id("login-password").fill("wrong-password")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码错误")
    shoot(page, screenshots, "login-failed.png")


def test_every_page_needs_a_login(page: Any) -> None:
    page.goto("/#/cases")
    expect(page.get_by_test_id("login-submit")).to_be_visible()
    assert "redirect=" in page.url


def test_the_console_runs_under_its_policy_and_the_policy_bites(page: Any, traffic: Traffic) -> None:
    """The console's own code needs nothing the Content-Security-Policy refuses (the page fixture fails a test
    on any refusal); an injected inline script — what an XSS would be — is refused and does not run."""
    page.goto("/")
    expect(page.get_by_test_id("login-submit")).to_be_visible()
    login(page, "court.clerk")
    expect(page.get_by_test_id("status-chart").locator("canvas")).to_be_visible()
    assert traffic.csp_violations == []

    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert any("inline script" in v for v in traffic.csp_violations), traffic.csp_violations
    traffic.csp_violations.clear()  # seen and expected: the fixture's own check is for the console's code
