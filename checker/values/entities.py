"""Subjects (councils, companies, people) by id, name or alias.

Names match after text normalisation, case-insensitively, with "&" and "and" taken
as the same word ("Windsor & Maidenhead"). A name that two subjects claim is an
error in the vocabulary, reported when the index is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from checker.values.text import normalise_text, normalise_with_offsets


def name_key(name: str) -> str:
    """The form under which a name is looked up: normalised, casefolded, "&" read as "and"."""
    return " ".join("and" if word == "&" else word for word in normalise_text(name).casefold().split())


def _name_pattern(key: str) -> str:
    return " ".join("(?:and|&)" if word == "and" else re.escape(word) for word in key.split())


@dataclass(frozen=True)
class EntityIndex:
    ids_by_key: Mapping[str, str]
    pattern: re.Pattern[str] | None
    """Every name and alias, longest first, word-bounded; None when there are none."""

    @classmethod
    def from_subjects(cls, subjects: Mapping[str, Mapping[str, object]]) -> EntityIndex:
        """From ``{id: {"name": ..., "aliases": [...]}}``; raises ValueError for a name two subjects share."""
        ids_by_key: dict[str, str] = {}
        for subject_id, fields in subjects.items():
            aliases = fields.get("aliases") or []
            if isinstance(aliases, str) or not isinstance(aliases, Iterable):
                aliases = [aliases]
            names = [subject_id, fields.get("name"), *aliases]
            for name in names:
                if not isinstance(name, str) or not name.strip():
                    continue
                key = name_key(name)
                owner = ids_by_key.setdefault(key, subject_id)
                if owner != subject_id:
                    raise ValueError(f'"{name}" names both {owner} and {subject_id}')
        return cls(ids_by_key, cls._compile(ids_by_key))

    @staticmethod
    def _compile(ids_by_key: Mapping[str, str]) -> re.Pattern[str] | None:
        if not ids_by_key:
            return None
        # Longest first: at one position the alternation takes the first that matches.
        alternatives = sorted(ids_by_key, key=lambda key: (-len(key), key))
        return re.compile(r"(?<!\w)(?:" + "|".join(map(_name_pattern, alternatives)) + r")(?!\w)", re.IGNORECASE)

    def resolve(self, name: str) -> str | None:
        """The id of the subject with this id, name or alias, or None."""
        return self.ids_by_key.get(name_key(name))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, id) of every mention in text, in text order, offsets into text as given."""
        if self.pattern is None:
            return []
        normalised = normalise_with_offsets(text)
        mentions = []
        for match in self.pattern.finditer(normalised.text):
            subject_id = self.resolve(match.group(0))
            if subject_id is not None:  # always, unless regex case-folding and casefold() ever disagree
                mentions.append((*normalised.original_span(match.start(), match.end()), subject_id))
        return mentions
