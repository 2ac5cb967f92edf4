"""The extractive engine's `sources`: news attribution conventions on small snippets."""

from __future__ import annotations

import pytest

from summarizer._engines._extractive import summarize
from summarizer._engines._extractive._attribution import attribute
from summarizer._schema import Source, StructuredSummary


def sources_of(text: str) -> list[Source]:
    return summarize(text).sources


def named(summary: StructuredSummary | list[Source], name: str) -> Source:
    sources = summary.sources if isinstance(summary, StructuredSummary) else summary
    matches = [source for source in sources if source.name == name]
    assert matches, f"no source {name!r} in {[s.name for s in sources]}"
    return matches[0]


def statements(source: Source) -> list[str]:
    return [evidence.quote for evidence in source.statements]


def test_quote_before_the_verb() -> None:
    source = named(sources_of('"We will win this race," Jane Doe said on Monday.'), "Jane Doe")
    assert statements(source) == ["We will win this race,"]
    assert source.kind == "named_person"


def test_quote_after_the_verb_with_a_colon() -> None:
    source = named(sources_of('Jane Doe said: "We will win this race."'), "Jane Doe")
    assert statements(source) == ["We will win this race."]


def test_inverted_verb_and_appositive_after_it() -> None:
    text = '"We will win," said Rosa Ferreira, the acting treasurer of the club.'
    source = named(sources_of(text), "Rosa Ferreira")
    assert source.role == "acting treasurer of the club"


def test_multi_sentence_quote_and_a_quote_only_paragraph_continue_the_speaker() -> None:
    text = '"The plan is bad. It will fail," John Roe said.\n\n"Nobody wants it."'
    source = named(sources_of(text), "John Roe")
    assert statements(source) == ["The plan is bad. It will fail,", "Nobody wants it."]


@pytest.mark.parametrize(
    "text",
    [
        '"The plan is bad," John Roe said. "Nobody wants it."',
        '"The plan is bad," said John Roe, a teacher at the school, "and nobody wants it."',
        '"The plan is bad," said John Roe, a teacher at the school who has challenged the '
        'council over its budget for years. "Nobody wants it."',
        "''The plan is bad,'' he said. ''Nobody wants it.''",
        '"The plan is bad," he added, "and nobody wants it."',
        '"The plan is bad," John Roe said, but "nobody wants it."',
    ],
    ids=[
        "said-period",
        "said-appositive-comma",
        "said-long-appositive",
        "pronoun-double-apostrophes",
        "he-added",
        "but",
    ],
)
def test_an_interrupted_quotation_excludes_its_own_attribution(text: str) -> None:
    text = "John Roe spoke on Monday. " + text
    first, second = statements(named(sources_of(text), "John Roe"))
    assert first == "The plan is bad,"
    assert second.casefold() in ("nobody wants it.", "and nobody wants it.")


@pytest.mark.parametrize("mark", ['"', "''"], ids=["double-quote", "two-apostrophes"])
def test_a_mixed_quotation_and_the_quotation_after_its_attribution_are_two_statements(
    mark: str,
) -> None:
    text = f"The plan is {mark}bad for the town,{mark} says John Roe. {mark}Nobody wants it.{mark}"
    assert statements(named(sources_of(text), "John Roe")) == [
        f"The plan is {mark}bad for the town,{mark}",
        "Nobody wants it.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"The plan is bad," John Roe said.\n\n"Nobody wants it."',
        '"The plan is bad," John Roe said on Monday'
        + " after the meeting with the council, the mayor and the residents" * 4
        + '. "Nobody wants it."',
        '"The plan is bad," John Roe said. Mary Major said nothing. "Nobody wants it."',
        '"The plan is bad," John Roe said, adding later, "Nobody wants it."',
        '"The plan is bad," John Roe said, suggesting a question: "Does anybody want it?"',
        '"The plan is bad," John Roe said. "Nobody wants it," he added.',
    ],
    ids=[
        "paragraph-break",
        "long-interruption",
        "interruption-without-the-speaker",
        "adding",
        "suggesting",
        "second-part-with-its-own-cue",
    ],
)
def test_quotations_apart_stay_two_statements(text: str) -> None:
    kept = statements(named(sources_of(text), "John Roe"))
    assert kept[0] == "The plan is bad,"
    assert "said" not in " ".join(kept)


def test_paragraph_opening_quote_without_closing_mark_runs_into_the_next_paragraph() -> None:
    text = (
        "The mayor spoke at length.\n\n"
        "“We have rebuilt the bridge and the school.\n\n"
        "“Next year we will rebuild the station,” Mayor Ann Lee said."
    )
    source = named(sources_of(text), "Ann Lee")
    assert statements(source) == [
        "We have rebuilt the bridge and the school.",
        "Next year we will rebuild the station,",
    ]
    assert source.role == "Mayor"


def test_indirect_speech_keeps_the_reported_clause() -> None:
    text = "Senator Max Poe said that the budget would be cut by the end of the year."
    source = named(sources_of(text), "Max Poe")
    assert statements(source) == ["that the budget would be cut by the end of the year"]
    assert source.role == "Senator"


def test_clause_before_a_closing_attribution() -> None:
    text = "The talks will resume next week, officials say."
    source = named(sources_of(text), "officials")
    assert source.kind == "anonymous"
    assert statements(source) == ["The talks will resume next week"]


def test_according_to_at_the_start_and_at_the_end() -> None:
    first = named(sources_of("According to the ministry, exports fell sharply in May."), "ministry")
    assert statements(first) == ["exports fell sharply in May"]
    second = sources_of("Exports fell sharply in May, according to a statement from the ministry.")
    assert statements(second[0]) == ["Exports fell sharply in May"]
    assert second[0].kind == "official_statement"


def test_appositive_role_is_split_from_the_name() -> None:
    text = '"There is support to close it," Omar al-Hadi, a Harbor Alliance MP, said.'
    source = named(sources_of(text), "Omar al-Hadi")
    assert source.role == "Harbor Alliance MP"
    assert source.kind == "named_person"


@pytest.mark.parametrize(
    "text",
    [
        '"Talks are stalled," a source, who asked not to be identified, said.',
        "An unnamed official said that talks were stalled.",
        "Sources familiar with the talks said that they were stalled.",
    ],
    ids=["a-source-who-asked-not-to-be-identified", "an-unnamed-official", "sources-familiar-with"],
)
def test_anonymity_cues_make_the_source_anonymous(text: str) -> None:
    (source,) = sources_of(text)
    assert source.kind == "anonymous"


def test_told_an_outlet_becomes_via() -> None:
    text = '"Talks are stalled," a source, who asked not to be identified, told The Valley Herald.'
    (source,) = sources_of(text)
    assert source.via == "The Valley Herald"
    assert statements(source) == ["Talks are stalled,"]


def test_an_outlet_quoting_an_unnamed_official_is_its_via_not_a_speaker() -> None:
    # The attribution sentence is no statement of the outlet's: the official's claim is the
    # content, and the outlet is how it reached the reader.
    text = (
        "The Harbor Gazette quoted an unnamed Danish official who claimed “the mood has "
        "turned” in how ministers regard the levy."
    )
    summary = summarize(text)
    official = named(summary, "unnamed Danish official")
    assert [source.name for source in summary.sources] == ["unnamed Danish official"]
    assert official.kind == "anonymous"
    assert official.via == "The Harbor Gazette"
    # the reported clause goes on after the quotation: one statement
    assert statements(official) == ["“the mood has turned” in how ministers regard the levy"]


def test_pronoun_speaker_resolves_to_the_last_named_speaker() -> None:
    text = '"We need more buses," Maria Gomez said.\n\n"And we need them now," she added.'
    (source,) = sources_of(text)
    assert source.name == "Maria Gomez"
    assert statements(source) == ["We need more buses,", "And we need them now,"]


def test_pronoun_without_any_antecedent_is_dropped_not_invented() -> None:
    alone = '"We need more buses," he said.'
    assert sources_of(alone) == []
    # the minimal pair: with a person named before it, the pronoun is theirs
    with_antecedent = named(sources_of("Tom Ray took the microphone.\n\n" + alone), "Tom Ray")
    assert statements(with_antecedent) == ["We need more buses,"]


def test_repeated_mention_by_surname_merges_into_the_full_name() -> None:
    text = (
        '"The deal is dead," Waad al-Qaddo said.\n\n'
        "Qaddo added that the government had committed to ending the mission."
    )
    (source,) = sources_of(text)
    assert source.name == "Waad al-Qaddo"
    assert len(source.statements) == 2


def test_the_source_refers_back_to_the_last_anonymous_source() -> None:
    text = (
        '"Talks are stalled," an unnamed official said.\n\n'
        "The bill will pass next week, according to the source."
    )
    (source,) = sources_of(text)
    assert source.name == "unnamed official"
    assert len(source.statements) == 2


def test_dash_signed_quotation() -> None:
    source = named(sources_of("“I am voting for the first time.” ― Carla Sanchez"), "Carla Sanchez")
    assert statements(source) == ["I am voting for the first time."]


def test_transcript_speaker_label() -> None:
    text = "WALLACE: Will she attend the debate tomorrow night?\n\nPENCE: She will not attend."
    summary = summarize(text)
    assert statements(named(summary, "PENCE")) == ["She will not attend"]


def test_scare_quotes_without_a_speaker_are_not_attributed() -> None:
    text = "The so-called “reform” passed on Tuesday after a long debate"
    assert sources_of(text + ".") == []
    # the minimal pair: a closing attribution makes the whole clause a statement
    assert statements(named(sources_of(text + ", Tom Ray said."), "Tom Ray")) == [text]


def test_sources_are_numbered_in_order_of_appearance() -> None:
    text = '"One," Ann Lee said. "Two," Bob Ray said. "Three," Ann Lee said.'
    assert [(s.id, s.name) for s in sources_of(text)] == [("S1", "Ann Lee"), ("S2", "Bob Ray")]


def test_a_surname_speaker_takes_the_full_name_the_text_gives_elsewhere() -> None:
    text = (
        "Hilda Brandt offered some advice to the league on Friday.\n\n"
        "Brandt told Metro TV's \"Morning Table\" that nobody would doubt the coach's record."
    )
    (source,) = sources_of(text)
    assert source.name == "Hilda Brandt"
    assert source.via == "Metro TV"
    assert statements(source) == ["that nobody would doubt the coach's record"]


def mentions(source: Source) -> list[str]:
    return [evidence.quote for evidence in source.mentions]


def test_mentions_are_the_speaker_phrases_as_written() -> None:
    text = (
        '"Talks are stalled," Omar al-Hadi, a Harbor Alliance MP, told The Valley Herald.'
        "\n\nHadi added that the cabinet had agreed to closing the port."
    )
    (source,) = sources_of(text)
    assert mentions(source) == ["Omar al-Hadi, a Harbor Alliance MP", "Hadi"]
    for mention in source.mentions:
        assert mention.match == "exact" and mention.start is not None and mention.end is not None
        assert text[mention.start : mention.end] == mention.quote


def test_a_pronoun_mention_belongs_to_the_speaker_it_resolves_to() -> None:
    text = '"We need more buses," Maria Gomez said.\n\n"And we need them now," she added.'
    (source,) = sources_of(text)
    assert mentions(source) == ["Maria Gomez", "she"]
    assert source.mentions[1].start == text.index("she added")


def test_the_source_is_a_mention_of_the_anonymous_source_it_refers_to() -> None:
    text = (
        '"Talks are stalled," an unnamed official said.\n\n'
        "The bill will pass next week, according to the source."
    )
    (source,) = sources_of(text)
    assert mentions(source) == ["an unnamed official", "the source"]


def test_the_outlet_that_relays_a_statement_is_no_mention_of_the_relayed_source() -> None:
    text = (
        "The Harbor Gazette quoted an unnamed Danish official as saying “talks are stalled "
        "for now.” The official told The Valley Herald that the deal was dead."
    )
    summary = summarize(text)
    assert "The Harbor Gazette" not in [source.name for source in summary.sources]
    official = named(summary, "unnamed Danish official")
    assert official.via == "The Harbor Gazette"
    assert mentions(official) == ["an unnamed Danish official", "The official"]


def test_a_verb_sharing_the_subject_shares_its_mention() -> None:
    text = (
        "The sources claimed that Iraq has yet to sign any formal agreement, adding that "
        "talks are only preliminary so far."
    )
    found = attribute(text)
    assert len(found.claims) == 2
    assert [text[c.mention[0] : c.mention[1]] for c in found.claims if c.mention] == [
        "The sources",
        "The sources",
    ]
    (source,) = sources_of(text)
    assert mentions(source) == ["The sources"]  # one span, once


def test_labels_and_dash_signatures_are_mentions() -> None:
    transcript = summarize("WALLACE: Will she attend the debate?\n\nPENCE: She will not attend.")
    assert mentions(named(transcript, "PENCE")) == ["PENCE"]
    signed = sources_of("“I am voting for the first time.” ― Carla Sanchez")
    assert mentions(named(signed, "Carla Sanchez")) == ["Carla Sanchez"]


def test_mentions_are_capped_at_the_schema_limit() -> None:
    lines = ['"We start today," Maria Gomez said.']
    lines += [f'"Point number {n} stands," she said.' for n in range(60)]
    text = "\n\n".join(lines)
    (source,) = summarize(text).sources
    assert len(source.mentions) == 40
    assert len({(m.start, m.end) for m in source.mentions}) == 40
    StructuredSummary.model_validate(summarize(text).model_dump())


# (text, a minimal pair or the text itself, the speaker it names, what they said)
_CLAUSE_PIECE_CASES = [
    pytest.param(
        "It was said that the plan would fail.",
        "Ann Lee said that the plan would fail.",
        "Ann Lee",
        "that the plan would fail",
        id="passive-it-was-said",
    ),
    pytest.param(
        "Walter Hahn was often said to be lucky in politics.",
        "Walter Hahn often said he was lucky in politics.",
        "Walter Hahn",
        "he was lucky in politics",
        id="passive-said-to-be",
    ),
    pytest.param(
        "Republicans had only said the hearing would continue next week.",
        "Republicans had said the hearing would continue next week.",
        "Republicans",
        "the hearing would continue next week",
        id="adverb-between-auxiliary-and-said",
    ),
    pytest.param(
        "The poll released in said that voters were tired of the race.",
        "The poll released in said that voters were tired of the race.",
        "The poll",
        "that voters were tired of the race",
        id="preposition-without-object-before-said",
    ),
]


@pytest.mark.parametrize(("text", "pair", "name", "statement"), _CLAUSE_PIECE_CASES)
def test_a_piece_of_a_clause_is_no_speaker(text: str, pair: str, name: str, statement: str) -> None:
    names = [source.name for source in sources_of(text)]
    assert not any(name.split()[-1] in {"was", "only", "in"} for name in names), names
    assert not any(word in names for word in ("It was", "Republicans had only")), names
    assert statements(named(sources_of(pair), name)) == [statement]


@pytest.mark.parametrize(
    ("text", "name", "role", "affiliation"),
    [
        ("Rep. Ellen Park (D-Mass.) said the law does not apply.", "Ellen Park", "Rep.",
         "D-Mass."),
        ("Dana Holt (R-Utah), chairman of the panel, said the law does not apply.",
         "Dana Holt", "chairman of the panel", "R-Utah"),
        ("Rep. Oscar T. Reyes (D-N.Y.), treasurer of the caucus fund, said the law does not "
         "apply.", "Oscar T. Reyes", "treasurer of the caucus fund", "D-N.Y."),
        ("Samuel Ortiz Jr. said the law does not apply.", "Samuel Ortiz Jr.", None,
         None),
    ],
    ids=[
        "title-and-party-tag",
        "party-tag-and-role-appositive",
        "middle-initial-party-tag-and-role",
        "name-suffix-jr",
    ],
)  # fmt: skip
def test_party_tags_and_name_suffixes_belong_to_the_speaker(
    text: str, name: str, role: str | None, affiliation: str | None
) -> None:
    source = named(sources_of(text), name)
    assert (source.role, source.affiliation) == (role, affiliation)
    assert statements(source) == ["the law does not apply"]


def test_a_cue_right_after_the_reported_subject_belongs_to_the_reported_clause() -> None:
    text = "Jane Merrill says Okafor promised to keep funding the shelter."
    source = named(sources_of(text), "Jane Merrill")
    assert statements(source) == ["Okafor promised to keep funding the shelter"]


@pytest.mark.parametrize(
    "text",
    [
        'Clinton said Tuesday, "The current system works fine for many."',
        'Clinton told reporters on Tuesday, "The current system works fine for many."',
        'Clinton said in a statement: "The current system works fine for many."',
    ],
    ids=["said-and-a-day", "told-reporters-on-a-day", "said-in-a-statement-and-colon"],
)
def test_a_short_adverbial_between_the_verb_and_its_quotation(text: str) -> None:
    assert statements(named(sources_of(text), "Clinton")) == [
        "The current system works fine for many."
    ]


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("Jane Doe said she plans to run for office next year.", "she plans to run for office"),
        ("Jane Doe said she wants to cut taxes for the middle class.", "she wants to cut taxes"),
    ],
    ids=["plans-to", "wants-to"],
)
def test_a_statement_inside_a_longer_one_of_the_same_speaker_is_kept_once(
    text: str, statement: str
) -> None:
    [kept] = statements(named(sources_of(text), "Jane Doe"))
    assert kept.startswith(statement)


@pytest.mark.parametrize(
    "text",
    [
        'Jane Roe continued: "The health issue is very much a partisan issue."',
        "Jane Roe spoke at noon. She continued:\n\n"
        '"The health issue is very much a partisan issue."',
        "On July 6, 2015, Jane Roe made the following comment:\n\n"
        '"The health issue is very much a partisan issue."',
    ],
    ids=["same-paragraph", "next-paragraph-pronoun", "dated-comment"],
)
def test_a_quotation_after_a_colon_closing_the_speakers_clause(text: str) -> None:
    assert statements(named(sources_of(text), "Jane Roe")) == [
        "The health issue is very much a partisan issue."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'So when the firm made the deal last summer, Jane Roe said, "we were floored."',
            ['So when the firm made the deal last summer, Jane Roe said, "we were floored.'],
        ),
        (
            'In an interview on Tuesday, Jane Roe said, "we were floored by the news."',
            ["we were floored by the news."],
        ),
    ],
    ids=["clause-completed-by-the-quotation", "introductory-phrase-is-no-clause"],
)
def test_a_lower_case_quotation_completes_the_clause_before_its_speaker(
    text: str, expected: list[str]
) -> None:
    assert statements(named(sources_of(text), "Jane Roe")) == expected


def test_a_long_quotation_with_a_few_words_after_it_continues_the_speaker() -> None:
    text = (
        '"The plan is bad," Jane Roe said.\n\n'
        '"It is basically just a tax increase with nothing in it for anyone" for the '
        "richest families."
    )
    assert len(statements(named(sources_of(text), "Jane Roe"))) == 2


@pytest.mark.parametrize(
    "text",
    [
        '"Why is this not proof that the bank is too big?" Jane Roe demanded.',
        '"Why is this not proof that the bank is too big?" Jane Roe asked on Tuesday.',
        '"Why is this not proof that the bank is too big?" asked Jane Roe, a senator.',
    ],
    ids=["object-verb-without-object", "asked", "inverted"],
)
def test_a_question_quoted_before_its_speaker_is_theirs(text: str) -> None:
    assert statements(named(sources_of(text), "Jane Roe")) == [
        "Why is this not proof that the bank is too big?"
    ]


def test_a_quoted_exclamation_before_another_sentence_still_ends_it() -> None:
    assert sources_of('"We won!" The crowd cheered for an hour.') == []
    # the minimal pair: a lower-case cue after the exclamation continues the sentence
    coach = named(sources_of('"We won!" the coach said. The crowd cheered for an hour.'), "coach")
    assert statements(coach) == ["We won!"]


@pytest.mark.parametrize(
    "text",
    [
        "The Times reported that Jane Roe had claimed a loss of $9 million in 1995.",
        "Her spokesman John Doe says that Jane Roe called Ann Lee on Friday to thank her.",
    ],
    ids=["reported-claim", "spokesman-says"],
)
def test_a_statement_reported_inside_another_sources_statement_is_not_its_own(
    text: str,
) -> None:
    names = [source.name for source in sources_of(text)]
    assert "Jane Roe" not in names
    assert len(names) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jane Roe wrote that the firms had grown these areas by adding a few poor towns.",
            ["that the firms had grown these areas by adding a few poor towns"],
        ),
        ("Jane Roe responded by saying that the plan was dead.", ["that the plan was dead"]),
        ("Jane Roe began by saying she would never vote for it.", ["she would never vote for it"]),
    ],
    ids=["a-means", "by-saying-that", "by-saying-a-clause"],
)
def test_a_participle_after_by_is_a_cue_only_before_what_was_said(
    text: str, expected: list[str]
) -> None:
    assert statements(named(sources_of(text), "Jane Roe")) == expected


# Sentences with two speakers: who says what, for every source the engine finds.
_TWO_SPEAKER_CASES = [
    pytest.param(
        "Republicans said the department mishandled the case and Democrats accused the"
        " party of stoking the issue.",
        {
            "Republicans": ["the department mishandled the case"],
            "Democrats": ["the party of stoking the issue"],
        },
        id="a-coordinated-clause-with-a-named-subject-ends-the-reported-clause",
    ),
    pytest.param(
        "Ann Lee, a senior adviser to the Roe campaign, said the race was close.\n\n"
        "The Roe campaign plans to employ the mayor in the coming weeks.",
        {
            "Ann Lee": ["the race was close"],
            "The Roe campaign": ["to employ the mayor in the coming weeks"],
        },
        id="a-description-is-not-a-person-whose-role-only-mentions-it",
    ),
    pytest.param(
        "Jane Roe was touchy about not paying a plumber who said he was cheated,"
        " saying, \u201cMaybe he did not do a good job at all.\u201d",
        {
            "plumber": ["he was cheated"],
            "Jane Roe": ["Maybe he did not do a good job at all."],
        },
        id="a-participle-after-a-relative-clause-belongs-to-the-main-subject",
    ),
    pytest.param(
        "Video showed Jane Roe slipping on the stairs last month (her office later"
        " disclosed that she has a broken wrist).",
        {
            "Video": ["Jane Roe slipping on the stairs last month"],
            "her office": ["that she has a broken wrist"],
        },
        id="an-attribution-in-parentheses-has-its-own-speaker-and-clause",
    ),
    pytest.param(
        "Varga has promised to bring back lost shipyard jobs, and Maria Lund is promising "
        "to help harbor towns move beyond fishing.",
        {
            "Varga": ["to bring back lost shipyard jobs"],
            "Maria Lund": ["to help harbor towns move beyond fishing"],
        },
        id="a-second-speaker-after-and-ends-the-first-statement",
    ),
]


@pytest.mark.parametrize(("text", "expected"), _TWO_SPEAKER_CASES)
def test_two_speakers_in_one_sentence(text: str, expected: dict[str, list[str]]) -> None:
    assert {source.name: statements(source) for source in sources_of(text)} == expected


# One speaker's statements in a sentence or two: each case a convention once got wrong.
_ONE_SPEAKER_CASES = [
    pytest.param(
        "Merrill says Okafor promised to keep funding the shelter and said she would stay.",
        "Merrill",
        ["Okafor promised to keep funding the shelter"],
        id="a-clause-cut-at-the-next-cue-loses-its-dangling-conjunction",
    ),
    pytest.param(
        "Lund said at a town meeting in Bend, Oregon, that the plan would fail.",
        "Lund",
        ["that the plan would fail"],
        id="a-long-adverbial-closed-by-a-comma-before-that",
    ),
    pytest.param(
        "On last night’s edition of “Harbor Talk Tonight,” Gov. Tom Reyes said his "
        "deputy was only teasing Lund.",
        "Tom Reyes",
        ["his deputy was only teasing Lund"],
        id="a-show-title-before-the-speaker-is-no-quotation-of-theirs",
    ),
    pytest.param(
        '"I love Larry," Jane Doe said, but "on energy, Larry has a history."',
        "Jane Doe",
        ["I love Larry,", "on energy, Larry has a history."],
        id="a-quotation-after-said-but-continues-the-speaker",
    ),
    pytest.param(
        "The relatives watched the video on Thursday, attorneys for the family said.",
        "attorneys for the family",
        ["The relatives watched the video on Thursday"],
        id="a-plural-described-speaker-after-the-clause",
    ),
    pytest.param(
        '"The race is close," said Roe.\n\nRoe continued:\n\n'
        '"The health issue is very much a partisan issue."\n\nThe hearing ended.',
        "Roe",
        [
            "The race is close,",
            "The health issue is very much a partisan issue.",
        ],
        id="a-quotation-after-a-colon-is-claimed-after-an-earlier-quotation-of-the-speaker",
    ),
    pytest.param(
        'Jane Roe said: "I will read you the question: \u201cDo you think so?\u201d'
        ' Forty-three said yes."',
        "Jane Roe",
        ["I will read you the question: \u201cDo you think so?\u201d Forty-three said yes."],
        id="a-quotation-inside-a-quotation-of-the-other-mark-family-stays-inside",
    ),
    pytest.param(
        '"The plan is bad," John Roe said, stressing why it matters. "Nobody wants it."',
        "John Roe",
        ["The plan is bad,", "why it matters", "Nobody wants it."],
        id="a-participle-clause-inside-an-interruption-is-a-statement-of-its-own",
    ),
    pytest.param(
        '"The plan is bad," Jane Roe said.\n\n"Big Daddy" arrived at the stage on Monday.',
        "Jane Roe",
        ["The plan is bad,"],
        id="a-short-quotation-opening-a-sentence-of-its-own-is-nobodys",
    ),
    pytest.param(
        "Jane Roe said she could not answer the questions because the members had only"
        " asked for the figures on Monday.",
        "Jane Roe",
        [
            "she could not answer the questions because the members had only asked for the"
            " figures on Monday"
        ],
        id="a-cue-inside-a-subordinate-clause-of-the-reported-clause-is-part-of-it",
    ),
    pytest.param(
        "Jane Roe has sharply criticized the old fishing quotas such as the 1998 pact and "
        "called for strict new limits on boats from abroad.",
        "Jane Roe",
        [
            "the old fishing quotas such as the 1998 pact",
            "for strict new limits on boats from abroad",
        ],
        id="a-second-verb-after-and-ends-the-object-of-the-first",
    ),
    pytest.param(
        "Jane Roe has attacked exemptions that favor insiders, and has called for reform.",
        "Jane Roe",
        [
            "exemptions that favor insiders",
            "for reform",
        ],
        id="an-object-ends-before-a-second-verb-phrase-after-comma-and",
    ),
    pytest.param(
        "Jane Roe said the deal was dead and she said the vote was close.",
        "Jane Roe",
        [
            "the deal was dead",
            "the vote was close",
        ],
        id="a-second-cue-after-and-is-no-relative-clause",
    ),
]


@pytest.mark.parametrize(("text", "name", "expected"), _ONE_SPEAKER_CASES)
def test_the_statements_of_one_speaker(text: str, name: str, expected: list[str]) -> None:
    assert statements(named(sources_of(text), name)) == expected
