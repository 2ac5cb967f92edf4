"""Pin verbatim evidence quotes to character offsets in a source document.

`align(document, quote)` returns an `Alignment` whose `start`/`end` index the ORIGINAL
document (``document[start:end]``), with the best status the quote reaches anywhere in the
document (exact > normalized > fuzzy; among equal statuses, the first occurrence): a copy
that matches only fuzzily never wins over a later one that matches normalised.

``exact``
    The quote occurs verbatim. When it occurs several times, the FIRST occurrence is returned.
``normalized``
    The quote occurs after both texts are normalised with `normalize`: Unicode NFKC, casefold,
    curly/straight quotes and apostrophes, dashes, runs of whitespace/newlines, HTML entities,
    invisible format chars, optional Arabic/Hebrew vowel marks, leading/trailing punctuation
    and quote marks, and bracketed editorial insertions (``ISIS [the Islamic State] overran``
    matches ``ISIS overran`` and vice versa). Offsets map back through an offset table, so
    they stay right when normalisation changes lengths (NFD, ligatures, full-width, "ß").
    A span covers whole characters: a quote edge that folds to bracketed text ("STEP ⑴",
    "⑴" -> "(1)", edge-stripped to "step (1") covers the whole "⑴", while one that would
    cut a letter or digit off a character ("ITEM 1" in "Item ⒑", "⒑" -> "10.") is no match.
    Whole-word occurrences are preferred; otherwise the first one is returned. The span
    grows over the quote marks/punctuation (up to 3 chars) that the quote itself carries at
    its edges, in the document's own style (a quote '"We won,"' gets '“We won,”').
    Elided quotes (``"a ... b"`` / ``"a … b"``) also land here when every piece matches
    normalised, in order, each starting soon after the previous one ends: within
    max(250, 2 x quote length) normalised chars, or, between two pieces of at least
    ``MIN_FUZZY_WORDS`` (4) words, up to ``MAX_ELISION_BREAKS`` (3) paragraph breaks and
    5,000 chars away, as a long quotation runs over a few short news paragraphs (blank
    lines are paragraph breaks; in a text without any, every line break is). Precision
    first: a shorter piece ("He said ... no") could match by chance anywhere, so its gaps
    stay short. The span runs from the first piece to the last, over the chain that ends
    first, from its latest start (the shortest span there).
``fuzzy``
    Small word-level differences (a substituted, dropped or added word), found by token
    alignment inside candidate windows anchored on the quote's rarest tokens (never a scan
    of the whole document per quote). Unspaced scripts (CJK, Thai, ...) are tokenised per
    character, so fuzzy search does not depend on whitespace. Matched tokens are placed
    over the shortest span (a phrase the quote opens with that also occurs just before it
    does not stretch the span over the earlier copy). A window is accepted when
    ``matched tokens / max(quote tokens, span tokens) >= FUZZY_THRESHOLD`` (0.8) and the quote
    has at least ``MIN_FUZZY_WORDS`` (4) words (2 unspaced chars count as one word).

    Why 0.8: it admits one changed word in five, or two in ten, which covers the slips
    models make while copying, but not a 4-word quote with one word changed ("the
    Republican presidential nominee" must not land on "the Democratic presidential
    nominee"), and a sentence from another article or a paraphrase with different content
    words scores far below it. On the PolNeAR benchmark (benchmarks/README.md) 0.8 keeps
    zero false spans on thousands of negatives; 0.85 would cost 13 points of recall on
    substituted words for no precision gain there. Quotes of 1-3 words are never
    fuzzy-matched: one wrong word is a third or more of the evidence. An elided quote is
    ``fuzzy`` when any of its pieces needed fuzzy matching.
``unmatched``
    Anything else, including empty quotes: ``start``/``end`` are None. Precision comes first,
    a quote that is not in the document must never get a span.

Work is linear in the document per quote: occurrences are found with ``str.find`` (at
most 1,000 per needle or piece), elided chains are built in one pass per piece, and fuzzy
search looks only at windows anchored on rare tokens.

`score` is 1.0 for exact and normalised matches and the token-alignment score (< 1) for fuzzy
ones. `align_many` indexes the document once (normalised text, offset map, token index, all
built lazily) and reuses it for every quote.
"""

from summarizer.grounding._align import Alignment, MatchStatus, align, align_many
from summarizer.grounding._claims import Claim, ClaimChecker, ClaimKind, unsupported_claims
from summarizer.grounding._elision import MAX_ELISION_BREAKS
from summarizer.grounding._fuzzy import FUZZY_THRESHOLD, MIN_FUZZY_WORDS
from summarizer.grounding._normalize import normalize

__all__ = [
    "FUZZY_THRESHOLD",
    "MAX_ELISION_BREAKS",
    "MIN_FUZZY_WORDS",
    "Alignment",
    "Claim",
    "ClaimChecker",
    "ClaimKind",
    "MatchStatus",
    "align",
    "align_many",
    "normalize",
    "unsupported_claims",
]
