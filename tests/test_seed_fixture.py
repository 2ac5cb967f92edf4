"""The loader of the hand-written seed summary: its locators slice the seed's own words,
and a seed that no longer holds those words fails loudly, naming the quote."""

from __future__ import annotations

from typing import Any

import pytest

from tests.seed_fixture import (
    StaleSeedLocator,
    digest,
    load_handwritten_seed_summary,
    resolve_quote,
)

INVENTED = "The ferry runs at noon. The ferry runs at dusk, the harbour master said."


def _quotes(value: Any) -> list[str]:
    if isinstance(value, list):
        return [quote for item in value for quote in _quotes(item)]
    if isinstance(value, dict):
        own = [value["quote"]] if "quote" in value else []
        return own + [quote for item in value.values() for quote in _quotes(item)]
    return []


def _locator(starts: str, ends: str | None, occurrence: int, quote: str) -> dict[str, Any]:
    locator = {"starts": starts, "occurrence": occurrence, "chars": len(quote)}
    return locator | ({"ends": ends} if ends else {}) | {"sha256": digest(quote)}


def test_every_locator_becomes_words_of_the_seed(seed_text: str) -> None:
    quotes = _quotes(load_handwritten_seed_summary(seed_text))
    assert len(quotes) == 10
    assert all(isinstance(quote, str) and quote in seed_text for quote in quotes)
    assert min(len(quote.split()) for quote in quotes) == 2
    assert max(len(quote.split()) for quote in quotes) == 15, "whole, not just its anchors"


def test_each_load_is_a_fresh_copy(seed_text: str) -> None:
    first = load_handwritten_seed_summary(seed_text)
    first["sources"].clear()
    assert len(load_handwritten_seed_summary(seed_text)["sources"]) == 3


def test_a_changed_character_inside_a_quote_fails_naming_the_quote(seed_text: str) -> None:
    quote = load_handwritten_seed_summary(seed_text)["sources"][2]["statements"][0]["quote"]
    middle = len(quote) // 2
    changed = seed_text.replace(quote, quote[:middle] + "#" + quote[middle + 1 :])
    with pytest.raises(StaleSeedLocator, match=r"sources\[2\]\.statements\[0\]\.quote: the sl"):
        load_handwritten_seed_summary(changed)


def test_a_vanished_anchor_fails_naming_the_quote(seed_text: str) -> None:
    quote = load_handwritten_seed_summary(seed_text)["sources"][1]["statements"][1]["quote"]
    with pytest.raises(StaleSeedLocator, match=r"sources\[1\]\.statements\[1\]\.quote: .* re-"):
        load_handwritten_seed_summary(seed_text.replace(quote, quote.upper()))


@pytest.mark.parametrize(
    ("starts", "ends", "occurrence", "quote"),
    [
        ("The ferry", "noon.", 1, "The ferry runs at noon."),
        ("The ferry", "dusk", 2, "The ferry runs at dusk"),
        ("the harbour master", None, 1, "the harbour master"),
        ("runs at", "master said.", 2, "runs at dusk, the harbour master said."),
    ],
    ids=["first-occurrence", "second-occurrence", "starts-alone", "ends-far-after"],
)
def test_a_locator_slices_from_its_occurrence_to_its_end_anchor(
    starts: str, ends: str | None, occurrence: int, quote: str
) -> None:
    locator = _locator(starts, ends, occurrence, quote)
    assert resolve_quote(locator, INVENTED, "here") == quote


@pytest.mark.parametrize(
    ("locator", "message"),
    [
        (_locator("The ferry", "noon.", 3, "x"), "'The ferry' has no occurrence 3"),
        (_locator("The ferry", "midnight", 1, "x"), "no 'midnight' after 'The ferry'"),
        (_locator("The ferry", "noon.", 2, "The ferry runs at noon."), "no 'noon.' after"),
        (_locator("The ferry", "noon.", 1, "The ferry runs at noon!"), "has 23 chars, sha256"),
        ({**_locator("The", "noon.", 1, "The ferry runs at noon."), "chars": 22}, "expects 22"),
    ],
    ids=[
        "occurrence-beyond-count",
        "end-anchor-missing",
        "end-anchor-only-before",
        "hash-differs",
        "length-differs",
    ],
)
def test_a_stale_locator_says_where_and_why(locator: dict[str, Any], message: str) -> None:
    with pytest.raises(StaleSeedLocator, match=message) as caught:
        resolve_quote(locator, INVENTED, "risks[0].evidence[0].quote")
    assert str(caught.value).startswith("risks[0].evidence[0].quote: ")
    assert str(caught.value).endswith("the seed changed: re-anchor this quote")
