"""Settings from the environment: `CONCORD_*`, plus the conventional `DATABASE_URL`."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    secret_key: str | None = None
    token_ttl_seconds: int = 8 * 3600
    max_page_size: int = 100
    default_page_size: int = 20
    log_level: str = "INFO"
    # Returns (and A→B→A hand-backs) after which a case is flagged NEEDS_CONFERENCE.
    bounce_limit: int = 3
    # Seconds between deadline sweeps in each server process (only one sweeps at a time); 0 turns it off.
    watch_interval_seconds: float = 300

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
