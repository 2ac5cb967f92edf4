r"""Compiling word patterns so that Python's regex engine dismisses most words quickly.

A pattern such as `\b(?:fears?|threats?|...)\b` is tried at every word start. The engine
rejects an alternative on its first character only when that character is written out
and case matters; when the pattern ignores case, or its alternatives open with groups,
it enters every alternative in turn at every word. `word_regex` adds a look-ahead for the
characters the pattern can start with, `\b(?=[ft...])(?:fears?|threats?|...)\b`, which
turns most words away in one step. The look-ahead only restates the first character of
each alternative (under the same flags), so the matches are exactly the same; when the
first characters cannot be read off the pattern, it is compiled as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_QUANTIFIERS = ("?", "*", "{")  # after a first atom, these make it optional ('+' does not)
# A capitalised word as names are written: 'O'Rourke', 'al-Qaddo', 'Jr.', 'U.S.'
CAPITALISED_WORD = r"[A-Z][\w.'’-]*"


def capitalised_run(most: int | None = None) -> str:
    """A pattern for one capitalised word and up to MOST more (any number when None),
    space-separated: 'Hillary Clinton', 'New York Times'."""
    repeat = "*" if most is None else f"{{0,{most}}}"
    return rf"{CAPITALISED_WORD}(?: {CAPITALISED_WORD}){repeat}"


def word_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(PATTERN, FLAGS)`, with the first-character look-ahead after a leading \\b."""
    starts = _starts(pattern[2:]) if pattern.startswith(r"\b") else None
    if starts:
        pattern = rf"\b(?=[{''.join(dict.fromkeys(starts))}]){pattern[2:]}"
    return re.compile(pattern, flags)


def _starts(pattern: str) -> list[str] | None:
    """Character-class items for every character PATTERN can start with, or None when
    unsure: its first atom must be a letter or digit, a class, or a (?:...) group whose
    alternatives all qualify, and must not be optional."""
    if not pattern:
        return None
    if pattern[0].isalnum():
        items, after = [pattern[0]], 1
    elif pattern[0] == "[":
        after = _class_end(pattern, 0)
        body = pattern[1 : after - 1]
        if body.startswith(("^", "]")):
            return None
        items = [body]
    elif pattern.startswith("(?:"):
        alternatives, after = _alternatives(pattern, 3)
        items = []
        for alternative in alternatives:
            starts = _starts(alternative)
            if starts is None:
                return None
            items += starts
    else:
        return None
    return None if pattern[after : after + 1] in _QUANTIFIERS else items


def _alternatives(pattern: str, start: int) -> tuple[list[str], int]:
    """The top-level alternatives of the group whose body starts at START, and the index
    just past the group's closing parenthesis."""
    parts: list[str] = []
    depth, begin, index = 0, start, start
    while True:
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(pattern, index)
            continue
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == ")":
            parts.append(pattern[begin:index])
            return parts, index + 1
        elif char == "|" and not depth:
            parts.append(pattern[begin:index])
            begin = index + 1
        index += 1


def _class_end(pattern: str, index: int) -> int:
    """The index just past the character class opening at INDEX."""
    index += 1
    if pattern[index] == "^":
        index += 1
    if pattern[index] == "]":
        index += 1
    while pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index + 1


def by_first_character(forms: Iterable[tuple[str, str]]) -> str:
    """One alternation of FORMS, each given as (the characters it may start with, the
    pattern of the rest), that branches on the first character: 'f(?:ears?|ight)|t(?:...)'.

    Python's regex engine tries the branches of a flat alternation one after the other
    at every word start; branching first on the character at hand leaves a few dozen
    one-character checks and then only the forms that can start with it. Forms keep their
    order within a branch, and forms that start differently never match at one place,
    so the first form that matches is the same as in the flat alternation.
    """
    branches: dict[str, list[str]] = {}
    for characters, rest in forms:
        for character in characters:
            branches.setdefault(character, []).append(rest)
    return "|".join(
        f"{re.escape(character)}(?:{'|'.join(rests)})" for character, rests in branches.items()
    )


class WordStarts:
    r"""The matches of a pattern `\b...` that start and end with a word character, over a
    whole document, found faster than by `finditer`.

    A leading \b makes the regex engine try the pattern at every position of the text.
    The same pattern behind `\W` (one non-word character, consumed) lets it skip from one
    non-word character to the next: the matches are the same, each one character longer
    at the front, except at the very start of the text, which is tried on its own. (A
    match ending with a word character is never followed by another at once, so the
    character each match consumes in front is never part of the one before.)
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = word_regex(pattern, flags)
        if not self.regex.pattern.startswith(r"\b"):
            raise ValueError(rf"a word-start pattern opens with \b: {pattern!r}")
        self._after_non_word = re.compile(r"\W" + self.regex.pattern[2:], flags)

    def spans(self, text: str) -> Iterator[tuple[int, int, str | None]]:
        """(start, end, last group name) of each match in TEXT, in order."""
        position = 0
        first = self.regex.match(text)
        if first is not None:
            yield first.start(), first.end(), first.lastgroup
            position = first.end()
        for match in self._after_non_word.finditer(text, position):
            yield match.start() + 1, match.end(), match.lastgroup
