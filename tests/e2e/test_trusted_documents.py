"""The console sends trusted documents: each request to /graphql names one of schema/operations/*.graphql by
its id (`sha256:` + the hex SHA-256 of the document — the file with the shared fragments it uses, composed
when the console is built exactly as the server composes it) and carries no query text; it logs in as the
client `console`."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from concord.documents.registry import DocumentRegistry, operation_text
from tests.e2e.support import expect, login, settle


def test_console_sends_document_ids_not_query_text(page: Any) -> None:
    # The server's ids (composed in Python); the console's were composed by its build (in JavaScript): a
    # difference of one byte between the two would show as an id the server does not know.
    ids = DocumentRegistry.from_directory().names
    bodies: list[dict[str, Any]] = []
    logins: list[dict[str, list[str]]] = []

    def record(request: Any) -> None:
        if request.method != "POST":
            return
        if request.url.endswith("/graphql"):
            bodies.append(json.loads(request.post_data))
        elif request.url.endswith("/auth/token"):
            logins.append(parse_qs(request.post_data))

    page.on("request", record)
    login(page, "docking.officer")
    expect(page.get_by_test_id("status-chart").locator("canvas")).to_be_visible()
    page.get_by_test_id("nav-cases").click()
    page.get_by_test_id("case-link").first.click()
    expect(page.get_by_test_id("case-detail-page")).to_be_visible()
    settle(page)

    assert logins and all(form.get("client_id") == ["console"] for form in logins), logins
    sent = {body["operationName"] for body in bodies}
    assert {"Viewer", "Inbox", "CaseStatusCounts", "Cases", "CaseDetail"} <= sent, sent
    for body in bodies:
        assert "query" not in body, f"the console sent query text for {body.get('operationName')}"
        assert ids.get(body["documentId"]) == body["operationName"], body


def test_an_id_the_server_does_not_know_is_sent_once_more_as_text(page: Any) -> None:
    """A server running other operation files than the build (PERSISTED_QUERY_NOT_FOUND): the console sends
    that operation's text instead, and keeps doing so for the page load."""
    viewer: list[dict[str, Any]] = []

    def unknown_viewer(route: Any) -> None:
        body = json.loads(route.request.post_data or "{}")
        if body.get("operationName") != "Viewer":
            route.fallback()
            return
        viewer.append(body)
        if "documentId" in body:
            error = {
                "message": "未找到该文档编号对应的可信文档",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
            route.fulfill(
                status=400,
                content_type="application/graphql-response+json",
                body=json.dumps({"errors": [error]}),
            )
        else:
            route.fallback()

    page.route("**/graphql", unknown_viewer)
    login(page, "court.clerk")  # the header shows the viewer: the text went through
    assert [("documentId" in b, "query" in b) for b in viewer] == [(True, False), (False, True)]
    assert viewer[1]["query"] == operation_text("Viewer")
    page.reload()
    expect(page.get_by_test_id("viewer-tenant")).to_be_visible()
    # After a reload the console tries the id again (once), then the text.
    assert [("documentId" in b) for b in viewer[2:]] == [True, False]
