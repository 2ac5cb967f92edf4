"""Normalised view of a text with a map from every normalised char back to the original.

Each original "unit" (a char with its combining marks, an HTML entity, a bracketed editorial
insertion) folds to zero or more normalised chars, and every normalised char maps back to the
original [start, end) of its unit, so a normalised span maps back to original str offsets even
when folding changes lengths (NFD, ligatures, full-width, "ß" -> "ss"). Spans found in the
folded text must start and end on unit boundaries (`NormalizedText.unit_start`), so that
``normalize(original[start:end])`` equals the folded text that was matched.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from array import array

_ZWJ = "\u200d"

# Quote marks: apostrophe-like marks become "'"; double quote marks carry no words, so they
# are dropped (a model adding or removing them around a phrase must not break the match).
_CHAR_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc\uff07", "'"),
    **dict.fromkeys('\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a"\uff02', ""),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    "\u0640": "",  # Arabic tatweel: pure elongation
}

# Optional vowel/cantillation marks in Arabic and Hebrew: models routinely omit them.
_OPTIONAL_MARKS = re.compile("[\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")

# Multi-char units found before folding. A bracketed insertion ("ISIS [the Islamic State]")
# is an editor's addition, so it folds to nothing: quoting with or without it matches.
_UNIT = re.compile(
    r"\[[^\[\]\n]{1,80}\]"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)

_SLOW = "\x00"  # translate result: the char needs cluster handling (not a 1:1 fold)
_DROP = "\x01"  # translate result: the char folds to nothing
_PLAIN_EVENT = re.compile("\x00+|\x01+| {2,}")


@functools.lru_cache(maxsize=1 << 16)
def fold(unit: str) -> str:
    """Normalised form of one unit: NFKC, casefold, quote/dash mapping, whitespace -> " "."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", unit).casefold())
    out = "".join(_CHAR_MAP.get(ch, ch) for ch in text if not _is_invisible(ch))
    out = _OPTIONAL_MARKS.sub("", out)
    if len(out) != len(text):  # a removed char may have kept its neighbours from composing
        out = unicodedata.normalize("NFKC", out)
    return _drop_orphan_marks(" ".join(out.split()) or (" " if out else ""))


def _drop_orphan_marks(text: str) -> str:
    # Marks with no base letter (an orphan mark, a spacing diacritic that NFKC decomposed to
    # space + mark) would otherwise attach to whatever folded text precedes them.
    start = 0
    while start < len(text) and continues_cluster(text[start]):
        start += 1
    return text[start:]


def _is_invisible(ch: str) -> bool:
    # Format and control chars (bidi marks, zero-width space, soft hyphen, BOM, NUL) are
    # invisible to a reader; ZWJ is kept because it glues emoji sequences together.
    category = unicodedata.category(ch)
    return (category == "Cf" and ch != _ZWJ) or (category == "Cc" and not ch.isspace())


@functools.lru_cache(maxsize=1 << 16)
def continues_cluster(ch: str) -> bool:
    """True if CH belongs to the cluster of the char before it (marks, conjoining jamo, ZWJ)."""
    return (
        unicodedata.category(ch)[0] == "M"
        or "\u1160" <= ch <= "\u11ff"
        or "\ud7b0" <= ch <= "\ud7ff"
        or ch == _ZWJ
    )


class _FastFold(dict[int, str]):
    """str.translate table: a char's 1:1 fold, or _DROP / _SLOW (computed on first sight)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = fold(ch)
        value = _SLOW if continues_cluster(ch) or len(folded) > 1 else folded or _DROP
        self[code] = value
        return value


_FAST_FOLD = _FastFold()


class NormalizedText:
    """The folded text of ORIGINAL and the way back from each folded char to the original.

    The map is a table of segments: an identity segment maps folded chars one-to-one onto
    original chars; a unit segment maps all its folded chars onto one original span. Most
    text is identity, so the table stays small and building it costs a few C-level passes.
    """

    __slots__ = ("_seg_ends", "_seg_folded", "_seg_original", "original", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        builder = _Builder()
        pos = 0
        for match in _UNIT.finditer(original):
            _fold_plain(builder, original, pos, match.start())
            folded = "" if match[0].startswith("[") else fold(html.unescape(match[0]))
            builder.unit(folded, match.start(), match.end())
            pos = match.end()
        _fold_plain(builder, original, pos, len(original))
        self.text = "".join(builder.pieces)
        self._seg_folded = builder.seg_folded
        self._seg_original = builder.seg_original
        self._seg_ends = builder.seg_ends

    def unit_start(self, index: int) -> bool:
        """True if folded char INDEX starts a unit (so a span may start, or end, there)."""
        if index <= 0 or index >= len(self.text):
            return True
        segment = bisect.bisect_right(self._seg_folded, index) - 1
        return self._seg_ends[segment] < 0 or self._seg_folded[segment] == index

    def whole_units(self, start: int, end: int) -> tuple[int, int] | None:
        """Folded [start, end) grown to the edges of the units it cuts, or None.

        Growing is allowed only over punctuation and spaces: a quote's stripped edge can
        cut a unit that folds to punctuation around a letter ("STEP ⑴" -> "step (1", while
        the document's "⑴" is the one unit "(1)"), and the grown span still normalises to
        the same text. Cutting a letter off a unit ("ﬁ" -> "fi") is no match.
        """
        if not self.unit_start(start):
            unit_first = self._unit_bounds(start)[0]
            if not _all_strippable(self.text[unit_first:start]):
                return None
            start = unit_first
        if not self.unit_start(end):
            unit_end = self._unit_bounds(end)[1]
            if not _all_strippable(self.text[end:unit_end]):
                return None
            end = unit_end
        return start, end

    def _unit_bounds(self, index: int) -> tuple[int, int]:
        """Folded [start, end) of the unit holding folded char INDEX."""
        segment = bisect.bisect_right(self._seg_folded, index) - 1
        if self._seg_ends[segment] < 0:
            return index, index + 1
        following = segment + 1
        end = self._seg_folded[following] if following < len(self._seg_folded) else len(self.text)
        return self._seg_folded[segment], end

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covered by folded chars [start, end) (end > start)."""
        return self._original_start(start), self._original_end(end - 1)

    def original_start(self, index: int) -> int:
        """Original offset where folded char INDEX starts (len(original) past the end)."""
        return len(self.original) if index >= len(self.text) else self._original_start(index)

    def folded_start(self, index: int) -> int:
        """Folded offset of the first folded char that comes from original chars >= INDEX."""
        segment = bisect.bisect_right(self._seg_original, index) - 1
        if segment < 0:
            return 0
        folded, original = self._seg_folded[segment], self._seg_original[segment]
        next_folded = (
            self._seg_folded[segment + 1] if segment + 1 < len(self._seg_folded) else len(self.text)
        )
        if index == original:
            return folded
        if self._seg_ends[segment] < 0:  # identity: one folded char per original char
            return min(folded + index - original, next_folded)
        return next_folded  # inside a unit: its folded chars come from before INDEX

    def _original_start(self, index: int) -> int:
        segment = bisect.bisect_right(self._seg_folded, index) - 1
        offset = index - self._seg_folded[segment] if self._seg_ends[segment] < 0 else 0
        return self._seg_original[segment] + offset

    def _original_end(self, index: int) -> int:
        segment = bisect.bisect_right(self._seg_folded, index) - 1
        if self._seg_ends[segment] >= 0:
            return self._seg_ends[segment]
        return self._seg_original[segment] + index - self._seg_folded[segment] + 1


class _Builder:
    """Collects folded pieces and their segments, collapsing runs of spaces as it goes."""

    __slots__ = ("last_is_space", "length", "pieces", "seg_ends", "seg_folded", "seg_original")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.last_is_space = False
        self.seg_folded = array("q")  # folded start of each segment
        self.seg_original = array("q")  # original start of each segment
        self.seg_ends = array("q")  # original end of a unit segment, -1 for identity

    def identity(self, folded: str, original_start: int) -> None:
        if folded and folded[0] == " " and self.last_is_space:
            folded, original_start = folded[1:], original_start + 1
        if folded:
            self._add(folded, original_start, -1)

    def unit(self, folded: str, original_start: int, original_end: int) -> None:
        if folded and not (folded == " " and self.last_is_space):
            self._add(folded, original_start, original_end)

    def _add(self, folded: str, original_start: int, original_end: int) -> None:
        self.seg_folded.append(self.length)
        self.seg_original.append(original_start)
        self.seg_ends.append(original_end)
        self.pieces.append(folded)
        self.length += len(folded)
        self.last_is_space = folded[-1] == " "


def _fold_plain(builder: _Builder, text: str, lo: int, hi: int) -> None:
    """Fold text[lo:hi]: one C-level translate, then fix up dropped, spaced and slow chars."""
    folded = text[lo:hi].translate(_FAST_FOLD)
    done = 0
    for event in _PLAIN_EVENT.finditer(folded):
        if event[0][0] == _SLOW:
            # Back up one char: a mark's cluster starts at the base char before it.
            region = max(event.start() - 1, done)
            builder.identity(folded[done:region], lo + done)
            _fold_clusters(builder, text, lo + region, lo + event.end())
        else:
            builder.identity(folded[done : event.start()], lo + done)
            if event[0][0] == " ":
                builder.identity(" ", lo + event.start())
        done = event.end()
    builder.identity(folded[done:], lo + done)


def _fold_clusters(builder: _Builder, text: str, lo: int, hi: int) -> None:
    cluster_start = lo
    for pos in range(lo + 1, hi):
        if not continues_cluster(text[pos]):
            builder.unit(fold(text[cluster_start:pos]), cluster_start, pos)
            cluster_start = pos
    builder.unit(fold(text[cluster_start:hi]), cluster_start, hi)


def is_strippable(ch: str) -> bool:
    """Leading/trailing chars a quote may gain or lose: whitespace and punctuation."""
    return ch.isspace() or unicodedata.category(ch)[0] == "P"


def _all_strippable(text: str) -> bool:
    return all(map(is_strippable, text))


def strip_edges(text: str) -> str:
    """TEXT without leading/trailing whitespace and punctuation (keeping marked punctuation)."""
    lo, hi = 0, len(text)
    while lo < hi and is_strippable(text[lo]) and not _has_mark_after(text, lo, hi):
        lo += 1
    while hi > lo and is_strippable(text[hi - 1]):
        hi -= 1
    return text[lo:hi]


_LIGHT_MAP = str.maketrans(_CHAR_MAP)


def light_form(text: str) -> str:
    """TEXT with quote marks, dashes and spacing unified, but case and letters kept."""
    return strip_edges(" ".join(unicodedata.normalize("NFC", text).translate(_LIGHT_MAP).split()))


def _has_mark_after(text: str, index: int, hi: int) -> bool:
    # Stripping a base char but not its mark would leave a span that cuts a unit in two.
    return index + 1 < hi and continues_cluster(text[index + 1])


def normalize(text: str) -> str:
    """The normalisation behind `normalized` matches (see the package docstring)."""
    return strip_edges(NormalizedText(text).text)


_QUOTE_MARKS = frozenset(
    "'\"`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2032\u2033"
)
_MAX_EDGE_CHARS = 3


def _edge_class(ch: str) -> str:
    return '"' if ch in _QUOTE_MARKS else fold(ch)


def _edge_classes(chars: str) -> set[str]:
    return {_edge_class(ch) for ch in chars if not ch.isspace()}


def widen_to_quote_edges(original: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Grow [start, end) over the punctuation and quote marks the quote itself has at its edges.

    Matching ignores edge punctuation, but a quote that opens with a quote mark and ends with
    ',"' should get a span that includes them, in whatever style the document uses.
    """
    body = strip_edges(quote)
    if not body:
        return start, end
    head = _edge_classes(quote[: quote.index(body[0])])
    tail = _edge_classes(quote[quote.rindex(body[-1]) + 1 :])
    for _ in range(_MAX_EDGE_CHARS):
        if start > 0 and _is_edge(original[start - 1], head):
            start -= 1
    for _ in range(_MAX_EDGE_CHARS):
        if end < len(original) and _is_edge(original[end], tail):
            end += 1
    return start, end


def _is_edge(ch: str, classes: set[str]) -> bool:
    return not ch.isspace() and is_strippable(ch) and _edge_class(ch) in classes
