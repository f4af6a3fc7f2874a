"""Start `concord serve --demo` as a new user would (embedded PostgreSQL, fresh data folder), then check that
it answers: health, a token for court.clerk, and the demo cases through GraphQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def http(path: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(BASE + path, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="concord-smoke-")
    env = {**os.environ, "CONCORD_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    exe = os.path.join(os.path.dirname(sys.executable), "concord")
    proc = subprocess.Popen([exe, "serve", "--demo", "--port", str(PORT)], env=env, start_new_session=True)
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                if http("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                print("server exited early", file=sys.stderr)
                return 1
            time.sleep(1)
        else:
            print("server did not become healthy", file=sys.stderr)
            return 1
        form = urllib.parse.urlencode(
            {"grant_type": "password", "username": "court.clerk", "password": "demo"}
        )
        status, tok = http(
            "/auth/token", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 200, tok
        query = json.dumps(
            {"query": "{ viewer { tenant { code } } cases(first: 5) { edges { node { number title } } } }"}
        )
        status, body = http(
            "/graphql",
            query.encode(),
            {"Content-Type": "application/json", "Authorization": f"Bearer {tok['access_token']}"},
        )
        assert status == 200 and not body.get("errors"), body
        assert body["data"]["viewer"]["tenant"]["code"] == "district-court"
        assert len(body["data"]["cases"]["edges"]) == 5, body
        print("smoke: 1 passed, 0 failed")
        return 0
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
