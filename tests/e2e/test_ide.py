"""The GraphQL IDE at GET /graphql is Concord's own build of GraphiQL: everything it loads (scripts, styles,
fonts, the editor's workers) comes from the server's origin, it sends the token the user logs in for or
pastes, and it runs a query."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import ServerApi, Traffic
from tests.e2e.support import expect, settle, unique


def _watch(page: Any) -> list[str]:
    """Every URL the page and its workers ask for (the context sees workers' requests too)."""
    seen: list[str] = []
    page.context.on("request", lambda request: seen.append(request.url))
    return seen


def _assert_same_origin(server_url: str, seen: list[str], traffic: Traffic) -> None:
    fetched = [u for u in seen if not u.startswith(("data:", "blob:"))]
    assert fetched, "the IDE loaded nothing"
    strays = [u for u in fetched if not u.startswith(server_url + "/")]
    assert strays == [], f"requests left {server_url}: {strays}"
    assert traffic.blocked == [], traffic.blocked
    assert traffic.page_errors == [], traffic.page_errors


def _replace_query(page: Any, text: str) -> None:
    """Replace the editor's text. The editor may not hold the keyboard focus yet right after a click (the
    select-all then goes nowhere), so select and type again until it shows only the new operation; a click on
    run with the old text would send the Viewer query over POST and never open the WebSocket."""
    editor = page.locator(".graphiql-query-editor")
    for _ in range(5):
        editor.locator(".view-lines").click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.insert_text(text)
        try:
            expect(editor).not_to_contain_text("query Viewer", timeout=2_000)
            expect(editor).to_contain_text(text.split("{")[0].strip(), timeout=2_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"the editor did not take the new text: {editor.inner_text()!r}")


def _run(page: Any) -> Any:
    page.locator(".graphiql-execute-button").click()
    return page.locator(".graphiql-response")


def _run_query(page: Any, expected: str) -> Any:
    """Run a query and wait for `expected` in the response. A click that lands while GraphiQL re-renders
    after a token change can be lost (seen under load: the response stayed empty), and a query may be run
    again, so the click is repeated once or twice; the answer must still contain `expected`."""
    response = page.locator(".graphiql-response")
    for _ in range(2):
        page.locator(".graphiql-execute-button").click()
        try:
            expect(response).to_contain_text(expected, timeout=15_000)
            return response
        except AssertionError:
            continue
    expect(_run(page)).to_contain_text(expected, timeout=30_000)
    return response


def test_ide_at_graphql_logs_in_and_runs_the_viewer_query(
    page: Any, traffic: Traffic, server_url: str, screenshots: Path
) -> None:
    seen = _watch(page)
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto("/graphql")  # a browser's Accept prefers text/html: the IDE, not a GraphQL answer
    expect(page.locator(".graphiql-container")).to_be_visible()
    expect(page.get_by_test_id("ide-who")).to_contain_text("未登录")
    expect(page.locator(".graphiql-query-editor")).to_contain_text("query Viewer")

    page.get_by_test_id("ide-username").fill("court.clerk")
    page.get_by_test_id("ide-password").fill("demo")
    page.get_by_test_id("ide-login").click()
    expect(page.get_by_test_id("ide-who")).to_contain_text("court.clerk @ district-court")
    assert page.evaluate("sessionStorage.getItem('concord.ide.token')")

    response = _run_query(page, "court.clerk")
    expect(response).to_contain_text("roles")
    settle(page)
    page.screenshot(path=str(screenshots / "graphql-ide.png"))

    _assert_same_origin(server_url, seen, traffic)
    # The page's Content-Security-Policy would have refused anything from elsewhere; nothing tried.
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    # The schema came through introspection over POST /graphql, with the token.
    assert any(u == f"{server_url}/graphql" for u in seen)
    assert any(u.endswith(".worker.js") or "worker" in u for u in seen), "the editor's workers did not load"


def test_ide_sends_a_pasted_token_and_forgets_it_on_logout(
    page: Any, traffic: Traffic, server_url: str, server_api: ServerApi
) -> None:
    seen = _watch(page)
    authorizations: list[str | None] = []
    page.on(
        "request",
        lambda r: (
            authorizations.append(r.headers.get("authorization")) if r.url.endswith("/graphql") else None
        ),
    )
    page.goto("/ide.html")
    expect(page.locator(".graphiql-container")).to_be_visible()
    token = server_api.token("docking.officer")
    page.get_by_test_id("ide-token").fill(f"Bearer {token}")
    page.get_by_test_id("ide-use-token").click()
    expect(page.get_by_test_id("ide-who")).to_contain_text("粘贴的令牌")

    _run_query(page, "docking.officer")
    assert f"Bearer {token}" in authorizations

    page.reload()  # sessionStorage keeps the token for the tab
    expect(page.get_by_test_id("ide-who")).to_contain_text("已登录")
    page.get_by_test_id("ide-logout").click()
    expect(page.get_by_test_id("ide-who")).to_contain_text("未登录")
    assert page.evaluate("sessionStorage.getItem('concord.ide.token')") is None
    _assert_same_origin(server_url, seen, traffic)


def test_ide_runs_a_subscription_over_the_websocket(
    page: Any, traffic: Traffic, server_url: str, server_api: ServerApi
) -> None:
    """A subscription goes over graphql-transport-ws to the same origin, with the token in connection_init."""
    seen = _watch(page)
    page.goto("/ide.html")
    expect(page.locator(".graphiql-container")).to_be_visible()
    page.get_by_test_id("ide-token").fill(server_api.token("docking.officer"))
    page.get_by_test_id("ide-use-token").click()
    editor = page.locator(".graphiql-query-editor")
    expect(editor).to_contain_text("query Viewer")
    _replace_query(page, "subscription Inbox { referralEvents { kind referral { case { title } } } }")
    with page.expect_websocket() as ws_info:
        _run(page)
    assert ws_info.value.url == server_url.replace("http://", "ws://") + "/graphql"
    page.wait_for_timeout(1000)  # subscribed before the event happens

    title = unique("IDE订阅测试纠纷")
    case = server_api.create_case("court.clerk", title)
    server_api.refer("court.clerk", case["id"], "docking-centre")
    expect(page.locator(".graphiql-response")).to_contain_text(title, timeout=30_000)
    _assert_same_origin(server_url, seen, traffic)
