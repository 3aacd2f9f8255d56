"""English-like prose for the synthetic corpus, deterministic from a seed.

Sentences are drawn from a Zipf-weighted vocabulary of real English words, and
carry what real sources carry and what normalisation must see through: curly
quotation marks and apostrophes, em and en dashes, non-breaking spaces (in
"£1.5 million", "Mr Okafor"), accented letters, percentages and years. No "…" and
no square brackets: those are quoting conventions in a pinned quote. Two words
carry a decomposed accent (e + U+0301), which NFKC composes: a length change.

A sentence is a list of tokens joined by single spaces; the corpus generator
decides where lines wrap, so it can compute every token's offset in the file.
"""

from __future__ import annotations

import random
from itertools import accumulate

NBSP = "\u00a0"

_FUNCTION = [
    'the', 'of', 'and', 'to', 'a', 'in', 'that', 'is', 'was', 'for', 'on', 'it', 'with', 'as', 'by', 'at', 'from', 'this', 'be', 'are', 'which', 'or',
    'an', 'have', 'has', 'had', 'not', 'but', 'its', 'their', 'were', 'been', 'also', 'more', 'than', 'they', 'there', 'these', 'other', 'into', 'after',
    'over', 'all', 'would', 'can', 'may', 'will', 'under', 'about', 'between', 'before', 'during', 'most', 'such', 'some', 'any', 'each', 'both', 'while',
    'where', 'when', 'only', 'new', 'first', 'since'
]
_CONTENT = [
    'council', 'services', 'children', 'families', 'schools', 'report', 'inspectors', 'company', 'board', 'trust', 'budget', 'year', 'years', 'local',
    'authority', 'authorities', 'department', 'government', 'partnership', 'contract', 'contracts', 'model', 'delivery', 'care', 'social', 'workers',
    'officers', 'members', 'committee', 'review', 'plan', 'plans', 'funding', 'money', 'staff', 'quality', 'standards', 'practice', 'improvement',
    'performance', 'outcomes', 'support', 'needs', 'education', 'health', 'housing', 'transport', 'community', 'communities', 'residents', 'borough',
    'boroughs', 'district', 'county', 'region', 'city', 'town', 'towns', 'public', 'private', 'sector', 'market', 'value', 'costs', 'savings', 'shares',
    'stake', 'owner', 'owners', 'ownership', 'director', 'directors', 'chief', 'executive', 'minister', 'ministers', 'policy', 'policies', 'decision',
    'decisions', 'evidence', 'data', 'figures', 'records', 'period', 'term', 'terms', 'agreement', 'management', 'arrangements', 'responsibility',
    'responsibilities', 'service', 'provision', 'provider', 'providers', 'organisation', 'agency', 'framework', 'approach', 'strategy', 'progress',
    'change', 'changes', 'system', 'systems', 'risk', 'risks', 'safeguarding', 'assessment', 'inspection', 'judgement', 'rating', 'ratings', 'grade',
    'outstanding', 'good', 'adequate', 'inadequate', 'requires', 'improvement', 'leadership', 'governance', 'accountability', 'scrutiny', 'audit',
    'accounts', 'income', 'spending', 'pressure', 'demand', 'growth', 'increase', 'decrease', 'reduction', 'level', 'levels', 'number', 'numbers',
    'proportion', 'share', 'rate', 'rates', 'total', 'average', 'annual', 'quarterly', 'monthly', 'recent', 'current', 'former', 'previous', 'early',
    'later', 'initial', 'final', 'formal', 'informal', 'national', 'regional', 'independent', 'joint', 'shared', 'separate', 'wider', 'broader', 'clear',
    'strong', 'weak', 'effective', 'efficient', 'consistent', 'significant', 'substantial', 'limited', 'several', 'many', 'few', 'whole', 'small',
    'large', 'major', 'minor', 'established', 'created', 'formed', 'founded', 'launched', 'transferred', 'moved', 'agreed', 'approved', 'published',
    'announced', 'reported', 'found', 'noted', 'described', 'said', 'stated', 'confirmed', 'expected', 'planned', 'proposed', 'considered', 'reviewed',
    'delivered', 'provided', 'managed', 'owned', 'operated', 'commissioned', 'funded', 'supported', 'improved', 'increased', 'reduced', 'remained',
    'became', 'continued', 'began', 'started', 'ended', 'achieved', 'received', 'required', 'included', 'involved', 'set', 'held', 'made', 'taken',
    'given', 'shown', 'seen', 'known', 'used', 'based', 'led', 'run', 'paid', 'kept', 'built', 'brought', 'left'
]
_FLAVOUR = [
    'council’s', 'company’s', 'trust’s', 'it’s', 'don’t', 'won’t', 'children’s', 'year’s', 'board’s', 'minister’s', 'café', 'naïve', 'résumé', 'façade',
    'rôle', 'élite', 'coöperation', 'Zürich', 'Malmö', 'São', 'Paulo', 'Gdańsk', 'Ångström', 'Kraków', 'Bogotá', 'fiancée', 'déjà', 'protégé',
    'cafe\u0301', 're\u0301sume\u0301'
]
_NAMES = [
    'Okafor', 'Patel', 'Nguyen', 'Kowalski', 'Hughes', 'Begum', 'Fernández', 'Müller', 'O’Brien', 'Nakamura', 'Adeyemi', 'Lindqvist'
]

WORDS: tuple[str, ...] = (*_FUNCTION, *_CONTENT, *_FLAVOUR)
# Zipf weights by rank within each band: function words dominate as in English.
_WEIGHTS = [30.0 / (1 + i) for i in range(len(_FUNCTION))]
_WEIGHTS += [8.0 / (1 + i) ** 0.6 for i in range(len(_CONTENT))]
_WEIGHTS += [0.15] * len(_FLAVOUR)
_CUMULATIVE = list(accumulate(_WEIGHTS))
REPLACEMENT_WORDS: tuple[str, ...] = tuple(_CONTENT)


def words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(WORDS, cum_weights=_CUMULATIVE, k=count)


def sentence(rng: random.Random) -> list[str]:
    """One sentence as tokens; a token may hold a non-breaking space but never a plain one."""
    tokens = words(rng, rng.randint(9, 26))
    roll = rng.random()
    if roll < 0.18:
        figure = f"{rng.randint(2, 98)}%" if rng.random() < 0.7 else f"{rng.randint(2, 98)} per cent"
        at = rng.randint(2, len(tokens) - 1)
        tokens[at:at] = ["to", *figure.split(" ")]
    elif roll < 0.24:
        tokens.insert(rng.randint(1, len(tokens) - 1), f"£{rng.randint(1, 9)}.{rng.randint(1, 9)}{NBSP}million")
    elif roll < 0.29:
        start = rng.randint(1998, 2020)
        tokens.insert(rng.randint(1, len(tokens) - 1), f"{start}–{start + rng.randint(1, 6)}")
    elif roll < 0.34:
        tokens.insert(rng.randint(1, len(tokens) - 1), f"Mr{NBSP}{rng.choice(_NAMES)}")
    if rng.random() < 0.10 and len(tokens) > 6:
        at = rng.randint(1, len(tokens) - 4)
        tokens[at] = "“" + tokens[at]
        tokens[at + 2] = tokens[at + 2] + "”"
    if rng.random() < 0.08 and len(tokens) > 6:
        tokens.insert(rng.randint(2, len(tokens) - 3), "—")
    for _ in range(rng.randint(0, 2)):
        at = rng.randint(1, len(tokens) - 2)
        if tokens[at][-1].isalpha():
            tokens[at] += ","
    tokens[0] = tokens[0][:1].upper() + tokens[0][1:]
    tokens[-1] += "." if rng.random() < 0.95 else "?"
    return tokens


def typed_by_hand(text: str, rng: random.Random) -> str:
    """A quote as a person pastes it into YAML: half the time with straight quotes and plain spaces."""
    text = text.replace(NBSP, " ")
    if rng.random() < 0.5:
        text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    return text
