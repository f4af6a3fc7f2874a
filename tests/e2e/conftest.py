"""Browser tests: the console built into web/dist, served by the real app (uvicorn, in a thread) on a free
127.0.0.1 port, driven in Debian's Chromium by Playwright.

The app runs against a database of its own on the test server (`owner_url`'s server, the embedded
PostgreSQL or DATABASE_URL), built by the migrations and loaded with the demo district like the main test
database: the browser tests add tenants, users and role grants, which must not change what the other tests
see in theirs.

Chromium comes from the system (`apt-get install chromium`; .ci/run installs it), never from Playwright's
own download. Without it the tests skip with the reason, unless CONCORD_E2E_REQUIRED=1 (as in CI), where a
missing browser fails instead."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy.engine import URL

from concord.config import Settings
from concord.db import migrate
from concord.db.server import with_database
from concord.db.urls import application_url, drop_database, ensure_database
from concord.demo.loader import load_demo
from tests.e2e.support import CREATE_CASE, REFER, TENANT_IDS, case_input

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _unavailable(reason: str) -> None:
    if os.environ.get("CONCORD_E2E_REQUIRED") == "1":
        pytest.fail(f"browser tests required (CONCORD_E2E_REQUIRED=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    for candidate in (os.environ.get("CONCORD_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    _unavailable("Chromium not found at /usr/bin/chromium (install it: apt-get install -y chromium)")
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def web_dist() -> Path:
    """Build the console when its sources are newer than the build (npm ci + npm run build)."""
    from concord import web_build

    if not (web_build.WEB / "package.json").exists():
        _unavailable("web/package.json missing")
    index = web_build.DIST / "index.html"
    # The console bundles schema/operations/*.graphql, which web_build does not watch (yet).
    operations_changed = index.exists() and any(
        p.stat().st_mtime > index.stat().st_mtime for p in (ROOT / "schema" / "operations").rglob("*.graphql")
    )
    if (web_build.needs_build() or operations_changed) and shutil.which("npm") is None:
        _unavailable("npm not found: cannot build the console in web/")
    if operations_changed and not web_build.needs_build():
        index.unlink()
    assert web_build.ensure_built(print), "console build failed"
    return web_build.DIST


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def e2e_owner_url(owner_url: URL) -> Iterator[URL]:
    """A second test database beside `owner_url`'s, migrated and loaded with the demo district."""
    url = with_database(owner_url, f"{owner_url.database}_e2e")
    asyncio.run(ensure_database(url))
    migrate.upgrade(url)
    asyncio.run(load_demo(url))
    yield url
    asyncio.run(drop_database(url))


@pytest.fixture(scope="session")
def server_url(web_dist: Path, settings: Settings, e2e_owner_url: URL) -> Iterator[str]:
    """The real application (GraphQL, /auth/token, the console at /) in uvicorn on a free local port."""
    import uvicorn

    from concord.app import create_app

    app = create_app(settings, db_url=application_url(settings, owner=e2e_owner_url))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="concord-e2e-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the e2e server did not start")
        time.sleep(0.05)
    assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
    yield url
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser(server_url: str, chromium_path: str) -> Iterator[Any]:
    """One Chromium per test module. Module scope, and the server (with its database) set up first: while
    Playwright's sync API is active it holds an event loop in this thread, so nothing else may call
    asyncio.run() meanwhile, and the async tests of other modules must run after it has stopped."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Python playwright is not installed (pip install -e '.[dev]')")
        raise
    with sync_playwright() as p:
        p.selectors.set_test_id_attribute("data-test")
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What the page asked for: every request, those refused for leaving 127.0.0.1, and page errors."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    # What the page's Content-Security-Policy refused (the browser reports each as a console error).
    csp_violations: list[str] = field(default_factory=list)


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def page(server_url: str, browser: Any, traffic: Traffic) -> Iterator[Any]:
    """A fresh browser context per test (no shared login); any request to a host other than 127.0.0.1 or
    localhost is refused and recorded, so the console cannot quietly depend on the internet."""
    context = browser.new_context(
        base_url=server_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1440, "height": 900},
    )
    context.set_default_timeout(15_000)

    def guard(route: Any) -> None:
        url = route.request.url
        traffic.requests.append(url)
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            traffic.blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda exc: traffic.page_errors.append(str(exc)))
    page.on("console", lambda msg: _csp_violation(msg, traffic))
    yield page
    context.close()
    # Every browser test runs under the console's real security headers: anything they refused fails the test.
    assert traffic.csp_violations == [], traffic.csp_violations


def _csp_violation(msg: Any, traffic: Traffic) -> None:
    if msg.type == "error" and "Content Security Policy" in msg.text:
        traffic.csp_violations.append(msg.text)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class ServerApi:
    """Direct GraphQL calls to the running server, to set up data the browser then works on."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._tokens: dict[tuple[str, str | None], str] = {}

    def token(self, username: str, tenant: str | None = None) -> str:
        key = (username, tenant)
        if key not in self._tokens:
            form = {"grant_type": "password", "username": username, "password": "demo"}
            if tenant:
                form["tenant"] = tenant
            r = httpx.post(f"{self.base_url}/auth/token", data=form, timeout=30)
            assert r.status_code == 200, r.text
            self._tokens[key] = r.json()["access_token"]
        return self._tokens[key]

    def gql(self, username: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        r = httpx.post(
            f"{self.base_url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.token(username)}"},
            timeout=30,
        )
        body: dict[str, Any] = r.json()
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def create_case(self, username: str, title: str, **overrides: Any) -> dict[str, Any]:
        """A case registered through the API by `username`: {id, number, title}."""
        data = self.gql(username, CREATE_CASE, {"input": {**case_input(title), **overrides}})
        case: dict[str, Any] = data["createCase"]["case"]
        return case

    def refer(self, username: str, case_id: str, to_code: str) -> None:
        """Delegate the case to the tenant with code `to_code` (诉前委派调解)."""
        ids = {e["node"]["code"]: e["node"]["id"] for e in self.gql(username, TENANT_IDS)["tenants"]["edges"]}
        referral = {
            "caseId": case_id,
            "toTenantId": ids[to_code],
            "kind": "DELEGATED",
            "reason": "诉前委派调解",
        }
        self.gql(username, REFER, {"input": referral})


@pytest.fixture(scope="session")
def server_api(server_url: str) -> ServerApi:
    return ServerApi(server_url)
