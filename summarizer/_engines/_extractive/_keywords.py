"""One scan of the document for the trigger words of every rule-based section.

Each section keeps its own list (`KEYWORDS`, one regex per word start); one combined
pattern finds them all in a single pass, which is a good part of the engine's speed on
long documents.

The combined pattern branches on the first character (`by_first_character`). Each form
ends with an empty named group that tells which one matched: a group at the start of a
branch would keep the engine from rejecting the branch on its first character alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from summarizer._engines._extractive import _agreements, _positions, _risks
from summarizer._engines._extractive._regex import WordStarts, by_first_character
from summarizer._engines._extractive._text import Span

_SECTIONS = {
    "agreements": _agreements.KEYWORDS,
    "positions": _positions.KEYWORDS,
    "risks": _risks.KEYWORDS,
}
_LETTER_PAIR = re.compile(r"\[(\w+)\]")


def _first_characters(form: str) -> tuple[str, str]:
    """('Aa', 'greements?') for '[Aa]greements?', ('a', 'gainst') for 'against'."""
    pair = _LETTER_PAIR.match(form)
    if pair:
        return pair[1], form[pair.end() :]
    if not form[:1].isalnum():
        raise ValueError(f"a keyword form must open with a letter or a [Xx] pair: {form!r}")
    return form[0], form[1:]


def _combined(sections: Mapping[str, Sequence[str]]) -> tuple[str, dict[str, str]]:
    """The combined pattern and the section of each of its named groups (one per form
    and first character, since group names must be unique)."""
    forms: list[tuple[str, str]] = []
    section_of: dict[str, str] = {}
    for section, section_forms in sections.items():
        for form in section_forms:
            characters, rest = _first_characters(form)
            for character in characters:
                name = f"form{len(section_of)}"
                section_of[name] = section
                forms.append((character, f"{rest}(?P<{name}>)"))
    return rf"\b(?:{by_first_character(forms)})", section_of


_PATTERN, _SECTION_OF = _combined(_SECTIONS)
_ALL = WordStarts(_PATTERN)  # every form ends with a letter


def keyword_hits(document: str) -> dict[str, list[Span]]:
    """Where each section's trigger words are, by section name, in document order."""
    hits: dict[str, list[Span]] = {name: [] for name in _SECTIONS}
    for start, end, group in _ALL.spans(document):
        if group is not None:
            hits[_SECTION_OF[group]].append((start, end))
    return hits
