"""``claimcheck vocabulary``: how the claims use the properties and subjects, so a catch-all shows before it grows."""

from __future__ import annotations

import argparse
import sys

from checker.commands.common import add_root, registry_root
from checker.registry import load_registry, reference_findings, vocabulary_usage
from checker.reporters.text import finding_line
from checker.reporters.vocabulary import render_json, render_text

NAME = "vocabulary"
HELP = "claims per property and per subject, unused entries, the share of claims on free-text properties"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    registry = load_registry(registry_root(args))
    sys.stdout.write((render_json if args.format == "json" else render_text)(vocabulary_usage(registry)))
    unusable = [f for f in (*registry.findings, *reference_findings(registry)) if f.is_input_error]
    for finding in unusable:  # the counts above leave out what could not be read: say what and where
        print(finding_line(finding), file=sys.stderr)
    return 2 if unusable else 0
