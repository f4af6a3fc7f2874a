"""Settings from the environment: `CONCORD_*`, plus the conventional `DATABASE_URL`."""

from __future__ import annotations

import json
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONCORD_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    # Owner connection (migrations). Unset: an embedded PostgreSQL is started in data_dir.
    database_url: str | None = Field(default=None, validation_alias=AliasChoices("DATABASE_URL"))
    data_dir: Path = Path("./var")
    # Set by `concord serve` for its worker processes once the server is known (embedded or not).
    app_database_url: str | None = None
    # The application role (no table ownership, so row-level security applies to it).
    app_db_role: str = "concord_app"
    app_db_password: str = "concord_app"
    db_pool_size: int = 10
    db_max_overflow: int = 10
    # Test each pooled connection before handing it out (one round trip): after PostgreSQL restarts, stale
    # connections are replaced instead of failing the requests that draw them.
    db_pool_pre_ping: bool = True
    secret_key: str | None = None
    token_ttl_seconds: int = 8 * 3600
    max_page_size: int = 100
    default_page_size: int = 20
    log_level: str = "INFO"
    # GraphQL over HTTP: request-body cap (413 above it); batching off unless a batch size is allowed;
    # the in-browser IDE (None: on except in production).
    max_body_bytes: int = 1_000_000
    graphql_batch_limit: int = 0
    graphql_ide: bool | None = None
    # Returns (and A→B→A hand-backs) after which a case is flagged NEEDS_CONFERENCE.
    bounce_limit: int = 3
    # Seconds between deadline sweeps in each server process (only one sweeps at a time); 0 turns it off.
    watch_interval_seconds: float = 300
    # Query limits (issue 8, concord/graphql/limits.py): checked before a query runs, each with its own code;
    # 0 turns one off.
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    # Directives anywhere in a document (@include/@skip…): above it the document gets one error, not one per
    # directive from the other validation rules.
    max_directives: int = 50
    # Cost ≈ objects a query may return: page sizes multiply through nested connections.
    max_cost: int = 20000
    # Requests per minute per server process (concord/graphql/ratelimit.py); 0 turns a limit off.
    rate_limit_user_per_minute: int = 600
    rate_limit_client_per_minute: int = 1200
    rate_limit_anonymous_per_minute: int = 120
    # 队伍建设 (issue 15): training hours each mediator on the roster through a year must reach, below which the
    # roster flags them (C10 asks for at least one session a month; 12 sessions of 2 hours).
    training_min_hours_per_year: int = Field(
        default=24, ge=0, le=1000, validation_alias=AliasChoices("CONCORD_TRAINING_MIN_HOURS")
    )
    # Idempotency-Key (issue 8): hours a mutation's first answer is kept for replay; expired keys count as new.
    idempotency_ttl_hours: int = 24

    # --- subscriptions (concord/events) ----------------------------------------------------------------
    # Seconds between outbox polls in each process while someone subscribes: NOTIFY wakes subscribers at
    # once; the poll only bounds the delay when a notification was lost (listener reconnecting).
    events_poll_seconds: float = 2.0
    # A subscription re-reads its principal (token still valid, account and membership still there, roles)
    # before delivering events, at most this often: a revoked role stops the feed within this many seconds.
    subscription_recheck_seconds: float = 30.0
    # Events older than this many days are pruned from the outbox (hourly, by any server process); a
    # subscriber resuming from a cursor older than that is told so (BAD_USER_INPUT on `after`). 0 keeps all.
    events_retention_days: int = 30

    # --- audit checkpoints (concord/audit/checkpoint.py) -------------------------------------------------
    # The Ed25519 private key (PEM) `concord audit head` signs checkpoints with: kept outside the database and
    # off its server (`concord audit keygen --out PATH` makes one). The public key (PEM) `concord audit verify
    # --checkpoint` checks them with; unset, the public half of the signing key.
    audit_signing_key: Path | None = None
    audit_public_key: Path | None = None

    # --- trusted documents -----------------------------------------------------------------------------
    # Client ids (an API client's `client_id`, or the `client_id` a login names, e.g. `console`) that may send
    # only trusted documents. CONCORD_TRUSTED_DOCUMENTS_ONLY="console,cc_1234" or a JSON list.
    trusted_documents_only: Annotated[list[str], NoDecode] = Field(default_factory=list)

    @field_validator("trusted_documents_only", mode="before")
    @classmethod
    def _split_client_ids(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            items = json.loads(text) if text.startswith("[") else text.split(",")
            return [str(i).strip() for i in items if str(i).strip()]
        return value

    def jwt_secret(self) -> str:
        """Production must set CONCORD_SECRET_KEY; elsewhere a key is generated once and kept in data_dir."""
        if self.secret_key:
            return self.secret_key
        if self.env == "production":
            raise RuntimeError("CONCORD_SECRET_KEY must be set when CONCORD_ENV=production")
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
