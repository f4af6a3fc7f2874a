"""The architecture lint (`python -m concord.archlint`, a gate of `concord check`): the house rules that keep
features apart, read from the source's syntax tree.

1. `sql-outside-repository`: only repositories query. A call of `select(`, `text(`, `session.execute`,
   `session.get`, `session.scalar(s)` or `session.stream` outside a `repository.py` fails, except in the
   floors that build, seed or define the database (`db/`, `demo/`, `benchdata/`, `models/`), the one
   visibility module (`authz/visibility.py`, which builds the expressions repositories filter with) and this
   file.
2. `foreign-repository`: a feature uses another only through its service and types; importing another
   feature's `repository` fails.
3. `feature-cycle`: no import cycle between features (imports under `if TYPE_CHECKING:` do not count; a
   mutually referring GraphQL type uses `strawberry.lazy`).
4. `forged-view`: a `VisibleTo` (whose view a read is scoped to) is made only by `VisibleTo.of(principal)` or
   `VisibleTo.for_job(...)`; calling `VisibleTo(...)` outside `authz/visibility.py` fails, so no tenant id
   from a request's input can become a view.

Floors (`kit`, `db`, `models`, `graphql`, `authz`, `trail` — the audit recorder every service writes with —,
`web`, `demo`, `benchdata` and the top-level modules) are
not features: any feature may import them. Known violations that are still being removed are listed in
`archlint_baseline.txt` beside this file; a new violation fails, and so does a listed one that is gone (the
list may only shrink)."""

from __future__ import annotations

import ast
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BASELINE = PACKAGE / "archlint_baseline.txt"
FLOORS = frozenset({"kit", "db", "models", "graphql", "authz", "trail", "web", "demo", "benchdata"})
# Floors that build, seed or define the database: they may write SQL and use any feature's repository.
# (models/: table definitions with server defaults.)
SQL_ALLOWED = frozenset({"db", "demo", "benchdata", "models"})
# The one visibility module builds the SQL expressions every repository filters with (it never executes).
SQL_ALLOWED_FILES = frozenset({"authz/visibility.py"})
# The one module that makes views (rule 4), and the type it makes.
VIEW_MODULE = "authz/visibility.py"
VIEW_TYPE = "VisibleTo"
SQL_FUNCTIONS = frozenset({"select", "text"})
SESSION_METHODS = frozenset({"execute", "get", "scalar", "scalars", "stream"})


@dataclass(frozen=True, order=True)
class Violation:
    rule: str
    path: str  # relative to the package's parent, e.g. concord/cases/service.py
    detail: str
    line: int = 0

    @property
    def key(self) -> str:
        """What the baseline records: no line number, which moves with every edit."""
        return f"{self.rule} {self.path} {self.detail}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.detail}"


def feature_of(path: Path, package: Path) -> str | None:
    parts = path.relative_to(package).parts
    if len(parts) < 2 or parts[0] in FLOORS:
        return None
    return parts[0]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """Every imported module name (with `from a import b`, also `a.b`: b may be a module), outside
    `if TYPE_CHECKING:` blocks."""

    def visit(nodes: Iterable[ast.stmt]) -> Iterator[tuple[str, int]]:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                yield from visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield alias.name, node.lineno
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield node.module, node.lineno
                for alias in node.names:
                    yield f"{node.module}.{alias.name}", node.lineno
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    yield from visit(c for c in children if isinstance(c, ast.stmt | ast.ExceptHandler))  # type: ignore[misc]
            if isinstance(node, ast.ExceptHandler):
                yield from visit(node.body)

    yield from visit(tree.body)


def _session_like(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return "session" in node.id
    if isinstance(node, ast.Attribute):
        return "session" in node.attr
    return False


def _sql_calls(tree: ast.Module) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in SQL_FUNCTIONS:
            yield f"{func.id}(", node.lineno
        elif isinstance(func, ast.Attribute) and func.attr in SESSION_METHODS and _session_like(func.value):
            yield f"session.{func.attr}(", node.lineno


def _forged_views(tree: ast.Module) -> Iterator[int]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name == VIEW_TYPE:
                yield node.lineno


def check_file(path: Path, package: Path) -> tuple[list[Violation], set[str]]:
    """The file's violations of rules 1, 2 and 4, and the features it imports (for rule 3)."""
    rel = f"{package.name}/{path.relative_to(package).as_posix()}"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    top = path.relative_to(package).parts[0]
    out: list[Violation] = []
    inner = path.relative_to(package).as_posix()
    exempt = top in SQL_ALLOWED or inner in SQL_ALLOWED_FILES or path.resolve() == Path(__file__).resolve()
    if path.name != "repository.py" and not exempt:
        out += [Violation("sql-outside-repository", rel, call, line) for call, line in _sql_calls(tree)]
    if inner != VIEW_MODULE:
        out += [Violation("forged-view", rel, f"{VIEW_TYPE}(", line) for line in _forged_views(tree)]
    mine = feature_of(path, package)
    used: set[str] = set()
    for module, line in _imports(tree):
        parts = module.split(".")
        if parts[0] != package.name or len(parts) < 2:
            continue
        other = parts[1]
        if other in FLOORS or not (package / other).is_dir() or other == mine:
            continue
        used.add(other)
        found = Violation("foreign-repository", rel, f"imports {package.name}.{other}.repository", line)
        if len(parts) >= 3 and parts[2] == "repository" and top not in SQL_ALLOWED and found not in out:
            out.append(found)  # once per import statement (`from a.repository import b` names a and a.b)
    return out, used


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one feature (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strongconnect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return found


def lint(package: Path = PACKAGE) -> list[Violation]:
    violations: list[Violation] = []
    graph: dict[str, set[str]] = defaultdict(set)
    for path in sorted(package.rglob("*.py")):
        found, used = check_file(path, package)
        violations += found
        feature = feature_of(path, package)
        if feature is not None:
            graph[feature] |= used
    for component in cycles(graph):
        violations.append(Violation("feature-cycle", f"{package.name}/", " <-> ".join(component)))
    return sorted(violations)


def read_baseline(path: Path = BASELINE) -> Counter[str]:
    if not path.exists():
        return Counter()
    lines = path.read_text(encoding="utf-8").splitlines()
    return Counter(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def compare(violations: list[Violation], baseline: Counter[str]) -> tuple[list[Violation], list[str]]:
    """New violations (beyond what the baseline allows for their key) and baseline entries no longer seen."""
    seen = Counter(v.key for v in violations)
    allowed = Counter(baseline)
    new: list[Violation] = []
    for v in violations:
        if allowed[v.key] > 0:
            allowed[v.key] -= 1
        else:
            new.append(v)
    stale = sorted((baseline - seen).elements())
    return new, stale


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    violations = lint()
    if "--write-baseline" in args:
        header = "# Known architecture violations being removed (concord/archlint.py). Only ever shrink this list.\n"
        BASELINE.write_text(header + "".join(f"{v.key}\n" for v in violations), encoding="utf-8")
        print(f"wrote {len(violations)} entries to {BASELINE}")
        return 0
    new, stale = compare(violations, read_baseline())
    for v in new:
        print(f"{v}")
    for key in stale:
        print(f"fixed, remove from {BASELINE.name}: {key}")
    total = len(violations)
    if new or stale:
        print(f"架构检查未通过：{len(new)} 处新违规，{len(stale)} 条基线已过期（共 {total} 处已知违规）")
        return 1
    print(f"架构检查通过（基线中尚有 {total} 处已知违规待清除）" if total else "架构检查通过")
    return 0


if __name__ == "__main__":
    sys.exit(main())
