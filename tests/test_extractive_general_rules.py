"""Rules that stand for conventions of news writing, not for one document: classes of
actors (armed groups, parties, institutions, nationalities) read from broad lists, stance
verbs of a class (stopping something, openness to it), participle phrases and speech
events ending an object, title-case headline nouns. Every sentence is invented; each rule
has a minimal pair where it must not fire."""

from __future__ import annotations

import pytest

from summarizer._engines._extractive import summarize
from summarizer._engines._extractive._lexicon import find_headline_cues, is_nationality
from summarizer._engines._extractive._mentions import _plausible
from tests.test_extractive_attribution import named, sources_of, statements


def _actor_types(text: str) -> dict[str, str]:
    return {p.actor: p.actor_type for p in summarize(text).positions}


@pytest.mark.parametrize(
    ("text", "actor", "actor_type"),
    [
        pytest.param("Hezbollah has rejected the border plan.", "Hezbollah", "armed_group",
                     id="armed-group-by-name-not-only-isis"),
        pytest.param("Al-Shabaab fighters rejected the harbour truce.", "Al-Shabaab fighters",
                     "armed_group", id="armed-group-hyphenated-name"),
        pytest.param("The guerrillas rejected the harbour truce.", "guerrillas", "armed_group",
                     id="armed-group-generic-noun"),
        pytest.param("The Velmar Liberal Caucus rejected the harbour truce.",
                     "Velmar Liberal Caucus", "political_party", id="party-caucus"),
        pytest.param("The Harbor Framework has rejected the border plan.", "Harbor Framework",
                     "other", id="framework-is-no-party-word"),
        pytest.param("The Velmar Assembly has vowed to scrap the ferry levy.", "Velmar Assembly",
                     "legislature", id="legislature-assembly"),
        pytest.param("The African Union rejected the harbour truce.", "African Union",
                     "international_organization", id="international-body-two-words"),
    ],
)  # fmt: skip
def test_an_actor_is_classed_from_the_broad_lists(text: str, actor: str, actor_type: str) -> None:
    assert _actor_types(text) == {actor: actor_type}


@pytest.mark.parametrize(
    ("text", "stance", "issue"),
    [
        pytest.param("The Velmar Assembly has vowed to scrap the ferry levy.", "opposes",
                     "ferry levy", id="vowed-to-scrap-opposes"),
        pytest.param("The dock union announced its intention to halt night shifts.", "opposes",
                     "night shifts", id="intention-to-halt-opposes"),
        pytest.param("The harbour guild no longer wants a second pier.", "opposes",
                     "second pier", id="no-longer-wants-opposes"),
        pytest.param("The Tavrin Union remains increasingly receptive to a shared currency.",
                     "supports", "shared currency", id="receptive-to-supports"),
        pytest.param("Ostrava's mayor is sympathetic to a longer school day.", "supports",
                     "longer school day", id="sympathetic-to-supports"),
    ],
)  # fmt: skip
def test_a_stance_verb_of_its_class(text: str, stance: str, issue: str) -> None:
    (position,) = summarize(text).positions
    assert (position.stance, position.issue) == (stance, issue)


@pytest.mark.parametrize(
    ("without_stance", "with_stance"),
    [
        pytest.param("The Velmar Assembly has vowed to study the ferry levy.",
                     "The Velmar Assembly has vowed to scrap the ferry levy.",
                     id="vowed-to-study-is-no-stance"),
        pytest.param("The harbour guild still wants a second pier.",
                     "The harbour guild no longer wants a second pier.",
                     id="still-wants-is-no-stance"),
        pytest.param("The Tavrin Union remains increasingly hostile to a shared currency.",
                     "The Tavrin Union remains increasingly receptive to a shared currency.",
                     id="hostile-to-is-no-openness"),
    ],
)  # fmt: skip
def test_the_minimal_pair_of_a_stance_verb_takes_no_position(
    without_stance: str, with_stance: str
) -> None:
    assert summarize(without_stance).positions == []
    assert len(summarize(with_stance).positions) == 1


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param("Councillor Ada Brennan criticized the ferry levy, prompting a walkout.",
                     "the ferry levy", id="participle-phrase-ends-the-object"),
        pytest.param("Councillor Ada Brennan criticized the ferry levy in a tirade on Tuesday.",
                     "the ferry levy", id="speech-event-ends-the-object"),
        pytest.param("Councillor Ada Brennan criticized the ferry levy, the toll and the fares.",
                     "the ferry levy, the toll and the fares", id="a-list-is-kept-whole"),
        pytest.param("Councillor Ada Brennan criticized the ferry levy in a harbour town.",
                     "the ferry levy in a harbour town", id="a-place-is-no-speech-event"),
    ],
)  # fmt: skip
def test_the_object_of_a_criticism_ends_at_the_writers_phrase(text: str, content: str) -> None:
    assert statements(named(sources_of(text), "Councillor Ada Brennan")) == [content]


_BODY = "The harbour board said the dredging would start in May."


@pytest.mark.parametrize(
    ("headline", "cues", "headline_speaker"),
    [
        pytest.param("Kestrel Bay Power Station Rules Face New Court Test", [], None,
                     id="plural-noun-before-its-verb"),
        pytest.param("Harbor Board Questions Remain Over Dredging", [], None,
                     id="questions-remain-is-a-noun"),
        pytest.param("Calls Grow For Ferry Inquiry", [], None, id="calls-grow-is-a-noun"),
        pytest.param("Mayor Questions Dredging Plan", ["Questions"], "Mayor",
                     id="questions-as-a-verb"),
        pytest.param("Judge Rules Against Ferry Tax", ["Rules"], "Judge", id="rules-as-a-verb"),
    ],
)  # fmt: skip
def test_a_title_case_noun_is_no_headline_verb(
    headline: str, cues: list[str], headline_speaker: str | None
) -> None:
    spans = find_headline_cues(headline, 0, len(headline))
    assert [headline[start:end] for start, end in spans] == cues
    names = [source.name for source in sources_of(f"{headline}\n\n{_BODY}")]
    assert names == [name for name in (headline_speaker, "The harbour board") if name]


@pytest.mark.parametrize(
    ("word", "nationality"),
    [
        pytest.param("Emirati", True, id="listed-i-ending"),
        pytest.param("Kenyan", True, id="listed-an-ending"),
        pytest.param("Norwegian", True, id="ian-ending"),
        pytest.param("Ian", False, id="first-name-ian"),
        pytest.param("Brennan", False, id="surname-an-ending"),
    ],
)  # fmt: skip
def test_nationality_adjectives(word: str, nationality: bool) -> None:
    assert is_nationality(word) is nationality
    text = f"{word} Khalid Mansour said the port would reopen."
    name = "Khalid Mansour" if nationality else f"{word} Khalid Mansour"
    assert [source.name for source in sources_of(text)] == [name]


def test_a_nationality_opens_no_name() -> None:
    assert not _plausible("Emirati Khalid")
    assert _plausible("Khalid Mansour")
    text = "Emirati Khalid Mansour said the port would reopen."
    assert [s.name for s in sources_of(text)] == ["Khalid Mansour"]


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        pytest.param("Freedonia Live Updates: Harbour strike enters third week\n\nDock workers "
                     "walked out on Monday. The union said the talks had failed.",
                     {"The union": ["the talks had failed"]}, id="live-updates-label-line"),
        pytest.param("Freedonia Live Updates: Harbour strike enters third week Dock workers "
                     "walked out on Monday. The union said the talks had failed.",
                     {"The union": ["the talks had failed"]},
                     id="label-line-without-paragraph-breaks"),
        pytest.param("Harbour Strike Timeline: How the walkout grew over three weeks of talks\n\n"
                     "The union said the talks had failed.",
                     {"The union": ["the talks had failed"]}, id="timeline-label"),
        pytest.param("Mayor Lena Ortiz: The harbour will reopen before the summer season\n\n"
                     "The union said the talks had failed.",
                     {"Lena Ortiz": ["The harbour will reopen before the summer season"],
                      "The union": ["the talks had failed"]}, id="a-speaker-label-is-a-source"),
    ],
)  # fmt: skip
def test_a_headline_or_section_label_is_no_source(text: str, sources: dict[str, list[str]]) -> None:
    assert {s.name: statements(s) for s in sources_of(text)} == sources


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("Мэр Lena Ortiz said the port would reopen.", "Lena Ortiz",
                     id="no-name-across-a-change-of-script"),
        pytest.param("Мэр Ольга Блинова said the port would reopen.", "Мэр Ольга Блинова",
                     id="one-script-keeps-all-its-words"),
        pytest.param("The talks failed in Ostrava.Mayor Lena Ortiz said the port would reopen.",
                     "Lena Ortiz", id="no-name-across-a-sentence-end-without-space"),
        pytest.param("Dr. Lena Ortiz, a Ph.D. chemist, said the port would reopen.",
                     "Lena Ortiz", id="an-abbreviation-is-no-sentence-end"),
    ],
)  # fmt: skip
def test_a_name_stays_in_its_sentence_and_script(text: str, name: str) -> None:
    assert [s.name for s in sources_of(text)] == [name]
