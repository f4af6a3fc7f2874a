"""The console's build and the server compose each trusted document the same way, byte for byte: the ids the
build computes (web/vite.config.js `compose`, in Node.js) are the ids the server registers
(concord.documents.registry, in Python), for every operation — including those with shared fragments."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from concord.documents.registry import DocumentRegistry

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import { compose } from './web/vite.config.js'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
const dir = 'schema/operations/', fragments = {}, ids = {}
for (const f of existsSync(dir + 'fragments') ? readdirSync(dir + 'fragments') : [])
  if (f.endsWith('.graphql')) fragments[f.slice(0, -8)] = readFileSync(dir + 'fragments/' + f).toString('utf8')
for (const f of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
  const text = compose(readFileSync(dir + f).toString('utf8'), fragments)
  ids[f.slice(0, -8)] = 'sha256:' + createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex')
}
console.log(JSON.stringify(ids))
"""


@pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "web" / "node_modules").exists(),
    reason="Node.js and web/node_modules",
)
def test_the_build_and_the_server_agree_on_every_document_id() -> None:
    out = subprocess.run(
        ["node", "--input-type=module", "-e", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    built = json.loads(out.stdout)
    registered = {name: doc_id for doc_id, name in DocumentRegistry.from_directory().names.items()}
    assert built == registered
    assert any(
        "fragment" in text.split("\n\n", 1)[-1]
        for text in DocumentRegistry.from_directory().documents.values()
    )
