"""Assemble the one self-contained HTML file: template, stylesheet, script and data, all inline.

Safety and reproducibility:

- Data goes into ``<script type="application/json">`` blocks, which the browser never
  runs; every ``<`` in the JSON is written as ``\\u003c``, so no value can close the
  block (``</script>``) or open a comment, whatever a claim or source contains.
- A Content-Security-Policy admits only this file's own stylesheet and script (by
  their SHA-256) and forbids every fetch: the page makes no network request at all.
- Each document's text goes in a block of its own, gzip-compressed and base64-encoded (the
  page inflates it with the browser's DecompressionStream when the document is opened):
  100 MB of benchmark sources become ~40 MB of file, and the HTML parser skims past them.
- The same inputs give byte-identical output: sorted data, gzip with no timestamp, no clock read here.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
from importlib.resources import files
from typing import Any

_ASSETS = files("checker.reporters.html")


def _asset(name: str) -> str:
    return _ASSETS.joinpath(name).read_text(encoding="utf-8")


def json_block(value: Any) -> str:
    """JSON safe to embed in HTML: ``<`` escaped as ``\\u003c`` (only ever inside JSON strings)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _packed(value: Any) -> str:
    """JSON, gzipped (mtime 0: the same bytes every time) and base64-encoded: nothing in it can end the block."""
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def render_page(title: str, data: dict[str, Any], documents: list[dict[str, Any]]) -> str:
    """The page: the app's data first (the claims table renders from it at once), each document's text in a
    block of its own after the script (parsed only when that document is opened)."""
    css, script = _asset("report.css"), _asset("report.js")
    policy = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(script)}; "
              "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")
    docs = "\n".join(f'<script type="application/gzip;base64" id="doc-{i}">{_packed(doc)}</script>' for i, doc in enumerate(documents))
    values = {"csp": policy, "title": html.escape(title), "css": css, "data": json_block(data), "script": script, "documents": docs}
    # One pass over the template: a value containing "{{...}}" is never expanded again.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], _asset("report.html"))
