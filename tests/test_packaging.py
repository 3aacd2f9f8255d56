"""What the installed distribution says about itself: SPDX license metadata and its text."""

import importlib.metadata

from tests.conftest import REPO


def test_license_is_an_spdx_expression_with_its_file():
    metadata = importlib.metadata.metadata("claimcheck")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata.get("License") is None  # the deprecated free-text field is gone
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
