"""The console's files: hashed assets cached for a year, the HTML that names them revalidated on every load,
text gzipped for browsers that ask."""

from __future__ import annotations

import gzip
import re

import pytest

from concord.app import WEB_DIST
from concord.web.assets import IMMUTABLE, REVALIDATE
from tests.helpers import Api

pytestmark = pytest.mark.skipif(not (WEB_DIST / "index.html").is_file(), reason="web/dist not built")


async def test_the_page_is_revalidated_and_its_assets_are_immutable(api: Api) -> None:
    page = await api.client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == REVALIDATE
    scripts = re.findall(r'src="\.?/?(assets/[^"]+\.js)"', page.text)
    assert scripts, page.text[:500]

    raw = await api.client.get(f"/{scripts[0]}", headers={"Accept-Encoding": "gzip"})
    assert raw.status_code == 200
    assert raw.headers["cache-control"] == IMMUTABLE
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.content == (WEB_DIST / scripts[0]).read_bytes()  # httpx undid the gzip: the very file


async def test_gzip_only_when_asked_and_the_bytes_are_smaller(api: Api) -> None:
    big = max((WEB_DIST / "assets").glob("*.js"), key=lambda p: p.stat().st_size)
    plain = await api.client.get(f"/assets/{big.name}", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert int(plain.headers["content-length"]) == big.stat().st_size

    async with api.client.stream("GET", f"/assets/{big.name}", headers={"Accept-Encoding": "gzip"}) as r:
        compressed = b"".join([chunk async for chunk in r.aiter_raw()])
    assert r.headers["content-encoding"] == "gzip"
    assert len(compressed) < big.stat().st_size / 2
    assert gzip.decompress(compressed) == big.read_bytes()


async def test_every_console_file_carries_the_security_headers(api: Api) -> None:
    page = await api.client.get("/")
    asset = re.findall(r'src="\.?/?(assets/[^"]+\.js)"', page.text)[0]
    for response in (page, await api.client.get(f"/{asset}")):
        csp = response.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'"  # no inline script, no eval
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    # The built page itself needs no inline script: every <script> names a file.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page.text))
