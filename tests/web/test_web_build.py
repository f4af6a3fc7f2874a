"""`concord serve` says exactly why it cannot build the console: no Node.js/npm, or a Node.js older than the
version web/package.json declares."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from concord import web_build


def _fake(bin_dir: Path, name: str, output: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\necho {output}\n")
    path.chmod(0o755)


def test_no_node_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    problem = web_build.node_problem()
    assert problem is not None and "未找到 Node.js/npm" in problem and web_build._wanted_node() in problem


@pytest.mark.parametrize(
    ("version", "ok"), [("v18.20.4", False), ("v20.18.3", False), ("v20.19.0", True), ("v22.1.0", True)]
)
def test_the_declared_engine_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, ok: bool
) -> None:
    _fake(tmp_path, "node", version)
    _fake(tmp_path, "npm", "10.0.0")
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + "/bin")
    monkeypatch.setattr(web_build, "_wanted_node", lambda: ">=20.19")
    problem = web_build.node_problem()
    assert (problem is None) == ok, problem
    if not ok:
        assert problem is not None and version in problem and ">=20.19" in problem
