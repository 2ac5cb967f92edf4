"""Full-name completion ('Sanders' -> 'Bernie Sanders') of the extractive engine."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from summarizer._engines._extractive._mentions import _NOT_FIRST, _NOT_FIRST_NAMES, full_names

_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"


def full_names_by_one_regex(masked: str, surnames: set[str]) -> dict[str, str]:
    """The plain definition: one regex with an alternation of the surnames, longest first."""
    usable = sorted((s for s in surnames if s[:1].isupper() and s.isalpha()), key=len, reverse=True)
    if not usable:
        return {}
    alternation = "|".join(re.escape(s) for s in usable)
    pattern = re.compile(rf"\b({_WORD}(?: [A-Z]\.)?) ({alternation})\b")
    counts: dict[str, Counter[str]] = {}
    for match in pattern.finditer(masked):
        first = match.group(1)
        if first.split()[0] in _NOT_FIRST or first.casefold() in _NOT_FIRST_NAMES:
            continue
        counts.setdefault(match.group(2), Counter())[f"{first} {match.group(2)}"] += 1
    return {surname: forms.most_common(1)[0][0] for surname, forms in counts.items()}


def test_the_most_frequent_full_form_wins() -> None:
    text = (
        "Bernie Sanders spoke. Later Sanders said more. Senator Sanders left, "
        "and Bernard Sanders was named once, Bernie Sanders twice."
    )
    assert full_names(text, {"Sanders"}) == {"Sanders": "Bernie Sanders"}


def test_a_middle_initial_is_part_of_the_first_name() -> None:
    assert full_names("George W. Bush spoke; Bush left.", {"Bush"}) == {"Bush": "George W. Bush"}


def test_titles_and_sentence_openers_are_no_first_names() -> None:
    text = "President Okafor spoke. The Okafor plan. Mr. Okafor left."
    assert full_names(text, {"Okafor"}) == {}
    # the minimal pair: a first name before the same surname completes it
    assert full_names(text + " Ada Okafor waved.", {"Okafor"}) == {"Okafor": "Ada Okafor"}


def test_a_surname_inside_a_longer_word_is_not_a_surname() -> None:
    assert full_names("Anna Bushwick met Anna Bush_x and Tom Bush2.", {"Bush"}) == {}
    # the minimal pair: the surname as a word of its own
    assert full_names("Anna Bushwick met Anna Bush.", {"Bush"}) == {"Bush": "Anna Bush"}


def test_lowercase_or_non_alphabetic_surnames_are_ignored() -> None:
    assert full_names("Jo smith and Al O'Neil met.", {"smith", "O'Neil"}) == {}
    # the minimal pair: capitalised, alphabetic surnames are completed
    assert full_names("Jo Smith and Al Neil met.", {"Smith", "Neil"}) == {
        "Smith": "Jo Smith",
        "Neil": "Al Neil",
    }


_TOKENS = [
    "George", "W.", "Bush", "Bushes", "Anna", "Ann", "Annan", "Kofi", "Jean-Marie",
    "Le", "Pen", "The", "Mr.", "President", "Senator", "O'Neil", "Sanders", "Bernie",
    "said", "and", ",", ".", "\n", "X.", "Ann-Marie", "Sanders2",
]  # fmt: skip
_SURNAMES = ["Bush", "Bushes", "Annan", "Ann", "Pen", "Le", "Sanders", "Marie", "W"]


@given(
    st.lists(st.sampled_from(_TOKENS), max_size=40),
    st.sets(st.sampled_from(_SURNAMES), min_size=1),
    st.sampled_from([" ", "  ", " \n"]),
)
def test_same_result_as_one_regex_over_the_whole_text(
    tokens: list[str], surnames: set[str], separator: str
) -> None:
    text = separator.join(tokens)
    assert full_names(text, surnames) == full_names_by_one_regex(text, surnames)
