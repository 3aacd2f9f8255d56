"""Ratings, booleans, text, entities and entity sets."""

import pytest

from checker.values import RATING_SCALE, EntityIndex, ParseError, agree, extract, parse_value

SUBJECTS = {
    "kingston": {"name": "Royal Borough of Kingston upon Thames", "aliases": ["Kingston"]},
    "richmond": {"name": "London Borough of Richmond upon Thames", "aliases": ["Richmond"]},
    "windsor-and-maidenhead": {"name": "Royal Borough of Windsor and Maidenhead",
                               "aliases": ["Windsor and Maidenhead"]},
    "achieving-for-children": {"name": "Achieving for Children", "aliases": ["AfC"]},
}
ENTITIES = EntityIndex.from_subjects(SUBJECTS)


def rating(raw):
    return parse_value("rating", raw).canonical


def test_rating_scale_is_ordered_lowest_first():
    assert RATING_SCALE == ("inadequate", "requires improvement to be good", "good", "outstanding")
    ranks = [parse_value("rating", r).payload for r in ("Inadequate", "requires improvement", "good", "Outstanding")]
    assert ranks == sorted(ranks) and len(set(ranks)) == 4


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Outstanding", "outstanding"), ("GOOD", "good"), ("\u2018Inadequate\u2019", "inadequate"),
        ("'good'", "good"), ('"outstanding"', "outstanding"), ("judged good", "good"), ("rated Good", "good"),
        ("graded as inadequate", "inadequate"), ("requires improvement", "requires improvement to be good"),
        ("Requires Improvement to be Good", "requires improvement to be good"),
    ],
)
def test_rating_forms(raw, canonical):
    assert rating(raw) == canonical


def test_old_name_of_requires_improvement_agrees():
    assert agree(parse_value("rating", "requires improvement"), parse_value("rating", "requires improvement to be good"))
    assert not agree(parse_value("rating", "good"), parse_value("rating", "outstanding"))


@pytest.mark.parametrize("raw", ["goodness", "'good", "excellent", "very good", 3, True])
def test_rating_garbage(raw):
    with pytest.raises(ParseError) as caught:
        parse_value("rating", raw)
    assert str(raw) in str(caught.value)


@pytest.mark.parametrize(("raw", "truth"), [(True, True), (False, False), ("yes", True), ("No", False),
                                            ("true", True), ("FALSE", False)])
def test_booleans(raw, truth):
    value = parse_value("boolean", raw)
    assert (value.payload, value.canonical) == (truth, "true" if truth else "false")


@pytest.mark.parametrize("raw", ["maybe", 1, "y"])
def test_boolean_garbage(raw):
    with pytest.raises(ParseError):
        parse_value("boolean", raw)


def test_text_is_normalised_and_compared_casefolded():
    value = parse_value("text", "  Children\u2019s  services \u2014 run by AfC ")
    assert value.canonical == "Children's services - run by AfC"
    assert agree(value, parse_value("text", "children's SERVICES - run by afc"))
    assert not agree(value, parse_value("text", "children's services run by AfC"))
    assert parse_value("text", 2014).canonical == "2014"


def test_entity_by_id_name_or_alias():
    for raw in ("kingston", "Kingston", "royal borough of kingston upon thames", "ROYAL  Borough of Kingston upon Thames"):
        assert parse_value("entity", raw, entities=ENTITIES).canonical == "kingston"
    assert parse_value("entity", "Windsor & Maidenhead", entities=ENTITIES).canonical == "windsor-and-maidenhead"
    assert ENTITIES.resolve("AFC") == "achieving-for-children"
    assert ENTITIES.resolve("Surrey") is None


def test_entity_without_index_takes_an_id_but_not_a_name():
    assert parse_value("entity", "kingston").canonical == "kingston"
    with pytest.raises(ParseError, match="Kingston"):
        parse_value("entity", "Kingston")


@pytest.mark.parametrize("raw", ["Surrey", "", 7, ["kingston"]])
def test_entity_garbage(raw):
    with pytest.raises(ParseError):
        parse_value("entity", raw, entities=ENTITIES)


def test_entity_set_sorted_and_compared_as_a_set():
    value = parse_value("entity-set", ["Richmond", "kingston", "AfC"], entities=ENTITIES)
    assert value.canonical == "achieving-for-children, kingston, richmond"
    same = parse_value("entity-set", ["achieving-for-children", "Royal Borough of Kingston upon Thames", "richmond"],
                       entities=ENTITIES)
    assert agree(value, same)
    assert not agree(value, parse_value("entity-set", ["kingston", "richmond"], entities=ENTITIES))
    with pytest.raises(ParseError, match="Surrey"):
        parse_value("entity-set", ["kingston", "Surrey"], entities=ENTITIES)
    with pytest.raises(ParseError):
        parse_value("entity-set", [], entities=ENTITIES)


def test_find_longest_alias_word_bounded_case_insensitive():
    text = "AfC and the Royal Borough of Kingston upon Thames; Kingstonian; windsor & maidenhead, RICHMOND."
    found = ENTITIES.find(text)
    assert [(text[a:b], i) for a, b, i in found] == [
        ("AfC", "achieving-for-children"),
        ("Royal Borough of Kingston upon Thames", "kingston"),
        ("windsor & maidenhead", "windsor-and-maidenhead"),
        ("RICHMOND", "richmond"),
    ]


def test_find_reports_offsets_of_the_text_as_given():
    text = "Windsor\u00a0and\n Maidenhead joined"
    [(start, end, subject)] = ENTITIES.find(text)
    assert (text[start:end], subject) == ("Windsor\u00a0and\n Maidenhead", "windsor-and-maidenhead")


def test_a_name_shared_by_two_subjects_is_refused():
    with pytest.raises(ValueError, match=r"(?i)kingston"):
        EntityIndex.from_subjects({"a": {"name": "Kingston"}, "b": {"name": "B", "aliases": ["kingston"]}})


def test_extract_entities():
    text = "Richmond and Kingston jointly own AfC."
    assert [f.value.canonical for f in extract("entity", text, entities=ENTITIES)] == [
        "richmond", "kingston", "achieving-for-children"]
    assert [f.value.canonical for f in extract("entity-set", text, entities=ENTITIES)] == [
        "richmond", "kingston", "achieving-for-children"]
    with pytest.raises(ParseError):
        extract("entity", text)


def test_unknown_type_is_refused():
    with pytest.raises(ParseError, match="colour"):
        parse_value("colour", "red")
    with pytest.raises(ParseError, match="colour"):
        extract("colour", "red")
