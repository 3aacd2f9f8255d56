"""The README's "Adding a source and a claim", followed step by step on a copy of this repository's registry.

The steps must leave everything green: the check, and the registry's pytest items
(including the coverage minimum the sample registry sets for itself in claimcheck.toml).
"""

import shutil
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import REPO

NEW_SOURCE = "Sutton council said that Achieving for Children had been its children's services provider since 2022.\n"


def follow_the_walkthrough(root: Path) -> None:
    # 1. Save the document into sources/ byte for byte.
    (root / "sources/example-2024-sutton-note.txt").write_bytes(NEW_SOURCE.encode("utf-8"))
    # 2. Add an entry to sources/catalog.yaml.
    with (root / "sources/catalog.yaml").open("a", encoding="utf-8") as catalog:
        catalog.write(
            "  - id: example-2024-sutton-note\n"
            "    path: example-2024-sutton-note.txt\n"
            "    title: A note from Sutton council\n"
            "    publisher: Sutton council\n"
            "    kind: article\n"
            '    published: "2024"\n'
            "    precision: year\n"
        )
    # 3. Add any new entity to claims/subjects.yaml, with every spelling the source uses.
    with (root / "claims/subjects.yaml").open("a", encoding="utf-8") as subjects:
        subjects.write("  sutton:\n    name: London Borough of Sutton\n    kind: local-authority\n    aliases: [Sutton, Sutton council]\n")
    # 4. Add the claim to the topic file it belongs to, the quote copied from the source.
    (root / "claims/sutton.yaml").write_text(
        "claims:\n"
        "  - id: sutton-provider-afc-example2024\n"
        "    statement: Achieving for Children has provided Sutton's children's services since 2022.\n"
        "    subject: sutton\n"
        "    property: childrens-services-provider\n"
        "    value: afc\n"
        '    as_of: "2022"\n'
        "    evidence:\n"
        "      - source: example-2024-sutton-note\n"
        f"        quote: \"{NEW_SOURCE.strip()}\"\n",
        encoding="utf-8",
    )


@pytest.fixture
def copy(pytester: pytest.Pytester) -> Path:
    for part in ("sources", "claims"):
        shutil.copytree(REPO / part, pytester.path / part)
    shutil.copy(REPO / "claimcheck.toml", pytester.path / "claimcheck.toml")
    follow_the_walkthrough(pytester.path)
    return pytester.path


def test_walkthrough_keeps_the_check_green(copy: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["check", "--root", str(copy), "--no-cache"]) == 0, capsys.readouterr().out
    assert "1 passed" not in capsys.readouterr().out  # the whole registry was checked, not only the new claim


def test_walkthrough_keeps_the_registry_items_green(copy: Path, pytester: pytest.Pytester):
    result = pytester.runpytest("-p", "no:cacheprovider", "-q", "claims", "sources/catalog.yaml", "claimcheck.toml")
    assert result.parseoutcomes().get("failed", 0) == 0, result.stdout.str()[-3000:]
    result.stdout.fnmatch_lines(["* passed*"])
    assert "sutton-provider-afc-example2024" in pytester.runpytest("-p", "no:cacheprovider", "--collect-only", "-q", "claims").stdout.str()
