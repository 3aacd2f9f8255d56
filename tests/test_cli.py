import json
from pathlib import Path

from checker.cli import main
from tests.conftest import replace_in


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_mini_registry_passes(mini: Path, capsys):
    code, out, _ = run(capsys, "check", "--root", str(mini))
    assert code == 0, out
    assert "4 claims: 4 passed, 0 failed" in out


def test_edited_sentence_fails_exactly_its_claim_with_diagnosis(mini: Path, capsys):
    replace_in(mini / "sources/acme-note.txt", "Northam holds a 60% stake", "Northam holds a 65% stake")
    code, out, _ = run(capsys, "check", "--root", str(mini), "--format", "json")
    assert code == 1
    report = json.loads(out)
    failed = {c["id"] for c in report["claims"] if c["status"] == "fail"}
    assert failed == {"acme-northam-stake"}
    evidence = next(c for c in report["claims"] if c["id"] == "acme-northam-stake")["evidence"][0]
    assert evidence["status"] == "missing"
    assert evidence["near"]["span"]["line"] == 7
    assert "{+65%+}" in evidence["near"]["diff"]


def test_rewrapping_and_quote_style_break_nothing(mini: Path, capsys):
    path = mini / "sources/acme-note.txt"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace(" by the\ntowns", "\nby the towns")
    text = text.replace("founded in", "founded\u00a0in").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    code, out, _ = run(capsys, "check", "--root", str(mini))
    assert code == 0, out


def test_text_format_names_file_line_and_rule(mini: Path, capsys):
    replace_in(mini / "claims/facts.yaml", "quote: Northam holds a 60% stake in the company", "quote: Northam holds a 61% stake in the company")
    code, out, _ = run(capsys, "check", "--root", str(mini))
    assert code == 1
    missing = [line for line in out.splitlines() if "[quote-missing]" in line]
    assert len(missing) == 1 and missing[0].startswith("claims/facts.yaml:26:9: ")


def test_github_format_annotates(mini: Path, capsys):
    replace_in(mini / "claims/facts.yaml", "value: 60%", "value: 25%")
    code, out, _ = run(capsys, "check", "--root", str(mini), "--format", "github")
    assert code == 1
    assert any(line.startswith("::error file=claims/facts.yaml,line=") and "value-unsupported" in line for line in out.splitlines())


def test_bad_root_is_usage_error(tmp_path: Path, capsys):
    code, _, err = run(capsys, "check", "--root", str(tmp_path / "nope"))
    assert code == 2
    assert err.count("\n") == 1 and "no such directory" in err


def test_json_is_deterministic(mini: Path, capsys):
    _, first, _ = run(capsys, "check", "--root", str(mini), "--format", "json")
    _, second, _ = run(capsys, "check", "--root", str(mini), "--format", "json")
    assert first == second
    assert list(json.loads(first)) == ["claims", "conflicts", "findings", "notes", "summary", "version"]
