"""Ofsted judgements on their four-point scale.

``RATING_SCALE`` runs from lowest to highest, so a rating's index is its rank and
``rank(a) > rank(b)`` says a is the better judgement. "requires improvement" (the
name before 2015's change of framework) is the same grade as "requires improvement
to be good".
"""

from __future__ import annotations

import re

from checker.values.core import Value
from checker.values.scanning import Context, Form, form

RATING_SCALE = ("inadequate", "requires improvement to be good", "good", "outstanding")
EXPECTED = "an Ofsted rating (expected outstanding, good, requires improvement to be good, inadequate)"

_RATING = r"outstanding|good|requires improvement(?: to be good)?|inadequate"


def rank(name: str) -> int:
    """Position on RATING_SCALE (0 = inadequate) of a rating name in any case, old name included."""
    key = " ".join(name.casefold().split())
    return RATING_SCALE.index("requires improvement to be good" if key == "requires improvement" else key)


def rating_value(name: str) -> Value:
    position = rank(name)
    return Value("rating", RATING_SCALE[position], position)


def _rating(match: re.Match[str], context: Context) -> Value:
    return rating_value(match["r"])


RATING_FORMS: tuple[Form, ...] = (
    # Matching quotes around the name (‘Inadequate’) and a "rated"/"judged" before it belong to the span.
    form(rf"(?:(?:rated|judged|graded)(?: as)? )?(?P<q>['\"]?)(?P<r>{_RATING})(?P=q)", _rating),
)
