"""Numbers as sources write them: numerals with separators and multipliers, number words,
and the Quantity that percent, money and count values carry.

A Quantity remembers the step it was stated to, so that comparison can allow for
rounding: "£1.5 million" is a multiple of £100,000, "20%" of 1 point, "1,500,000"
of 1, "a fifth" and "one in three" are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from checker.values.core import ParseError, quoted

NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MULTIPLIERS: dict[str, int] = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "m": 10**6, "mn": 10**6,
    "billion": 10**9, "bn": 10**9,
    "trillion": 10**12, "tn": 10**12,
}
MULTIPLIER_WORDS = "(?:thousand|million|billion|trillion)"
MULTIPLIER = "(?:" + "|".join(sorted(MULTIPLIERS, key=len, reverse=True)) + ")"

_UNIT_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_TEN_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
UNITS: dict[str, int] = {word: number for number, word in enumerate(_UNIT_WORDS)}
TENS: dict[str, int] = {word: 10 * number for number, word in enumerate(_TEN_WORDS, start=2)}
SCALES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_WORD = "(?:" + "|".join(sorted([*UNITS, *TENS, "hundred", "dozen", *SCALES], key=len, reverse=True)) + r")(?!\w)"
_AND_AFTER_SCALE = "(?:" + "|".join(f"(?<={scale})" for scale in ("hundred", *SCALES)) + ") and "
NUMBER_WORDS = rf"(?:a (?=(?:hundred|dozen|thousand|million|billion)\b))?{_WORD}(?:[ -]{_WORD}|{_AND_AFTER_SCALE}{_WORD})*"


@dataclass(frozen=True)
class Quantity:
    amount: Fraction
    step: Fraction
    """What the amount was rounded to as stated (0: exact)."""
    unit: str
    """"%" for percentages, an ISO currency code for money, "" for counts."""

    def agrees_with(self, other: Quantity) -> bool:
        """Same unit, and the finer amount rounds (half up) to the coarser one at its step."""
        if self.unit != other.unit:
            return False
        coarse, fine = (self, other) if self.step >= other.step else (other, self)
        if coarse.step == 0:
            return coarse.amount == fine.amount
        half = coarse.step / 2
        return coarse.amount - half <= fine.amount < coarse.amount + half


def read_numeral(text: str) -> tuple[Fraction, Fraction]:
    """(amount, step) of "1,500,000" or "12.5": the step is one unit of the last digit written."""
    digits = text.replace(",", "")
    decimals = len(digits.partition(".")[2])
    return Fraction(digits), Fraction(1, 10**decimals)


def multiplier(word: str | None) -> int:
    return 1 if word is None else MULTIPLIERS[word.casefold()]


def read_number_words(text: str) -> int:
    """ "twenty-one" → 21, "a dozen" → 12, "one hundred and five" → 105; nonsense raises ParseError."""
    total, group, previous, last_scale = 0, 0, "start", 10**18
    for token in re.split(r"[ -]+", text.casefold()):
        if token == "and":
            continue  # the pattern only lets "and" follow "hundred" or a scale word
        if token == "a":
            token = "one"
        if token in UNITS:
            number = UNITS[token]
            kind = "unit" if number < 10 else "teen"
            valid = previous in ("start", "hundred", "scale") or (previous == "ten" and kind == "unit" and number > 0)
            valid = valid and (number > 0 or previous == "start")
            group += number
        elif token in TENS:
            kind, valid = "ten", previous in ("start", "hundred", "scale")
            group += TENS[token]
        elif token in ("hundred", "dozen"):
            kind, valid = "hundred", previous in ("unit", "teen") and 0 < group < 100
            group *= 100 if token == "hundred" else 12
        else:
            scale = SCALES[token]
            kind, valid = "scale", group > 0 and scale < last_scale
            total, group, last_scale = total + group * scale, 0, scale
        if not valid:
            raise ParseError(f"{quoted(text)} is not a number written in words")
        previous = kind
    return total + group


def format_number(value: Fraction) -> str:
    """Plain decimal, no exponent, no trailing zeros; recurring decimals to 2 places ("33.33")."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    with localcontext() as context:
        context.prec = len(str(value.numerator)) + len(str(value.denominator)) + 5
        decimal = Decimal(value.numerator) / Decimal(value.denominator)
        if denominator != 1:  # recurring: no exact decimal exists
            decimal = decimal.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = format(decimal, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
