from __future__ import annotations

import strawberry

from concord.authz.permissions import Can
from concord.authz.visibility import VisibleTo
from concord.clients import repository, service
from concord.clients.types import ApiClient
from concord.kit.context import Info
from concord.kit.ids import decode_id
from concord.kit.pagination import Connection, build_connection, page_args


@strawberry.input
class CreateApiClientInput:
    name: str
    roles: list[str] = strawberry.field(default_factory=lambda: ["api_client"])


@strawberry.input
class ApiClientRefInput:
    api_client_id: strawberry.ID


@strawberry.type
class ApiClientSecretPayload:
    client_id: str
    client_secret: str = strawberry.field(description="只显示这一次，请立即妥善保存")
    api_client: ApiClient


@strawberry.type
class ApiClientPayload:
    api_client: ApiClient


@strawberry.type
class ClientQuery:
    @strawberry.field(permission_classes=[Can("client", "manage")], description="本机构及下级机构的外部应用")
    async def api_clients(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ApiClient]:
        ctx = info.context
        p = page_args(first, after)
        rows = await repository.page(ctx.session, VisibleTo.of(ctx.require_principal()), p)
        return build_connection(rows, p, ApiClient.from_row, lambda c: (c.created_at, c.id))


@strawberry.type
class ClientMutation:
    @strawberry.mutation(permission_classes=[Can("client", "manage")], description="为本机构创建外部应用凭据")
    async def create_api_client(self, info: Info, input: CreateApiClientInput) -> ApiClientSecretPayload:
        ctx = info.context
        client, secret = await service.create_client(
            ctx.session, ctx.require_principal(), input.name, input.roles
        )
        return ApiClientSecretPayload(
            client_id=client.client_id, client_secret=secret, api_client=ApiClient.from_row(client)
        )

    @strawberry.mutation(
        permission_classes=[Can("client", "manage")], description="更换外部应用密钥（旧密钥立即失效）"
    )
    async def rotate_api_client_secret(self, info: Info, input: ApiClientRefInput) -> ApiClientSecretPayload:
        ctx = info.context
        cid = decode_id(input.api_client_id, "ApiClient", "apiClientId")
        client, secret = await service.rotate_secret(ctx.session, ctx.require_principal(), cid)
        return ApiClientSecretPayload(
            client_id=client.client_id, client_secret=secret, api_client=ApiClient.from_row(client)
        )

    @strawberry.mutation(
        permission_classes=[Can("client", "manage")], description="吊销外部应用（下一次请求即失效）"
    )
    async def revoke_api_client(self, info: Info, input: ApiClientRefInput) -> ApiClientPayload:
        ctx = info.context
        cid = decode_id(input.api_client_id, "ApiClient", "apiClientId")
        return ApiClientPayload(
            api_client=ApiClient.from_row(await service.revoke(ctx.session, ctx.require_principal(), cid))
        )
