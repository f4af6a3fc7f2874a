"""Bearer tokens: signed JWTs naming the principal and the one tenant it acts in.

Roles are not carried in the token: they are read from the database on every request, so a revoked role
or a deactivated account takes effect at once rather than at expiry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from concord.config import Settings

ALGORITHM = "HS256"
AUDIENCE = "concord"


@dataclass(frozen=True)
class TokenClaims:
    subject_kind: str  # "user" (client credentials come with the access-control work)
    subject_id: uuid.UUID
    tenant_id: uuid.UUID
    # The app a user signed in through (password grant's optional `client_id`, claim `cid`): it decides
    # whether the user may send GraphQL text or only trusted documents.
    client_id: str | None = None
    # Seconds since the epoch (the `exp` claim): a subscription outliving its token ends then.
    expires_at: int | None = None
    # The account's or client's credential_version when the token was issued (claim `ver`).
    version: int = 0


def issue_token(settings: Settings, claims: TokenClaims) -> tuple[str, int]:
    now = datetime.now(UTC)
    ttl = settings.token_ttl_seconds
    payload = {
        "sub": str(claims.subject_id),
        "knd": claims.subject_kind,
        "tid": str(claims.tenant_id),
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(seconds=ttl),
        "jti": uuid.uuid4().hex,
    }
    if claims.client_id:
        payload["cid"] = claims.client_id
    if claims.version:
        payload["ver"] = claims.version
    return jwt.encode(payload, settings.jwt_secret(), algorithm=ALGORITHM), ttl


def decode_token(settings: Settings, token: str) -> TokenClaims | None:
    try:
        data = jwt.decode(
            token,
            settings.jwt_secret(),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "sub", "tid"]},
        )
        cid = data.get("cid")
        return TokenClaims(
            str(data.get("knd", "user")),
            uuid.UUID(data["sub"]),
            uuid.UUID(data["tid"]),
            str(cid) if cid else None,
            int(data["exp"]),
            int(data.get("ver", 0)),
        )
    except (jwt.PyJWTError, ValueError, KeyError):
        return None


def bearer_token(value: object) -> str | None:
    """The token of an `Authorization: Bearer <token>` value (a header, or a connection_init field)."""
    if not isinstance(value, str):
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
