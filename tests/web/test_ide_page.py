"""The GraphQL IDE page: served at GET /graphql for a browser and at /ide.html where the IDE is enabled (by
default everywhere but production), from Concord's own build, under a same-origin Content-Security-Policy;
refused where it is off. The browser side is in tests/e2e/test_ide.py."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.engine import URL

from concord.app import create_app
from concord.config import Settings
from concord.db.urls import application_url
from concord.graphql.ide import IDE_HTML, ide_enabled
from tests.helpers import Api

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _check_page(r: httpx.Response) -> None:
    if not IDE_HTML.is_file():  # web/ not built here: the page says how to build it
        assert r.status_code == 503
        assert "npm run build" in r.text
        return
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "default-src 'self'" in csp
    # Every script and stylesheet is a relative path into our own build: nothing from another host.
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert refs and all(ref.startswith("./") for ref in refs), refs


async def test_ide_is_served_at_graphql_and_ide_html(api: Api) -> None:
    _check_page(await api.client.get("/graphql", headers={"Accept": BROWSER_ACCEPT}))
    _check_page(await api.client.get("/ide.html"))
    # A GraphQL client asking with a query string still gets GraphQL, not the page.
    r = await api.client.get(
        "/graphql",
        params={"query": "{ __typename }"},
        headers={"Accept": "application/graphql-response+json"},
    )
    assert r.json() == {"data": {"__typename": "Query"}}


@pytest.fixture
async def ide_off(settings: Settings, owner_url: URL) -> AsyncIterator[httpx.AsyncClient]:
    off = settings.model_copy(update={"graphql_ide": False})
    app = create_app(off, db_url=application_url(off, owner=owner_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://concord.test") as client:
            yield client


async def test_ide_switched_off_is_not_served(ide_off: httpx.AsyncClient) -> None:
    assert (await ide_off.get("/ide.html")).status_code == 404
    r = await ide_off.get("/graphql", headers={"Accept": "text/html"})
    assert r.status_code == 406
    assert "IDE" in r.json()["errors"][0]["message"]


def test_ide_is_on_unless_production_or_set() -> None:
    assert ide_enabled(Settings(env="development"))
    assert not ide_enabled(Settings(env="production"))
    assert ide_enabled(Settings(env="production", graphql_ide=True))
    assert not ide_enabled(Settings(env="development", graphql_ide=False))
