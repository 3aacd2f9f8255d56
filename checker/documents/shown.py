"""Text from a stranger (a server's headers, a page's title): cut to a length for messages, cleaned for the catalog.

Messages are escaped where they are printed (``reporters/escape.py``, one
mechanism for every renderer); here a server's value is only kept from being
endless. A value written into the catalog is flattened instead: control and
bidi characters dropped, white space made single spaces.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_SHOWN = 300
"""Characters of a stranger's value shown in a message before it is cut."""


def shown(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to ``limit`` characters, for a message (the renderers escape what they print)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain_value(text: str, limit: int = MAX_SHOWN) -> str:
    """A metadata value for the catalog: control characters dropped, whitespace runs made one space, cut."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
