from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from checker.values import Period, agree, extract, normalise_text, parse_period, parse_value
from checker.values.text import normalise_with_offsets

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
periods = st.builds(lambda a, n: Period.spanning(a, a + timedelta(days=n)), days, st.integers(0, 4000))
months = st.builds(Period.of_month, st.integers(1900, 2199), st.integers(1, 12))
years = st.builds(Period.of_year, st.integers(1900, 2199))
financial_years = st.builds(Period.of_financial_year, st.integers(1900, 2198))
any_period = st.one_of(periods, months, years, financial_years)


@given(any_period)
def test_period_text_round_trips(period):
    assert parse_period(str(period)) == period


@given(any_period, any_period)
def test_contains_implies_overlaps_and_agree_is_symmetric(a, b):
    if a.contains(b):
        assert a.overlaps(b)
    da, db = parse_value("date", str(a)), parse_value("date", str(b))
    assert agree(da, db) == agree(db, da) == (a.contains(b) or b.contains(a))


@given(st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False))
def test_percent_canonical_round_trips(amount):
    value = parse_value("percent", f"{amount}%")
    assert value.payload.amount == Fraction(amount)
    again = parse_value("percent", value.canonical)
    assert again.payload.amount == Fraction(amount)
    assert agree(value, again)


@given(st.integers(0, 10**12), st.sampled_from(["£", "$", "€"]))
def test_money_with_separators_round_trips(amount, sign):
    value = parse_value("money", f"{sign}{amount:,}")
    assert value.payload.amount == amount
    assert parse_value("money", value.canonical) == value


@given(st.integers(1, 999), st.integers(1, 9), st.sampled_from(["m", " million", "bn", "k"]))
def test_money_multipliers_agree_with_the_written_out_amount(whole, tenth, suffix):
    factor = {"m": 10**6, " million": 10**6, "bn": 10**9, "k": 10**3}[suffix]
    short = parse_value("money", f"£{whole}.{tenth}{suffix}")
    exact = Decimal(f"{whole}.{tenth}") * factor
    assert agree(short, parse_value("money", f"£{int(exact):,}"))
    assert not agree(short, parse_value("money", f"£{int(exact + factor // 10):,}"))


@given(st.integers(0, 10**9))
def test_count_numerals(count):
    assert parse_value("count", f"{count:,}").canonical == str(count)
    assert parse_value("count", count).canonical == str(count)


@given(st.integers(0, 100), st.text(alphabet=" \u00a0\t\n", min_size=1, max_size=3))
def test_extract_offsets_survive_odd_whitespace(amount, gap):
    text = f"rate{gap}of{gap}{amount}{gap}per{gap}cent{gap}now"
    [found] = extract("percent", text)
    assert found.value.canonical == f"{amount}%"
    assert text[found.start:found.end] == f"{amount}{gap}per{gap}cent"


@given(st.text())
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.text(alphabet=st.characters(blacklist_categories=("Mn", "Mc", "Me", "Cs"))))
def test_offset_normalisation_agrees_with_plain_normalisation(text):
    normalised = normalise_with_offsets(text)
    assert normalised.text == normalise_text(text)
    words = normalised.text.split(" ") if normalised.text else []
    position = 0
    for word in words:  # every whole word maps back to original text that normalises to it
        a, b = normalised.original_span(position, position + len(word))
        assert normalise_text(text[a:b]) == word
        position += len(word) + 1
