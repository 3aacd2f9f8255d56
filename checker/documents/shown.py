"""Text from a stranger (a server's headers, a page's title), made safe to print.

A terminal or a CI log interprets control characters: an escape sequence can
recolour, move the cursor, or forge a line. Every such character (C0, DEL, C1,
and the Unicode line and paragraph separators) is shown as a ``\\x..``/``\\u....``
escape instead, and very long values are cut.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_SHOWN = 300
"""Characters of a stranger's value shown in a message before it is cut."""


def shown(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` with control and bidi-override characters escaped, cut to ``limit`` characters."""
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cut)


def plain_value(text: str, limit: int = MAX_SHOWN) -> str:
    """A metadata value for the catalog: control characters dropped, whitespace runs made one space, cut."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
