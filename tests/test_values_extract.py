from datetime import date

from checker.values import EntityIndex, Period, extract


def found(vtype, text, **options):
    """(span text, canonical) of everything extract finds, in order."""
    results = extract(vtype, text, **options)
    assert [f.start for f in results] == sorted(f.start for f in results)
    return [(text[f.start:f.end], f.value.canonical) for f in results]


def canonicals(vtype, text, **options):
    return [canonical for _, canonical in found(vtype, text, **options)]


def test_two_percentages():
    assert found("percent", "the number of vacancies had fallen from 25% to 12%") == [("25%", "25%"), ("12%", "12%")]


def test_count_in_words_with_curly_apostrophe_after():
    assert found("count", "There are currently nine Children\u2019s Services Trusts") == [("nine", "9")]


def test_relative_date_resolved_against_reference():
    text = "since April this year, Windsor and Maidenhead"
    assert canonicals("date", text, ref=Period.of_year(2017)) == ["2017-04"]
    assert canonicals("date", text) == []  # no reference: not a value that can be read


def test_bare_year_in_prose():
    assert canonicals("date", "created in 2014 by the Royal Borough") == ["2014"]


def test_rating_and_year_in_parentheses():
    text = "Kingston are now rated Outstanding (2019)"
    assert canonicals("rating", text) == ["outstanding"]
    assert canonicals("date", text) == ["2019"]


def test_two_quoted_ratings():
    assert found("rating", "from \u2018inadequate\u2019 to \u2018outstanding\u2019") == [
        ("\u2018inadequate\u2019", "inadequate"), ("\u2018outstanding\u2019", "outstanding")]


def test_money_and_the_count_beside_it():
    text = "\u00a31.5 million, with projected savings of \u00a36 million over three years"
    assert found("money", text) == [("\u00a31.5 million", "GBP 1500000"), ("\u00a36 million", "GBP 6000000")]
    assert canonicals("count", text) == ["3"]
    assert canonicals("percent", text) == [] and canonicals("date", text) == []


def test_counts_do_not_fire_inside_dates_money_or_percentages():
    text = "In 2014, 20% of the 1 April 2014 budget (\u00a340m) went to one in five of 12 councils, from 2014-18."
    assert canonicals("count", text) == ["12"]
    assert canonicals("percent", text) == ["20%", "20%"]
    assert canonicals("date", text) == ["2014", "2014-04-01", "2014..2018"]


def test_ratings_are_word_bounded():
    assert canonicals("rating", "its good-rated neighbour") == ["good"]
    assert canonicals("rating", "for goodness' sake, inadequately outstandingly") == []
    assert canonicals("rating", "was judged good, then Requires Improvement to be Good") == [
        "good", "requires improvement to be good"]


def test_date_forms_in_prose():
    text = ("Launched on 1 April 2014; answered on 25th August 2023; in May 2022; "
            "the 2013/14 accounts; From 2014\u201318 the post; 2014..2018; until 2026.")
    assert canonicals("date", text) == ["2014-04-01", "2023-08-25", "2022-05", "2013/14", "2014..2018",
                                        "2014..2018", "2026"]


def test_year_dash_two_digits_in_prose_prefers_the_financial_year():
    assert canonicals("date", "spending in 2010-11 fell") == ["2010/11"]
    assert canonicals("date", "in 2014-04 the company") == ["2014-04"]


def test_unlikely_years_are_not_dates_in_prose():
    assert canonicals("date", "3000 children and 1200 staff") == []
    assert canonicals("count", "3000 children and 1200 staff") == ["3000", "1200"]


def test_relative_dates_in_prose():
    ref = Period.of_year(2019)
    text = "In a report this week. Earlier this month, that changed last year; he starts in January."
    assert canonicals("date", text, ref=ref) == ["2019", "2019", "2018", "2019..2020-01"]
    assert canonicals("date", "in April 2014", ref=ref) == ["2014-04"]
    on_day = Period.of_day(date(2019, 8, 15))
    assert canonicals("date", "Earlier this month, it said", ref=on_day) == ["2019-08"]


def test_ordinals_are_not_fractions():
    assert canonicals("percent", "joined in 2017 as a third partner") == []
    assert canonicals("percent", "a third of councils, half the staff and two thirds said so") == [
        "33.33%", "50%", "66.67%"]
    assert canonicals("percent", "on behalf of the council") == []


def test_offsets_index_the_text_as_given():
    text = "rates\u00a0of\u00a0\u00a025\u2009per\u00a0cent and \ufb01ve"
    [percent] = extract("percent", text)
    assert text[percent.start:percent.end] == "25\u2009per\u00a0cent"
    assert percent.value.canonical == "25%"


def test_booleans_and_text():
    assert canonicals("boolean", "Yes, or no? Not noted.") == ["true", "false"]
    assert found("text", " Any text ") == [(" Any text ", "Any text")]
    assert extract("text", "   ") == []


def test_entity_sets_found_one_mention_at_a_time():
    index = EntityIndex.from_subjects({"kingston": {"name": "Kingston"}, "richmond": {"name": "Richmond"}})
    results = extract("entity-set", "Richmond and Kingston, with Richmond", entities=index)
    assert [f.value.canonical for f in results] == ["richmond", "kingston", "richmond"]


def test_extract_is_deterministic():
    text = "In 2012 and 2013, 25% to 12%, \u00a31.5m, nine, good."
    assert extract("date", text) == extract("date", text)
    assert [f.value for f in extract("count", text)] == [f.value for f in extract("count", text)]
