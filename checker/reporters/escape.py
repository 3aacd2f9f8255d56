"""What every renderer does before a value reaches a terminal or a CI log: show it, never obey it.

Claims, file names and sources come from strangers' pull requests, and their
text ends up in terminals and in CI logs. Three things there act on text:

- control characters (newline, carriage return, ESC and its CSI/OSC sequences,
  C1 controls) move the cursor, recolour, retitle, or start a new line that
  looks like the checker's own;
- bidi controls (U+202A-U+202E, U+2066-U+2069) and invisible characters
  (zero-width space and joiners, soft hyphen, U+2028) make text read
  differently from what it is ("Trojan Source");
- a line that begins with ``::`` (or ``##[``), leading blanks aside, is a GitHub
  Actions workflow command: ``::error``, ``::add-mask``, ``::stop-commands``.

``visible`` shows every such character as an escape (``\\n``, ``\\x1b``,
``\\u202e``): each is a character Python itself does not call printable, bar
ordinary spaces such as the no-break space. Renderers build their lines and
pass them through ``printable_lines``, which escapes each line (so no value can
break one) and defuses a line that would read as a workflow command; only the
``github`` format writes workflow commands, its own. ``json_visible`` does the
same for JSON text, as JSON escapes, so the data read back is unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Printable ASCII is always shown as it is, so only runs of other characters are looked at one by one:
# a 50,000-claim JSON report is 40 MB with a few thousand such runs (curly quotes, accents, no-break spaces).
_CANDIDATES = re.compile(r"[^\x20-\x7e]+")
_JSON_CANDIDATES = re.compile(r"[^\x20-\x7e\n]+")  # newlines between JSON tokens (indented output) are layout
_CHUNK = 1 << 16
_WORKFLOW_COMMAND = re.compile(r"^(\s*)(::|##\[)", re.MULTILINE)


def _shown(char: str) -> bool:
    return char.isprintable() or unicodedata.category(char) == "Zs"


def _escape(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every control, format (bidi, zero-width), separator and surrogate character escaped."""
    if text.isprintable():  # almost every string: no per-character work
        return text
    return _CANDIDATES.sub(_visible_run, text)


def _visible_run(match: re.Match[str]) -> str:
    run = match.group()
    return run if run.isprintable() else "".join(c if _shown(c) else _escape(c) for c in run)


def defuse_commands(text: str) -> str:
    """A line starting with ``::`` or ``##[`` (blanks aside) gets its first character escaped: not a workflow command."""
    return _WORKFLOW_COMMAND.sub(lambda m: m.group(1) + _escape_ascii(m.group(2)[0]) + m.group(2)[1:], text)


def _escape_ascii(char: str) -> str:
    return f"\\x{ord(char):02x}"


def printable_lines(lines: Iterable[str]) -> str:
    """Lines joined for output: each escaped (values cannot break or forge a line), commands defused, newline-ended."""
    return defuse_commands("\n".join(visible(line) for line in lines)) + "\n"


def json_visible(text: str) -> str:
    """JSON text with every character ``visible`` would escape written as a JSON ``\\u`` escape (same data)."""
    if text.isprintable():
        return text
    # Whole reports are tens of MB with a handful of hidden characters: a chunk that is all printable
    # (str.isprintable, C) is kept as it is, and only the others are searched by the regex (10x slower per character).
    chunks = (text[i:i + _CHUNK] for i in range(0, len(text), _CHUNK))
    return "".join(c if c.isprintable() else _JSON_CANDIDATES.sub(_json_run, c) for c in chunks)


def _json_run(match: re.Match[str]) -> str:
    run = match.group()
    return run if run.isprintable() else "".join(c if _shown(c) else _json_escape(c) for c in run)


def _json_escape(char: str) -> str:
    if ord(char) < 0x10000:
        return f"\\u{ord(char):04x}"
    high, low = divmod(ord(char) - 0x10000, 0x400)  # outside the BMP: a surrogate pair, as JSON spells it
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
