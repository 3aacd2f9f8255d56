"""checker.values: typed values, dates and periods (contract: docs/values-api.md).

``parse_value`` reads a registry field, ``extract`` finds values in prose,
``agree`` says whether two values state the same fact:

- dates agree when one period contains the other ("2014" and "1 April 2014");
- percent, money and count agree when the finer amount rounds to the coarser one
  at the step it was stated to ("£1.5 million" and "£1,520,000"; "a third" and
  "33%"; not "20%" and "21%"), in the same unit;
- ratings by scale position, entity sets as sets, text casefolded, the rest by equality.
"""

from checker import lazy_layer

__all__ = lazy_layer(__name__, {
    "api": ("agree", "extract", "parse_value"),
    "core": ("VALUE_TYPES", "Found", "ParseError", "Value"),
    "dates": ("date_value", "parse_period"),
    "entities": ("EntityIndex",),
    "numbers": ("Quantity",),
    "periods": ("Period",),
    "ratings": ("RATING_SCALE",),
    "text": ("normalise_text",),
})
