"""claimcheck repin: repairs drift it can place with confidence, refuses the rest, and writes safely."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from checker.cli import main
from checker.documents.gitrepo import earlier_versions
from checker.engine.check import run_check
from checker.quotes.requote import keep_pinned_words, trim_to_pinned_edges
from checker.repair import atomic
from checker.repair.repin import REPIN_MIN_SCORE, RepinStopped, apply_plan, plan_repin
from checker.repair.yamledit import quote_nodes, rewrite_scalars
from tests.conftest import FIXTURES, replace_in

TRUST = "claims/trust.yaml"
REPORT = "sources/report.txt"
TYPOS = (("concils", "councils"), ("emplys", "employs"), ("monney", "money"))


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout


def make_registry(tmp_path: Path, in_git: bool = True) -> Path:
    """A copy of the drift fixture, committed to a fresh git repository unless ``in_git`` is False."""
    root = tmp_path / "registry"
    shutil.copytree(FIXTURES / "drift", root)
    if in_git:
        git(root, "init", "-q")
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", "as pinned")
    return root


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return make_registry(tmp_path)


def fix_typos(root: Path) -> None:
    for old, new in TYPOS:
        replace_in(root / REPORT, old, new)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def quote_scalars(text: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of every evidence quote scalar, in file order."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    spans = []
    for key, claims in root.value:
        if key.value != "claims":
            continue
        for claim in claims.value:
            for ckey, evidence in claim.value:
                if ckey.value == "evidence":
                    for item in evidence.value:
                        node = next(v for k, v in item.value if k.value == "quote")
                        spans.append((node.start_mark.index, node.end_mark.index, node.value))
    return spans


def outside_scalars(text: str) -> list[str]:
    """Every piece of the file that is not a quote scalar."""
    pieces, last = [], 0
    for start, end, _ in quote_scalars(text):
        pieces.append(text[last:start])
        last = end
    return [*pieces, text[last:]]


def claim_status(root: Path) -> dict[str, str]:
    return {c.id: c.status for c in run_check(root).claims}


# -- the three cases the issue names -------------------------------------------------------


def test_typo_fix_repairs_exactly_the_affected_quotes_and_nothing_else(registry: Path, capsys):
    before = (registry / TRUST).read_text(encoding="utf-8")
    fix_typos(registry)
    assert {c for c, s in claim_status(registry).items() if s == "fail"} == {"trust-founded", "trust-staff", "trust-chair-savings"}

    code, out, _ = run(capsys, "repin", "--root", str(registry))
    assert code == 0, out
    assert "3 quotes repinned in 1 file; 0 need a person" in out

    after = (registry / TRUST).read_text(encoding="utf-8")
    assert outside_scalars(after) == outside_scalars(before)  # comments, keys, styles: byte for byte
    old_values = [v for _, _, v in quote_scalars(before)]
    new_values = [v for _, _, v in quote_scalars(after)]
    changed = {(o, n) for o, n in zip(old_values, new_values, strict=True) if o != n}
    assert changed == {
        ("The Riverside Trust was founded in 2011 by the concils of Eastford and Westford",
         "The Riverside Trust was founded in 2011 by the councils of Eastford and Westford"),
        ("The trust emplys 240 staff across 12 sites", "The trust employs 240 staff across 12 sites"),
        ("the partnership had saved both councils monney every year", "the partnership had saved both councils money every year"),
    }
    # Each scalar keeps its style: plain stays plain, the folded block stays folded.
    assert "        quote: >-\n          The trust employs 240 staff across 12 sites\n" in after
    assert (registry / "claims/gazette.yaml").read_bytes() == (FIXTURES / "drift/claims/gazette.yaml").read_bytes()
    assert (registry / REPORT).read_text(encoding="utf-8").count("councils") == 3  # the source itself is never written

    code, out, _ = run(capsys, "check", "--root", str(registry))
    assert code == 0, out


def test_a_changed_number_is_refused_and_the_claim_keeps_failing(registry: Path, capsys):
    before = (registry / TRUST).read_bytes()
    replace_in(registry / REPORT, "Eastford holds a 70% stake", "Eastford holds a 75% stake")
    code, out, _ = run(capsys, "repin", "--root", str(registry))
    assert code == 1
    refused = [line for line in out.splitlines() if "needs a person" in line]
    assert len(refused) == 1 and "trust-eastford-stake" in refused[0] and "75%" in refused[0]
    assert (registry / TRUST).read_bytes() == before
    assert claim_status(registry)["trust-eastford-stake"] == "fail"


def test_a_changed_number_the_claim_does_not_state_is_refused_too(registry: Path):
    # The claim is about 240 staff; the quote also says 12 sites. 13 sites is news, not drift.
    replace_in(registry / REPORT, "across 12 sites", "across 13 sites")
    plan = plan_repin(registry)
    assert [r.claim for r in plan.refusals] == ["trust-staff"]
    assert "12 sites" not in plan.refusals[0].reason and "changed from 12, 240 to 13, 240" in plan.refusals[0].reason


def test_a_deleted_sentence_is_not_reattached_to_a_near_duplicate(registry: Path, capsys):
    # The board's later sentence is 97% like the deleted one and carries the same rating,
    # but it does not stand where the quote stood.
    before = (registry / TRUST).read_bytes()
    replace_in(registry / REPORT, "In 2019 the inspectors rated the trust’s libraries Good. ", "")
    assert claim_status(registry)["trust-libraries-rating"] == "fail"
    plan = plan_repin(registry)
    assert plan.repairs == ()
    [refusal] = plan.refusals
    assert refusal.claim == "trust-libraries-rating" and "not where the quote stood" in refusal.reason
    code, _, _ = run(capsys, "repin", "--root", str(registry))
    assert code == 1 and (registry / TRUST).read_bytes() == before
    assert claim_status(registry)["trust-libraries-rating"] == "fail"


def test_a_deleted_sentence_with_pinned_context_is_not_reattached(registry: Path):
    # The chair's sentence goes; the mayor's identical words remain, after a different prefix.
    replace_in(registry / REPORT, "The trust’s chair said that the partnership had saved both councils monney every year.\n", "")
    replace_in(registry / REPORT, "The mayor said that the partnership had saved both councils money every year.",
               "The mayor said that the partnership had saved both councils monney every year.")
    plan = plan_repin(registry)
    assert [r.claim for r in plan.refusals] == ["trust-chair-savings"] and plan.repairs == ()
    assert claim_status(registry)["trust-chair-savings"] == "fail"


def test_without_git_only_quotes_with_pinned_context_are_repinned(tmp_path: Path):
    root = make_registry(tmp_path, in_git=False)
    fix_typos(root)
    plan = plan_repin(root)
    assert [r.claim for r in plan.repairs] == ["trust-chair-savings"]
    assert {r.claim for r in plan.refusals} == {"trust-founded", "trust-staff"}
    assert all("nothing shows where the quote stood" in r.reason for r in plan.refusals)


def test_history_is_searched_past_commits_that_already_carry_the_edit(registry: Path):
    fix_typos(registry)
    git(registry, "commit", "-q", "-am", "typos fixed upstream, claims not yet repinned")
    plan = plan_repin(registry)
    assert {r.claim for r in plan.repairs} == {"trust-founded", "trust-staff", "trust-chair-savings"}
    assert any("at commit" in r.anchored_by for r in plan.repairs)


def test_a_repair_that_would_make_the_quote_ambiguous_is_refused(registry: Path):
    # Without its prefix the chair's quote was unique only through its typo: fixed, it reads
    # exactly like the mayor's sentence, so it cannot be pinned without context.
    replace_in(registry / TRUST, '        prefix: "The trust\'s chair said that"\n', "")
    git(registry, "commit", "-q", "-am", "no prefix")
    replace_in(registry / REPORT, "monney", "money")
    plan = plan_repin(registry)
    assert plan.repairs == ()
    assert [r.claim for r in plan.refusals] == ["trust-chair-savings"] and "ambiguous" in plan.refusals[0].reason


def test_a_weak_match_is_listed_for_a_person(registry: Path):
    replace_in(registry / REPORT, "The trust emplys 240 staff across 12 sites.", "Staff: 240, over a dozen sites.")
    plan = plan_repin(registry)
    assert [r.claim for r in plan.refusals] == ["trust-staff"]
    assert f"repin needs {REPIN_MIN_SCORE:g}" in plan.refusals[0].reason or "no similar text" in plan.refusals[0].reason


def test_quotes_with_editorial_marks_are_left_to_a_person(registry: Path):
    replace_in(registry / TRUST, "quote: The Riverside Trust was founded in 2011 by the concils of Eastford and Westford",
               "quote: The Riverside Trust was founded in 2011 ... concils of Eastford and Westford")
    git(registry, "commit", "-q", "-am", "ellipsis")
    replace_in(registry / REPORT, "concils", "councils")
    [refusal] = plan_repin(registry).refusals
    assert refusal.claim == "trust-founded" and "editorial marks" in refusal.reason


# -- idempotence, dry run, exit codes -------------------------------------------------------


def test_running_twice_changes_nothing_the_second_time(registry: Path, capsys):
    fix_typos(registry)
    assert run(capsys, "repin", "--root", str(registry))[0] == 0
    once = {p: p.read_bytes() for p in (registry / "claims").iterdir()}
    code, out, _ = run(capsys, "repin", "--root", str(registry))
    assert code == 0 and "0 quotes repinned in 0 files" in out
    assert {p: p.read_bytes() for p in (registry / "claims").iterdir()} == once


def test_dry_run_prints_the_diff_and_writes_nothing(registry: Path, capsys):
    fix_typos(registry)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (registry / "claims").iterdir()}
    code, out, _ = run(capsys, "repin", "--root", str(registry), "--dry-run")
    assert code == 0
    assert "--- a/claims/trust.yaml\n+++ b/claims/trust.yaml\n" in out
    assert "-        quote: The Riverside Trust was founded in 2011 by the concils of Eastford and Westford\n" in out
    assert "+        quote: The Riverside Trust was founded in 2011 by the councils of Eastford and Westford\n" in out
    assert "would repin trust-staff" in out and "dry run: nothing written" in out
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (registry / "claims").iterdir()} == before
    assert sorted(p.name for p in (registry / "claims").iterdir()) == sorted(before)


def test_bad_input_exits_2_and_writes_nothing(registry: Path, capsys):
    fix_typos(registry)
    (registry / "claims/broken.yaml").write_text("claims: [\n", encoding="utf-8")
    before = (registry / TRUST).read_bytes()
    code, out, err = run(capsys, "repin", "--root", str(registry))
    assert code == 2 and out == ""
    assert err.startswith("claimcheck: error: claims/broken.yaml:") and err.count("\n") == 1
    assert (registry / TRUST).read_bytes() == before


def test_missing_root_is_a_usage_error(tmp_path: Path, capsys):
    code, _, err = run(capsys, "repin", "--root", str(tmp_path / "nowhere"))
    assert code == 2 and err.count("\n") == 1


# -- atomic writing ---------------------------------------------------------------------------


def _boom(*_args, **_kwargs):
    raise OSError(28, "No space left on device")


class _HalfWriter:
    """A temp file that takes half the bytes, then fails: a crash mid-write."""

    def __init__(self, fd: int, mode: str) -> None:
        self._file = open(fd, mode)  # noqa: SIM115 (closed by __exit__)

    def write(self, data: bytes) -> int:
        self._file.write(data[: len(data) // 2])
        self._file.flush()
        raise OSError(5, "Input/output error")

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()


@pytest.mark.parametrize(
    "target, replacement",
    [
        ("tempfile.mkstemp", _boom),
        ("os.fdopen", _boom),
        ("os.fdopen", _HalfWriter),
        ("os.fsync", _boom),
        ("os.chmod", _boom),
        ("os.replace", _boom),
    ],
    ids=["create-temp", "open-temp", "half-written", "fsync", "chmod", "rename"],
)
def test_a_crash_at_any_step_leaves_the_original_intact(registry: Path, capsys, monkeypatch, target: str, replacement):
    fix_typos(registry)
    before = {p.name: p.read_bytes() for p in (registry / "claims").iterdir()}
    module, name = target.split(".")
    monkeypatch.setattr({"os": atomic.os, "tempfile": atomic.tempfile}[module], name, replacement)
    code, _, err = run(capsys, "repin", "--root", str(registry))
    monkeypatch.undo()
    assert code == 2 and err.startswith("claimcheck: error: repin stopped") and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in (registry / "claims").iterdir()} == before  # no temp file left behind either


def test_a_file_edited_meanwhile_is_not_overwritten(registry: Path):
    fix_typos(registry)
    plan = plan_repin(registry)
    (registry / TRUST).write_text((registry / TRUST).read_text(encoding="utf-8") + "# edited by someone\n", encoding="utf-8")
    edited = (registry / TRUST).read_bytes()
    with pytest.raises(RepinStopped, match="changed while it was being edited"):
        apply_plan(registry, plan)
    assert (registry / TRUST).read_bytes() == edited


def test_write_atomic_keeps_permissions_and_follows_symlinks(tmp_path: Path):
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic.write_atomic(link, b"new\n", expected=b"old\n")
    assert link.is_symlink() and real.read_bytes() == b"new\n"
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real.yaml"]


# -- the text that is written -----------------------------------------------------------------


def test_the_pinned_spelling_is_kept_where_words_still_match():
    assert keep_pinned_words('It is a "community interest compny" - owned', "It is a “community interest company” – owned") == \
        'It is a "community interest company" - owned'


def test_punctuation_the_quote_left_out_stays_out():
    assert trim_to_pinned_edges("by the councils of Eastford and Westford", "by the councils of Eastford and\nWestford.") == \
        "by the councils of Eastford and\nWestford"
    assert trim_to_pinned_edges("rated it Good.", "rated it Good.") == "rated it Good."
    assert trim_to_pinned_edges("said the mayor", "“said the mayor,") == "said the mayor"
    assert trim_to_pinned_edges("supports the programme.", "supports the programme.”") == "supports the programme."
    assert trim_to_pinned_edges('"said the mayor', "“said the mayor,") == "“said the mayor"
    assert trim_to_pinned_edges("in 2019;", "in 2019.") == "in 2019."  # changed punctuation is the source's to give


# -- editing one scalar in place ---------------------------------------------------------------

STYLES = """claims:   # every style a quote may be written in
  - evidence:
      - {source: s, quote: flow style here}
      - source: s
        quote: 'single ''quoted'' text'   # keep me
      - source: s
        quote: "double \\"quoted\\" text"
      - source: s
        quote: |
          literal block
          of text
      - source: s
        quote: plain text here
"""


def _rewrite(text: str, index: int, value: str) -> str:
    nodes = sorted(quote_nodes(text).values(), key=lambda n: n.node.start_mark.index)
    node = nodes[index]
    new, refused = rewrite_scalars(text, {node.path: (node.node, value)}, "x.yaml")
    assert not refused
    return new


@pytest.mark.parametrize(
    "index, value, written",
    [
        (0, "flow, with a comma", "{source: s, quote: 'flow, with a comma'}"),
        (1, "it's single", "quote: 'it''s single'   # keep me"),
        (2, 'say "hi"', 'quote: "say \\"hi\\""'),
        (3, "a new literal", "quote: |\n          a new literal\n      - source"),
        (4, "plain: needs quotes now", "quote: 'plain: needs quotes now'\n"),
        (4, "still plain", "quote: still plain\n"),
    ],
)
def test_each_style_is_kept_or_safely_quoted(index: int, value: str, written: str):
    new = _rewrite(STYLES, index, value)
    assert written in new
    assert yaml.safe_load(new)["claims"][0]["evidence"][index]["quote"].strip() == value
    old_pieces, new_pieces = outside_scalars(STYLES), outside_scalars(new)
    assert old_pieces == new_pieces


def test_crlf_line_endings_and_byte_order_mark_survive(registry: Path, capsys):
    path = registry / TRUST
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    git(registry, "commit", "-q", "-am", "windows editor")
    fix_typos(registry)
    assert run(capsys, "repin", "--root", str(registry))[0] == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    assert b"quote: >-\r\n          The trust employs 240 staff across 12 sites\r\n\r\n" in data
    assert run(capsys, "check", "--root", str(registry))[0] == 0


def test_an_anchored_quote_is_left_for_a_person(registry: Path):
    replace_in(registry / TRUST, "quote: The Riverside Trust was founded", "quote: &founding The Riverside Trust was founded")
    git(registry, "commit", "-q", "-am", "anchor")
    fix_typos(registry)
    plan = plan_repin(registry)
    assert "trust-founded" not in {r.claim for r in plan.repairs}
    [refusal] = [r for r in plan.refusals if r.claim == "trust-founded"]
    assert "cannot be rewritten safely" in refusal.reason
    assert b"&founding The Riverside Trust was founded in 2011 by the concils" in b"".join(c.after for c in plan.changes)



def test_the_anchor_names_the_commit_when_the_source_was_committed_not_staged(registry: Path):
    fix_typos(registry)  # the working tree changed; the index still holds the committed version
    founded = next(r for r in plan_repin(registry).repairs if r.claim == "trust-founded")
    assert "at commit " in founded.anchored_by and "staged" not in founded.anchored_by


def test_a_staged_version_that_differs_from_the_commit_is_named_as_staged(registry: Path):
    replace_in(registry / REPORT, "emplys", "employs")
    git(registry, "add", REPORT)
    labels = [label for label, _ in earlier_versions(registry, REPORT, 5)]
    assert len(labels) == 2 and labels[0] == "as staged in git" and labels[1].startswith("at commit ")


RATED = """
  - id: trust-libraries-rating-2020
    statement: The inspectors rated the trust's libraries Outstanding in 2020.
    subject: trust
    property: rating
    qualifiers: {service: libraries}
    value: outstanding
    as_of: "2020"
    evidence:
      - source: report
        quote: In 2020 the inspectors found the libraries oustanding in every area.
        value_text: oustanding
"""


def add_rating_with_a_typo(registry: Path) -> None:
    """A committed source sentence with a typo in the rating, and a claim whose value_text pins it."""
    with (registry / REPORT).open("a", encoding="utf-8") as source:
        source.write("\nIn 2020 the inspectors found the libraries oustanding in every area.\n")
    with (registry / "claims/trust.yaml").open("a", encoding="utf-8") as claims:
        claims.write(RATED)
    git(registry, "commit", "-q", "-am", "a rating with a typo, pinned by value_text")


def test_a_typo_fix_that_value_text_pinned_repins_quote_and_value_text_together(registry: Path, capsys):
    add_rating_with_a_typo(registry)
    assert run_check(registry).exit_code == 0
    replace_in(registry / REPORT, "libraries oustanding in", "libraries outstanding in")
    code, out, _ = run(capsys, "repin", "--root", str(registry))
    assert code == 0, out
    assert "value_text: 'oustanding' -> 'outstanding'" in out
    text = (registry / "claims/trust.yaml").read_text(encoding="utf-8")
    assert "quote: In 2020 the inspectors found the libraries outstanding in every area.\n        value_text: outstanding\n" in text
    assert run_check(registry).exit_code == 0
    assert run(capsys, "repin", "--root", str(registry))[1].startswith("repin: 0 quotes repinned")  # idempotent


def test_value_text_is_not_respelled_into_another_value(registry: Path, capsys):
    add_rating_with_a_typo(registry)
    replace_in(registry / REPORT, "libraries oustanding in", "libraries inadequate in")
    before = (registry / "claims/trust.yaml").read_bytes()
    code, out, _ = run(capsys, "repin", "--root", str(registry))
    assert code == 1 and "needs a person: trust-libraries-rating-2020" in out
    assert (registry / "claims/trust.yaml").read_bytes() == before
