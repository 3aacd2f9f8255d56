"""The README's promises: its two set-up commands, and examples that really work."""

import re
from pathlib import Path

import yaml

from checker.documents.sourcetext import SourceText
from checker.quotes.conventions import parse_quote
from checker.quotes.matcher import locate
from checker.registry.load import load_registry
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_exactly_two_setup_commands_and_ci_runs_the_test_one():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[0].endswith("python3 -m checker check")
    test_command = commands[1].split("&&")[-1].strip()
    assert test_command == "python3 -m pytest"
    assert test_command in (REPO / ".ci/run").read_text(encoding="utf-8")


def test_readme_claim_example_is_in_the_registry_verbatim():
    example = re.search(r"From `(claims/[^`]+)`:\n\n```yaml\n(.*?)```", README, re.S)
    path, text = example.group(1), example.group(2)
    [claim] = yaml.safe_load(text)["claims"]
    registered = {c["id"]: c for c in yaml.safe_load((REPO / path).read_text(encoding="utf-8"))["claims"]}
    assert registered[claim["id"]] == claim


def test_readme_quoting_example_verifies_against_its_source():
    quote = re.search(r"## Quoting conventions.*?quote: \"(.*?)\"\n", README, re.S).group(1)
    registry = load_registry(REPO)
    entry = registry.sources["cc-2019-kingston-outstanding"]
    text = (REPO / "sources" / entry.path).read_text(encoding="utf-8")
    assert locate(SourceText(entry.id, entry.path, text), parse_quote(quote)).status == "found"


def test_readme_lists_every_rule_id():
    from checker.findings import RULES

    missing = [rule for rule in RULES if f"`{rule}`" not in README]
    assert missing == []


def test_readme_links_resolve():
    for target in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (REPO / target).is_file(), target
    assert Path(REPO / "checker/schemas/claims.schema.json").is_file()
