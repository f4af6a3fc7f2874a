"""A small, cheap HTTP/1.1 load generator: N keep-alive connections, each sending the same request as fast as
answers come back, for a fixed time. Written on raw asyncio streams (uvloop when present) so that on a
2-core machine it takes as little CPU as possible from the server it measures; httpx would cost more per
request than the ceiling endpoint itself. Run as its own process:

    python -m bench.load --port 8000 --path /graphql --body-file q.json --header 'Authorization: Bearer …'

Prints one JSON object: requests, errors, status counts, seconds, rps, p50/p90/p99 latency in milliseconds.
Bounded in time (--seconds) and aimed at loopback only."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0


def build_request(method: str, host: str, path: str, headers: list[str], body: bytes) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    lines += headers
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        return status, await reader.readexactly(length)
    body = b""
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return status, body
        body += chunk[:-2]


async def worker(
    host: str, port: int, request: bytes, until: float, measure_from: float, tally: Tally
) -> None:
    """Requests are counted when they complete inside the measured window, whenever they started, so that a
    slow server (seconds per request) still shows its throughput; one still in flight at the end is dropped."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while (now := time.perf_counter()) < until:
            writer.write(request)
            try:
                status, _ = await asyncio.wait_for(read_response(reader), timeout=until - now)
            except TimeoutError:
                return
            except (asyncio.IncompleteReadError, ConnectionError):
                tally.errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            done = time.perf_counter()
            if done >= measure_from:
                tally.latencies.append(done - now)
                tally.statuses[status] += 1
    finally:
        writer.close()


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


async def run(
    host: str, port: int, request: bytes, connections: int, seconds: float, warmup: float
) -> dict[str, object]:
    if host not in LOOPBACK:
        raise SystemExit("load generator targets loopback addresses only")
    start = time.perf_counter()
    measure_from, until = start + warmup, start + warmup + seconds
    tally = Tally()
    await asyncio.gather(
        *(worker(host, port, request, until, measure_from, tally) for _ in range(connections))
    )
    ordered = sorted(tally.latencies)
    n = len(ordered)
    return {
        "requests": n,
        "errors": tally.errors + sum(c for s, c in tally.statuses.items() if s != 200),
        "statuses": {str(k): v for k, v in tally.statuses.items()},
        "seconds": seconds,
        "rps": n / seconds,
        "p50_ms": percentile(ordered, 0.5) * 1000,
        "p90_ms": percentile(ordered, 0.9) * 1000,
        "p99_ms": percentile(ordered, 0.99) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--method", default="POST")
    parser.add_argument("--path", default="/graphql")
    parser.add_argument("--body-file", type=Path)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    body = args.body_file.read_bytes() if args.body_file else b""
    request = build_request(args.method, f"{args.host}:{args.port}", args.path, args.header, body)
    result = asyncio.run(run(args.host, args.port, request, args.connections, args.seconds, args.warmup))
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
