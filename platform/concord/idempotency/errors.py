"""Errors of the Idempotency-Key header. Named after the header (`extensions.field`) or carrying the key
(`extensions.idempotencyKey`), so a client program can tell them from errors of the mutation itself."""

from __future__ import annotations

from concord.kit.errors import BadUserInput, Conflict

HEADER = "Idempotency-Key"


class BadIdempotencyKey(BadUserInput):
    def __init__(self, message: str) -> None:
        super().__init__(message, field=HEADER)


class KeyReusedDifferently(Conflict):
    default_message = "该幂等键（Idempotency-Key）已用于另一项不同的请求，请为新的操作使用新的幂等键"

    def __init__(self, key: str) -> None:
        super().__init__(None, idempotencyKey=key)


class KeyBusy(Conflict):
    default_message = "使用同一幂等键（Idempotency-Key）的请求仍在处理中，请稍后重试"

    def __init__(self, key: str) -> None:
        super().__init__(None, idempotencyKey=key)
