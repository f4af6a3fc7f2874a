"""Casbin decision time as the policy grows: 10k and 100k policy lines, plain Enforcer against the
FastEnforcer (indexed on subject and object type) that Concord uses, measured side by side in one run.

    .venv/bin/python -m bench.enforcer [--decisions 2000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import casbin

from concord.authz.enforcer import POLICY_DIR, make_enforcer

ACTIONS = ("read", "create", "update", "refer", "sign", "accept", "return", "manage", "export", "close")


def write_policy(path: Path, lines: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """Realistic growth: many roles (per-tenant custom roles), object types, and domain-specific lines."""
    roles = max(10, lines // 100)
    objects = 50
    rows = set()
    while len(rows) < lines:
        role = f"role_{rng.randrange(roles)}"
        dom = "*" if rng.random() < 0.5 else f"tenant-{rng.randrange(200)}"
        rows.add((role, dom, f"obj_{rng.randrange(objects)}", rng.choice(ACTIONS)))
    path.write_text("".join(f"p, {r}, {d}, {o}, {a}\n" for r, d, o, a in sorted(rows)), encoding="utf-8")
    return sorted(rows)


def measure(enforcer: casbin.Enforcer, requests: list[tuple[str, str, str, str]]) -> list[float]:
    samples = []
    for req in requests:
        start = time.perf_counter()
        enforcer.enforce(*req)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    rng = random.Random(42)
    model = str(POLICY_DIR / "model.conf")
    print(f"{'lines':>8} {'enforcer':>10} {'mean µs':>10} {'p50 µs':>9} {'p99 µs':>9} {'load s':>7}")
    with tempfile.TemporaryDirectory() as d:
        for size in (int(s) for s in args.sizes.split(",")):
            policy = Path(d) / f"p{size}.csv"
            rows = write_policy(policy, size, rng)
            # half the requests hit an existing line (allow), half are near misses (deny)
            requests = []
            for _ in range(args.decisions):
                r, dom, o, a = rng.choice(rows)
                requests.append(
                    (r, "tenant-7" if dom == "*" else dom, o, a if rng.random() < 0.5 else "delete")
                )
            decisions: dict[str, list[bool]] = {}
            for label, factory in (("plain", casbin.Enforcer), ("fast", make_enforcer)):
                t0 = time.perf_counter()
                enforcer = factory(model, str(policy))
                load = time.perf_counter() - t0
                n = args.decisions if label == "fast" else min(args.decisions, 200)
                samples = sorted(measure(enforcer, requests[:n]))
                decisions[label] = [enforcer.enforce(*req) for req in requests[:200]]
                p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
                print(
                    f"{size:>8} {label:>10} {statistics.fmean(samples) * 1e6:>10.1f} "
                    f"{statistics.median(samples) * 1e6:>9.1f} {p99 * 1e6:>9.1f} {load:>7.2f}"
                )
            assert decisions["plain"] == decisions["fast"], "the index must not change any decision"
            print(
                f"{size:>8} both agree on {len(decisions['fast'])} decisions ({sum(decisions['fast'])} allowed)"
            )


if __name__ == "__main__":
    main()
