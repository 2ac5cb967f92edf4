"""Why a content match's source is right or wrong: an error analysis of the source metrics.

Every content match (the one-to-one content assignment) whose gold attribution has a
Source falls in exactly one class:

- ``by_name``: the predicted source's name overlaps the gold Source text (token Dice >= 0.5);
- ``pronoun_by_mention``: not by name, but a grounded mention of the predicted source is
  the gold Source span, and that Source is a pronoun ('he', 'they', 'who'): the speaker was
  resolved, and the annotator marked the pronoun;
- ``other_by_mention``: likewise, for a description or a long appositive ('the former
  president', 'Jane Doe, an economist who served as ...');
- ``wrong``: neither: another speaker, or none the text supports.

So ``by_name`` + ``pronoun_by_mention`` + ``other_by_mention`` + ``wrong`` = content matches
with a gold Source. It tells a resolution that the name-based metric cannot credit apart
from a wrong speaker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass

from summarizer.evaluation._match import fieldwise_sum

_PERSONAL = frozenset({"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"})
_OTHER = frozenset({"his", "their", "its", "who", "whom", "which", "that", "this", "these"})
PRONOUNS = _PERSONAL | _OTHER


@dataclass(frozen=True)
class SourceDiagnosis:
    by_name: int = 0
    pronoun_by_mention: int = 0
    other_by_mention: int = 0
    wrong: int = 0

    def __add__(self, other: SourceDiagnosis) -> SourceDiagnosis:
        return fieldwise_sum(self, other)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def diagnose(
    content: Mapping[int, int],
    by_name: Collection[tuple[int, int]],
    by_mention: Collection[tuple[int, int]],
    source_texts: Sequence[str | None],
) -> SourceDiagnosis:
    """Classify each (prediction, gold) pair of CONTENT whose gold has a Source (its text in
    SOURCE_TEXTS, by gold index); BY_NAME and BY_MENTION are the pairs whose source is right
    by name, and by name or mention."""
    classes = Counter(
        _class(pair, by_name, by_mention, source)
        for pair in content.items()
        if (source := source_texts[pair[1]]) is not None
    )
    return SourceDiagnosis(**classes)


def _class(
    pair: tuple[int, int],
    by_name: Collection[tuple[int, int]],
    by_mention: Collection[tuple[int, int]],
    source: str,
) -> str:
    if pair in by_name:
        return "by_name"
    if pair not in by_mention:
        return "wrong"
    return "pronoun_by_mention" if source.strip().casefold() in PRONOUNS else "other_by_mention"
