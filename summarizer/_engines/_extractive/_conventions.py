"""Paragraph-level conventions: transcript labels and headlines ('PENCE: ...'), quotations
signed with a dash, and quotations that continue the last speaker."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._ledger import Ledger
from summarizer._engines._extractive._phrases import MASK
from summarizer._engines._extractive._quotes import Quote
from summarizer._engines._extractive._regex import capitalised_run
from summarizer._engines._extractive._speaker_finding import opening_record
from summarizer._engines._extractive._speakers import parse_speaker
from summarizer._engines._extractive._state import (
    MIN_CLAUSE_WORDS,
    Claim,
    SentenceState,
    word_count,
)
from summarizer._engines._extractive._text import Sentence, Span, strip_clause, word_set
from summarizer._engines._extractive._view import DocumentView

# 'PENCE: Well, ...' or a headline 'Sanders: Clinton needs to ...'; the label may sit
# inside the paragraph's opening quote mark.
_LABEL = re.compile(rf"[\"“]?({capitalised_run(2)}) ?: +(?=\S)")
# A headline's speaker and topic: 'Obama on Climate Change: The Trends Are "Terrifying"'
_TOPIC_LABEL = re.compile(rf"({capitalised_run(2)}) on [^:\n]{{1,40}}: +(?=\S)")
_DASH_SPEAKER = re.compile(r"\s*[―—–]+\s*([A-Z][^\x00\n]{1,60}?)[\s.]*$")
_TRAILING_WORDS = 2  # words a quote-only sentence may have outside its quotes
_MAX_TRAILING_WORDS = 6  # ... when the quote is long: see _QUOTE_TO_TRAIL
_QUOTE_TO_TRAIL = 3  # a quote with more words trailing it must be that many times longer
_COLON_LEAD_WORDS = 12  # 'On July 6, 2015, Sanders made the following comment:'
# Verbs that may close a clause introducing a quotation besides the cues: 'X put it this way:'
_COLON_VERBS = word_set("put puts wrote writes made makes gave gives")
_LABEL_OPENERS = word_set("the a an this that these those")
_STAGE_DIRECTION = re.compile(r"[(\[][A-Z][A-Z ]*[.!]?[)\]]\.?")


def claim_label(view: DocumentView, ledger: Ledger, sentence: Sentence) -> bool:
    """'PENCE: Well, look, ...' (a transcript, labels in capitals) or, in the first
    paragraph only, a headline 'Sanders: Clinton needs to ...' or 'Obama on Climate
    Change: The Trends Are ...'."""
    paragraph = view.paragraphs[sentence.paragraph]
    if sentence.start != paragraph[0] or view.document.find(":", *paragraph) < 0:
        return False
    match = _LABEL.match(view.document, sentence.start, paragraph[1])
    if not match and sentence.paragraph == 0:
        match = _TOPIC_LABEL.match(view.document, sentence.start, paragraph[1])
    if not match or not _speaker_label(view, match.group(1), sentence.paragraph):
        return False
    mention = parse_speaker(match.group(1))
    if mention is None or mention.kind not in ("named_person", "organization", "document"):
        return False
    content = strip_clause(view.document, match.end(), paragraph[1])
    if word_count(view.document, content) < MIN_CLAUSE_WORDS:
        return False
    record = ledger.registry.resolve(mention, sentence.paragraph)
    if record is None:
        return False
    state = SentenceState(sentence, 0, [], cursor=sentence.start, mention=match.span(1))
    ledger.claim(state, record, (match.start(1), match.end()), [content], direct=True)
    opens = view.quote_opens  # the paragraph's quotations, not all of them per label
    for q in range(bisect_left(opens, paragraph[0]), bisect_left(opens, paragraph[1])):
        ledger.claimed.setdefault(q, record)
    return True


def _speaker_label(view: DocumentView, label: str, paragraph: int) -> bool:
    if _section_label(label) or label.split()[0].casefold() in _LABEL_OPENERS:
        return False
    return label.isupper() or paragraph == 0


def _section_label(label: str) -> bool:
    """'Breaking News', 'Freedonia Live Updates', 'Harbour Strike Timeline': a label of
    the page (its last word a label noun), not a speaker."""
    last = label.split()[-1].casefold()
    return label.casefold() in lex.LABELS or last in lex.LABELS or last[:-1] in lex.LABELS


def dash_speaker(view: DocumentView, ledger: Ledger, state: SentenceState) -> None:
    """'"..." ― Sonya Herridge': a quotation signed with a dash."""
    if not state.quotes:
        return
    last = view.quotes[state.quotes[-1]]
    match = _DASH_SPEAKER.match(view.masked, last.close_end, state.sentence.end)
    if not match or not last.closed:
        return
    mention = parse_speaker(match.group(1))
    if mention is None or mention.kind != "named_person":
        return
    record = ledger.registry.resolve(mention, state.sentence.paragraph)
    if record is not None:
        state.mention = match.span(1)
        quotes = [q for q in state.quotes if q not in ledger.claimed]
        ledger.claim_quotes(state, record, (match.start(1), match.end(1)), quotes)


def colon_speaker(view: DocumentView, ledger: Ledger, state: SentenceState) -> None:
    """'Caddell continued: "..."', 'The New York Times reports: "..."': a quotation
    after a colon that closes its speaker's short opening clause, in the same
    paragraph or opening the next one."""
    quotes = state.quotes or view.opening_next_paragraph(state.sentence)
    if not quotes:
        return
    end = min(view.quotes[quotes[0]].open, state.sentence.end)
    lead = view.masked[state.sentence.start : end].rstrip()
    if not lead.endswith(":") or MASK in lead or len(lead.split()) > _COLON_LEAD_WORDS:
        return
    colon = state.sentence.start + len(lead) - 1
    record = opening_record(view, ledger, state, colon)
    if record is None or state.mention is None:
        return
    if not _introducing_verb(view.masked[state.mention[1] : colon]):
        return  # 'Trump: "..."', 'Partial transcript:': a label, not a clause
    unclaimed = [q for q in quotes if q not in ledger.claimed]
    ledger.claim_quotes(state, record, (colon, colon + 1), unclaimed)


def ends_with_colon(view: DocumentView, sentence: Sentence) -> bool:
    """Whether SENTENCE ends with a colon: what follows may be its quotation."""
    return view.masked[sentence.start : sentence.end].rstrip().endswith(":")


def claim_continuations(view: DocumentView, ledger: Ledger) -> None:
    """Unclaimed quotations: their quotation group's speaker, or the last speaker."""
    by_group = {view.quotes[q].group: record for q, record in ledger.claimed.items()}
    claims = sorted(ledger.claims, key=lambda claim: claim.cue[0])
    position = 0
    last: Claim | None = None
    for q, quote in enumerate(view.quotes):
        while position < len(claims) and claims[position].cue[0] < quote.open:
            last = claims[position]
            position += 1
        if q in ledger.claimed:
            continue
        record = by_group.get(quote.group)
        if (
            record is None
            and last is not None
            and quote.paragraph - last.paragraph <= 1
            and _quote_only(view, quote)
        ):
            record = last.record
        if record is not None:
            ledger.claimed[q] = record
            record.add(quote.content)
            claim = Claim(record, (quote.content,), quote.outer, quote.paragraph, True)
            ledger.claims.append(claim)
            last = claim


def tidy_statements(view: DocumentView, ledger: Ledger) -> None:
    """Each source's statements as readers take them: a statement found again inside a
    longer one is kept once, and the two parts of an interrupted quotation ('"X," he
    said. "Y."') stay two statements, so that neither holds its own attribution."""
    for record in ledger.registry.records:
        kept: list[Span] = []
        for span in sorted(record.statements, key=lambda span: (span[0], -span[1])):
            if _STAGE_DIRECTION.fullmatch(view.document, *span):
                continue  # '(CROSSTALK.)' in a transcript: nobody's words
            if kept and span[1] <= kept[-1][1]:
                continue  # said again inside a longer statement ('she plans to ...')
            kept.append(span)
        record.statements = dict.fromkeys(kept)
    _drop_reported_statements(view, ledger)


def _drop_reported_statements(view: DocumentView, ledger: Ledger) -> None:
    """'The Times reported that Trump had claimed a loss ...': a statement inside a
    longer statement of another source is that source's report, not a statement of
    its own (the outer statement keeps the words)."""
    spans = sorted(
        (span[0], -span[1], record.number)
        for record in ledger.registry.records
        for span in record.statements
    )
    reported: set[tuple[int, Span]] = set()
    outer: tuple[int, int, int] | None = None  # start, end, owner of the longest so far
    for start, negative_end, owner in spans:
        end = -negative_end
        if outer is not None and end <= outer[1] and owner != outer[2]:
            if (start, end) != outer[:2]:
                reported.add((owner, (start, end)))
            continue
        if outer is None or end > outer[1]:
            outer = (start, end, owner)
    for record in ledger.registry.records:
        for span in [s for s in record.statements if (record.number, s) in reported]:
            del record.statements[span]


def _quote_only(view: DocumentView, quote: Quote) -> bool:
    index = bisect_right(view.sentence_starts, quote.open) - 1
    if index < 0:
        return False
    sentence = view.sentences[index]
    outside = len(view.masked[sentence.start : sentence.end].replace(MASK, " ").split())
    # a few words may trail a long quote: '"... $12-an-hour" workers.'
    if outside <= _TRAILING_WORDS:
        return True
    quoted = len(view.text(quote.content).split())
    return outside <= _MAX_TRAILING_WORDS and quoted >= _QUOTE_TO_TRAIL * outside


def _introducing_verb(after_speaker: str) -> bool:
    """Whether the words after a speaker open with a verb that can introduce a quotation
    ('continued', 'reports', 'made the following comment'), not a noun or a passive."""
    words = after_speaker.split()
    if not words:
        return False
    verb = words[0].casefold()
    if verb in lex.FINITE_AUXILIARIES or not words[0].islower():
        return False
    return verb in lex.CUE_WORDS or verb.endswith(("ed", "es", "ts")) or verb in _COLON_VERBS
