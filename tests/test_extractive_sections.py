"""The extractive engine's other sections on small snippets: agreements, dates, risks,
key facts, positions, contradictions, title and summary."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer._engines._extractive import summarize
from summarizer._engines._extractive._dates import find_dates, reference_year
from summarizer._schema import count_sentences

CHILE_PERU = "Chile and Peru signed a deal to cut tariffs"
DEAL = (
    "Chile and Peru in March announced they had reached an agreement to phase out the "
    "border’s customs checks by “no later than the end of June 2027” and "
    "move to joint port inspections."
)


def test_agreement_parties_terms_status_and_deadline_normalised_to_iso() -> None:
    (agreement,) = summarize(DEAL).agreements
    assert agreement.parties == ["Chile", "Peru"]
    assert agreement.status == "agreed"
    assert agreement.deadline == dt.date(2027, 6, 30)
    assert agreement.terms[0].startswith("phase out the border’s customs checks")
    assert agreement.terms[1] == "move to joint port inspections"


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Norway and Iceland have yet to finalize a fishing agreement.", "under_negotiation"),
        ("Israel and Hamas signed a ceasefire agreement on Sunday.", "agreed"),
        ("Talks on a trade deal between Canada and Mexico resumed.", "under_negotiation"),
        ("The treaty between France and Germany took effect in 1963.", "in_force"),
        ("Russia violated the pact with Ukraine, officials said.", "disputed"),
    ],
    ids=[
        "yet-to-finalize-is-under-negotiation",
        "signed-is-agreed",
        "talks-resumed-is-under-negotiation",
        "took-effect-is-in-force",
        "violated-is-disputed",
    ],
)
def test_agreement_status_cues(sentence: str, status: str) -> None:
    (agreement,) = summarize(sentence).agreements
    assert agreement.status == status


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        (CHILE_PERU + " by March 31, 2026.", dt.date(2026, 3, 31)),
        (CHILE_PERU + " until the end of 2027.", dt.date(2027, 12, 31)),
        (CHILE_PERU + " no later than June 2026.", dt.date(2026, 6, 30)),
        (CHILE_PERU + " by 2026-02-01.", dt.date(2026, 2, 1)),
        (CHILE_PERU + " in 2026.", None),
    ],
    ids=[
        "by-a-day",
        "until-the-end-of-a-year",
        "no-later-than-a-month",
        "by-an-iso-date",
        "in-a-year-is-no-deadline",
    ],
)
def test_deadlines(text: str, deadline: dt.date | None) -> None:
    (agreement,) = summarize(text).agreements
    assert agreement.deadline == deadline


def test_a_bare_month_and_day_take_the_year_the_text_mentions_most() -> None:
    text = "In 2024 the vote was moved. In 2024 it was moved again, to Oct. 3."
    year = reference_year(text)
    assert year == 2024
    dates = find_dates(text, 0, len(text), year)
    assert dates[-1].partial_iso() == "2024-10-03"


def test_date_reached_is_partial_iso() -> None:
    (agreement,) = summarize("Chile and Peru signed an accord in March 2019.").agreements
    assert agreement.date_reached == "2019-03"


def test_risk_with_hedge_cue_and_driver() -> None:
    text = (
        "Officials fear a resurgence of ISIS could destabilise the region, especially now "
        "that armed groups control the border."
    )
    (risk,) = summarize(text).risks
    assert risk.hedge_cue == "could"
    assert risk.category == "security"
    assert risk.drivers == ["armed groups control the border"]
    assert risk.likelihood == "unstated"  # "could": possible, no ICD 203 likelihood


def test_a_risk_without_an_estimative_word_has_no_hedge_cue() -> None:
    (risk,) = summarize("The government is under pressure to resign after the vote.").risks
    assert risk.hedge_cue is None
    assert risk.category == "political"


@pytest.mark.parametrize(
    ("text", "hedge_cue"),
    [
        pytest.param("Renewed instability in the valley worries grain traders.", None,
                     id="risk-noun-is-no-hedge"),
        pytest.param("Renewed instability in the valley might worry grain traders.", "might",
                     id="modal-is-the-hedge"),
        pytest.param("Analysts fear that the drought could spark protests in the valley.",
                     "fear that", id="fear-that-is-the-hedge"),
        pytest.param("There is a risk of flooding in the lower town.", "risk of",
                     id="risk-of-is-estimative"),
        pytest.param("The orchard growers warned of shortages.", "warned",
                     id="a-warning-is-estimative"),
    ],
)  # fmt: skip
def test_a_hedge_cue_is_an_estimative_word(text: str, hedge_cue: str | None) -> None:
    (risk,) = summarize(text).risks
    assert risk.hedge_cue == hedge_cue


@pytest.mark.parametrize(
    ("text", "risks"),
    [
        pytest.param("The dock union maintains pressure on the harbour board.", 0,
                     id="maintains-pressure-on-is-an-idiom"),
        pytest.param("Exporters piled more pressure on the trade minister.", 0,
                     id="piled-pressure-on-is-an-idiom"),
        pytest.param("The harbour board faces pressure from a looming strike.", 1,
                     id="pressure-without-the-idiom-is-a-risk"),
    ],
)  # fmt: skip
def test_pressure_on_someone_is_no_risk(text: str, risks: int) -> None:
    # a risk of the writer's after it: what is left out is the idiom, not everything
    text += " Traders fear a strike could close the port."
    found = [risk.description for risk in summarize(text).risks]
    assert len(found) == risks + 1
    assert found[-1] == "Traders fear a strike could close the port."


def test_key_fact_with_a_figure_and_its_value() -> None:
    fact = summarize("The city has approximately 1,300 trained volunteers stationed in the harbor.")
    (item,) = fact.key_facts
    assert item.value == "approximately 1,300 trained volunteers"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        pytest.param("The new pier cost 40 million euros to build and opened in March.",
                     ["40 million euros"], id="the-writers-figure-is-a-fact"),
        pytest.param("The harbour authority said the new pier cost 40 million euros to build.",
                     [], id="a-sources-figure-is-no-fact"),
        pytest.param("Fishermen fear that 300 boats will be laid up over the winter.", [],
                     id="a-feared-figure-is-no-fact"),
        pytest.param("Local traders claim 300 boats were laid up over the winter.", [],
                     id="a-claimed-figure-is-no-fact"),
        pytest.param("Some 300 boats were laid up in winter, and the harbour master said more "
                     "would follow.", ["Some 300 boats"], id="the-writers-figure-before-a-quote"),
        pytest.param("The harbour master said the pier opened in 1998 after a long dispute.", [],
                     id="a-sources-year-is-no-fact"),
        pytest.param("The pier opened in 1998 after a long dispute over fees.", ["in 1998"],
                     id="the-writers-year-is-a-fact"),
    ],
)  # fmt: skip
def test_key_facts_are_the_writers_assertions(text: str, values: list[str]) -> None:
    # a sentence of the writer's after it: what is left out is the claim, not everything
    text += " The ferry carried 900 passengers a day last summer."
    facts = [fact.value for fact in summarize(text).key_facts]
    assert facts == [*values, "900 passengers"]


def test_key_fact_with_a_year() -> None:
    (item,) = summarize("US forces were deployed to Iraq in 2014 to fight ISIS.").key_facts
    assert item.value == "in 2014"


def test_position_from_a_stance_cue_with_the_clause_subject_as_actor() -> None:
    text = (
        "Norway’s ruling Harbor Party, a coalition of fishing parties, remains "
        "firm in its opposition to a new oil levy."
    )
    (position,) = summarize(text).positions
    assert position.actor == "Norway’s ruling Harbor Party"
    assert position.stance == "opposes"
    assert position.issue == "new oil levy"
    assert position.actor_type == "political_party"


@pytest.mark.parametrize(
    ("text", "actor", "issue"),
    [
        pytest.param("Mayor Lena Ortiz supports extending the tram line to the new hospital in "
                     "the eastern suburbs of the city by 2030.", "Lena Ortiz",
                     "extending the tram line to the new hospital in the eastern suburbs",
                     id="a-long-issue-drops-the-phrase-it-was-cut-in"),
        pytest.param("Mayor Lena Ortiz supports extending the tram line to the new hospital.",
                     "Lena Ortiz", "extending the tram line to the new hospital",
                     id="a-short-issue-is-kept-whole"),
        pytest.param("The ferry workers union remains firmly opposed to the plan to sell the "
                     "northern terminal.", "ferry workers union",
                     "plan to sell the northern terminal", id="remains-opposed-to-leaves-the-verb"),
    ],
)  # fmt: skip
def test_a_positions_actor_and_issue_are_whole_phrases(text: str, actor: str, issue: str) -> None:
    (position,) = summarize(text).positions
    assert (position.actor, position.issue) == (actor, issue)


def test_a_positions_summary_states_it_rather_than_repeating_the_quote() -> None:
    text = "Mayor Lena Ortiz supports extending the tram line to the new hospital."
    (position,) = summarize(text).positions
    assert position.summary == "Lena Ortiz supports extending the tram line to the new hospital."
    assert position.summary != position.evidence[0].quote


def test_position_inside_a_quotation_belongs_to_the_speaker_and_links_its_source() -> None:
    text = '"Iraq no longer needs such forces," Waad al-Qaddo said.'
    summary = summarize(text)
    (position,) = summary.positions
    assert position.actor == "Waad al-Qaddo"
    assert position.stance == "opposes"
    assert position.source_ids == [summary.sources[0].id]


def test_previously_held_commitment_reads_as_shifting() -> None:
    text = "The council had previously pledged to end the night bus service."
    (position,) = summarize(text).positions
    assert position.stance == "shifting"


def test_opposite_stances_on_the_same_issue_make_a_contradiction() -> None:
    text = (
        "The Labour Party supports the new airport runway.\n\n"
        "The Green Party opposes the new airport runway."
    )
    (contradiction,) = summarize(text).contradictions
    assert contradiction.parties == ["Labour Party", "Green Party"]
    assert len(contradiction.evidence) == 2


def test_title_is_the_headline_and_summary_has_at_most_three_lead_sentences() -> None:
    text = (
        "Council Approves New Bridge\n\n"
        "The city council approved a new bridge on Monday. Construction will start in May "
        "next year. It will cost 40 million dollars in all. Residents welcomed the news on "
        "Tuesday. The mayor was pleased with the vote."
    )
    summary = summarize(text)
    assert summary.title == "Council Approves New Bridge"
    assert count_sentences(summary.summary) == 3
    assert summary.summary.startswith("The city council approved a new bridge on Monday.")
