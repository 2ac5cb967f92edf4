"""Normalised wording: how issues are grouped and how role phrases are matched.

The rule (documented in the README): lowercase; words are runs of letters and digits
(a possessive 's dropped); stop words dropped; each word lightly stemmed (a final
"ies" becomes "y"; "ing", "ed", "es", "s" are cut from words of five letters or more,
never "ss"). An issue's key is the set of its stems, so "the harbour toll plan",
"Harbour tolls plan" and "plan for the harbour toll" are one issue, and "harbour toll"
another.
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of TEXT (a readable way to write a long word list)."""
    return frozenset(text.split())


STOP_WORDS = word_set(
    "a an the of on in to for and or with by at from its their his her our your this that "
    "these those any some all as about over into onto upon than then be is are was were "
    "been being it they them he she we you i s"
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SUFFIXES = ("ing", "ed", "es", "s")


def words(text: str) -> list[str]:
    """TEXT's words in lower case, possessive 's cut ("union's" -> "union")."""
    return [_no_possessive(word.lower()) for word in _WORD.findall(text)]


def _no_possessive(word: str) -> str:
    return re.sub(r"['’]s$", "", word).replace("’", "'")


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if len(word) >= 5 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def stems(text: str) -> list[str]:
    """TEXT's content words, stemmed, in order (stop words dropped)."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


def issue_key(text: str) -> tuple[str, ...]:
    """The set of TEXT's stems, sorted; its lowercased words when all are stop words."""
    return tuple(sorted(set(stems(text)))) or tuple(words(text)) or (text.lower(),)


def same_word(a: str, b: str) -> bool:
    """Stems equal, or one a prefix of the other of four letters or more ("iraq" and
    "iraqi", "freedonia" and "freedonian")."""
    shorter, longer = sorted((a, b), key=len)
    return shorter == longer or (len(shorter) >= 4 and longer.startswith(shorter))
