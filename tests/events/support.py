"""A small graphql-transport-ws client (the `websockets` package, installed with uvicorn[standard]) and real
server processes for the subscription tests. Every wait is bounded."""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from bench.servers import free_port
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.helpers import Api

PROTOCOL = "graphql-transport-ws"
WAIT = 5.0  # seconds a test waits for an event that must come
QUIET = 1.5  # seconds a test listens to be sure nothing comes

_ids = itertools.count(1)

EVENT_FIELDS = "cursor kind occurredAt status version byTenant { code } case { id title }"
REFERRAL_EVENTS = f"""subscription($after: String) {{
  referralEvents(after: $after) {{ {EVENT_FIELDS} referral {{ id status fromTenant {{ code }} toTenant {{ code }} }} }}
}}"""
CASE_EVENTS = f"""subscription($caseId: ID!, $after: String) {{
  caseEvents(caseId: $caseId, after: $after) {{ {EVENT_FIELDS} referral {{ id status }} }}
}}"""
EVENT_CURSOR = "{ eventCursor }"
DOCKING_CENTRE = "docking-centre"


async def cursor_now(api: Api, user: str) -> str:
    """The feed's position now, read over HTTP as `user`: subscribe `after` it to miss nothing from here."""
    value: str = (await api.ok(user, EVENT_CURSOR))["eventCursor"]
    return value


@dataclass
class Socket:
    ws: ClientConnection
    ops: dict[str, asyncio.Queue[dict[str, Any]]] = field(default_factory=dict)

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        return await self.send({"query": query, "variables": variables or {}})

    async def send(self, payload: dict[str, Any]) -> str:
        """A subscribe message with this payload (a query, or a documentId, extensions…); the operation id."""
        op = str(next(_ids))
        self.ops[op] = asyncio.Queue()
        await self.ws.send(orjson.dumps({"id": op, "type": "subscribe", "payload": payload}).decode())
        return op

    async def _pump(self, within: float) -> None:
        raw = await asyncio.wait_for(self.ws.recv(), within)
        assert isinstance(raw, str), "graphql-transport-ws messages are text frames"
        msg = orjson.loads(raw)
        if msg.get("type") == "ping":
            await self.ws.send('{"type":"pong"}')
            return
        self.ops.setdefault(msg.get("id", ""), asyncio.Queue()).put_nowait(msg)

    async def message(self, op: str, within: float = WAIT) -> dict[str, Any]:
        deadline = time.monotonic() + within
        queue = self.ops[op]
        while queue.empty():
            await self._pump(max(0.01, deadline - time.monotonic()))
        return queue.get_nowait()

    async def next(self, op: str, within: float = WAIT) -> dict[str, Any]:
        """The data of the operation's next event; fails on an error or a timeout."""
        msg = await self.message(op, within)
        assert msg["type"] == "next" and not msg["payload"].get("errors"), msg
        data: dict[str, Any] = msg["payload"]["data"]
        return data

    async def error_code(self, op: str, within: float = WAIT) -> str:
        msg = await self.message(op, within)
        errors = msg["payload"] if msg["type"] == "error" else msg["payload"].get("errors")
        assert errors, msg
        code: str = errors[0]["extensions"]["code"]
        return code

    async def quiet(self, op: str, seconds: float = QUIET) -> None:
        """Nothing arrives for the operation within `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                await self._pump(left)
            except TimeoutError:
                break
        assert self.ops[op].empty(), self.ops[op].get_nowait()

    async def close(self) -> None:
        await self.ws.close()


async def open_socket(base_url: str, token: str | None, *, header: bool = False) -> Socket:
    url = base_url.replace("http://", "ws://") + "/graphql"
    headers = {"Authorization": f"Bearer {token}"} if header and token else None
    ws = await asyncio.wait_for(connect(url, subprotocols=[PROTOCOL], additional_headers=headers), WAIT)  # type: ignore[list-item]
    payload = {"authorization": f"Bearer {token}"} if token and not header else {}
    await ws.send(orjson.dumps({"type": "connection_init", "payload": payload}).decode())
    ack = orjson.loads(await asyncio.wait_for(ws.recv(), WAIT))
    assert ack["type"] == "connection_ack", ack
    return Socket(ws)


async def refused(base_url: str, token: str) -> int | None:
    """The close code the server answers a connection_init with this token with."""
    url = base_url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        await ws.send(
            orjson.dumps(
                {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
            ).decode()
        )
        try:
            await asyncio.wait_for(ws.recv(), WAIT)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
    return None


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def start_server(env: dict[str, str], log: Path) -> Server:
    """`concord serve`'s uvicorn factory in a process of its own, on a free local port. Generous start-up
    time: importing the app on a loaded 2-core machine takes seconds."""
    port = free_port()
    out = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "concord.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env={**os.environ, **env},
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return Server(url, process)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start within 120 s: {log.read_text()[-2000:]}")
