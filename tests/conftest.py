import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from tests.web_server import web  # noqa: F401  (the 127.0.0.1 server fixture, for fetch and refresh)

# Timing deadlines measure the machine, not the code: a loaded CI machine made them flaky.
# Bounds on work are asserted in operations where it matters (test_properties.py).
settings.register_profile("claimcheck", deadline=None)
settings.load_profile("claimcheck")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small passing registry, free to edit."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
