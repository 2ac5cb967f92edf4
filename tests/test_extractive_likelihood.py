"""The extractive engine reads a risk's likelihood off its hedge cue with the ICD 203
table in `_risks` (invented sentences; the table's own tests are in test_likelihood.py,
since they pass without the engine)."""

from __future__ import annotations

import pytest

from summarizer._engines._extractive import summarize

CASES = [
    pytest.param(
        "Analysts say a renewed border crisis is almost certain before the harvest.",
        "almost certain",
        "almost certain",
        id="almost-certain",
    ),
    pytest.param(
        "A fuel crisis is inevitable without new imports, the port authority said.",
        "almost certain",
        "inevitable",
        id="inevitable-reads-almost-certain",
    ),
    pytest.param(
        "Officials said unrest is highly likely after the fuel price rise.",
        "very likely",
        "highly likely",
        id="highly-likely-reads-very-likely",
    ),
    pytest.param(
        "The drought is expected to deepen the water crisis in the northern valleys.",
        "likely",
        "expected to",
        id="expected-to-reads-likely",
    ),
    pytest.param(
        "Tensions will probably rise in the coastal towns before the vote.",
        "likely",
        "probably",
        id="probably-reads-likely",
    ),
    pytest.param(
        "Economists put the risk of a recession at roughly even odds.",
        "roughly even chance",
        "roughly even odds",
        id="roughly-even-odds",
    ),
    pytest.param(
        "A threat of a port strike is unlikely to disrupt grain exports.",
        "unlikely",
        "unlikely",
        id="unlikely",
    ),
    pytest.param(
        "The minister is not expected to survive the pressure from his own party.",
        "unlikely",
        "not expected to",
        id="not-expected-to-reads-unlikely",
    ),
    pytest.param(
        "A banking crisis is very unlikely this year, the central bank said.",
        "very unlikely",
        "very unlikely",
        id="very-unlikely-before-unlikely",
    ),
    pytest.param(
        "There is only a remote chance of the unrest spreading to the capital.",
        "almost no chance",
        "remote chance",
        id="remote-chance-reads-almost-no-chance",
    ),
    pytest.param(
        "Engineers warn that the old bridge could collapse in a flood.",
        "unstated",
        "could",
        id="could-says-possible-not-how-likely",
    ),
    pytest.param(
        "The government is under pressure to resign after the vote.",
        "unstated",
        None,
        id="no-hedge-no-cue",
    ),
]


@pytest.mark.parametrize(("sentence", "term", "cue"), CASES)
def test_a_hedge_cue_maps_to_its_icd_203_term(sentence: str, term: str, cue: str | None) -> None:
    (risk,) = summarize(sentence).risks
    assert (risk.likelihood, risk.hedge_cue) == (term, cue)
    assert (cue or "").casefold() in risk.evidence[0].quote.casefold()
