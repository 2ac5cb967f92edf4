"""The extractive engine reads a risk's likelihood off its hedge cue with the ICD 203
table in `_risks` (invented sentences)."""

from __future__ import annotations

import time
from typing import get_args

import pytest

from summarizer._engines._extractive import summarize
from summarizer._engines._extractive._risks import LIKELIHOOD_CUES, estimated_likelihood
from summarizer._schema import Likelihood

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
        "pressure",
        id="no-hedge-keeps-the-risk-cue",
    ),
]


@pytest.mark.parametrize(("sentence", "term", "cue"), CASES)
def test_a_hedge_cue_maps_to_its_icd_203_term(sentence: str, term: str, cue: str) -> None:
    (risk,) = summarize(sentence).risks
    assert (risk.likelihood, risk.hedge_cue) == (term, cue)
    assert cue.casefold() in risk.evidence[0].quote.casefold()


def test_the_table_covers_every_stated_term() -> None:
    stated = {term for term in get_args(Likelihood) if term != "unstated"}
    assert {term for term, _ in LIKELIHOOD_CUES} == stated


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        pytest.param(
            "Unrest is LIKELY to spread.", ("likely", "LIKELY"), id="case-kept-as-written"
        ),
        pytest.param(
            "It is unlikely now, but likely next year.", ("unlikely", "unlikely"), id="first-cue"
        ),
        pytest.param("The county is unremarkable.", ("unstated", None), id="no-cue"),
        pytest.param("Talks may fail.", ("unstated", None), id="may-is-no-likelihood"),
    ],
)
def test_estimated_likelihood_reads_the_first_cue(
    quote: str, expected: tuple[str, str | None]
) -> None:
    assert estimated_likelihood(quote) == expected


def test_a_long_text_of_cues_is_read_in_linear_time() -> None:
    # A generous ceiling: it catches a regex that backtracks over the whole text.
    text = "a remote village, nearly done, very late, not here, " * 20_000
    started = time.perf_counter()
    assert estimated_likelihood(text) == ("unstated", None)
    assert time.perf_counter() - started < 5.0
