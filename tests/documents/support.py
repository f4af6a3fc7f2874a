"""Helpers for the trusted-document tests: registering and revoking through the API, and posting a document
id (or text) to /graphql the way an external app would."""

from __future__ import annotations

from typing import Any

from tests.admin.support import Actor, Token, gql, login, new_client, new_tenant, new_user, ok, unique
from tests.helpers import Api

DOC_FIELDS = "id operationName document createdAt"
REGISTER = f"""mutation($i: RegisterTrustedDocumentInput!) {{ registerTrustedDocument(input: $i) {{
  trustedDocument {{ {DOC_FIELDS} }} apiClient {{ id clientId }} }} }}"""
REVOKE = """mutation($i: RevokeTrustedDocumentInput!) { revokeTrustedDocument(input: $i) {
  documentId apiClient { id clientId trustedDocuments { id } } } }"""
CLIENT_DOCS = f"""query($n: Int) {{ apiClients(first: $n) {{ edges {{ node {{ id clientId
  trustedDocuments {{ {DOC_FIELDS} }} }} }} }} }}"""

# Documents an external app might register: one named query, one anonymous.
TENANTS_DOC = "query HotlineTenants { tenants(first: 3) { edges { node { code } } } }"
VIEWER_DOC = "{ viewer { tenant { code } roles } }"


async def register(api: Api, actor: Actor, client_id: str, document: str) -> dict[str, Any]:
    return await gql(api, actor, REGISTER, {"i": {"clientId": client_id, "document": document}})


async def registered(api: Api, actor: Actor, client_id: str, document: str) -> dict[str, Any]:
    data = await ok(api, actor, REGISTER, {"i": {"clientId": client_id, "document": document}})
    doc: dict[str, Any] = data["registerTrustedDocument"]["trustedDocument"]
    return doc


async def revoke(api: Api, actor: Actor, client_id: str, document_id: str) -> dict[str, Any]:
    return await gql(api, actor, REVOKE, {"i": {"clientId": client_id, "documentId": document_id}})


async def post(api: Api, token: str | None, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /graphql with a raw body (documentId, extensions, …); the status and the JSON answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = await api.client.post("/graphql", json=body, headers=headers)
    answer: dict[str, Any] = r.json()
    return r.status_code, answer


async def tenant_admin(api: Api, parent_id: str) -> Token:
    """A fresh tenant under `parent_id` with a fresh tenant administrator, logged in."""
    tenant = await new_tenant(api, "district.admin", parent_id, code=unique("docs"))
    user = await new_user(api, "district.admin", tenant["id"], ["tenant_admin"])
    return await login(api, user["username"])


async def fresh_client(api: Api, actor: Actor, name: str = "12345热线对接") -> dict[str, Any]:
    """{clientId, clientSecret, apiClient} of a new API client of the actor's tenant."""
    return await new_client(api, actor, name)


async def app_login(api: Api, username: str, app: str, password: str = "demo") -> Token:
    """A password-grant token for a demo user signing in through the app `app` (form field client_id)."""
    form = {"grant_type": "password", "username": username, "password": password, "client_id": app}
    r = await api.client.post("/auth/token", data=form)
    assert r.status_code == 200, r.text
    return Token(r.json()["access_token"])
