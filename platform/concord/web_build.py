"""Build the web console (web/) when its sources are newer than its build, so `concord serve --demo` on a
fresh clone serves the console with no extra step. Needs Node.js and npm; without them the API still runs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
DIST = WEB / "dist"
SOURCES = (
    "src",
    "index.html",
    "ide.html",  # the GraphQL IDE page, a second Vite entry
    "package.json",
    "package-lock.json",
    "vite.config.ts",
    "vite.config.js",
    "public",
)


def _newest(paths: list[Path]) -> float:
    newest = 0.0
    for p in paths:
        if p.is_file():
            newest = max(newest, p.stat().st_mtime)
        elif p.is_dir():
            newest = max([newest, *(f.stat().st_mtime for f in p.rglob("*") if f.is_file())])
    return newest


OPERATIONS = WEB.parent / "schema" / "operations"  # bundled into the console


def needs_build() -> bool:
    if not (WEB / "package.json").exists():
        return False
    index = DIST / "index.html"
    return not index.exists() or _newest([*(WEB / s for s in SOURCES), OPERATIONS]) > index.stat().st_mtime


def node_problem() -> str | None:
    """Why this machine cannot build the console (no npm, or a Node.js older than web/package.json's
    `engines.node`), or None."""
    npm, node = shutil.which("npm"), shutil.which("node")
    wanted = _wanted_node()
    if npm is None or node is None:
        return f"未找到 Node.js/npm（需要 Node.js {wanted} 及 npm）"
    found = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    if _version(found) < _version(wanted):
        return f"Node.js 版本过低：当前 {found}，需要 {wanted}"
    return None


def _wanted_node() -> str:
    engines = json.loads((WEB / "package.json").read_text(encoding="utf-8")).get("engines", {})
    return str(engines.get("node", ">=20.19"))


def _version(text: str) -> tuple[int, ...]:
    """(20, 19, 0) from 'v20.19.0' or '>=20.19'."""
    return tuple(int(n) for n in re.findall(r"\d+", text)[:3])


def ensure_built(say: Callable[[str], None]) -> bool:
    """True when a current build is in web/dist afterwards."""
    if not needs_build():
        return (DIST / "index.html").exists()
    problem = node_problem()
    if problem is not None:
        say(f"{problem}：跳过网页控制台构建（GraphQL 接口照常提供）。安装后重新运行即可。")
        return False
    npm = shutil.which("npm")
    assert npm is not None
    if not (WEB / "node_modules").exists():
        say("安装网页控制台依赖（npm ci）…")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    say("构建网页控制台（npm run build）…")
    subprocess.run([npm, "run", "build"], cwd=WEB, check=True)
    return True
