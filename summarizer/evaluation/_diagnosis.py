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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

_PERSONAL = frozenset({"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"})
_OTHER = frozenset({"his", "their", "its", "who", "whom", "which", "that", "this", "these"})
PRONOUNS = _PERSONAL | _OTHER


class _Sourced(Protocol):
    @property
    def source_text(self) -> str | None: ...


@dataclass(frozen=True)
class SourceDiagnosis:
    by_name: int = 0
    pronoun_by_mention: int = 0
    other_by_mention: int = 0
    wrong: int = 0

    def __add__(self, other: SourceDiagnosis) -> SourceDiagnosis:
        return SourceDiagnosis(
            self.by_name + other.by_name,
            self.pronoun_by_mention + other.pronoun_by_mention,
            self.other_by_mention + other.other_by_mention,
            self.wrong + other.wrong,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "by_name": self.by_name,
            "pronoun_by_mention": self.pronoun_by_mention,
            "other_by_mention": self.other_by_mention,
            "wrong": self.wrong,
        }


def diagnose(
    content: Mapping[int, int],
    by_name: Collection[tuple[int, int]],
    by_mention: Collection[tuple[int, int]],
    attributions: Sequence[_Sourced],
) -> SourceDiagnosis:
    """Classify each (prediction, gold) pair of CONTENT whose gold has a Source; BY_NAME
    and BY_MENTION are the pairs whose source is right by name, and by name or mention."""
    counts = {"by_name": 0, "pronoun_by_mention": 0, "other_by_mention": 0, "wrong": 0}
    for pair in content.items():
        source = attributions[pair[1]].source_text
        if source is None:
            continue
        if pair in by_name:
            counts["by_name"] += 1
        elif pair in by_mention:
            pronoun = source.strip().casefold() in PRONOUNS
            counts["pronoun_by_mention" if pronoun else "other_by_mention"] += 1
        else:
            counts["wrong"] += 1
    return SourceDiagnosis(**counts)
