"""Property tests for summarizer.grounding (hypothesis, modest example counts)."""

from __future__ import annotations

import os
import unicodedata

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from summarizer.grounding import MAX_ELISION_BREAKS, align, align_many, normalize

# Characters that exercise every folding path: case, quote marks, dashes, whitespace kinds,
# length-changing folds (ß, ligatures, full-width, ellipsis), combining marks, entities,
# invisible format chars, Arabic with vowel marks, CJK, emoji with ZWJ and skin tones.
INTERESTING = (
    "abcdeABCDE xyz  \n\t.,;:!?'\"-"
    "\u2018\u2019\u201c\u201d\u2014\u2013\u00a0\u3000"
    "\u00df\ufb01\ufb02\uff21\uff41\uff10\u2026\u00bd\u2460"
    "\u0301\u0308\u030c\u00e9\u00c5\u0130"
    "&;#amp"
    "\u00ad\u200b\u200d\u200e\ufeff"
    "\u0627\u0644\u0628\u064e\u0650\u0640"
    "\u4e2d\u6587\u5b57\u3002\uff0c\u3042"
    "\U0001f600\U0001f468\U0001f469\U0001f3fd\ufe0f"
    "\u1100\u1161\u11a8\uac00"
)
documents = st.text(alphabet=st.sampled_from(INTERESTING), max_size=60)
any_text = st.text(max_size=40)
# GROUNDING_EXAMPLES=5000 for a deeper local run; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("GROUNDING_EXAMPLES", "100"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def document_and_substring(draw: st.DrawFn) -> tuple[str, str]:
    document = draw(st.one_of(documents, st.text(min_size=1, max_size=60)).filter(bool))
    start = draw(st.integers(0, len(document) - 1))
    end = draw(st.integers(start + 1, len(document)))
    return document, document[start:end]


@FAST
@given(document_and_substring())
def test_every_substring_aligns_exact_to_an_occurrence_of_itself(case: tuple[str, str]) -> None:
    document, quote = case
    result = align(document, quote)
    assert result.status == "exact"
    assert result.start is not None and result.end is not None
    assert document[result.start : result.end] == quote
    assert result.start == document.find(quote)


@FAST
@given(st.one_of(documents, any_text), st.one_of(documents, any_text))
@example(document="", quote="…ᅡ")  # an ellipsis and a character normalisation drops
def test_offsets_are_always_in_range(document: str, quote: str) -> None:
    result = align(document, quote)
    if result.matched:
        assert result.start is not None and result.end is not None
        assert 0 <= result.start <= result.end <= len(document)
        assert 0.0 < result.score <= 1.0
    else:
        assert (result.start, result.end, result.score) == (None, None, 0.0)


def _perturb(quote: str, how: int) -> str:
    """A perturbation that keeps the words: case, quote marks, whitespace, Unicode form."""
    if how == 0:
        return quote.upper()
    if how == 1:
        return quote.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    if how == 2:
        return quote.replace(" ", "\n  ")
    if how == 3:
        return unicodedata.normalize("NFD", quote)
    return unicodedata.normalize("NFKC", quote).casefold()


def _attaches_to_previous(ch: str) -> bool:
    """Combining marks, ZWJ and conjoining Hangul vowels/finals belong to the char before."""
    return unicodedata.category(ch)[0] == "M" or ch == "\u200d" or "\u1160" <= ch <= "\u11ff"


@st.composite
def document_and_whole_cluster_substring(draw: st.DrawFn) -> tuple[str, str]:
    """A substring that does not cut a char off its combining marks."""
    document, quote = draw(document_and_substring())
    start = document.find(quote)
    end = start + len(quote)
    assume(not _attaches_to_previous(document[start]))
    assume(end == len(document) or not _attaches_to_previous(document[end]))
    return document, quote


@st.composite
def document_and_perturbed_substring(draw: st.DrawFn) -> tuple[str, str]:
    document, quote = draw(document_and_whole_cluster_substring())
    return document, _perturb(quote, draw(st.integers(0, 4)))


def _without_elisions_or_brackets(quote: str) -> bool:
    return not any(mark in quote for mark in ("...", "\u2026", "[", "]"))


@FAST
@given(st.one_of(document_and_perturbed_substring(), st.tuples(documents, documents)))
def test_exact_and_normalized_spans_normalise_like_the_quote(case: tuple[str, str]) -> None:
    document, quote = case
    if not _without_elisions_or_brackets(quote):
        return
    result = align(document, quote)
    if result.status in ("exact", "normalized"):
        assert result.start is not None and result.end is not None
        assert normalize(document[result.start : result.end]) == normalize(quote)


@FAST
@given(document_and_perturbed_substring())
def test_words_preserving_perturbations_of_a_substring_are_found(case: tuple[str, str]) -> None:
    document, quote = case
    if normalize(quote) and _without_elisions_or_brackets(quote):
        assert align(document, quote).status in ("exact", "normalized")


@FAST
@given(st.one_of(documents, any_text))
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=max(1, EXAMPLES // 3), deadline=None)
@given(documents, st.lists(st.one_of(documents, any_text), max_size=6))
def test_align_many_matches_align(document: str, quotes: list[str]) -> None:
    assert align_many(document, quotes) == [align(document, quote) for quote in quotes]


# ---------------------------------------------------------------- repeated passages, long elisions

# Invented words. A passage draws distinct words from PASSAGE_WORDS, filler only from
# FILLER_WORDS, and a changed word from CHANGED_WORDS, so a piece occurs only where the
# test put it.
PASSAGE_WORDS = (
    *("amber", "bridge", "cobalt", "delta", "ember", "falcon", "garnet", "harbor"),
    *("indigo", "juniper", "kestrel", "lantern", "meadow", "nectar", "orchid", "pepper"),
)
FILLER_WORDS = ("quill", "raven", "saffron", "tundra", "umber", "velvet", "willow", "yarrow")
CHANGED_WORDS = ("copper", "granite", "silver")


@st.composite
def filler(draw: st.DrawFn, min_words: int = 10) -> str:
    words = draw(st.lists(st.sampled_from(FILLER_WORDS), min_size=min_words, max_size=60))
    return " ".join(words) + "."


@st.composite
def elided_passage(draw: st.DrawFn) -> tuple[list[str], str]:
    """(passage words, quote): the passage with one to two middle words elided."""
    words = draw(st.permutations(PASSAGE_WORDS))[: draw(st.integers(10, 16))]
    head = draw(st.integers(4, len(words) - 6))
    skipped = draw(st.integers(1, 2))
    marker = draw(st.sampled_from([" ... ", "...", " \u2026 ", " [...] "]))
    return words, " ".join(words[:head]) + marker + " ".join(words[head + skipped :])


@st.composite
def article_with_a_repeated_passage(draw: st.DrawFn) -> tuple[str, str, int, str]:
    """(document, elided quote, start of the copy it must land on, its text): the passage occurs
    twice, once with a word of its tail changed (a fuzzy match at best) and once as is,
    in either order; or twice as is, when the first copy is the answer."""
    words, quote = draw(elided_passage())
    tail_words = quote.split()[-1:]  # the last word is always in the quote's tail
    changed = list(words)
    changed[words.index(tail_words[0])] = draw(st.sampled_from(CHANGED_WORDS))
    passage, near_copy = " ".join(words) + ".", " ".join(changed) + "."
    shape = draw(st.sampled_from(["changed first", "changed second", "both as is"]))
    first, second = {
        "changed first": (near_copy, passage),
        "changed second": (passage, near_copy),
        "both as is": (passage, passage),
    }[shape]
    between = draw(st.lists(filler(), max_size=3))
    opening = draw(st.lists(filler(), max_size=1))
    document = "\n\n".join([*opening, first, *between, second, draw(filler())])
    before_good = [*opening, first, *between] if shape == "changed first" else opening
    good = len("\n\n".join(before_good)) + 2 if before_good else 0
    return document, quote, good, passage[:-1]


@FAST
@given(article_with_a_repeated_passage())
def test_elided_quote_takes_the_best_copy_of_a_repeated_passage(
    case: tuple[str, str, int, str],
) -> None:
    document, quote, good, passage = case
    result = align(document, quote)
    # Never worse than the best occurrence: the copy as is matches normalised.
    assert result.status == "normalized", result
    assert result.start == good
    assert result.end is not None and 0 <= result.start < result.end <= len(document)
    assert document[result.start : result.end] == passage


@st.composite
def long_elision(draw: st.DrawFn) -> tuple[str, str, int, int, int]:
    """(document, quote, head start, tail end, paragraph breaks between the pieces): two
    pieces of 4+ words, 300+ chars apart (beyond the short window), 0-5 breaks apart."""
    words = draw(st.permutations(PASSAGE_WORDS))
    head, tail = " ".join(words[: draw(st.integers(4, 8))]), " ".join(words[8:][:4])
    breaks = draw(st.integers(0, MAX_ELISION_BREAKS + 2))
    middle = [draw(filler(min_words=50)) for _ in range(max(1, breaks - 1))]
    if breaks == 0:
        document = " ".join([head + ",", *middle, tail + "."])
    elif breaks == 1:
        document = "\n\n".join([head + ", " + middle[0], tail + "."])
    else:
        document = "\n\n".join([head + ".", *middle, tail + "."])
    marker = draw(st.sampled_from([" ... ", "\u2026", " [...] "]))
    return document, head + marker + tail, 0, document.rindex(tail) + len(tail), breaks


@FAST
@given(long_elision())
def test_long_elision_is_matched_within_the_paragraph_bound_only(
    case: tuple[str, str, int, int, int],
) -> None:
    document, quote, start, end, breaks = case
    result = align(document, quote)
    if breaks <= MAX_ELISION_BREAKS:
        assert (result.status, result.start, result.end) == ("normalized", start, end)
        assert result.start is not None and result.end is not None
        assert normalize(document[result.start : result.end]).endswith(normalize(quote.split()[-1]))
    else:
        assert (result.status, result.start, result.end) == ("unmatched", None, None)
