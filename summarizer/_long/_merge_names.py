"""Names of people, normalised so 'Maria Olsen', 'Ms. Olsen' and 'OLSEN' can be matched.

A name is folded (accents, case, curly apostrophes), cut into word tokens, and stripped
of the honorifics and titles in front of it ('Ms.', 'Mayor', 'Foreign Minister') and of
generational suffixes after it ('Jr.'). Its surname is the last token, also without an
Arabic or Romance particle ('al-Qaddo' -> 'qaddo', "d'Souza" -> 'souza').
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "madam",
        "mister",
        "mayor",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "gov",
        "governor",
        "president",
        "vice",
        "prime",
        "minister",
        "foreign",
        "defence",
        "defense",
        "interior",
        "finance",
        "deputy",
        "secretary",
        "chancellor",
        "ambassador",
        "commissioner",
        "councillor",
        "councilor",
        "chairman",
        "chairwoman",
        "chair",
        "chief",
        "general",
        "gen",
        "colonel",
        "col",
        "major",
        "maj",
        "captain",
        "capt",
        "lieutenant",
        "lt",
        "sergeant",
        "sgt",
        "admiral",
        "adm",
        "judge",
        "justice",
        "rev",
        "reverend",
        "father",
        "sheikh",
        "shaikh",
        "imam",
        "ayatollah",
        "cardinal",
        "king",
        "queen",
        "prince",
        "princess",
        "mp",
        "mep",
        "spokesman",
        "spokeswoman",
        "spokesperson",
    ]
)
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv", "phd", "md"])
_PARTICLES = ("al-", "el-", "ul-", "bin-", "ben-", "d'", "l'")
# Words that never name a person in a mention ('he', 'the minister').
_NOT_NAMES = frozenset(
    [
        "he",
        "she",
        "him",
        "her",
        "his",
        "they",
        "them",
        "their",
        "it",
        "its",
        "i",
        "we",
        "you",
        "the",
        "a",
        "an",
    ]
)


def fold(text: str) -> str:
    """Case, accents, compatibility forms and curly apostrophes folded away."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.casefold()


@lru_cache(maxsize=4096)
def name_tokens(name: str) -> tuple[str, ...]:
    """The words of NAME, folded, without leading titles or trailing suffixes."""
    tokens = _WORD.findall(fold(name.casefold()))
    start, end = 0, len(tokens)
    while start < end - 1 and tokens[start] in TITLES:
        start += 1
    while end - 1 > start and tokens[end - 1] in _SUFFIXES:
        end -= 1
    return tuple(tokens[start:end])


def surnames(tokens: tuple[str, ...]) -> set[str]:
    """The last token, and the same without a leading particle."""
    if not tokens:
        return set()
    last = tokens[-1]
    found = {last}
    for particle in _PARTICLES:
        if last.startswith(particle) and len(last) > len(particle):
            found.add(last[len(particle) :])
    return found


def looks_like_name(text: str) -> bool:
    """A mention that is a name: capitalised words, not a pronoun or a description."""
    words = text.split(",")[0].split()
    if not words or len(words) > 5:
        return False
    return all(word[:1].isupper() for word in words) and words[0].casefold() not in _NOT_NAMES


def simple_key(text: str) -> str:
    """TEXT's words, folded. Casefolded first, so two texts the schema calls duplicates
    (same casefolded words and spaces) always get the same key."""
    return " ".join(_WORD.findall(fold(text.casefold())))


def schema_key(*parts: str) -> str:
    """The key StructuredSummary's duplicate check compares (`_summary._key`): casefolded
    words joined by single spaces, parts by ' | '. Merged items that share it are one."""
    return " | ".join(" ".join(part.casefold().split()) for part in parts)
