"""Run alembic programmatically (used by `concord migrate`, `serve --demo` and the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parents[3]


def alembic_config(url: URL | None = None) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["skip_logging"] = True
    if url is not None:
        cfg.attributes["url"] = url
    return cfg


def upgrade(url: URL | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
