"""`concord bench seed` and `concord bench run` (the latter drives bench/inbox.py from a source checkout)."""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from concord.config import get_settings

ROOT = Path(__file__).resolve().parents[3]


def _say(message: str) -> None:
    print(f"[concord bench] {message}", file=sys.stderr, flush=True)


def target_url(database: str | None) -> Any:
    from concord.db.server import with_database
    from concord.db.urls import owner_url

    url = owner_url()
    return with_database(url, database) if database else url


def cmd_seed(args: argparse.Namespace) -> int:
    from concord.benchdata.seed import SeedRefused, check_target, seed
    from concord.db import migrate
    from concord.db.urls import ensure_database

    settings = get_settings()
    url = target_url(args.database)
    try:
        check_target(url.database, settings.env, args.reset)
    except SeedRefused as exc:
        _say(str(exc))
        return 2
    if asyncio.run(ensure_database(url)):
        _say(f"已创建数据库 {url.database}")
    migrate.upgrade(url)
    _say(f"向 {url.database} 写入 {args.cases} 个案件、{args.tenants} 个机构（seed={args.seed}）…")
    try:
        report = asyncio.run(
            seed(
                url,
                cases=args.cases,
                tenants=args.tenants,
                seed=args.seed,
                reset=args.reset,
                env=settings.env,
                progress=not args.quiet,
            )
        )
    except (SeedRefused, ValueError) as exc:
        _say(str(exc))
        return 2
    for line in report.lines():
        _say(line)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Seed 10k and measure, then (unless --small) 1M and measure, with bench/inbox.py from the checkout."""
    if not (ROOT / "bench" / "inbox.py").exists():
        _say("concord bench run 需要源码目录中的 bench/（在仓库根目录运行）")
        return 2
    sizes = [10_000] if args.small else [10_000, 1_000_000]
    for cases in sizes:
        argv = [sys.executable, "-m", "bench.inbox", "--cases", str(cases), "--tenants", str(args.tenants)]
        argv += ["--database", args.database, "--seconds", str(args.seconds)]
        _say(" ".join(argv[1:]))
        if subprocess.call(argv, cwd=ROOT) != 0:
            return 1
    return 0


def add_parser(sub: Any) -> None:
    bench = sub.add_parser("bench", help="基准测试：生成大规模数据（seed）、运行收件箱基准（run）")
    bench_sub = bench.add_subparsers(dest="bench_command", required=True)
    s = bench_sub.add_parser("seed", help="向空数据库（或 --reset 的专用 bench 数据库）写入模拟辖区数据")
    s.add_argument("--cases", type=int, default=10_000)
    s.add_argument("--tenants", type=int, default=200)
    s.add_argument("--seed", type=int, default=1, help="随机数种子（同一种子生成同样的数据）")
    s.add_argument("--database", help="数据库名（同一服务器上；默认用 DATABASE_URL 的数据库）")
    s.add_argument("--reset", action="store_true", help="先清空（仅限名称含 bench 的数据库）")
    s.add_argument("--quiet", action="store_true", help="不显示进度条")
    s.set_defaults(func=cmd_seed)
    r = bench_sub.add_parser("run", help="10k 与 1M 案件下的收件箱基准：Concord 对比手写 SQL 上限")
    r.add_argument("--tenants", type=int, default=200)
    r.add_argument("--database", default="concord_bench")
    r.add_argument("--seconds", type=float, default=20)
    r.add_argument("--small", action="store_true", help="只跑 10k")
    r.set_defaults(func=cmd_run)
