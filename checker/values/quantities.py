"""Percentages, money and counts: their forms and canonical text.

Canonical forms: percent ``20%`` / ``12.5%``; money ``GBP 1500000`` (ISO code, plain
amount); count ``9``. A field may give a bare number: a percent ``20`` is 20% (not
0.2: registries write percentages as they are read), money ``1500000`` is in pounds.
Prose needs the sign or words ("20%", "£1.5m"), or every number would be money.
"""

from __future__ import annotations

import re
from fractions import Fraction

from checker.values.core import ParseError, Value, quoted
from checker.values.numbers import (
    MULTIPLIER,
    MULTIPLIER_WORDS,
    NUMBER_WORDS,
    NUMERAL,
    Quantity,
    format_number,
    multiplier,
    read_number_words,
    read_numeral,
)
from checker.values.scanning import Context, Form, form

PERCENT_EXPECTED = "a percentage (expected 20%, 20 per cent, 12.5%, a fifth, one in five, half …)"
MONEY_EXPECTED = "an amount of money (expected £1.5 million, £1.5m, £1,500,000, £300k, £2bn, $5, €3m …)"
COUNT_EXPECTED = "a count (expected 9, nine, twenty-one, a dozen, 1,200 …)"

CURRENCY_OF_SIGN = {"£": "GBP", "$": "USD", "€": "EUR"}
CURRENCY_OF_WORD = {"pound": "GBP", "pounds": "GBP", "sterling": "GBP", "dollar": "USD", "dollars": "USD",
                    "euro": "EUR", "euros": "EUR"}
DEFAULT_CURRENCY = "GBP"  # for a bare number in a field: the registry is about UK public bodies

FRACTION_DENOMINATORS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
} | {plural: d for plural, d in (("thirds", 3), ("quarters", 4), ("fourths", 4), ("fifths", 5), ("sixths", 6),
                                 ("sevenths", 7), ("eighths", 8), ("ninths", 9), ("tenths", 10))}
# "a third partner" is an ordinal, not 33%: these read as fractions in prose only before "of" or no word.
_ORDINALS = frozenset({"third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"})
_FRACTION = "(?:" + "|".join(sorted(FRACTION_DENOMINATORS, key=len, reverse=True)) + ")"
_NUMERATOR = rf"(?:an?|{NUMBER_WORDS}|\d+)"
_PER_CENT = r"(?: ?%| per ?cent| per-cent)"
_WORD_FOLLOWS = re.compile(r" (?!of\b)[^\W\d]", re.IGNORECASE)


def _number(text: str) -> tuple[Fraction, Fraction]:
    """(amount, step) of a numeral or of number words (whole numbers: step 1)."""
    if text[0].isdigit():
        return read_numeral(text)
    return Fraction(read_number_words(text)), Fraction(1)


def _percent(amount: Fraction, step: Fraction) -> Value:
    return Value("percent", f"{format_number(amount)}%", Quantity(amount, step, "%"))


def _stated_percent(match: re.Match[str], context: Context) -> Value:
    return _percent(*_number(match["n"]))


def _bare_percent(match: re.Match[str], context: Context) -> Value:
    if context.prose:
        raise ParseError(f"{quoted(match.group(0))} has no per cent sign")
    return _percent(*_number(match["n"]))


def _fraction(match: re.Match[str], context: Context) -> Value:
    """ "a fifth", "two thirds", "half": exact."""
    word = match["frac"].casefold()
    if match["num"] is None and word != "half":
        raise ParseError(f"{quoted(match.group(0))} needs a numerator (a fifth, two thirds)")
    if context.prose and word in _ORDINALS and _WORD_FOLLOWS.match(match.string, match.end()):
        raise ParseError(f"{quoted(match.group(0))} reads as an ordinal here")
    numerator = 1 if match["num"] is None or match["num"].casefold() in ("a", "an") else _number(match["num"])[0]
    return _percent(Fraction(numerator) * 100 / FRACTION_DENOMINATORS[word], Fraction(0))


def _one_in(match: re.Match[str], context: Context) -> Value:
    """ "one in five", "3 out of 10": exact."""
    part, whole = _number(match["x"])[0], _number(match["y"])[0]
    if whole == 0 or part > whole:
        raise ParseError(f"{quoted(match.group(0))} is not a proportion")
    return _percent(part * 100 / whole, Fraction(0))


PERCENT_FORMS: tuple[Form, ...] = (
    form(rf"(?P<n>{NUMERAL}){_PER_CENT}", _stated_percent),
    form(rf"(?P<n>{NUMBER_WORDS}) (?:per ?cent|per-cent)", _stated_percent),
    form(rf"(?P<x>{NUMERAL}|{NUMBER_WORDS}) (?:in|out of) (?P<y>\d{{1,3}}|{NUMBER_WORDS})", _one_in),
    form(rf"(?:(?P<num>{_NUMERATOR})[ -])?(?P<frac>{_FRACTION})", _fraction),
    form(rf"(?P<n>{NUMERAL})", _bare_percent),
)


def _money(currency: str, number: str, scale: str | None) -> Value:
    amount, step = read_numeral(number)
    factor = multiplier(scale)
    amount, step = amount * factor, step * factor
    return Value("money", f"{currency} {format_number(amount)}", Quantity(amount, step, currency))


def _signed_money(match: re.Match[str], context: Context) -> Value:
    return _money(CURRENCY_OF_SIGN[match["sign"]], match["n"], match["mult"])


def _coded_money(match: re.Match[str], context: Context) -> Value:
    return _money(match["code"].upper(), match["n"], match["mult"])


def _worded_money(match: re.Match[str], context: Context) -> Value:
    return _money(CURRENCY_OF_WORD[match["word"].casefold()], match["n"], match["mult"])


def _bare_money(match: re.Match[str], context: Context) -> Value:
    if context.prose:
        raise ParseError(f"{quoted(match.group(0))} has no currency")
    return _money(DEFAULT_CURRENCY, match["n"], match["mult"])


_AMOUNT = rf"(?P<n>{NUMERAL})(?: ?(?P<mult>{MULTIPLIER}))?"
MONEY_FORMS: tuple[Form, ...] = (
    form(rf"(?P<sign>[£$€]) ?{_AMOUNT}", _signed_money),
    form(rf"(?P<code>GBP|USD|EUR) ?{_AMOUNT}", _coded_money),
    form(rf"(?P<n>{NUMERAL})(?: (?P<mult>{MULTIPLIER_WORDS}))? (?P<word>{'|'.join(CURRENCY_OF_WORD)})",
         _worded_money),
    form(_AMOUNT, _bare_money),
)


def _count(amount: Fraction, step: Fraction, text: str) -> Value:
    if amount.denominator != 1:
        raise ParseError(f"{quoted(text)} is not a whole number")
    return Value("count", str(amount.numerator), Quantity(amount, step, ""))


def _numeral_count(match: re.Match[str], context: Context) -> Value:
    amount, step = read_numeral(match["n"])
    factor = multiplier(match["mult"])
    return _count(amount * factor, step * factor, match.group(0))


def _worded_count(match: re.Match[str], context: Context) -> Value:
    return _count(Fraction(read_number_words(match["w"])), Fraction(1), match.group(0))


COUNT_FORMS: tuple[Form, ...] = (
    form(rf"(?P<n>{NUMERAL})(?: (?P<mult>{MULTIPLIER_WORDS}))?", _numeral_count),
    form(rf"(?P<w>{NUMBER_WORDS})", _worded_count),
)
