"""Hostile HTML and PDF sources, built byte by byte for the tests and for docs/bad-input.md.

The PDFs are written by hand (objects, a cross-reference table, a trailer), so
each test states exactly what is in the file: a content stream that inflates
to hundreds of megabytes, a page of millions of text objects, an /Encrypt
dictionary, text holding terminal escapes. ``add_source`` adds one as source
``probe`` of a registry and ``cite`` adds a claim quoting it.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from tests.test_hostile_quotes import add_claim

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of these objects (numbered from 1, the catalog first) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def one_page(content: bytes, compressed: bool = False, trailer: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF whose page draws ``content`` (a content stream) in Helvetica."""
    head = b"<< /Length %d%s >>\nstream\n" % (len(content), b" /Filter /FlateDecode" if compressed else b"")
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE,
                head + content + b"\nendstream", FONT, *extra], trailer)


def text_pdf(*lines: bytes) -> bytes:
    return one_page(b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(b"(%s) Tj T*" % line for line in lines) + b" ET")


def flate_bomb(unit: bytes, size: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``size`` bytes of ``unit`` repeated (compressed about 1,000:1)."""
    deflate = zlib.compressobj(9)
    block = unit * ((1 << 20) // len(unit))
    parts = [deflate.compress(b"BT /F1 12 Tf 72 720 Td (The page text.) Tj ")]
    parts += [deflate.compress(block) for _ in range(size // len(block))]
    parts += [deflate.compress(b" ET"), deflate.flush()]
    return one_page(b"".join(parts), compressed=True)


def encrypted_pdf() -> bytes:
    """A PDF with a standard-security /Encrypt dictionary whose user password is not empty."""
    security = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"41" * 32, b"42" * 32)
    file_id = b"<0123456789abcdef0123456789abcdef>"
    return one_page(b"BT /F1 12 Tf 72 720 Td (Secret text.) Tj ET", trailer=b"/Encrypt 6 0 R /ID [%s %s] " % (file_id, file_id),
                    extra=(security,))


def nested_html(depth: int) -> bytes:
    """A page whose text sits ``depth`` elements deep, one element per line."""
    return b"<html><body>\n" + b"<div>\n" * depth + b"The text deep down.\n" + b"</div>" * depth + b"\n<p>After it.</p></body></html>"


def add_source(root: Path, name: str, data: bytes, extra: str = "") -> None:
    """Add ``sources/<name>`` holding ``data`` to the catalog as source ``probe`` (``extra``: more catalog lines)."""
    (root / "sources" / name).write_bytes(data)
    with open(root / "sources/catalog.yaml", "a", encoding="utf-8") as catalog:
        catalog.write(f"""  - id: probe
    path: {name}
    title: A stranger's document
    publisher: Nobody
    kind: article
    published: "2019"
    precision: year
{extra}""")


def cite(root: Path, quote: str) -> None:
    add_claim(root, "probe-claim", quote, source="probe")
