"""Behaviour of summarizer.grounding: statuses, offsets, thresholds, scripts."""

from __future__ import annotations

import dataclasses
import time
import unicodedata

import pytest

from summarizer.grounding import (
    FUZZY_THRESHOLD,
    MAX_ELISION_BREAKS,
    Alignment,
    align,
    align_many,
    normalize,
)

ARTICLE = (
    "WASHINGTON \u2014 The senator said on Tuesday that the bill \u201cwill not pass "
    "the House this year,\u201d adding that negotiators had failed to agree on funding.\n\n"
    "Officials in Ankara declined to comment on the report, which cited three people "
    "familiar with the talks. The ministry\u2019s spokesman did not respond to calls."
)


def span_text(document: str, alignment: Alignment) -> str:
    assert alignment.start is not None and alignment.end is not None
    return document[alignment.start : alignment.end]


def assert_normalized_match(document: str, quote: str, expected: str) -> Alignment:
    """QUOTE aligns `normalized` onto exactly EXPECTED, which normalises like the quote."""
    result = align(document, quote)
    assert result.status == "normalized", result
    assert span_text(document, result) == expected
    assert normalize(span_text(document, result)) == normalize(quote)
    assert result.score == 1.0
    return result


# ---------------------------------------------------------------- exact


def test_exact_match_returns_verbatim_span_with_full_score() -> None:
    quote = "negotiators had failed to agree on funding"
    result = align(ARTICLE, quote)
    assert result == Alignment(
        ARTICLE.index(quote), ARTICLE.index(quote) + len(quote), "exact", 1.0
    )
    assert result.matched


def test_exact_match_returns_first_of_several_occurrences() -> None:
    document = "He said no. Then she said no. Then they said no."
    result = align(document, "said no")
    assert (result.status, result.start, result.end) == ("exact", 3, 10)


def test_normalized_match_also_returns_first_occurrence() -> None:
    document = "He SAID NO. Then she Said No."
    result = align(document, "said no")
    assert (result.status, result.start, result.end) == ("normalized", 3, 10)


def test_normalized_match_prefers_the_occurrence_in_the_quotes_own_case() -> None:
    document = "The Republican nominee spoke first. Later, the Republican nominee left."
    result = align(document, "the Republican\nnominee")
    assert (result.status, result.start) == ("normalized", document.index("the Republican"))
    # With no occurrence in the quote's own form, the first one wins.
    assert align(document, "THE REPUBLICAN NOMINEE").start == 0


def test_alignment_is_frozen() -> None:
    result = align(ARTICLE, "the senator")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.start = 0  # type: ignore[misc]


@pytest.mark.parametrize("quote", ["", "   ", "\n\t", "\u201c\u201d", "..."])
def test_empty_or_contentless_quote_is_unmatched(quote: str) -> None:
    result = align("Some text without runs of spaces.", quote)
    assert result == Alignment(None, None, "unmatched", 0.0)
    assert not result.matched


def test_quote_against_empty_document_is_unmatched() -> None:
    assert align("", "anything at all here").status == "unmatched"


# ---------------------------------------------------------------- normalisation kinds


def test_curly_document_quotes_match_straight_quote_marks() -> None:
    assert_normalized_match(
        ARTICLE,
        'the bill "will not pass the House',
        "the bill \u201cwill not pass the House",
    )


def test_straight_document_apostrophe_matches_curly_apostrophe() -> None:
    document = "It's the ministry's view that it won't work."
    assert_normalized_match(
        document, "ministry\u2019s view that it won\u2019t", "ministry's view that it won't"
    )


def test_dashes_are_interchangeable() -> None:
    assert_normalized_match(ARTICLE, "WASHINGTON - The senator", "WASHINGTON \u2014 The senator")


def test_whitespace_runs_and_newlines_match_single_spaces() -> None:
    assert_normalized_match(
        ARTICLE,
        "agree on funding. Officials in Ankara",
        "agree on funding.\n\nOfficials in Ankara",
    )
    assert_normalized_match(ARTICLE, "failed  to\nagree", "failed to agree")


def test_case_differences_match() -> None:
    assert_normalized_match(ARTICLE, "OFFICIALS IN ANKARA DECLINED", "Officials in Ankara declined")


def test_leading_and_trailing_quote_marks_and_punctuation_are_ignored() -> None:
    result = align(ARTICLE, "\u201cdeclined to comment on the report.\u201d")
    assert result.status == "normalized"
    assert span_text(ARTICLE, result) == "declined to comment on the report"


def test_span_grows_over_the_quote_marks_the_quote_itself_carries() -> None:
    document = "She said: \u201cWe will win, no matter what,\u201d and left."
    result = align(document, '"We will win, no matter what,"')
    assert span_text(document, result) == "\u201cWe will win, no matter what,\u201d"
    assert normalize(span_text(document, result)) == normalize('"We will win, no matter what,"')


def test_html_entities_in_document_match_plain_characters() -> None:
    document = "Profits at AT&amp;T rose &#8212; said the &quot;chief&quot; officer."
    assert_normalized_match(
        document,
        'AT&T rose \u2014 said the "chief" officer',
        "AT&amp;T rose &#8212; said the &quot;chief&quot; officer",
    )


def test_html_entities_in_quote_match_plain_document() -> None:
    document = "Profits at AT&T rose sharply."
    assert_normalized_match(document, "AT&amp;T rose sharply", "AT&T rose sharply")


def test_bracketed_insertion_in_document_may_be_left_out_of_quote() -> None:
    document = "Then ISIS [the Islamic State] overran the city of Mosul."
    assert_normalized_match(
        document, "ISIS overran the city", "ISIS [the Islamic State] overran the city"
    )


def test_bracketed_insertion_in_quote_may_be_missing_from_document() -> None:
    document = "Then ISIS overran the city of Mosul."
    assert_normalized_match(
        document, "ISIS [the Islamic State] overran the city", "ISIS overran the city"
    )


def test_invisible_format_characters_are_ignored() -> None:
    document = "a co\u00adoperation agree\u200bment was signed"
    assert_normalized_match(
        document, "cooperation agreement was", "co\u00adoperation agree\u200bment was"
    )


# ---------------------------------------------------------------- length-changing folds


def test_nfd_document_maps_back_to_original_offsets() -> None:
    document = unicodedata.normalize("NFD", "Le caf\u00e9 r\u00e9sum\u00e9 fut publi\u00e9 hier.")
    expected = document[3 : document.index(" publi")]
    result = assert_normalized_match(document, "caf\u00e9 r\u00e9sum\u00e9 fut", expected)
    assert len(span_text(document, result)) > len("caf\u00e9 r\u00e9sum\u00e9 fut")


def test_nfc_document_matches_nfd_quote() -> None:
    document = "Le caf\u00e9 r\u00e9sum\u00e9 fut publi\u00e9 hier."
    quote = unicodedata.normalize("NFD", "caf\u00e9 r\u00e9sum\u00e9 fut")
    assert_normalized_match(document, quote, "caf\u00e9 r\u00e9sum\u00e9 fut")


def test_ligature_in_document_matches_plain_letters() -> None:
    document = "The \ufb01nal \ufb02ight of the o\ufb03ce staff."
    assert_normalized_match(
        document, "final flight of the office", "\ufb01nal \ufb02ight of the o\ufb03ce"
    )


def test_half_of_a_ligature_is_not_a_match() -> None:
    # "f" alone would cut the ligature "fi"; the quote must cover whole original chars.
    document = "\ufb01"
    assert align(document, "f").status == "unmatched"


@pytest.mark.parametrize(
    ("document", "quote", "expected"),
    [
        pytest.param("Clause ⑵ of the treaty was dropped.", "CLAUSE ⑵", "Clause ⑵", id="last"),
        pytest.param(
            "⑶ Ferries resume in May.", "⑶ ferries resume", "⑶ Ferries resume", id="first"
        ),
        pytest.param("Clause ⑵ of the treaty", "clause (2)", "Clause ⑵", id="spelled-out"),
        pytest.param("Under ㈱ rules the vote stands.", "UNDER ㈱", "Under ㈱", id="cjk-mark"),
    ],
)
def test_a_quote_edge_that_folds_to_bracketed_text_covers_the_whole_character(
    document: str, quote: str, expected: str
) -> None:
    # "⑵" folds to "(2)"; stripping the quote's edge punctuation leaves "clause (2", which
    # ends inside the document's folded "⑵": the span grows over the cut-off ")".
    assert_normalized_match(document, quote, expected)


@pytest.mark.parametrize(
    ("document", "quote"),
    [
        pytest.param("Item ⒑ was approved.", "ITEM 1", id="digit-cut-off"),
        pytest.param("Clause ⑵ of the treaty was dropped.", "CLAUSE ⑶", id="other-number"),
    ],
)
def test_a_quote_edge_that_cuts_a_letter_or_digit_off_a_folded_character_is_unmatched(
    document: str, quote: str
) -> None:
    # "⒑" folds to "10.": growing "item 1" over "0." would add a digit the quote lacks.
    assert align(document, quote).status == "unmatched"


def test_full_width_characters_match_ascii() -> None:
    document = "Model \uff27\uff30\uff34\uff0d\uff14 was released \uff08today\uff09."
    assert_normalized_match(document, "gpt-4 was released (today)", document[6:-1])


def test_sharp_s_casefolds_to_double_s() -> None:
    document = "Die Stra\u00dfe nach Berlin war gesperrt."
    result = assert_normalized_match(document, "STRASSE NACH BERLIN", "Stra\u00dfe nach Berlin")
    assert (result.start, result.end) == (4, 22)


# ---------------------------------------------------------------- elisions


@pytest.mark.parametrize("marker", ["...", "\u2026", " ... ", "[...]", " \u2026 "])
def test_elided_quote_spans_first_to_last_piece(marker: str) -> None:
    quote = "The senator said on Tuesday" + marker + "failed to agree on funding"
    result = align(ARTICLE, quote)
    assert result.status == "normalized"
    assert span_text(ARTICLE, result).startswith("The senator said on Tuesday")
    assert span_text(ARTICLE, result).endswith("failed to agree on funding")


def test_elided_quote_with_a_fuzzy_piece_is_fuzzy() -> None:
    quote = "The senator said on Tuesday ... negotiators had failed to settle on funding"
    result = align(ARTICLE, quote)
    assert result.status == "fuzzy"
    assert FUZZY_THRESHOLD <= result.score < 1.0
    assert span_text(ARTICLE, result).endswith("failed to agree on funding")


def test_elided_pieces_out_of_order_are_unmatched() -> None:
    quote = "failed to agree on funding ... The senator said on Tuesday"
    assert align(ARTICLE, quote).status == "unmatched"


def test_elided_pieces_far_apart_are_unmatched() -> None:
    filler = " ".join(f"word{i}" for i in range(300))
    document = f"The opening sentence is here. {filler} The closing sentence is there."
    assert (
        align(document, "The opening sentence ... closing sentence is there").status == "unmatched"
    )


def test_elided_span_starts_at_the_occurrence_nearest_the_next_piece() -> None:
    document = "He said the plan was sound. Later he said the plan was dead, and then left."
    result = align(document, "he said the plan ... dead")
    assert span_text(document, result) == "he said the plan was dead"


def test_trailing_ellipsis_alone_is_ignored() -> None:
    result = align(ARTICLE, "Officials in Ankara declined to comment\u2026")
    assert span_text(ARTICLE, result) == "Officials in Ankara declined to comment"


# ---------------------------------------------------------------- best occurrence, long elisions

# Invented sentences. Each filler paragraph is ~300 chars, so two of them put a quote's
# pieces well beyond the 250-char window of short pieces.
_LEDE = "The harbour commission voted on Tuesday to close the eastern pier for repairs"
_FILLER = (
    "Fishermen who moor their boats along the quay gathered outside the town hall before "
    "the meeting, holding hand-painted signs and asking for a written timetable. Several "
    "of them said the season had been short already and that a closure in the spring "
    "would cost them the few weeks of good weather left this year."
)


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(parts)


def test_elided_quote_lands_on_the_later_copy_that_matches_normalized() -> None:
    # The first copy has one word changed ("renovation"): it matches only fuzzily.
    near_copy = _LEDE.replace("repairs", "renovation") + " over the summer months."
    passage = _LEDE + " over the summer months."
    document = _paragraphs(near_copy, _FILLER, _FILLER, passage, _FILLER)
    result = align(document, "The harbour commission voted ... eastern pier for repairs over")
    assert result.status == "normalized"
    assert result.start == document.index(passage)
    assert span_text(document, result) == passage[: passage.index(" the summer")]


def test_elided_quote_keeps_the_first_copy_when_both_match_alike() -> None:
    passage = _LEDE + " over the summer months."
    document = _paragraphs(passage, _FILLER, _FILLER, passage, _FILLER)
    result = align(document, "The harbour commission voted ... eastern pier for repairs over")
    assert (result.status, result.start) == ("normalized", 0)


def test_elided_quote_is_fuzzy_when_only_the_changed_copy_exists() -> None:
    near_copy = _LEDE.replace("repairs", "renovation") + " over the summer months."
    document = _paragraphs(near_copy, _FILLER, _FILLER, _FILLER)
    result = align(document, "The harbour commission voted ... eastern pier for repairs over")
    assert result.status == "fuzzy"
    assert result.start == 0


_HEAD = "The mayor told the council that the budget was balanced for the first time"
_TAIL = "we will open the new library before the winter holidays begin"


def _long_elision(breaks: int) -> tuple[str, str, str]:
    """(document, quote, expected span): two pieces 900+ chars and BREAKS paragraphs apart."""
    opening = " ".join([_HEAD + ", she said.", _FILLER, _FILLER])  # ~650 chars
    closing = "\u201cAnd " + _TAIL + ".\u201d"
    if breaks == 0:
        document = " ".join([opening, _FILLER, closing])
    else:
        document = _paragraphs(opening, *[_FILLER] * (breaks - 1), closing)
    expected = document[document.index(_HEAD) : document.index(_TAIL) + len(_TAIL)]
    return document, _HEAD + " ... " + _TAIL, expected


@pytest.mark.parametrize(
    "breaks",
    [
        pytest.param(0, id="same-paragraph"),
        pytest.param(2, id="two-breaks-apart"),
        pytest.param(MAX_ELISION_BREAKS, id="at-the-paragraph-bound"),
    ],
)
def test_long_elision_within_the_paragraph_bound_is_matched(breaks: int) -> None:
    document, quote, expected = _long_elision(breaks)
    assert len(expected) - len(_HEAD) - len(_TAIL) > 800
    result = align(document, quote)
    assert result.status == "normalized"
    assert span_text(document, result) == expected


def test_long_elision_beyond_the_paragraph_bound_is_unmatched() -> None:
    document, quote, _ = _long_elision(MAX_ELISION_BREAKS + 1)
    assert align(document, quote).status == "unmatched"


def test_single_line_breaks_are_paragraphs_in_a_text_without_blank_lines() -> None:
    head = "The mayor told the council that the budget was balanced"
    tail = "we will open the new library before the winter"
    near = "\n".join([head + ".", _FILLER, tail + "."])
    far = "\n".join([head + ".", *[_FILLER] * (MAX_ELISION_BREAKS + 1), tail + "."])
    quote = head + " ... " + tail
    assert align(near, quote).status == "normalized"
    assert align(far, quote).status == "unmatched"


def test_long_elision_in_text_without_line_breaks_is_bounded_in_characters() -> None:
    head = "The mayor told the council that the budget was balanced"
    tail = "we will open the new library before the winter"
    quote = head + " ... " + tail
    assert align(" ".join([head + ".", _FILLER * 3, tail]), quote).status == "normalized"
    assert align(" ".join([head + ".", _FILLER * 20, tail]), quote).status == "unmatched"


def test_short_pieces_stay_within_a_short_window() -> None:
    # "He said" could match by chance anywhere: three paragraphs away is too far for it.
    near = "He said it was over. " + "No, it was not."
    far = _paragraphs("He said it was over.", _FILLER, _FILLER, "No, it was not.")
    assert align(near, "He said ... it was not").status == "normalized"
    assert align(far, "He said ... it was not").status == "unmatched"


def test_one_passage_repeated_ten_thousand_times_aligns_in_linear_time() -> None:
    passage = _LEDE + " over the summer months. "
    quotes = [
        "The harbour commission voted ... eastern pier for repairs",
        "The harbour commission voted ... the western dock was sold to a developer",
        "harbour commission ... Tuesday ... eastern pier ... summer months",
        "The summer months. The harbour commission voted on Tuesday",
        "The harbour commission voted on Tuesday to shut the eastern pier",
    ]
    for separator in (" ", "\n\n"):
        document = separator.join([passage.strip()] * 10_000)
        began = time.perf_counter()
        results = align_many(document, quotes)
        # Generous ceiling (about 0.2 s here): a rescan per occurrence would take minutes.
        assert time.perf_counter() - began < 20
        assert [r.status for r in results] == [
            "normalized",
            "unmatched",
            "normalized",
            "normalized",
            "unmatched",
        ]
        assert all(r.start is None or r.start < len(passage) for r in results)


# ---------------------------------------------------------------- fuzzy


def test_substituted_word_is_a_fuzzy_match() -> None:
    result = align(ARTICLE, "negotiators had failed to settle on funding")
    assert result.status == "fuzzy"
    assert span_text(ARTICLE, result) == "negotiators had failed to agree on funding"
    assert FUZZY_THRESHOLD <= result.score < 1.0


def test_dropped_word_is_a_fuzzy_match() -> None:
    result = align(ARTICLE, "which cited three people familiar with talks")
    assert result.status == "fuzzy"
    assert span_text(ARTICLE, result) == "which cited three people familiar with the talks"


def test_substituted_first_word_still_covers_the_whole_passage() -> None:
    result = align(ARTICLE, "Diplomats in Ankara declined to comment on the report")
    assert result.status == "fuzzy"
    assert span_text(ARTICLE, result) == "Officials in Ankara declined to comment on the report"


def test_substituted_last_word_still_covers_the_whole_passage() -> None:
    result = align(ARTICLE, "which cited three people familiar with the negotiations")
    assert result.status == "fuzzy"
    assert span_text(ARTICLE, result) == "which cited three people familiar with the talks"


# The quote's opening words "Too late" also occur just before the passage it copies.
REPEATED_OPENING = "Too late. Too late, warned the mayor, the old bridge closes in June."


def test_a_changed_word_is_fuzzy_when_the_opening_words_occur_just_before() -> None:
    quote = "Too late, cautioned the mayor, the old bridge closes in June"
    result = align(REPEATED_OPENING, quote)
    assert result.status == "fuzzy"
    assert span_text(REPEATED_OPENING, result) == REPEATED_OPENING[10:-1]
    assert result.score == pytest.approx(10 / 11)


def test_three_changed_words_stay_unmatched_when_the_opening_words_occur_just_before() -> None:
    # 8 of 11 tokens (0.73): the tighter span must not lift a real difference over 0.8.
    quote = "Too late, cautioned the governor, the new bridge closes in June"
    assert align(REPEATED_OPENING, quote).status == "unmatched"


@pytest.mark.parametrize(
    "quote", ["Officials in Istanbul", "three persons familiar", "refused to comment"]
)
def test_short_quotes_are_never_fuzzy_matched(quote: str) -> None:
    assert align(ARTICLE, quote).status == "unmatched"


def test_four_word_quote_with_a_changed_word_is_not_fuzzy_matched() -> None:
    # One word in four is 0.75 < FUZZY_THRESHOLD: the changed word may be the whole point.
    document = "Polls show the Democratic presidential nominee ahead in Ohio."
    assert align(document, "the Republican presidential nominee").status == "unmatched"


def test_sentence_from_another_article_is_unmatched() -> None:
    other = "The central bank raised interest rates by half a point on Wednesday, citing inflation."
    assert align(ARTICLE, other).status == "unmatched"


def test_sentence_sharing_common_words_with_the_document_is_unmatched() -> None:
    other = "The spokesman said on Tuesday that the ministry had failed to respond to the report."
    assert align(ARTICLE, other).status == "unmatched"


def test_paraphrase_with_different_content_words_is_unmatched() -> None:
    paraphrase = "negotiators were unable to reach a deal on money"
    assert align(ARTICLE, paraphrase).status == "unmatched"
    paraphrase = "the senator said the bill will fail in the House this year"
    assert align(ARTICLE, paraphrase).status == "unmatched"


# ---------------------------------------------------------------- scripts


ARABIC = "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 \u0625\u0646 \u0627\u0644\u0645\u0641\u0627\u0648\u0636\u0627\u062a \u0633\u062a\u0633\u062a\u0623\u0646\u0641 \u0627\u0644\u0623\u0633\u0628\u0648\u0639 \u0627\u0644\u0645\u0642\u0628\u0644 \u0641\u064a \u0627\u0644\u0642\u0627\u0647\u0631\u0629."  # noqa: E501


def test_arabic_exact_and_without_vowel_marks() -> None:
    quote = ARABIC[4:30]
    assert align(ARABIC, quote).status == "exact"
    vocalised = (
        "\u0642\u064e\u0627\u0644\u064e \u0627\u0644\u0652\u0648\u064e\u0632\u0650\u064a\u0631"
    )
    document = vocalised + " \u0625\u0646 \u0627\u0644\u0645\u0641\u0627\u0648\u0636\u0627\u062a"
    assert_normalized_match(
        document, "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631", vocalised
    )


def test_arabic_substituted_word_is_fuzzy() -> None:
    words = ARABIC.rstrip(".").split(" ")
    words[4] = "\u0633\u062a\u0628\u062f\u0623"  # a different verb
    result = align(ARABIC, " ".join(words))
    assert result.status == "fuzzy"
    assert span_text(ARABIC, result) == ARABIC.rstrip(".")


CHINESE = (
    "\u56fd\u5bb6\u7edf\u8ba1\u5c40\u5468\u4e8c\u53d1\u5e03\u6570\u636e\u663e\u793a\uff0c"
    "\u4eca\u5e74\u7b2c\u4e09\u5b63\u5ea6\u7ecf\u6d4e\u540c\u6bd4\u589e\u957f\u767e\u5206"
    "\u4e4b\u4e94\u70b9\u4e8c\uff0c\u9ad8\u4e8e\u5e02\u573a\u9884\u671f\u3002"
    "\u5206\u6790\u4eba\u58eb\u8ba4\u4e3a\uff0c\u6d88\u8d39\u56de\u6696\u662f\u4e3b\u8981"
    "\u539f\u56e0\u3002"
)


def test_chinese_exact_and_normalized_punctuation() -> None:
    quote = CHINESE[5:20]
    result = align(CHINESE, quote)
    assert (result.status, span_text(CHINESE, result)) == ("exact", quote)
    # A model writing an ASCII comma for the full-width one.
    ascii_comma = CHINESE[9:24].replace("\uff0c", ",")
    assert_normalized_match(CHINESE, ascii_comma, CHINESE[9:24])


def test_chinese_substituted_word_is_fuzzy_without_spaces() -> None:
    quote = CHINESE[14:32].replace("\u589e\u957f", "\u4e0b\u964d")  # "grew" -> "fell"
    result = align(CHINESE, quote)
    assert result.status == "fuzzy"
    assert span_text(CHINESE, result) == CHINESE[14:32]


def test_chinese_sentence_not_in_document_is_unmatched() -> None:
    other = "\u592e\u884c\u5ba3\u5e03\u4e0b\u8c03\u5b58\u6b3e\u51c6\u5907\u91d1\u7387\u96f6\u70b9\u4e94\u4e2a\u767e\u5206\u70b9"  # noqa: E501
    assert align(CHINESE, other).status == "unmatched"


def test_japanese_mixed_script_is_matched() -> None:
    document = "\u6771\u4eac\u90fd\u306f\u6728\u66dc\u65e5\u3001\u65b0\u3057\u3044\u5bfe\u7b56\u3092\u767a\u8868\u3057\u305f\u3002"  # noqa: E501
    result = align(document, "\u65b0\u3057\u3044\u5bfe\u7b56\u3092\u767a\u8868")
    assert span_text(document, result) == "\u65b0\u3057\u3044\u5bfe\u7b56\u3092\u767a\u8868"


def test_emoji_and_zwj_sequences_keep_offsets() -> None:
    document = "Fans \U0001f389 cheered \U0001f468\u200d\U0001f469\u200d\U0001f467 LOUDLY as \U0001f44d\U0001f3fd the team won."  # noqa: E501
    quote = "\U0001f468\u200d\U0001f469\u200d\U0001f467 loudly as \U0001f44d\U0001f3fd the team"
    result = assert_normalized_match(document, quote, document[document.index("\U0001f468") : -5])
    assert span_text(document, result).endswith("the team")


def test_combining_marks_stay_with_their_base_letter() -> None:
    document = "Na\u0301vrh za\u0301kona pr\u030cijala sne\u030cmovna"  # Czech, decomposed
    expected = document[: document.index(" pr")]
    result = assert_normalized_match(document, "N\u00c1VRH Z\u00c1KONA", expected)
    assert span_text(document, result).endswith("\u0301kona")
    # A quote ending in a bare base letter must not cut its combining mark off.
    assert align(document, "navrh za").status == "unmatched"


def test_devanagari_with_vowel_signs_is_matched() -> None:
    document = "\u092e\u0902\u0924\u094d\u0930\u0940 \u0928\u0947 \u0915\u0939\u093e \u0915\u093f \u092c\u093e\u0924\u091a\u0940\u0924 \u091c\u093e\u0930\u0940 \u0930\u0939\u0947\u0917\u0940\u0964"  # noqa: E501
    quote = "\u0915\u0939\u093e  \u0915\u093f \u092c\u093e\u0924\u091a\u0940\u0924"
    assert_normalized_match(
        document, quote, "\u0915\u0939\u093e \u0915\u093f \u092c\u093e\u0924\u091a\u0940\u0924"
    )


# ---------------------------------------------------------------- API


def test_whole_word_occurrence_is_preferred_for_normalized_matches() -> None:
    # "Win" is not verbatim anywhere; normalised it occurs in "twins" first, then as a word.
    result = align("The twins went for a WIN today.", "Win")
    assert (result.status, result.start, result.end) == ("normalized", 21, 24)


def test_align_many_equals_align_for_each_quote() -> None:
    quotes = [
        "negotiators had failed to agree on funding",
        "OFFICIALS IN ANKARA",
        "negotiators had failed to settle on funding",
        "The senator said on Tuesday \u2026 agree on funding",
        "a sentence that is nowhere in this article at all",
        "",
    ]
    assert align_many(ARTICLE, quotes) == [align(ARTICLE, quote) for quote in quotes]
    assert [a.status for a in align_many(ARTICLE, quotes)] == [
        "exact",
        "normalized",
        "fuzzy",
        "normalized",
        "unmatched",
        "unmatched",
    ]


def test_normalize_is_public_and_idempotent() -> None:
    text = "  \u201cThe  Stra\u00dfe\u2014\ufb01ne\u2019s\u201d!  "
    assert normalize(text) == "the strasse-fine's"
    assert normalize(normalize(text)) == normalize(text)
