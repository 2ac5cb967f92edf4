"""The title and summary are checked too: every number, date and capitalised name must
occur in the document, else the model is re-asked like for unverifiable quotes and the
best attempt is kept with `summary_verified: false`. Invented document, hand-written
model replies (the scripted server of conftest)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from summarizer import render_markdown
from summarizer._prompts import grounding_reask_message, unverifiable_quotes_message
from summarizer.grounding import ClaimChecker, unsupported_claims
from tests.conftest import completion_reply

HARBOR = (
    "PORT MERIDIAN - The Harbor Authority said on Tuesday that it will spend $4.5 million to "
    "dredge the north channel before June 30, 2027. \u201cThe channel is silting up faster than "
    "we expected,\u201d port director Lena Okafor told reporters. Three tugboat crews have been "
    "idle since the spring, according to the union. The U.S. Coast Guard approved the plan. "
    "Shipping agents fear that further delays could cut traffic by 12 percent, or 1,200 "
    "sailings a year."
)

HANDWRITTEN_HARBOR_SUMMARY: dict[str, Any] = {
    "title": "Harbor Authority to dredge the north channel of Port Meridian",
    "summary": (
        "The Harbor Authority will spend $4.5 million to dredge the north channel before "
        "June 30, 2027. Okafor said the channel is silting up."
    ),
    "sources": [
        {
            "id": "S1",
            "name": "Lena Okafor",
            "kind": "named_person",
            "role": "port director",
            "statements": [{"quote": "The channel is silting up faster than we expected"}],
        }
    ],
    "positions": [],
    "agreements": [],
    "risks": [
        {
            "description": "Traffic could fall by 12 percent",
            "category": "economic",
            "drivers": ["further delays"],
            "affected": ["shipping agents"],
            "likelihood": "unstated",
            "hedge_cue": "could",
            "evidence": [{"quote": "further delays could cut traffic by 12 percent"}],
        }
    ],
    "key_facts": [
        {
            "fact": "The dredging costs $4.5 million",
            "value": "$4.5 million",
            "evidence": [{"quote": "it will spend $4.5 million to dredge the north channel"}],
        }
    ],
    "contradictions": [],
}
INVENTED_TITLE = "Atlantis pledges to dredge the north channel"
FABRICATED_QUOTE = "The harbor will close for good next winter, the mayor said."


def _with(**changes: Any) -> dict[str, Any]:
    reply = copy.deepcopy(HANDWRITTEN_HARBOR_SUMMARY)
    reply.update(changes)
    return reply


def _with_fabricated_quote(**changes: Any) -> dict[str, Any]:
    reply = _with(**changes)
    reply["risks"][0]["evidence"] = [{"quote": FABRICATED_QUOTE}]
    return reply


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Harbor Authority to spend 4.5 million", id="name-and-decimal-number"),
        pytest.param("The channel will be dredged.", id="sentence-initial-The-is-no-name"),
        pytest.param("Okafor says 3 tugboat crews are idle", id="digit-matches-number-word"),
        pytest.param("The work must end by 2027-06-30", id="iso-date-matches-prose-date"),
        pytest.param(
            "Negotiations resume. Reportedly the crews wait.", id="common-word-opening-sentence"
        ),
        pytest.param("US Coast Guard backs the plan", id="acronym-dots-ignored"),
        pytest.param("Coast Guard approves the dredging", id="tense-variant-of-a-word"),
        pytest.param("Traffic may fall 12% or by 1200 sailings", id="percent-and-thousands"),
        pytest.param("Dredging Plan Approved By Coast Guard", id="title-case-headline"),
        pytest.param("PORT MERIDIAN: dredging from Tuesday", id="all-caps-and-weekday"),
    ],
)
def test_claims_that_occur_in_the_document_pass(text: str) -> None:
    assert unsupported_claims(HARBOR, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Saudi Arabia has made overtures toward Port Meridian",
            [("Saudi Arabia", "name")],
            id="invented-country-as-one-claim",
        ),
        pytest.param("Iraq funds the dredging", [("Iraq", "name")], id="sentence-initial-name"),
        pytest.param("The dredging will cost $9 million", [("9", "number")], id="invented-number"),
        pytest.param("Dredging starts in August", [("August", "date")], id="invented-month"),
        pytest.param(
            "The work must end by 2026-06-30", [("2026-06-30", "date")], id="wrong-iso-year"
        ),
        pytest.param(
            "Okafor and Mayor Brandt disagree", [("Mayor Brandt", "name")], id="invented-person"
        ),
    ],
)
def test_claims_missing_from_the_document_are_listed(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(c.text, c.kind) for c in unsupported_claims(HARBOR, text)] == expected


def test_claims_are_listed_in_order_and_once() -> None:
    claims = ClaimChecker(HARBOR).unsupported("Atlantis pays 9 million. Atlantis pays 7 million.")
    assert [claim.text for claim in claims] == ["Atlantis", "9", "7"]


def test_claims_of_an_unspaced_script_are_only_its_numbers() -> None:
    document = "\u6e2f\u53e3\u5c06\u82b1\u8d39450\u4e07\u7f8e\u5143\u3002"
    assert unsupported_claims(document, "\u6e2f\u53e3\u82b1\u8d39450") == []
    assert [c.text for c in unsupported_claims(document, "\u6e2f\u53e3\u82b1\u8d39990")] == ["990"]


def test_a_supported_title_and_summary_need_no_reask(scripted: Any) -> None:
    summarizer, server = scripted([completion_reply(HANDWRITTEN_HARBOR_SUMMARY)])
    result = summarizer.summarize(HARBOR)
    assert len(server.requests) == 1
    assert result.meta.grounding.summary_verified
    assert result.meta.grounding.unsupported_claims == []
    assert result.meta.grounding.coverage == 1.0


def test_an_invented_country_in_the_title_is_reasked_then_fixed(scripted: Any) -> None:
    summarizer, server = scripted(
        [
            completion_reply(_with(title=INVENTED_TITLE)),
            completion_reply(HANDWRITTEN_HARBOR_SUMMARY),
        ]
    )
    result = summarizer.summarize(HARBOR)
    assert len(server.requests) == 2
    reask = server.bodies()[1]["messages"][-1]["content"]
    assert 'the title and summary name what the document does not contain: title: "Atlantis"' in (
        reask
    )
    assert "these quotes do not occur" not in reask, "only what failed is listed"
    assert not result.meta.best_attempt
    assert result.meta.grounding.summary_verified
    assert result.summary.title == HANDWRITTEN_HARBOR_SUMMARY["title"]


def test_one_reask_lists_unverifiable_quotes_and_unsupported_claims(scripted: Any) -> None:
    summarizer, server = scripted(
        [
            completion_reply(_with_fabricated_quote(title=INVENTED_TITLE)),
            completion_reply(HANDWRITTEN_HARBOR_SUMMARY),
        ]
    )
    summarizer.summarize(HARBOR)
    reask = server.bodies()[1]["messages"][-1]["content"]
    assert "these quotes do not occur in the document: risks[0]" in reask
    assert FABRICATED_QUOTE in reask
    assert 'title: "Atlantis"' in reask


def test_the_reask_for_quotes_alone_is_unchanged() -> None:
    # Recorded cassettes are replayed by request body: a run whose title and summary pass
    # must send exactly the re-ask it sent before the title/summary check existed.
    items = [("risks[0]", [FABRICATED_QUOTE])]
    assert grounding_reask_message(items, []) == unverifiable_quotes_message(items)
    assert "title and summary" not in grounding_reask_message(items, [])


def test_budget_exhausted_keeps_the_best_attempt_marked(scripted: Any) -> None:
    invented = _with(
        title=INVENTED_TITLE,
        summary="Atlantis will spend $9 million on the north channel.",
    )
    summarizer, server = scripted([completion_reply(invented)] * 2, max_retries=1)
    result = summarizer.summarize(HARBOR)
    grounding = result.meta.grounding
    assert len(server.requests) == 2
    assert result.meta.best_attempt
    assert not grounding.summary_verified
    assert [(c.field, c.text, c.kind) for c in grounding.unsupported_claims] == [
        ("title", "Atlantis", "name"),
        ("summary", "Atlantis", "name"),
        ("summary", "9", "number"),
    ]
    assert grounding.coverage == 1.0, "the items themselves are all verified"
    assert "title/summary: 3 claim(s) not in the document" in grounding.one_line()
    markdown = render_markdown(result)
    assert markdown.startswith(f"# {INVENTED_TITLE} ⚠ unverified\n")
    assert "on the north channel. ⚠ unverified\n" in markdown
    assert "⚠ not in the document: title “Atlantis”; summary “Atlantis”; summary “9”" in markdown


def test_a_verified_summary_is_not_marked(scripted: Any) -> None:
    summarizer, _ = scripted([completion_reply(HANDWRITTEN_HARBOR_SUMMARY)])
    markdown = render_markdown(summarizer.summarize(HARBOR))
    assert "⚠" not in markdown
    assert "claim(s) not in the document" not in markdown


def test_best_attempt_prefers_a_verified_summary_among_equally_grounded_items(
    scripted: Any,
) -> None:
    # Both attempts have 3 verified items; the first adds an unverifiable one but its title
    # is supported, the second (later, which wins plain ties) invents its title.
    extra_risk = copy.deepcopy(HANDWRITTEN_HARBOR_SUMMARY["risks"][0])
    extra_risk["description"] = "The harbor may close"
    extra_risk["evidence"] = [{"quote": FABRICATED_QUOTE}]
    supported = _with(risks=[*HANDWRITTEN_HARBOR_SUMMARY["risks"], extra_risk])
    invented = _with(title=INVENTED_TITLE)
    summarizer, _ = scripted(
        [completion_reply(supported), completion_reply(invented)], max_retries=1
    )
    result = summarizer.summarize(HARBOR)
    assert result.meta.best_attempt
    assert result.summary.title == HANDWRITTEN_HARBOR_SUMMARY["title"]
    assert result.meta.grounding.summary_verified
    assert result.meta.grounding.verified_items == 3


def test_without_grounding_reasks_the_summary_is_still_checked(scripted: Any) -> None:
    summarizer, server = scripted(
        [completion_reply(_with(title=INVENTED_TITLE))], reask_unverifiable=False
    )
    result = summarizer.summarize(HARBOR)
    assert len(server.requests) == 1
    assert not result.meta.grounding.summary_verified
    assert [c.text for c in result.meta.grounding.unsupported_claims] == ["Atlantis"]
