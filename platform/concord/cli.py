"""The `concord` command: serve, migrate, demo, bench."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from concord.config import get_settings

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def _say(message: str) -> None:
    print(f"[concord] {message}", file=sys.stderr, flush=True)


def cmd_migrate(_: argparse.Namespace) -> int:
    from concord.db import migrate
    from concord.db.urls import ensure_database, owner_url

    url = owner_url()
    if asyncio.run(ensure_database(url)):
        _say(f"已创建数据库 {url.database}")
    _say("正在执行数据库迁移（alembic upgrade head）…")
    migrate.upgrade(url)
    _say("迁移完成")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from concord.db.urls import owner_url
    from concord.demo.loader import DemoRefused, load_demo

    settings = get_settings()
    try:
        counts = asyncio.run(
            load_demo(owner_url(), force=args.force, production=settings.env == "production", progress=_say)
        )
    except DemoRefused as exc:
        _say(str(exc))
        return 2
    _say("演示数据已装入：" + "，".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _demo_if_empty() -> None:
    from concord.db.urls import owner_url
    from concord.demo.loader import DemoRefused, load_demo

    try:
        asyncio.run(load_demo(owner_url(), progress=_say))
        _say("演示数据已装入（所有演示账号密码：demo）")
    except DemoRefused:
        _say("数据库已有数据，跳过演示数据")


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from concord.db.urls import application_url
    from concord.web_build import ensure_built

    settings = get_settings()
    ensure_built(_say)
    if args.demo:
        if cmd_migrate(args) != 0:
            return 1
        if settings.env == "production":
            _say("生产环境不装入演示数据")
        else:
            _demo_if_empty()
    # Resolve the server once here (starting the embedded one if needed) and hand workers its address.
    os.environ["CONCORD_APP_DATABASE_URL"] = application_url(settings).render_as_string(hide_password=False)
    get_settings.cache_clear()
    _say(f"Concord 正在 http://{args.host}:{args.port}/ 提供服务（GraphQL: /graphql），按 Ctrl+C 停止")
    uvicorn.run(
        "concord.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        log_level=settings.log_level.lower(),
        proxy_headers=True,
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Export the SDL (schema/schema.graphql is the contract external apps read), or check it for drift."""
    from concord.graphql.schema import export_sdl

    sdl = export_sdl()
    path = SCHEMA_FILE
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != sdl:
            _say(f"{path} 与代码中的 schema 不一致：运行 `concord schema` 重新导出")
            return 1
        _say("schema.graphql 与代码一致")
        return 0
    path.write_text(sdl, encoding="utf-8")
    _say(f"已导出 {path}")
    return 0


def _audit_public_key(args: argparse.Namespace) -> Path:
    from concord.audit.checkpoint import SigningKeyMissing

    settings = get_settings()
    path = args.public_key or settings.audit_public_key or settings.audit_signing_key
    if path is None:
        raise SigningKeyMissing(
            "校验检查点需要公钥：用 --public-key 指定，或设置 CONCORD_AUDIT_PUBLIC_KEY（keygen 生成的 .pub 文件）"
        )
    return Path(path)


def cmd_audit(args: argparse.Namespace) -> int:
    from concord.audit import cli as audit_cli
    from concord.audit.checkpoint import CheckpointError, generate_keys
    from concord.db.urls import owner_url

    try:
        if args.audit_command == "keygen":
            public = generate_keys(Path(args.out))
            _say(f"已生成签名私钥 {args.out}（权限 0600）与公钥 {public}")
            _say(f"签名：CONCORD_AUDIT_SIGNING_KEY={args.out}；校验：CONCORD_AUDIT_PUBLIC_KEY={public}")
            return 0
        if args.audit_command == "head":
            text = asyncio.run(audit_cli.checkpoint(owner_url(), get_settings().audit_signing_key))
            if args.out is None:
                sys.stdout.write(text)
            else:
                with open(args.out, "x", encoding="utf-8") as f:  # never overwrite a checkpoint
                    f.write(text)
                _say(f"已写入签名检查点 {args.out}")
            return 0
        checkpoint = None
        if args.checkpoint is not None:
            checkpoint = audit_cli.read_checkpoint(Path(args.checkpoint), _audit_public_key(args))
            print(
                f"检查点 {checkpoint.taken_at}（密钥 {checkpoint.key_id}）签名有效，{len(checkpoint.marks)} 条链"
            )
        reports, codes = asyncio.run(audit_cli.verify(owner_url(), args.tenant, checkpoint))
    except CheckpointError as exc:
        _say(f"{exc.code}: {exc.message}")
        return 2
    except (LookupError, FileExistsError) as exc:
        _say(str(exc))
        return 2
    broken = 0
    for r in reports:
        label = codes.get(r.chain_id, str(r.chain_id))
        if r.ok:
            print(f"OK      {label}: {r.checked} 条")
        else:
            broken += 1
            print(f"BROKEN  {label}: 第一条异常记录 {r.first_broken or '-'}：{r.problem}")
    print(f"{len(reports)} 条审计链，{sum(r.checked for r in reports)} 条记录，{broken} 条链异常")
    return 1 if broken else 0


GATES: list[tuple[str, list[str]]] = [
    ("ruff format", ["ruff", "format", "--check", "platform", "tests", "bench", "migrations"]),
    ("ruff check", ["ruff", "check", "platform", "tests", "bench", "migrations"]),
    ("mypy", ["mypy"]),
    ("architecture lint", ["python", "-m", "concord.archlint"]),
    ("schema drift", ["concord", "schema", "--check"]),
    # The migration drift check runs inside pytest (tests/test_contract.py) against the migrated database.
    ("pytest", ["pytest", "-q"]),
]


def cmd_check(args: argparse.Namespace) -> int:
    """Every gate, in order; all run even when one fails, so one run shows everything to fix."""
    import shutil
    import subprocess

    root = SCHEMA_FILE.parents[1]
    bindir = Path(sys.executable).parent
    failed = []
    for name, argv in GATES:
        exe = shutil.which(argv[0], path=str(bindir)) or shutil.which(argv[0]) or argv[0]
        _say(f"==> {name}")
        extra = args.pytest_args if name == "pytest" else []
        if subprocess.call([exe, *argv[1:], *extra], cwd=root) != 0:
            failed.append(name)
    if failed:
        _say("未通过：" + "、".join(failed))
        return 1
    _say("全部检查通过")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="concord", description="Concord 多元解纷信息平台")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="启动服务")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="进程数（约为 CPU 核数）")
    serve.add_argument("--demo", action="store_true", help="先迁移数据库，空库时装入演示数据")
    serve.set_defaults(func=cmd_serve)
    schema = sub.add_parser("schema", help="导出 GraphQL SDL 到 schema/schema.graphql")
    schema.add_argument("--check", action="store_true", help="只检查是否与代码一致")
    schema.set_defaults(func=cmd_schema)
    check = sub.add_parser("check", help="运行全部检查：格式、lint、类型、schema 与迁移漂移、测试")
    check.add_argument("pytest_args", nargs="*", help="传给 pytest 的参数")
    check.set_defaults(func=cmd_check)
    audit = sub.add_parser("audit", help="审计链：校验（verify）、签名检查点（head）、生成密钥（keygen）")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="校验审计哈希链；有异常时退出码非零并指出第一条异常记录")
    verify.add_argument("--tenant", help="只校验该机构（代码）的链")
    verify.add_argument(
        "--checkpoint", help="签名检查点文件（concord audit head 所写）：各链必须仍经过检查点记下的记录"
    )
    verify.add_argument("--public-key", help="校验检查点签名的公钥（PEM），默认 CONCORD_AUDIT_PUBLIC_KEY")
    head = audit_sub.add_parser(
        "head", help="写出签名检查点（各链最后一条记录的序号、id、哈希），保存在数据库之外的只写一次存储中"
    )
    head.add_argument("--out", help="写入该文件（已存在则拒绝）；默认输出到标准输出")
    keygen = audit_sub.add_parser("keygen", help="生成检查点签名密钥对（Ed25519，PEM）")
    keygen.add_argument("--out", required=True, help="私钥文件路径；公钥写在同名 .pub 文件")
    audit.set_defaults(func=cmd_audit)
    sub.add_parser("migrate", help="执行数据库迁移").set_defaults(func=cmd_migrate)
    demo = sub.add_parser("demo", help="装入演示数据（仅限空数据库）")
    demo.add_argument("--force", action="store_true", help="清空现有数据后重新装入")
    demo.set_defaults(func=cmd_demo)
    from concord.benchdata.cli import add_parser as add_bench_parser

    add_bench_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=get_settings().log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    for noisy in ("casbin", "pgserver", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    finally:
        from concord.db.server import stop_embedded

        stop_embedded()


if __name__ == "__main__":
    sys.exit(main())
