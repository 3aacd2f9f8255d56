"""The per-user key every stored row is signed with, kept outside any registry.

``$XDG_CACHE_HOME/claimcheck/cache-key`` (32 random bytes, created exclusively, mode
0600): a store that arrived with someone else's registry was signed under their
key, so none of its rows verifies and nothing in it is ever unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import cache
from pathlib import Path


@cache
def signing_key() -> bytes | None:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimcheck"
    path = base / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    import secrets  # only the first run of a user makes a key: every other run reads it
    import tempfile

    try:
        base.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        fd, tmp = tempfile.mkstemp(prefix=".cache-key.", dir=base)  # exclusive, mode 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        os.replace(tmp, path)
        return path.read_bytes()  # another process may have won the race: use what is there
    except OSError:
        return None


def mac(*parts: str | bytes) -> bytes | None:
    signing = signing_key()
    if signing is None:
        return None
    h = hmac.new(signing, digestmod=hashlib.sha256)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)  # length-prefixed: no two rows sign the same bytes
    return h.digest()


def signed(signature: object, *parts: str | bytes) -> bool:
    expected = mac(*parts)
    return expected is not None and isinstance(signature, bytes) and hmac.compare_digest(signature, expected)
