"""The extractive engine's speaker phrases: who the text names at a cue, on invented snippets.

Each case is a news convention the engine once got wrong (a modifier, a heading, a
relative clause, a dash appositive ... taken for a speaker, or a speaker missed).
"""

from __future__ import annotations

import pytest

from summarizer._schema import MAX_STATEMENTS
from tests.test_extractive_attribution import named, sources_of, statements

# (text, names that are no speakers, the text itself or a minimal pair, what that gives)
_NO_SPEAKER_WORD_CASES = [
    pytest.param(
        "The panel rated 40% of Republican claims as misleading, compared to 9% of "
        "Democratic claims.",
        {"Republican", "Democratic"},
        "The council said that the claims were misleading.",
        {"The council": ["that the claims were misleading"]},
        id="party-adjectives-before-compared-to",
    ),
    pytest.param(
        "Recently, however, the club issued a newsletter, calling for longer opening hours.",
        {"Recently"},
        "Recently, the board issued a statement calling the hours too short.",
        {"board": ["the hours too short"]},
        id="opening-adverb",
    ),
    pytest.param(
        "Following a short meeting, the board issued a statement calling the merger a "
        "clear mistake.",
        {"Following"},
        None,
        {"board": ["the merger a clear mistake"]},
        id="opening-following-phrase",
    ),
    pytest.param(
        "Chastened by the reviews, Smith revised his menu, promising to focus on local produce.",
        {"Chastened"},
        None,
        {"Smith": ["to focus on local produce"]},
        id="opening-participle",
    ),
    pytest.param(
        "It was under Mr. Lee's watch that the library was founded. He said he liked the "
        "plan for a new wing.",
        {"Lee's", "Mr. Lee's"},
        "It was under Mr. Lee's watch that the library was founded. Lee said he liked the "
        "plan for a new wing.",
        {"Lee": ["he liked the plan for a new wing"]},
        id="possessive",
    ),
    pytest.param(
        "Not that anyone on the business side is arguing, since other emails suggest that "
        "the host puts business first.",
        {"Not"},
        "Other emails suggest the host puts business first, the lawyer said.",
        {"lawyer": ["Other emails suggest the host puts business first"]},
        id="opening-not-that",
    ),
    pytest.param(
        "Regardless, the senator voted against the bill, saying the plan would fail.",
        {"Regardless"},
        None,
        {"senator": ["the plan would fail"]},
        id="opening-regardless",
    ),
    pytest.param(
        "Nevertheless, Jane Roe voted against the bill, saying the plan would fail.",
        {"Nevertheless"},
        None,
        {"Jane Roe": ["the plan would fail"]},
        id="opening-nevertheless",
    ),
]


@pytest.mark.parametrize(("text", "bogus", "pair", "expected"), _NO_SPEAKER_WORD_CASES)
def test_modifiers_possessives_and_introductory_words_are_no_speakers(
    text: str, bogus: set[str], pair: str | None, expected: dict[str, list[str]]
) -> None:
    names = {source.name for source in sources_of(text)}
    assert not names & bogus, names
    found = sources_of(text if pair is None else pair)
    assert {source.name: statements(source) for source in found} == expected


def test_a_party_adjective_opens_the_speakers_role_not_their_name() -> None:
    text = (
        "Democratic presidential nominee Jane Roe chimed in on Twitter, saying that "
        "officials should publish the report."
    )
    source = named(sources_of(text), "Jane Roe")
    assert source.role == "Democratic presidential nominee"
    assert statements(source) == ["that officials should publish the report"]


# Each case is a convention: (text, the speaker it names, what that speaker said).
_SPEAKER_CASES = [
    pytest.param(
        "Some residents privately expressed reservations about the project.",
        "Some residents",
        "reservations about the project",
        id="expressed-attributes-its-object",
    ),
    pytest.param(
        "Smith likened the plan to a gift for landlords.",
        "Smith",
        "the plan to a gift for landlords",
        id="likened-attributes-the-comparison",
    ),
    pytest.param(
        "The senator voiced concern that the deal would collapse.",
        "The senator",
        "concern that the deal would collapse",
        id="voiced-attributes-the-concern",
    ),
    pytest.param(
        '"The rules do not hold," said 9/11 widow Jane Roe.',
        "Jane Roe",
        "The rules do not hold,",
        id="a-number-in-a-descriptor-before-an-inverted-name",
    ),
    pytest.param(
        "Jane Roe -- co-editor of a book on debates -- said the candidate tended to improvise.",
        "Jane Roe",
        "the candidate tended to improvise",
        id="a-dash-appositive-between-name-and-verb",
    ),
    pytest.param(
        "Mayor Jane Roe, opening the aquarium on Sunday, said it would show a coastal history.",
        "Jane Roe",
        "it would show a coastal history",
        id="a-participle-phrase-between-name-and-verb",
    ),
    pytest.param(
        (
            'In an interview on KTV\'s "Morning Table," Jane Roe said the strikes demand '
            "more patience."
        ),
        "Jane Roe",
        "the strikes demand more patience",
        id="an-opening-show-title-in-quotes-is-no-quotation",
    ),
    pytest.param(
        "The hearing went downhill after that, said one union source in the hall.",
        "one union source in the hall",
        "The hearing went downhill after that",
        id="an-inverted-described-source-with-a-place",
    ),
    pytest.param(
        (
            "Jane Roe had scoffed at it, saying anybody who blames the "
            "weather is having a bad season."
        ),
        "Jane Roe",
        "anybody who blames the weather is having a bad season",
        id="a-relative-clause-inside-the-participle-clause",
    ),
    pytest.param(
        "The sit-ins were the fourth time the network KELM said it had staged such a protest.",
        "KELM",
        "it had staged such a protest",
        id="an-acronym-speaker-after-a-copula",
    ),
    pytest.param(
        (
            "The visit could offer an answer to both Liberals and Greens, who have "
            "questioned the league's dependence on Ottawa."
        ),
        "Greens",
        "the league's dependence on Ottawa",
        id="a-relative-who-clause-speaks-for-the-noun-before-it",
    ),
    pytest.param(
        "The mayor responded by saying that the bridge would reopen in May.",
        "The mayor",
        "that the bridge would reopen in May",
        id="responded-by-saying-that",
    ),
    pytest.param(
        ('However laudable the goal, using the tax "is a misguided approach," said Jane Roe.'),
        "Jane Roe",
        'However laudable the goal, using the tax "is a misguided approach,"',
        id="a-mixed-quotation-after-an-opening-clause-before-an-inverted-verb",
    ),
    pytest.param(
        'The town "has seen real progress on its roads," Jane Roe said.',
        "Jane Roe",
        'The town "has seen real progress on its roads,"',
        id="a-mixed-quotation-inside-the-clause",
    ),
    pytest.param(
        'Jane Roe scolded him: "The community is against you," she said.',
        "Jane Roe",
        "The community is against you,",
        id="a-quotation-after-a-colon-and-before-a-pronoun-cue",
    ),
    pytest.param(
        '"We will win," Jane Roe said.',
        "Jane Roe",
        "We will win,",
        id="a-plain-quotation-before-the-verb",
    ),
    pytest.param(
        'Jane Roe scolded him: "The community is against you," she said.',
        "Jane Roe",
        "The community is against you,",
        id="a-pronoun-cue-resolves-to-the-sentence-subject",
    ),
    pytest.param(
        'John Doe met Jane Roe, and "it was a disaster," he said.',
        "John Doe",
        "it was a disaster,",
        id="a-pronoun-cue-resolves-to-the-subject-not-the-object",
    ),
    pytest.param(
        "Jane Roe wants to make tuition free for families with modest incomes.",
        "Jane Roe",
        "to make tuition free for families with modest incomes",
        id="wants-to-attributes-an-infinitive",
    ),
    pytest.param(
        "Jane Roe spoke to industry leaders, promising to lift the rules on drilling.",
        "Jane Roe",
        "to lift the rules on drilling",
        id="promising-to-attributes-an-infinitive",
    ),
    pytest.param(
        "The company plans to release its analysis of the plan next week.",
        "The company",
        "to release its analysis of the plan next week",
        id="plans-to-attributes-an-infinitive",
    ),
    pytest.param(
        "Chief Justice Jane Roe spoke of the legacy of racism in the courts.",
        "Jane Roe",
        "of the legacy of racism in the courts",
        id="spoke-of-attributes-its-topic",
    ),
    pytest.param(
        "Jane Roe talked about bringing communities together.",
        "Jane Roe",
        "about bringing communities together",
        id="talked-about-attributes-its-topic",
    ),
    pytest.param(
        "Jane Roe is calling for a search to find a new coach.",
        "Jane Roe",
        "for a search to find a new coach",
        id="a-progressive-calling-for",
    ),
    pytest.param(
        ('The ad ends with footage of John Doe saying during the debate, "That makes me smart."'),
        "John Doe",
        "That makes me smart.",
        id="a-gerund-saying-after-footage-of-a-name",
    ),
    pytest.param(
        "Voters were tired of hearing Jane Roe saying that taxes would fall.",
        "Jane Roe",
        "that taxes would fall",
        id="a-gerund-saying-after-hearing-a-name",
    ),
    pytest.param(
        "Jane Roe said the timing was not intentional; the panel learned of it on Friday.",
        "Jane Roe",
        "the timing was not intentional",
        id="a-semicolon-ends-the-reported-clause",
    ),
    pytest.param(
        "The newest ferry, Jane Roe said, was the fleet's largest so far, although trials"
        " may last weeks.",
        "Jane Roe",
        "The newest ferry, Jane Roe said, was the fleet's largest so far",
        id="a-parenthetical-said-keeps-the-whole-clause-up-to-although",
    ),
    pytest.param(
        "Jane Roe said that paying no taxes was smart, though she again refused to explain.",
        "Jane Roe",
        "that paying no taxes was smart",
        id="though-ends-the-reported-clause",
    ),
    pytest.param(
        "Jane Roe cited the audit as the reason for the delay, as she did again on Monday.",
        "Jane Roe",
        "the audit as the reason for the delay",
        id="an-object-ends-before-as-she-did",
    ),
    pytest.param(
        "Jane Roe praised the new budget plan, which includes a tax cut for small firms.",
        "Jane Roe",
        "the new budget plan",
        id="an-object-ends-before-a-which-clause",
    ),
    pytest.param(
        "Jane Roe criticized the plan that the council adopted last week.",
        "Jane Roe",
        "the plan that the council adopted last week",
        id="an-object-keeps-its-restrictive-that-clause",
    ),
    pytest.param(
        "The billing error was first reported by The Harbor Ledger.",
        "The Harbor Ledger",
        "The billing error",
        id="a-passive-names-its-source-after-by-outlet",
    ),
    pytest.param(
        "The issue was reported by Reuters in March.",
        "Reuters",
        "The issue",
        id="a-passive-names-its-source-after-by-agent-then-time",
    ),
    pytest.param(
        "The new plan is supported by the union.",
        "union",
        "The new plan",
        id="a-passive-names-its-source-after-by-supported",
    ),
    pytest.param(
        "Calls for an inquiry were rejected by the Human Rights Council.",
        "Human Rights Council",
        "Calls for an inquiry",
        id="a-passive-names-its-source-after-by-described-subject",
    ),
    pytest.param(
        "The nominee also outlined his plan and vowed to punish those who break the rules.",
        "The nominee",
        "to punish those who break the rules",
        id="an-adverb-after-a-described-subject-stays-out-of-it",
    ),
    pytest.param(
        "The deal was a disaster for the town, as Jane Roe noted on Monday.",
        "Jane Roe",
        "The deal was a disaster for the town",
        id="as-x-noted-attributes-the-clause-before-it-clause",
    ),
    pytest.param(
        'The first rule of the program is a "lawful source of income," as a city memo put it.',
        "city memo",
        'The first rule of the program is a "lawful source of income,"',
        id="as-x-noted-attributes-the-clause-before-it-mixed-quotation",
    ),
    pytest.param(
        "Hawaii, as one of the climate advisers pointed out, rarely gets two hurricanes.",
        "one of the climate advisers",
        "Hawaii, as one of the climate advisers pointed out, rarely gets two hurricanes",
        id="as-x-noted-attributes-the-clause-before-it-inside-the-clause",
    ),
    pytest.param(
        "Varga asserted that Bellamy tells so many tales that nobody can keep count.",
        "Varga",
        "that Bellamy tells so many tales that nobody can keep count",
        id="a-cue-inside-a-that-clause-belongs-to-the-reported-clause-that-name-cue",
    ),
    pytest.param(
        "The Courier wrote that Bellamy had reported a loss of $412 million in 2003.",
        "The Courier",
        "that Bellamy had reported a loss of $412 million in 2003",
        id="a-cue-inside-a-that-clause-belongs-to-the-reported-clause-that-name-auxiliary-cue",
    ),
    pytest.param(
        "Jane Roe criticized the long public hearing because it was unfair to witnesses.",
        "Jane Roe",
        "the long public hearing",
        id="an-object-ends-before-a-subordinate-clause-because",
    ),
    pytest.param(
        "Jane Roe praised the new trade deal after the vote on Friday.",
        "Jane Roe",
        "the new trade deal",
        id="an-object-ends-before-a-subordinate-clause-after",
    ),
    pytest.param(
        "Bellamy said during a Tuesday morning visit to Oregon that the deal was a disaster.",
        "Bellamy",
        "that the deal was a disaster",
        id="a-prepositional-phrase-before-that-is-skipped",
    ),
    pytest.param(
        (
            "The coach has often wondered whether the referees will be fair to his "
            "team, relying on familiar games of lowering hopes."
        ),
        "The coach",
        "whether the referees will be fair to his team",
        id="a-participle-phrase-after-a-comma-ends-the-reported-clause",
    ),
    pytest.param(
        '"We live in a hard world," my father often said.',
        "my father",
        "We live in a hard world,",
        id="a-first-person-possessive-opens-a-speakers-phrase",
    ),
    pytest.param(
        (
            "Jane Roe notes that the Board of Harbor Pilots announced on "
            "Monday that there was a fault with the radar."
        ),
        "Jane Roe",
        (
            "that the Board of Harbor Pilots announced on Monday that there "
            "was a fault with the radar"
        ),
        id="a-nested-attribution-after-that-stays-in-the-reported-clause",
    ),
    pytest.param(
        "Jane Roe called on the administration to call out Russia on the hacking.",
        "Jane Roe",
        "the administration to call out Russia on the hacking",
        id="on-after-an-object-verb-is-part-of-the-verb-unless-a-day-follows-called-on",
    ),
    pytest.param(
        "Jane Roe criticized on Tuesday the new plan for the city budget.",
        "Jane Roe",
        "the new plan for the city budget",
        id="on-after-an-object-verb-is-part-of-the-verb-unless-a-day-follows-on-a-day",
    ),
    pytest.param(
        "Jane Roe attacked Alicia Machado in early-morning tweets.",
        "Jane Roe",
        "Alicia Machado",
        id="a-named-object-ends-before-where-or-when-name-then-setting",
    ),
    pytest.param(
        "Jane Roe attacked the new plan in early-morning tweets.",
        "Jane Roe",
        "the new plan in early-morning tweets",
        id="a-named-object-ends-before-where-or-when-phrase-keeps-its-modifier",
    ),
    pytest.param(
        "Ellen Marsh is once again questioning the fairness of the school lottery.",
        "Ellen Marsh",
        "the fairness of the school lottery",
        id="a-progressive-lede-attributes-its-object",
    ),
    pytest.param(
        "Jane Roe is promising lower taxes and more jobs, but she has also intensified"
        " her warnings.",
        "Jane Roe",
        "lower taxes and more jobs",
        id="an-object-ends-before-a-new-clause-after-a-participle-too",
    ),
    pytest.param(
        "Jane Roe spoke on Monday, saying the deal, which was signed in May, is dead.",
        "Jane Roe",
        "the deal, which was signed in May, is dead",
        id="a-clause-after-saying-keeps-its-relative-clause",
    ),
    pytest.param(
        "The Roe campaign plans to deploy the governor, as much as possible, in the final weeks.",
        "The Roe campaign",
        "to deploy the governor, as much as possible, in the final weeks",
        id="as-much-as-does-not-end-an-object",
    ),
    pytest.param(
        "Jane Roe spoke out Tuesday about the death of a neighbor in Tulsa.",
        "Jane Roe",
        "about the death of a neighbor in Tulsa",
        id="spoke-with-a-day-before-its-topic",
    ),
    pytest.param(
        "Jane Roe spoke emotionally of her many flights across the country.",
        "Jane Roe",
        "of her many flights across the country",
        id="spoke-with-an-adverb-before-its-topic",
    ),
    pytest.param(
        "The council condemned the latest missile launch as Pyongyang fired three more.",
        "The council",
        "the latest missile launch",
        id="an-object-ends-before-as-and-a-named-subject-with-a-verb",
    ),
    pytest.param(
        "The council described the launch as Pyongyang's latest provocation.",
        "The council",
        "the launch as Pyongyang's latest provocation",
        id="as-before-a-name-without-a-verb-stays-in-the-object",
    ),
    pytest.param(
        "Jane Roe could be heard yelling that her husband was unarmed.",
        "Jane Roe",
        "that her husband was unarmed",
        id="shouting-is-speech",
    ),
    pytest.param(
        "Jane Roe compared the mayor to a coach who is working the referees.",
        "Jane Roe",
        "the mayor to a coach who is working the referees",
        id="compared-attributes-a-comparison",
    ),
    pytest.param(
        "The agency warned state officials to boost their security after hackers struck.",
        "The agency",
        "state officials to boost their security",
        id="an-order-ends-where-an-object-does",
    ),
    pytest.param(
        "Jane Roe called on the mayor to apologize for suggesting the judge took bribes.",
        "Jane Roe",
        "the mayor to apologize for suggesting the judge took bribes",
        id="a-participle-after-a-preposition-stays-in-the-statement",
    ),
    pytest.param(
        "Jane Roe said she will spend the $18 million she says she raised this week.",
        "Jane Roe",
        "she will spend the $18 million she says she raised this week",
        id="a-relative-clause-without-that-keeps-its-cue-inside",
    ),
    pytest.param(
        'As Jane Roe went on about "a rigged system" and "struggling families," the crowd cheered.',
        "Jane Roe",
        'about "a rigged system" and "struggling families',
        id="went-on-about-is-speech-and-an-opening-as-clause-ends-at-its-comma",
    ),
    pytest.param(
        "While Jane Roe has acknowledged using the tax code, she does not defend it.",
        "Jane Roe",
        "using the tax code",
        id="an-opening-while-clause-ends-at-its-comma",
    ),
    pytest.param(
        "On Thursday, however, Jane Roe spoke to a group of industry leaders, promising to"
        " lift the rules.",
        "Jane Roe",
        "to lift the rules",
        id="a-participle-belongs-to-the-subject-after-an-opening-phrase",
    ),
    pytest.param(
        "Three veteran organizers begged him to revive it, arguing that it paid off.",
        "Three veteran organizers",
        "that it paid off",
        id="an-agent-noun-names-people-who-speak",
    ),
    pytest.param(
        "Jane Roe spoke at length.\n\nJANE ROE: We will win this state, and we will win"
        ' it big.\n\n"(CROSSTALK.)"',
        "JANE ROE",
        "We will win this state, and we will win it big",
        id="a-stage-direction-is-nobodys-words",
    ),
    pytest.param(
        "Judge Jane Roe dismissed that claim in a ruling issued Tuesday.",
        "Jane Roe",
        "that claim",
        id="that-as-a-determiner-opens-an-object",
    ),
    pytest.param(
        "Judge Jane Roe dismissed the claim in a ruling issued Tuesday.",
        "Jane Roe",
        "the claim",
        id="an-object-ends-before-the-occasion-it-was-said-on-ruling",
    ),
    pytest.param(
        "Both candidates cited the figure at last week's Veterans Forum in Dallas.",
        "Both candidates",
        "the figure",
        id="an-object-ends-before-the-occasion-it-was-said-on-forum",
    ),
    pytest.param(
        "Jorge Ruiz, a retired banker who is a fierce opponent of Ms. Vega, suggests that"
        " the budget is too small.",
        "Jorge Ruiz",
        "that the budget is too small",
        id="an-appositive-with-a-relative-clause-describes-the-speaker",
    ),
    pytest.param(
        "Jane Roe spoke on Monday.\n\nRoe added:\n\nIt is typical of them. They know"
        " nothing, but the talking never stops.\n\nThe hearing ended at noon.",
        "Jane Roe",
        "It is typical of them. They know nothing, but the talking never stops",
        id="a-paragraph-without-quote-marks-after-a-closing-colon-is-a-block-quotation",
    ),
    pytest.param(
        "Jane Doe spoke to the board.\n\nIn an interview, she said the cuts went too far.",
        "Jane Doe",
        "the cuts went too far",
        id="a-pronoun-still-resolves-across-a-sentence-case-paragraph",
    ),
    pytest.param(
        "Mayor Says Bridge Will Reopen In May\n\nThe city council met on Monday.",
        "Mayor",
        "Bridge Will Reopen In May",
        id="a-headline-verb-attributes-the-headline",
    ),
    pytest.param(
        "That is why she is so frustrated with the state.\u00a0\u201cWe need the money,\u201d "
        "said Jane Roe, who has four children.",
        "Jane Roe",
        "We need the money,",
        id="a-no-break-space-after-a-full-stop-ends-the-sentence",
    ),
    pytest.param(
        "Jane Roe is promoting her service plans.\n\n"
        "In a talk in Bend, Oregon Tuesday, the candidate described her ideas. "
        "She wants to double the number of rangers.",
        "Jane Roe",
        "to double the number of rangers",
        id="a-place-after-in-is-no-antecedent",
    ),
    pytest.param(
        "Jane Roe said the plan was sound.\n\nRoe added:\n\nWatch the video.\n\nThe end.",
        "Jane Roe",
        "the plan was sound",
        id="a-short-line-after-a-closing-colon-is-no-block-quotation",
    ),
    pytest.param(
        "Roe on the Budget: The Cuts Are 'Terrifying.'\n\nThe council met on Monday.",
        "Roe",
        "The Cuts Are 'Terrifying",
        id="a-headline-speaker-and-topic-before-a-colon",
    ),
]


@pytest.mark.parametrize(("text", "name", "content"), _SPEAKER_CASES)
def test_the_speaker_and_statement_of_a_news_convention(text: str, name: str, content: str) -> None:
    assert statements(named(sources_of(text), name)) == [content]


@pytest.mark.parametrize(
    "heading",
    ["Trending Today", "Gender Equality.", "Breaking News Alert"],
    ids=["title-case-label", "label-with-full-stop", "three-word-label"],
)
def test_a_pronoun_never_resolves_to_a_heading(heading: str) -> None:
    pronoun = "In an interview, he said the new schedule was a mistake."
    assert heading.rstrip(".") not in {s.name for s in sources_of(f"{heading}\n\n{pronoun}")}
    # the minimal pair: a person named between the heading and the pronoun is its antecedent
    text = f"{heading}\n\nJohn Doe spoke.\n\n{pronoun}"
    assert statements(named(sources_of(text), "John Doe")) == ["the new schedule was a mistake"]


def test_age_and_hometown_appositives_stay_out_of_the_name() -> None:
    text = (
        "Jane Doe, 61, of Dover, Del., who watched the parade from a balcony, said the "
        "music was too loud."
    )
    source = named(sources_of(text), "Jane Doe")
    assert statements(source) == ["the music was too loud"]


def test_a_date_is_no_speaker() -> None:
    text = (
        "A local analysis of charities that have raised $5,000 or more since "
        "Feb. 3, 2019, shows small donors giving less."
    )
    found = {source.name: statements(source) for source in sources_of(text)}
    assert found == {"local analysis of charities": ["small donors giving less"]}  # no "Feb. 3"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Prime Minister Theresa May said that the plan would fail.", "Theresa May"),
        ("In May, Trump said that the plan would fail.", "Trump"),
    ],
    ids=["may-after-a-first-name-is-a-surname", "in-may-is-a-month"],
)
def test_a_month_is_a_surname_only_right_after_a_first_name(text: str, name: str) -> None:
    assert statements(named(sources_of(text), name)) == ["that the plan would fail"]


def test_a_source_keeps_its_first_statements_in_document_order() -> None:
    paragraphs = [
        f'"Point {i} is clear," Jane Doe said.\n\n"Point {i} also matters."' for i in range(110)
    ]
    source = named(sources_of("\n\n".join(paragraphs)), "Jane Doe")
    kept = MAX_STATEMENTS // 2
    expected = [f"Point {i} {part}" for i in range(kept) for part in ("is clear,", "also matters.")]
    assert statements(source) == expected  # the schema's limit, in document order


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A spokesman who asked not to be named said the talks had failed.", "spokesman"),
        ("The officials who attended the meeting said the talks had failed.", "The officials"),
        ("Voters who backed the mayor said the talks had failed.", "Voters"),
    ],
    ids=["spokesman-who-asked", "officials-who-attended", "voters-who-backed"],
)
def test_a_relative_clause_is_no_speaker_the_noun_before_who_is(text: str, name: str) -> None:
    source = named(sources_of(text), name)
    assert statements(source) == ["the talks had failed"]
    assert source.kind == "anonymous"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ('Experts weighed in.\n\nSaid Ellis: "Nobody expects the plan to pass."', "Ellis", None),
        ('Experts weighed in.\n\nAdded Jane Ellis, a professor: "Nobody expects the plan to '
         'pass."', "Jane Ellis", "professor"),
    ],
    ids=[
        "said-surname",
        "added-name-and-role",
    ],
)  # fmt: skip
def test_a_sentence_opening_speech_verb_puts_the_speaker_after_it(
    text: str, name: str, role: str | None
) -> None:
    source = named(sources_of(text), name)
    assert (source.role, statements(source)) == (role, ["Nobody expects the plan to pass."])


@pytest.mark.parametrize(
    ("headline", "name", "content"),
    [
        ("Jane Roe Calls The Budget ‘A Disgrace’.", "Jane Roe", "The Budget ‘A Disgrace’"),
        ("New Poll Shows Narrow Lead For The Mayor.", "New Poll", "Narrow Lead For The Mayor"),
        (
            "Federal court rules against the city's new map.",
            "Federal court",
            "against the city's new map",
        ),
        ("Teachers Rip School Board Over Pay Cuts.", "Teachers", "School Board Over Pay Cuts"),
    ],
    ids=["title-case", "title-case-shows", "sentence-case", "plural-subject"],
)
def test_a_present_tense_headline_verb_attributes_the_headline(
    headline: str, name: str, content: str
) -> None:
    text = headline + "\n\nThe city council met on Monday and voted on the plan."
    assert statements(named(sources_of(text), name)) == [content]


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe, a Harbor Alliance MP, told The Valley Herald that the deal was dead.",
        "Jane Roe (R-Utah), chairman of the panel, said the law does not apply.",
    ],
    ids=["role-appositive-then-told", "party-tag-and-role-then-said"],
)
def test_a_comma_before_the_verb_keeps_an_appositive_subject(text: str) -> None:
    assert named(sources_of(text), "Jane Roe").statements


def test_a_long_appositive_still_leaves_the_name() -> None:
    text = (
        "Jane Roe, an outside adviser to the union on pay and pension matters and an "
        "assistant lecturer at a nursing college in Leeds, said that the union was "
        "studying the pension rules closely."
    )
    source = named(sources_of(text), "Jane Roe")
    assert statements(source) == ["that the union was studying the pension rules closely"]


def test_a_participle_shares_a_quantified_subject() -> None:
    text = (
        "In August, several environmental groups granted the firm an extension, saying its "
        "capital was less than expected."
    )
    source = named(sources_of(text), "several environmental groups")
    assert statements(source) == ["its capital was less than expected"]
    assert source.kind == "anonymous"


def test_a_long_according_to_phrase_is_named_by_its_head() -> None:
    text = (
        "According to a 31-count criminal indictment returned by the grand jury and a "
        "9-count indictment by the county, the brokers ran a long fraud."
    )
    source = named(sources_of(text), "31-count criminal indictment")
    assert source.kind == "document"
    assert statements(source) == ["the brokers ran a long fraud"]


@pytest.mark.parametrize(
    ("text", "via", "content"),
    [
        ("Jane Roe told reporters the deal was dead.", None, "the deal was dead"),
        ("Jane Roe told The New Region the deal was dead.", "The New Region", "the deal was dead"),
        ("Jane Roe told the head of the party it would pass.", None, "it would pass"),
        (
            "Jane Roe warned state officials to boost their security.",
            None,
            "state officials to boost their security",
        ),
        (
            "Jane Roe told reporters to expect a long fight.",
            None,
            "reporters to expect a long fight",
        ),
    ],
    ids=[
        "told-reporters",
        "told-an-outlet",
        "told-a-described-person",
        "warned-someone-to",
        "told-reporters-to",
    ],
)
def test_told_an_addressee_a_clause_without_that(text: str, via: str | None, content: str) -> None:
    source = named(sources_of(text), "Jane Roe")
    assert (source.via, statements(source)) == (via, [content])


@pytest.mark.parametrize(
    ("text", "pair", "expected"),
    [
        (
            "The FBI warned state officials to boost their security systems and their staff.",
            None,
            {"The FBI": ["state officials to boost their security systems and their staff"]},
        ),
        (
            "They wouldn’t tell the agency anything it doesn't already know.",
            "Tom Ray spoke.\n\nHe told the agency it already knew everything.",
            {"Tom Ray": ["it already knew everything"]},
        ),
    ],
    ids=["infinitive", "negated-modal"],
)
def test_an_infinitive_or_a_negated_modal_is_no_reported_clause(
    text: str, pair: str | None, expected: dict[str, list[str]]
) -> None:
    assert all(not source.name.startswith("They") for source in sources_of(text))
    assert all(
        not evidence.quote.startswith("their security")
        for source in sources_of(text)
        for evidence in source.statements
    )
    found = sources_of(text if pair is None else pair)
    assert {source.name: statements(source) for source in found} == expected


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('Jane Roe said via email that, "Of course she will answer back" against what the '
         "team regards as a planned smear.",
         '"Of course she will answer back" against what the team regards as a planned '
         "smear"),
        ('Jane Roe said "budget reforms" and unpaid taxes would pay for them.',
         '"budget reforms" and unpaid taxes would pay for them'),
        ('Jane Roe said "we will win," adding that the race was close.', "we will win,"),
        ('Jane Roe said "total political crap" -- one question is whether it matters.',
         "total political crap"),
    ],
    ids=[
        "said-that-quotation-then-against",
        "quoted-noun-phrase-then-clause",
        "quotation-then-adding",
        "quotation-then-dash",
    ],
)  # fmt: skip
def test_a_reported_clause_that_goes_on_after_its_quotation_is_one_statement(
    text: str, content: str
) -> None:
    assert statements(named(sources_of(text), "Jane Roe"))[0] == content


def test_a_preposition_is_no_first_name() -> None:
    text = (
        "Unlike Patriot, the new company has few investors.\n\n"
        "Patriot agreed to lend the company $5 million, its lawyer said."
    )
    found = {source.name: statements(source) for source in sources_of(text)}
    assert found == {"its lawyer": ["Patriot agreed to lend the company $5 million"]}


def test_a_pronoun_refers_to_a_known_speaker_named_by_surname_alone() -> None:
    text = (
        "John Doe said the debate was rigged.\n\n"
        "As Jane Roe talked about unity, Doe stressed order.\n\n"
        "Doe took offense at suggestions that he was not self-made. He suggested that the "
        "collapse was good business."
    )
    assert "that the collapse was good business" in statements(named(sources_of(text), "John Doe"))


def test_a_court_ruling_attributes_its_holding() -> None:
    text = "A federal judge ruled that the state must restore the voters to the rolls."
    source = named(sources_of(text), "federal judge")
    assert statements(source) == ["that the state must restore the voters to the rolls"]


def test_a_pronoun_prefers_the_subject_to_a_name_in_an_opening_phrase() -> None:
    text = (
        "Jane Roe said the market was calm.\n\n"
        "In an interview with John Doe, Jane Roe was blunt. She said the rally would end."
    )
    assert "the rally would end" in statements(named(sources_of(text), "Jane Roe"))


def test_the_with_a_proper_name_is_a_name_not_a_reference_back() -> None:
    text = (
        "A federal appeals court said that the purge was illegal.\n\n"
        "In June, the Supreme Court rejected a request to restore the extra week of voting."
    )
    sources = {source.name: statements(source) for source in sources_of(text)}
    assert sources["Supreme Court"] == ["a request to restore the extra week of voting"]


@pytest.mark.parametrize(
    ("text", "pair", "expected"),
    [
        (
            "Officials in Washington saying the talks failed were wrong.",
            "Officials in Washington said the talks failed.",
            {"Officials in Washington": ["the talks failed"]},
        ),
        (
            "John Doe unleashed a series of posts early Friday saying that the vote was rigged.",
            None,
            {"John Doe": ["that the vote was rigged"]},
        ),
    ],
    ids=["place", "day"],
)
def test_a_place_or_a_day_before_a_participle_is_no_speaker(
    text: str, pair: str | None, expected: dict[str, list[str]]
) -> None:
    assert not {"Washington", "Friday"} & {source.name for source in sources_of(text)}
    found = sources_of(text if pair is None else pair)
    assert {source.name: statements(source) for source in found} == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Even Norway, the closest partner, said it was "firmly opposed" to the levy.', "Norway"),
        ("The board called for an audit -- spending the Ohio senator said "
         "is designed to buy votes.", "Ohio senator"),
    ],
    ids=[
        "even-country",
        "noun-before-described-subject",
    ],
)  # fmt: skip
def test_a_focusing_adverb_or_a_verb_before_the_subject_stays_out_of_it(
    text: str, name: str
) -> None:
    assert named(sources_of(text), name).statements


def test_the_end_of_an_institutions_name_is_no_antecedent() -> None:
    text = (
        "John Doe spoke after the debate.\n\n"
        "He notes that the Board of Harbor Pilots announced a problem. "
        "He says the radar was broken."
    )
    names = {source.name for source in sources_of(text)}
    assert "Harbor Pilots" not in names
    assert "the radar was broken" in statements(named(sources_of(text), "John Doe"))


@pytest.mark.parametrize(
    ("opening", "name"),
    [
        ("House Speaker Paul Ryan visited the plant on Monday.", "Paul Ryan"),
        ("Senate Majority Leader Mitch McConnell visited the plant.", "Mitch McConnell"),
        ("Former Pennsylvania Gov. Ed Rendell visited the plant.", "Ed Rendell"),
        ("PolitiFact Executive Director Aaron Sharockman visited the plant.", "Aaron Sharockman"),
    ],
    ids=["institution-title", "title-of-three-words", "state-and-abbreviated-title", "company"],
)
def test_a_pronoun_finds_a_name_behind_a_title(opening: str, name: str) -> None:
    text = opening + '\n\n"I really believe the support is there for the repeal," he said.'
    assert statements(named(sources_of(text), name)) == [
        "I really believe the support is there for the repeal,"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Analysts said old factors raised its appeal, citing the strategic value of the port.",
            ["old factors raised its appeal", "the strategic value of the port"],
        ),
        (
            "Jane Roe backed the plan, encouraging voters to approve the measure in November.",
            ["voters to approve the measure in November"],
        ),
        (
            "Jane Roe has encouraged coastal towns to raise flood spending.",
            ["coastal towns to raise flood spending"],
        ),
    ],
    ids=["citing", "encouraging", "encouraged"],
)
def test_a_participle_of_citing_or_urging_is_a_statement_of_its_own(
    text: str, expected: list[str]
) -> None:
    assert statements(sources_of(text)[0]) == expected


@pytest.mark.parametrize(
    "participle",
    ["confirming", "denying", "admitting", "responding", "questioning"],
    ids=["confirming", "denying", "admitting", "responding", "questioning"],
)
def test_the_participle_of_a_speech_verb_continues_the_attribution(participle: str) -> None:
    text = f"Jane Roe spoke on Monday, {participle} that the plan had failed in the end."
    assert statements(named(sources_of(text), "Jane Roe")) == [
        "that the plan had failed in the end"
    ]


@pytest.mark.parametrize(
    ("text", "name", "content"),
    [
        (
            "Citing an unfounded conspiracy theory, Trump accused the senator of lying.",
            "Trump",
            "an unfounded conspiracy theory",
        ),
        (
            "Saying the plan would fail, the senator voted against the bill on Friday.",
            "senator",
            "the plan would fail",
        ),
        (
            "Jane Roe spoke on Monday. Saying the plan would fail, she voted against it.",
            "Jane Roe",
            "the plan would fail",
        ),
    ],
    ids=["name", "described", "pronoun"],
)
def test_a_participle_phrase_opening_the_sentence_belongs_to_its_subject(
    text: str, name: str, content: str
) -> None:
    assert statements(named(sources_of(text), name))[0] == content


@pytest.mark.parametrize(
    ("speaker", "name"),
    [
        ("Representative Charles B. Rangel of New York", "Charles B. Rangel"),
        ("Mayor Bill de Blasio of New York City", "Bill de Blasio"),
        ("Secretary of State John Kerry", "John Kerry"),
        ("Cameron Easley for Morning Consult", "Cameron Easley"),
    ],
    ids=["state", "city-with-particle", "of-in-the-title", "employer-after-for"],
)
def test_where_a_person_is_from_stays_out_of_the_name(speaker: str, name: str) -> None:
    text = f'"The plan will fail in the end," said {speaker}.'
    assert statements(named(sources_of(text), name)) == ["The plan will fail in the end,"]


def test_the_republican_is_a_description_not_a_name() -> None:
    text = (
        "Donald Trump spoke in Michigan on Friday.\n\n"
        "The Republican is also encouraging his supporters to watch the polls.\n\n"
        'He says: "I wonder why the lights went out."'
    )
    assert [source.name for source in sources_of(text)] == ["Donald Trump"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Yet a 2009 survey by two nurses and the University of Oregon at Eugene "
            "found that rural clinics have the longest waits.",
            "University of Oregon at Eugene",
        ),
        (
            "The party's formal complaint to the independent national Board on Professional "
            "Responsibility says the lawyer broke the rules.",
            "Board on Professional Responsibility",
        ),
    ],
    ids=["of-and-at", "on"],
)
def test_a_long_subject_keeps_a_whole_institution_name(text: str, name: str) -> None:
    assert [source.name for source in sources_of(text)] == [name]


@pytest.mark.parametrize(
    "verb",
    ["opposed", "attacked", "complimented", "embraced", "hailed", "lauded", "supported"],
    ids=["opposed", "attacked", "complimented", "embraced", "hailed", "lauded", "supported"],
)
def test_a_verb_of_taking_a_stance_attributes_its_object(verb: str) -> None:
    text = f"Jane Roe {verb} the new trade deal with the Pacific countries."
    assert statements(named(sources_of(text), "Jane Roe")) == [
        "the new trade deal with the Pacific countries"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Jane Roe continued, "The plan is a partisan issue."', ["The plan is a partisan issue."]),
        ('"The plan is a partisan issue," Jane Roe continued.', ["The plan is a partisan issue,"]),
        (
            'As Jane Roe, a tax lawyer, recently put it, "Did he lower his taxes legally?"',
            ["Did he lower his taxes legally?"],
        ),
    ],
    ids=["continued-before", "continued-after", "put-it"],
)
def test_continued_and_put_it_attribute_a_quotation(text: str, expected: list[str]) -> None:
    assert statements(named(sources_of(text), "Jane Roe")) == expected


def test_continued_without_a_quotation_attributes_nothing() -> None:
    assert sources_of("The violence continued for days in the city.") == []
    # the minimal pair: 'continued' after a quotation attributes it
    mayor = named(sources_of('"The violence must end," the mayor continued.'), "mayor")
    assert statements(mayor) == ["The violence must end,"]


def test_a_document_opening_the_sentence_speaks_past_a_relative_clause() -> None:
    text = (
        "A Metro Weekly analysis of charities that have raised $2million or more since "
        "March 1, 2011, shows hospital funds outpacing school funds in recent months."
    )
    source = named(sources_of(text), "Metro Weekly analysis of charities")
    assert (source.kind, statements(source)) == (
        "document",
        ["hospital funds outpacing school funds in recent months"],
    )


def test_a_weekday_after_a_sentence_opening_name_stays_out_of_it() -> None:
    text = "The Security Council on Friday issued a statement calling the test a clear violation."
    assert [source.name for source in sources_of(text)] == ["The Security Council"]


@pytest.mark.parametrize(
    ("text", "expected", "pair", "pair_expected"),
    [
        ("Ted Cruz endorses Trump.", ["Trump"], None, ["Trump"]),
        (
            "Ted Cruz rejected the remark on Monday.",
            ["the remark on Monday"],
            None,
            ["the remark on Monday"],
        ),
        (
            "Ted Cruz declined to comment.",
            [],
            "Ted Cruz declined to comment on the vote.",
            ["to comment on the vote"],
        ),
        ("Ted Cruz criticized it.", [], "Ted Cruz criticized the vote.", ["the vote"]),
    ],
    ids=["name", "short-phrase", "infinitive", "pronoun"],
)
def test_a_short_object_is_a_statement_unless_it_is_a_pronoun_or_an_infinitive(
    text: str, expected: list[str], pair: str | None, pair_expected: list[str]
) -> None:
    def said(sentence: str) -> list[str]:
        found = [source for source in sources_of(sentence) if source.name == "Ted Cruz"]
        return [quote for source in found for quote in statements(source)]

    assert said(text) == expected
    assert said(text if pair is None else pair) == pair_expected  # the minimal pair attributes


def test_an_object_ends_before_but_and_a_new_subject() -> None:
    text = 'Trump touted lower taxes and "jobs," but he has also intensified the attacks.'
    [statement] = statements(named(sources_of(text), "Trump"))
    assert statement.startswith('lower taxes and "jobs') and "but" not in statement


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Budget Institute estimates that it would cost the state $52 billion.",
            {"The Budget Institute": ["that it would cost the state $52 billion"]},
        ),
        (
            "Iraqi officials and media reports say the talks have stalled for now.",
            {"Iraqi officials and media reports": ["the talks have stalled for now"]},
        ),
        (
            "Lynch said the endless demands that come with the post wear people down.",
            {"Lynch": ["the endless demands that come with the post wear people down"]},
        ),
        (
            "Roe charges that countries that gain from the deal paid the foundation.",
            {"Roe": ["that countries that gain from the deal paid the foundation"]},
        ),
        (
            'The Times reports: "Just 24 percent of the donors gave small sums."',
            {"The Times": ["Just 24 percent of the donors gave small sums."]},
        ),
        (
            "Lynch said the charges that remain against the firm are serious.",
            {"Lynch": ["the charges that remain against the firm are serious"]},
        ),
    ],
    ids=[
        "verb-before-that",
        "noun-in-a-subject",
        "noun-before-a-relative-that",
        "verb-before-that-and-a-plural-subject",
        "verb-before-a-colon",
        "noun-before-that-and-a-plural-verb",
    ],
)
def test_a_word_both_noun_and_verb_is_a_cue_only_before_that(
    text: str, expected: dict[str, list[str]]
) -> None:
    assert {source.name: statements(source) for source in sources_of(text)} == expected


def test_an_object_ends_before_the_writers_appositive() -> None:
    text = (
        "A nurses' union endorsed Maria Lund for mayor on Tuesday, "
        "another sign of organized labor rallying behind the candidate."
    )
    [source] = sources_of(text)
    assert statements(source) == ["Maria Lund for mayor on Tuesday"]


def test_a_comma_and_a_new_named_subject_end_the_statement() -> None:
    text = (
        "While Lund talked about rebuilding the harbor, Varga highlighted his "
        "message of lower rents."
    )
    assert {source.name: statements(source) for source in sources_of(text)} == {
        "Lund": ["about rebuilding the harbor"],
        "Varga": ["his message of lower rents"],
    }


@pytest.mark.parametrize(
    ("text", "pair", "expected"),
    [
        (
            "Talk compared to 'moving the goalposts' at a football match.\n\nThe hearing began.",
            "Coach Says Referees Are Thieves\n\nThe hearing began.",
            {"Coach": ["Referees Are Thieves"]},
        ),
        (
            "Sales rose 5 percent compared with last year, the company said nothing more.",
            "Sales rose 5 percent compared with last year, the company said.",
            {"company": ["Sales rose 5 percent compared with last year"]},
        ),
    ],
    ids=["headline", "preposition"],
)
def test_compared_to_right_after_the_verb_is_no_attribution(
    text: str, pair: str, expected: dict[str, list[str]]
) -> None:
    assert all(source.name not in ("Talk", "Sales") for source in sources_of(text))
    # the minimal pair: a speech verb in the same place does attribute
    assert {source.name: statements(source) for source in sources_of(pair)} == expected


# Phrases that look like attributions and are none: each once made the engine invent a
# source. Each comes with its minimal pair, a sentence whose cue does attribute, and what
# that pair gives.
_NO_ATTRIBUTION_CASES = [
    pytest.param(
        "Power Plant Rules Face Key Test In Court.\n\nThe court met on Monday.",
        "Court Says Power Plant Rules Face Key Test.\n\nThe court met on Monday.",
        {"Court": ["Power Plant Rules Face Key Test"]},
        id="a-title-case-noun-in-a-headline",
    ),
    pytest.param(
        "The council met on Monday.\n\nThe mayor calls were many and the rules were new.",
        "The council met on Monday.\n\nThe mayor says the rules were new.",
        {"The mayor": ["the rules were new"]},
        id="a-present-tense-form-outside-a-headline",
    ),
    pytest.param(
        "The most visited site was the hourly river-level gauge maintained by the council.",
        "The most visited site was the hourly river-level gauge, the council said.",
        {"council": ["The most visited site was the hourly river-level gauge"]},
        id="a-passive-participle-before-by",
    ),
    pytest.param(
        "It was reported by The Washington Post on Monday.",
        "The fire was reported by The Washington Post on Monday.",
        {"The Washington Post": ["The fire"]},
        id="passive-pronoun-subject",
    ),
    pytest.param(
        "The monitor was maintained by the group for years.",
        "The monitor was criticized by the group for years.",
        {"group": ["The monitor"]},
        id="passive-not-speech",
    ),
    pytest.param(
        "The real Jane Roe showed up at the debate on Monday night.",
        "The real Jane Roe spoke about the debate on Monday night.",
        {"Jane Roe": ["about the debate on Monday night"]},
        id="particle-up",
    ),
    pytest.param(
        "Jane Roe reported from the capital, and John Doe from the coast.",
        "Jane Roe reported that the capital was calm.",
        {"Jane Roe": ["that the capital was calm"]},
        id="particle-from",
    ),
    pytest.param(
        "Jane Roe called into the radio program when she was home sick.",
        "Jane Roe called for a radio program on health.",
        {"Jane Roe": ["for a radio program on health"]},
        id="particle-into",
    ),
    pytest.param(
        "Jane Roe spoke to reporters on the plane.",
        "Jane Roe spoke to reporters, saying the plane was late.",
        {"Jane Roe": ["the plane was late"]},
        id="talk-without-a-topic",
    ),
    pytest.param(
        "The talks of the committee ended on Monday.",
        "The committee talked about the strike on Monday.",
        {"The committee": ["about the strike on Monday"]},
        id="talks-as-a-noun",
    ),
    pytest.param(
        "E.U. ministers weigh plans for closer rail cooperation.",
        "The ministry plans to build closer rail links.",
        {"The ministry": ["to build closer rail links"]},
        id="plans-as-a-noun",
    ),
    pytest.param(
        "CORRECTION: The second paragraph has been corrected to show that the club is "
        "asking for a review.",
        "CORRECTION: The club said that it is asking for a review.",
        {"The club": ["that it is asking for a review"]},
        id="a-correction-label",
    ),
    pytest.param(
        'Partial transcript:\n\n"The health issue is very much a partisan issue."',
        'Jane Roe said:\n\n"The health issue is very much a partisan issue."',
        {"Jane Roe": ["The health issue is very much a partisan issue."]},
        id="a-colon-after-a-label",
    ),
    pytest.param(
        'The crowd\'s mood is recorded in detail:\n\n"The health issue is a partisan issue."',
        'Jane Roe said:\n\n"The health issue is a partisan issue."',
        {"Jane Roe": ["The health issue is a partisan issue."]},
        id="a-colon-after-a-passive",
    ),
    pytest.param(
        "Jane Roe left the hearing without saying a word to the waiting reporters.",
        "Jane Roe left the hearing, saying the waiting reporters were rude.",
        {"Jane Roe": ["the waiting reporters were rude"]},
        id="a-participle-after-without",
    ),
    pytest.param(
        "Jane Roe has refrained from criticizing the new budget plan in public.",
        "Jane Roe has criticized the new budget plan in public.",
        {"Jane Roe": ["the new budget plan in public"]},
        id="a-participle-after-from",
    ),
    pytest.param(
        "Jane Roe spoke on Monday. Her support still lags below what she wants and her"
        " rivals continue to gain.",
        "Jane Roe spoke on Monday. She said her support still lags and her rivals continue"
        " to gain.",
        {"Jane Roe": ["her support still lags and her rivals continue to gain"]},
        id="a-coordinated-clause-after-a-relative-clause-verb",
    ),
    pytest.param(
        "Jane Roe said Friday as she entered the talks.",
        "Jane Roe said Friday that she entered the talks.",
        {"Jane Roe": ["that she entered the talks"]},
        id="a-clause-after-said-and-as-says-when-not-what",
    ),
    pytest.param(
        "The great deal of effort being spent on reaching young voters in Ohio"
        " shows the party is nervous.",
        "A poll of young voters in Ohio shows the party is nervous.",
        {"poll of young voters in Ohio": ["the party is nervous"]},
        id="a-place-after-in",
    ),
]


@pytest.mark.parametrize(("text", "pair", "expected"), _NO_ATTRIBUTION_CASES)
def test_a_phrase_that_is_no_attribution_attributes_nothing(
    text: str, pair: str, expected: dict[str, list[str]]
) -> None:
    assert sources_of(text) == []
    assert {source.name: statements(source) for source in sources_of(pair)} == expected
