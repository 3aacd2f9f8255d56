"""The page and link rules on their own: furniture, line-end hyphens, text-fragment terms."""

from __future__ import annotations

from urllib.parse import unquote

from checker.documents.links import page_link, text_fragment
from checker.documents.pages import paged_layers

URL = "https://example.org/a?b=1#old"


def test_running_lines_are_dropped_and_kept_in_the_full_layer():
    pages = [
        ["Acme Annual Review", "First page body text goes on.", "acme.example · Page 1"],
        ["Acme Annual Review", "Second page body text.", "acme.example · Page 2"],
        ["Acme Annual Review", "Third page body text.", "acme.example · Page 3"],
    ]
    layers = paged_layers(pages)
    assert layers.main.text == "First page body text goes on.\nSecond page body text.\nThird page body text."
    assert layers.main.page_starts == (0, 30, 53)
    assert "Acme Annual Review" in layers.full.text and "acme.example · Page 3" in layers.full.text
    assert layers.furniture == ("Acme Annual Review", "acme.example · Page 1", "acme.example · Page 2", "acme.example · Page 3")


def test_a_line_on_few_pages_is_not_furniture_unless_declared():
    pages = [["Chapter one", "Body one."], ["Body two."], ["Body three."], ["Body four."]]
    assert paged_layers(pages).main.text.startswith("Chapter one")
    assert paged_layers(pages, ("Chapter one",)).main.text.startswith("Body one.")
    # Declared per-page lines match with any number, wherever they stand on the page.
    assert paged_layers([["a b c", "Sheet 4 of 9", "d e f"]], ("Sheet # of #",)).main.text == "a b c\nd e f"


def test_soft_hyphens_are_rejoined_real_hyphens_kept():
    pages = [["the new infra\u00adstruc\u2010", "ture is ready, and the", "well-", "being of staff"]]
    assert paged_layers(pages).main.text == "the new infrastructure is ready, and the\nwell-being of staff"


def test_a_hard_line_end_hyphen_goes_only_when_the_document_spells_the_word_joined():
    joined_elsewhere = [["We made prog-", "ress this year."], ["Our progress is reported."]]
    assert paged_layers(joined_elsewhere).main.text.startswith("We made progress this year.")
    never_joined = [["We made prog-", "ress this year."]]
    assert paged_layers(never_joined).main.text.startswith("We made prog-ress this year.")
    hyphenated_elsewhere = [["A cross-", "border deal."], ["Crossborder and cross-border both occur."]]
    assert paged_layers(hyphenated_elsewhere).main.text.startswith("A cross-border deal.")
    # PDFium marks a hyphen-minus at a line end with U+FFFE and joins the lines itself: same rule.
    assert paged_layers([["We made prog\uffferess.", "Our progress."]]).main.text.startswith("We made progress.")
    assert paged_layers([["Staff well\ufffebeing."]]).main.text == "Staff well-being."


def test_a_word_broken_across_a_page_break_is_rejoined_and_starts_on_its_page():
    pages = [["Header", "The report shows im\u2010", "Footer 1"], ["Header", "provement everywhere.", "Footer 2"]]
    layers = paged_layers(pages)
    assert layers.main.text == "The report shows improvement everywhere."
    assert layers.main.page_starts == (0, 40)


def test_text_fragment_terms_are_percent_encoded_with_dash_comma_and_ampersand():
    page = "Intro.\nUp 5% - a record, Smith & Jones.\nEnd."
    link = text_fragment(URL, page, "Up 5% - a record, Smith & Jones.")
    assert link == "https://example.org/a?b=1#:~:text=Up%205%25%20%2D%20a%20record%2C%20Smith%20%26%20Jones."
    assert unquote(link.split("text=")[1]) == "Up 5% - a record, Smith & Jones."


def test_long_quotes_link_by_start_and_end_and_add_a_prefix_when_the_start_occurs_earlier():
    quote = "the council will review the decision in the spring of next year, officers said"
    page = f"Earlier: the council will review its parking policy. Then the mayor spoke and {quote}. Later text."
    link = text_fragment(URL, page, quote, before="Then the mayor spoke and ")
    assert link == URL.split("#")[0] + "#:~:text=mayor%20spoke%20and-,the%20council%20will,year%2C%20officers%20said"
    unique = text_fragment(URL, f"Intro. {quote}.", quote)
    assert unique == URL.split("#")[0] + "#:~:text=the%20council%20will,year%2C%20officers%20said"


def test_table_rows_link_from_first_to_last_cell():
    page = "Intro.\n| Branch | Hours |\n| Harbourside | 28 |"
    assert text_fragment(URL, page, "| Harbourside | 28 |", before="| Branch | Hours |\n") == URL.split("#")[0] + "#:~:text=Harbourside,28"


def test_pdf_links_name_the_page():
    assert page_link(URL, 3) == "https://example.org/a?b=1#page=3"
