"""Title and summary from the lead: news puts who, what and where first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from summarizer._engines._extractive._text import Sentence, Span, clauses, skip_dateline
from summarizer._schema import count_sentences

MAX_TITLE = 200
SHORT_TITLE = 120
MAX_SUMMARY = 1500
SUMMARY_SENTENCES = 3
MAX_COUNTED_SENTENCES = 4
_HEADLINE_WORDS = 20
_MIN_LEAD_WORDS = 6


def title_and_summary(
    document: str, paragraph_spans: Sequence[Span], sentence_list: Sequence[Sentence]
) -> tuple[str, str]:
    if not paragraph_spans:
        return "", ""
    headline = _headline(document, paragraph_spans[0]) if len(paragraph_spans) > 1 else ""
    body = (s for s in sentence_list if not (headline and s.paragraph == 0))
    lead = _lead(document, body, SUMMARY_SENTENCES)
    summary = _summary(lead)
    title = headline or (_short_title(lead[0]) if lead else "")
    if not title and sentence_list:
        title = _clip(_text(document, sentence_list[0]), MAX_TITLE)
    # a summary from `_summary` already fits; only the title may need cutting
    return title, summary or fit_sentences(title)


def fit_sentences(text: str) -> str:
    """The longest word prefix of TEXT that the schema counts as at most four sentences."""
    if count_sentences(text) <= MAX_COUNTED_SENTENCES:
        return text
    words = text.split()
    low, high = 1, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if count_sentences(" ".join(words[:middle])) <= MAX_COUNTED_SENTENCES:
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low])


def _headline(document: str, paragraph: Span) -> str:
    text = document[paragraph[0] : paragraph[1]].strip()
    if len(text) > MAX_TITLE or len(text.split()) > _HEADLINE_WORDS:
        return ""
    if text.endswith(".") and count_sentences(text) > 1:
        return ""
    return text.rstrip(".") if text.endswith(".") and not text.endswith("..") else text


def _lead(document: str, body: Iterable[Sentence], count: int) -> list[str]:
    """The texts of the first COUNT sentences of BODY long enough to lead; the rest of a
    long document is never read."""
    lead: list[str] = []
    for sentence in body:
        text = _text(document, sentence)
        if len(text.split()) >= _MIN_LEAD_WORDS:
            lead.append(text)
            if len(lead) == count:
                break
    return lead


def _text(document: str, sentence: Sentence) -> str:
    start = skip_dateline(document, sentence.start, sentence.end)
    return " ".join(document[start : sentence.end].split())


def _summary(sentences: list[str]) -> str:
    while sentences:
        text = _clip(" ".join(sentences), MAX_SUMMARY)
        if count_sentences(text) <= MAX_COUNTED_SENTENCES:
            return text
        sentences = sentences[:-1]
    return ""


def _short_title(sentence: str) -> str:
    """A long lead sentence's first clause: 'Iraq may extend ..., citing ...' -> 'Iraq may
    extend ...'."""
    if len(sentence) <= SHORT_TITLE:
        return sentence
    parts = clauses(sentence, 0, len(sentence))
    first = sentence[parts[0][0] : parts[0][1]] if parts else sentence
    return _clip(first, MAX_TITLE)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip() + "…"
