"""The architecture lint (concord/archlint.py) catches each rule's violation planted in a small package of
its own, passes clean code, and the real package holds nothing beyond its shrinking baseline."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from concord import archlint


def plant(root: Path, files: dict[str, str]) -> Path:
    package = root / "concord"
    for name, source in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    for folder in {p.parent for p in package.rglob("*.py")} | {package}:
        (folder / "__init__.py").touch()
    return package


CLEAN = {
    "cases/repository.py": "from sqlalchemy import select\nasync def get(session):\n    return await session.execute(select(1))\n",
    "cases/service.py": "from concord.cases import repository\nfrom concord.tenants import service as tenants\n",
    "tenants/service.py": "from concord.kit import ids\n",
    "tenants/repository.py": "from sqlalchemy import text\nQ = text('SELECT 1')\n",
    "db/session.py": "from sqlalchemy import text\nQ = text('SELECT 1')\n",
    "authz/visibility.py": "from sqlalchemy import select\nVISIBLE = select(1)\n",
    "kit/ids.py": "X = 1\n",
}


def rules(package: Path) -> Counter[str]:
    return Counter(v.rule for v in archlint.lint(package))


def test_clean_code_passes(tmp_path: Path) -> None:
    assert archlint.lint(plant(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("name", "source", "detail"),
    [
        ("cases/service.py", "from sqlalchemy import select\nQ = select(1)\n", "select("),
        (
            "cases/schema.py",
            "async def f(info):\n    await info.context.session.execute(None)\n",
            "session.execute(",
        ),
        (
            "tenants/service.py",
            "async def f(session, i):\n    return await session.get(object, i)\n",
            "session.get(",
        ),
        ("auth/service.py", "import sqlalchemy as sa\nfrom sqlalchemy import text\nQ = text('x')\n", "text("),
        (
            "cases/watch.py",
            "async def f(session):\n    return await session.scalars(None)\n",
            "session.scalars(",
        ),
    ],
)
def test_sql_outside_a_repository_is_caught(tmp_path: Path, name: str, source: str, detail: str) -> None:
    found = archlint.lint(plant(tmp_path, {**CLEAN, name: source}))
    assert [(v.rule, v.path, v.detail) for v in found] == [
        ("sql-outside-repository", f"concord/{name}", detail)
    ]
    assert found[0].line > 0


@pytest.mark.parametrize(
    "source",
    [
        "from concord.tenants import repository\n",
        "from concord.tenants.repository import get\n",
        "import concord.tenants.repository\n",
        "def lazily():\n    from concord.tenants import repository as t\n    return t\n",
    ],
)
def test_another_features_repository_is_caught(tmp_path: Path, source: str) -> None:
    found = archlint.lint(plant(tmp_path, {**CLEAN, "cases/triage.py": source}))
    assert [(v.rule, v.path) for v in found] == [("foreign-repository", "concord/cases/triage.py")]
    assert found[0].detail == "imports concord.tenants.repository"


def test_a_floor_may_use_any_repository(tmp_path: Path) -> None:
    found = archlint.lint(
        plant(tmp_path, {**CLEAN, "demo/loader.py": "from concord.tenants import repository\n"})
    )
    assert found == []


def test_an_import_cycle_between_features_is_caught(tmp_path: Path) -> None:
    files = {**CLEAN, "tenants/service.py": "def f():\n    from concord.cases import service\n"}
    found = archlint.lint(plant(tmp_path, files))
    assert [(v.rule, v.detail) for v in found] == [("feature-cycle", "cases <-> tenants")]


def test_type_checking_imports_make_no_cycle(tmp_path: Path) -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from concord.cases import types\n"
    assert archlint.lint(plant(tmp_path, {**CLEAN, "tenants/types.py": source})) == []


@pytest.mark.parametrize(
    "source",
    [
        "from concord.authz.visibility import VisibleTo\nV = VisibleTo(tenant_id)\n",
        "from concord.authz import visibility\nV = visibility.VisibleTo(tenant_id, None)\n",
    ],
)
def test_a_view_made_from_a_bare_id_is_caught(tmp_path: Path, source: str) -> None:
    found = archlint.lint(plant(tmp_path, {**CLEAN, "cases/schema.py": source}))
    assert [(v.rule, v.path, v.detail) for v in found] == [
        ("forged-view", "concord/cases/schema.py", "VisibleTo(")
    ]


def test_views_come_from_a_principal_or_a_named_job(tmp_path: Path) -> None:
    source = (
        "from concord.authz.visibility import VisibleTo\n"
        "A = VisibleTo.of(principal)\nB = VisibleTo.for_job(tenant_id, 'watcher')\n"
    )
    assert archlint.lint(plant(tmp_path, {**CLEAN, "cases/schema.py": source})) == []
    made_here = "class VisibleTo: ...\nNOBODY = VisibleTo(0)\n"
    assert archlint.lint(plant(tmp_path, {**CLEAN, "authz/visibility.py": made_here})) == []


def test_the_baseline_only_shrinks(tmp_path: Path) -> None:
    package = plant(tmp_path, {**CLEAN, "cases/service.py": "from sqlalchemy import select\nQ = select(1)\n"})
    found = archlint.lint(package)
    key = found[0].key
    assert archlint.compare(found, Counter({key: 1})) == ([], [])  # known: passes
    new, _ = archlint.compare(found, Counter())
    assert new == found  # unknown: fails
    _, stale = archlint.compare([], Counter({key: 1}))
    assert stale == [key]  # fixed but still listed: fails until removed


def test_the_package_holds_nothing_beyond_its_baseline() -> None:
    new, stale = archlint.compare(archlint.lint(), archlint.read_baseline())
    assert (new, stale) == ([], [])
