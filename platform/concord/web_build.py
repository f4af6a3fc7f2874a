"""Build the web console (web/) when its sources are newer than its build, so `concord serve --demo` on a
fresh clone serves the console with no extra step. Needs Node.js and npm; without them the API still runs."""

from __future__ import annotations

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


def ensure_built(say: Callable[[str], None]) -> bool:
    """True when a current build is in web/dist afterwards."""
    if not needs_build():
        return (DIST / "index.html").exists()
    npm = shutil.which("npm")
    if npm is None:
        say("未找到 npm：跳过网页控制台构建（GraphQL 接口照常提供）。安装 Node.js 后重新运行即可。")
        return False
    if not (WEB / "node_modules").exists():
        say("安装网页控制台依赖（npm ci）…")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    say("构建网页控制台（npm run build）…")
    subprocess.run([npm, "run", "build"], cwd=WEB, check=True)
    return True
