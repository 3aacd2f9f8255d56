"""Hostile HTML and PDF sources: one located line and exit 2, within bounds on time and memory, never a traceback.

Bombs are refused by the bounded child process extraction runs in
(``checker/documents/isolated.py``); the tests shrink its memory bound so a
few hundred megabytes prove what gigabytes would.
"""

from __future__ import annotations

import ctypes
import json
import re
import time
from pathlib import Path

import pytest

from checker.cli import main
from checker.documents import formats
from checker.documents.formats import DocumentRefused
from checker.documents.html import MAX_TAGS
from checker.documents.isolated import Bounds, Exceeded, isolated
from tests.conftest import FIXTURES
from tests.hostile_documents import add_source, cite, encrypted_pdf, flate_bomb, nested_html, text_pdf
from tests.test_hostile_quotes import rules_of

SMALL = Bounds(memory=128 << 20, cpu=20, wall=120)
"""Bounds small enough that a 300 MB bomb meets them in a second."""


@pytest.fixture
def small_bounds(monkeypatch):
    monkeypatch.setattr(formats, "EXTRACTION", SMALL)


def check(capsys, root: Path, *extra: str) -> tuple[int, str]:
    code = main(["check", "--root", str(root), "--no-cache", *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err
    return code, out


def unreadable_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if "[source-unreadable]" in line]


# --- the bounded child process itself -------------------------------------------------------------


def test_isolated_returns_the_result_and_passes_a_refusal_back():
    assert isolated(lambda: ["a", ("b", 3)], SMALL) == ["a", ("b", 3)]
    with pytest.raises(DocumentRefused) as refused:
        isolated(lambda: (_ for _ in ()).throw(DocumentRefused("no good", 7)), SMALL)
    assert (refused.value.message, refused.value.line) == ("no good", 7)


def spin() -> None:
    while True:
        pass


@pytest.mark.parametrize(("work", "bound", "wall"), [
    (lambda: ctypes.string_at(0), "crash", 30),  # a segfault, as a bug in C code would give
    (lambda: bytearray(512 << 20), "memory", 30),
    (spin, "cpu", 60),  # until RLIMIT_CPU (1 s of CPU; the wall bound is far off even on a loaded machine)
    (lambda: time.sleep(60), "wall", 2),
], ids=["segfault", "memory", "cpu", "wall"])
def test_isolated_turns_a_crash_or_a_bound_into_exceeded(work, bound: str, wall: float, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    with pytest.raises(Exceeded) as exceeded:
        isolated(work, Bounds(memory=64 << 20, cpu=1, wall=wall))
    assert exceeded.value.bound == bound, str(exceeded.value)
    assert time.monotonic() - started < wall + 10
    assert list(tmp_path.iterdir()) == [], "no core file"


# --- HTML ---------------------------------------------------------------------------------------


def test_html_nested_past_the_parser_depth_is_located_where_the_nesting_goes_too_deep(mini: Path, capsys):
    add_source(mini, "deep.html", nested_html(300))
    code, out = check(capsys, mini)
    assert code == 2
    [line] = unreadable_lines(out)
    assert line.startswith("sources/deep.html:256:1: "), line  # the line of the 256th open element, not 1:1


def test_html_nested_100000_deep_is_one_located_line(mini: Path, capsys):
    add_source(mini, "deep.html", nested_html(100_000))
    code, out = check(capsys, mini)
    assert code == 2
    [line] = unreadable_lines(out)
    assert line.startswith(f"sources/deep.html:{MAX_TAGS}:1: "), line  # tag 100,001 (<html>, <body> on line 1, then a <div> a line)


def test_html_of_more_tags_than_the_limit_is_refused_before_it_is_parsed(mini: Path, capsys):
    add_source(mini, "many.html", b"<html><body>\n" + b"<p>a</p>\n" * (MAX_TAGS + 10) + b"</body></html>")
    started = time.process_time()
    code, out = check(capsys, mini)
    assert code == 2 and unreadable_lines(out)[0].startswith(f"sources/many.html:{MAX_TAGS}:1: ")
    assert time.process_time() - started < 20  # trafilatura would need about 10 s of CPU for this page; the count, well under 1


def test_html_text_run_over_libxml2s_limit_is_located_not_called_empty(mini: Path, capsys):
    add_source(mini, "long.html", b"<html><body>\n<p>Short.</p>\n<p>" + b"word " * 2_100_000 + b"</p></body></html>")
    code, out = check(capsys, mini)
    assert code == 2
    [line] = unreadable_lines(out)
    assert line.startswith("sources/long.html:3:1: "), line


def test_entity_floods_nul_bytes_and_escapes_in_html_are_read_as_text_and_printed_escaped(mini: Path, capsys):
    page = (b"<html><body><p>The board met on Tuesday &#x1b;]0;owned&#7; and " + b"&amp;&lt;&#65;" * 20_000 + b"</p>"
            b"<p>Second\x00 paragraph &#x202e;agreed&#x202c; here.</p></body></html>")
    add_source(mini, "flood.html", page)
    cite(mini, "The board met on Wednesday and agreed")
    for output in ("text", "github", "json"):
        code, out = check(capsys, mini, "--format", output)
        assert code == 1 and rules_of(out) == ["quote-missing"] if output == "text" else code == 1
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x00" not in out
        assert not [line for line in out.splitlines() if line.lstrip().startswith("::") and "title=claimcheck" not in line]
        if output == "json":
            assert json.loads(out)["findings"][0]["rule"] == "quote-missing"


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_content_stream_that_inflates_to_hundreds_of_megabytes_is_refused(mini: Path, capsys, small_bounds):
    add_source(mini, "bomb.pdf", flate_bomb(b" ", 300 << 20))  # 300 KB on disk
    code, out = check(capsys, mini)
    assert code == 2
    [line] = unreadable_lines(out)
    assert line.startswith("sources/bomb.pdf:1:1: ")


def test_pdf_page_of_millions_of_text_objects_is_refused(mini: Path, capsys, small_bounds):
    add_source(mini, "objects.pdf", flate_bomb(b"(ab) Tj ", 40 << 20))  # 5 million text objects, 50 KB on disk
    code, out = check(capsys, mini)
    assert code == 2 and len(unreadable_lines(out)) == 1


@pytest.mark.parametrize("data", [
    encrypted_pdf(),
    text_pdf(b"The board met on Tuesday.")[:300],  # truncated
    b"%PDF-1.7\n" + bytes(range(256)) * 400,  # garbage after the header
    b"<!doctype html><html><body><p>A page saved as .pdf</p></body></html>",
], ids=["encrypted", "truncated", "garbage", "html-named-pdf"])
def test_pdf_that_cannot_be_read_is_one_line_at_the_file(mini: Path, capsys, data: bytes):
    add_source(mini, "odd.pdf", data)
    code, out = check(capsys, mini)
    assert code == 2
    assert [line.split(" [")[0] for line in unreadable_lines(out)] == ["sources/odd.pdf:1:1:"]


def test_a_pdf_named_html_is_named_for_what_it_is(mini: Path, capsys):
    add_source(mini, "page.html", text_pdf(b"The board met on Tuesday."))
    code, out = check(capsys, mini)
    assert code == 2
    [line] = unreadable_lines(out)
    assert line.startswith("sources/page.html:1:1: ") and ".pdf" in line


def test_a_catalog_content_type_that_contradicts_the_file_is_a_finding_at_the_catalog_entry(mini: Path, capsys):
    add_source(mini, "page.html", b"<html><body><p>The board met on Tuesday and agreed.</p></body></html>",
               extra="    content_type: application/pdf\n")
    code, out = check(capsys, mini)
    assert code == 2
    [line] = unreadable_lines(out)
    assert re.match(r"sources/catalog\.yaml:\d+:1: \[source-unreadable\] source `probe`", line), line


def test_pdf_text_with_escapes_and_workflow_commands_is_printed_escaped_in_every_format(mini: Path, capsys):
    add_source(mini, "esc.pdf", text_pdf(b"The board met \x1b]0;owned\x07 on Tuesday", b"::error file=README.md,line=1::owned",
                                         b"and \xe2\x80\xae agreed."))
    cite(mini, "The board met on Wednesday")
    for output in ("text", "github", "json"):
        code, out = check(capsys, mini, "--format", output)
        assert code == 1
        assert "\x1b" not in out and "\x07" not in out
        assert not [line for line in out.splitlines() if line.lstrip().startswith("::") and "title=claimcheck" not in line]
    code = main(["text", "--root", str(mini), "probe"])
    out, _ = capsys.readouterr()
    assert code == 0 and "\x1b" not in out and not [line for line in out.splitlines() if line.lstrip().startswith("::")]


def test_a_pdf_bomb_fails_its_source_item_under_pytest(pytester: pytest.Pytester, monkeypatch):
    monkeypatch.setattr(formats, "EXTRACTION", SMALL)
    import shutil

    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    add_source(pytester.path, "bomb.pdf", flate_bomb(b" ", 300 << 20))
    result = pytester.runpytest("-p", "no:randomly", "claims", "sources/catalog.yaml")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed") == 1 and "error" not in outcomes and "errors" not in outcomes
    result.stdout.fnmatch_lines(["*sources/bomb.pdf:1:1*source-unreadable*"])
    assert "Traceback" not in result.stdout.str()



def test_the_extractor_is_loaded_in_the_parent_once_so_children_inherit_it():
    """Each child importing trafilatura/pypdfium2 itself made extraction 5-10x slower; the parent loads
    them before forking, on its own constant page (a stranger's bytes still reach only the child)."""
    import subprocess
    import sys

    probe = ("import sys; from checker.documents.formats import extract_layers; from tests.hostile_documents import text_pdf; "
             "from checker.documents.catalog import SourceEntry; "
             "e = SourceEntry('x', 'x.html', 't', 'p', 'report', '2020', 'year', None, None, (), 'c.yaml', 1); "
             "extract_layers('html', b'<html><body><p>Some words in a paragraph here.</p></body></html>', e); "
             "extract_layers('pdf', text_pdf(b'Some words on a page.'), e); "
             "print('trafilatura' in sys.modules, 'pypdfium2' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=FIXTURES.parent.parent)
    assert run.stdout.split() == ["True", "True"], run.stdout + run.stderr
