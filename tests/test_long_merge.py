"""merge_chunks: the summaries of a long document's chunks made into one summary.

Every chunk output here is hand-made (`handmade_part`), over a document of invented
sentences: which sources, positions, agreements, risks and facts are the same, how source
ids are renumbered and remapped, and where each quote lands in the document.
"""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

from summarizer._long import ChunkPart
from summarizer._long._merge import merge_chunks
from summarizer._schema import Evidence, StructuredSummary
from summarizer.grounding import normalize

SENTENCES = [
    "Maria Olsen, the harbour director of Tarnby, said the new quay “will open in October”.",
    "An unnamed port official said the budget had doubled to 40 million crowns.",
    "Fishermen fear that the dredging could harm the cod nursery in the bay.",
    "The council will vote on the quay budget on Friday.",
    "Ms. Olsen said the dredging contract with Nordvik Marine was signed in March 2025.",
    "An unnamed port official said the tender for the cranes had been rushed.",
    "Erik Lund, a trawler captain, said he would sue the harbour board.",
    "The council will vote on the quay budget on Friday.",
    "Waleed al-Haddad, the board's treasurer, said the loan “costs far too much”.",
    "Haddad added that the board would ask the region for a guarantee.",
]
DOCUMENT = " ".join(SENTENCES)
TITLE = "Tarnby harbour expansion"
LEAD = "Tarnby's harbour is getting a new quay. Its cost has doubled."


def offset_of(sentence: int) -> int:
    return sum(len(s) + 1 for s in SENTENCES[:sentence])


def window(first: int, last: int) -> tuple[int, int]:
    """Character span of SENTENCES[first..last] (inclusive) in DOCUMENT."""
    return offset_of(first), offset_of(last) + len(SENTENCES[last])


def quote(text: str, chunk: tuple[int, int] | None = None, **fields: Any) -> dict[str, Any]:
    """Evidence for TEXT, with chunk-relative offsets when CHUNK is given and holds it."""
    text = text.strip()
    evidence: dict[str, Any] = {"quote": text, **fields}
    if chunk is not None:
        found = DOCUMENT[chunk[0] : chunk[1]].find(text)
        if found >= 0:
            evidence.update(start=found, end=found + len(text), match="exact")
    return evidence


def handmade_part(
    index: int, chunk: tuple[int, int], title: str = TITLE, **sections: Any
) -> ChunkPart:
    summary = StructuredSummary.model_validate({"title": title, "summary": LEAD, **sections})
    return ChunkPart(index=index, start=chunk[0], end=chunk[1], summary=summary)


def source(
    sid: str, name: str, said: str, chunk: tuple[int, int] | None, **fields: Any
) -> dict[str, Any]:
    kind = fields.pop("kind", "named_person")
    return {"id": sid, "name": name, "kind": kind, "statements": [quote(said, chunk)], **fields}


def risk(
    description: str, said: str, chunk: tuple[int, int] | None, **fields: Any
) -> dict[str, Any]:
    fields.setdefault("category", "economic")
    return {"description": description, "evidence": [quote(said, chunk)], **fields}


def position(
    actor: str, issue: str, said: str, chunk: tuple[int, int], **fields: Any
) -> dict[str, Any]:
    return {
        "actor": actor,
        "actor_type": fields.pop("actor_type", "official"),
        "issue": issue,
        "stance": fields.pop("stance", "supports"),
        "summary": fields.pop("summary", f"{actor} on {issue}."),
        "evidence": [quote(said, chunk)],
        **fields,
    }


FIRST = window(0, 4)
SECOND = window(4, 9)  # overlaps FIRST by sentence 4


def slices_to_quote(evidence: Evidence) -> bool:
    """Exact quotes slice the document to themselves; normalized ones after normalizing."""
    assert evidence.start is not None and evidence.end is not None
    words = DOCUMENT[evidence.start : evidence.end]
    return (
        words == evidence.quote
        if evidence.match == "exact"
        else (normalize(words) == normalize(evidence.quote))
    )


def names(summary: StructuredSummary) -> list[str]:
    return [s.name for s in summary.sources]


# --- sources: one person named differently -------------------------------------------

# (first chunk's name, second chunk's name, the merged source's name: the fullest)
SAME_PERSON = [
    pytest.param("Maria Olsen", "Ms. Olsen", "Maria Olsen", id="full-name-then-honorific-surname"),
    pytest.param("Maria Olsen", "MARÍA OLSEN", "Maria Olsen", id="case-and-accents"),
    pytest.param("Maria Olsen", "Olsen", "Maria Olsen", id="full-name-then-bare-surname"),
    pytest.param("Ms. Olsen", "Maria Olsen", "Maria Olsen", id="surname-first-then-full-name"),
    pytest.param(
        "Mayor Maria Olsen", "Maria K. Olsen", "Maria K. Olsen", id="title-and-middle-initial"
    ),
]


@pytest.mark.parametrize(("first_name", "second_name", "merged_name"), SAME_PERSON)
def test_one_person_named_differently_in_two_chunks_is_one_source(
    first_name: str, second_name: str, merged_name: str
) -> None:
    said_first, said_second = SENTENCES[0][:60], SENTENCES[4]
    merged = merge_chunks(
        [
            handmade_part(0, FIRST, sources=[source("S1", first_name, said_first, FIRST)]),
            handmade_part(1, SECOND, sources=[source("S1", second_name, said_second, SECOND)]),
        ],
        DOCUMENT,
    )
    assert len(merged.sources) == 1
    person = merged.sources[0]
    assert [e.quote for e in person.statements] == [said_first, said_second]
    assert person.name == merged_name


@pytest.mark.parametrize(
    ("names_given", "expected"),
    [
        pytest.param(
            ["Maria Olsen", "Erik Olsen", "Olsen"], 3, id="bare-surname-shared-by-two-people"
        ),
        pytest.param(["Maria Olsen", "Marta Olsen"], 2, id="same-surname-other-first-name"),
        pytest.param(["Maria Olsen", "Olsen"], 1, id="bare-surname-of-one-person-merges"),
    ],
)
def test_a_surname_merges_only_when_one_person_has_it(
    names_given: list[str], expected: int
) -> None:
    said = [SENTENCES[0][:40], SENTENCES[6][:40], SENTENCES[4][:40]]
    parts = [
        handmade_part(i, (0, len(DOCUMENT)), sources=[source("S1", name, said[i], None)])
        for i, name in enumerate(names_given)
    ]
    assert len(merge_chunks(parts, DOCUMENT).sources) == expected


def test_a_name_like_mention_is_an_alias_and_a_particle_surname_matches() -> None:
    treasurer = source("S1", "Waleed al-Haddad", SENTENCES[8][:40], FIRST)
    treasurer["mentions"] = [quote("Waleed al-Haddad", SECOND), quote("Wally", None)]
    parts = [
        handmade_part(0, SECOND, sources=[treasurer]),
        handmade_part(1, SECOND, sources=[source("S1", "Haddad", SENTENCES[9], SECOND)]),
        handmade_part(2, SECOND, sources=[source("S1", "Wally", SENTENCES[9][:30], SECOND)]),
        handmade_part(3, SECOND, sources=[source("S1", "Hadda", SENTENCES[9][:20], SECOND)]),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    assert names(merged) == ["Waleed al-Haddad", "Hadda"]  # a misspelt name is no alias
    assert len(merged.sources[0].statements) == 3


# --- sources: anonymous officials ----------------------------------------------------

ANONYMOUS = [
    pytest.param(
        ("an unnamed port official", None),
        ("An  unnamed port official", None),
        1,
        id="same-description-no-via-merge",
    ),
    pytest.param(
        ("an unnamed port official", "Tarnby Post"),
        ("an unnamed port official", "tarnby post"),
        1,
        id="same-description-same-via-merge",
    ),
    pytest.param(
        ("an unnamed port official", "Tarnby Post"),
        ("an unnamed port official", None),
        2,
        id="same-description-other-via-stay-apart",
    ),
    pytest.param(
        ("an unnamed port official", None),
        ("a senior harbour engineer", None),
        2,
        id="other-description-stay-apart",
    ),
]


@pytest.mark.parametrize(("first", "second", "expected"), ANONYMOUS)
def test_anonymous_sources_merge_only_when_description_and_via_agree(
    first: tuple[str, str | None], second: tuple[str, str | None], expected: int
) -> None:
    def official(name: str, via: str | None, said: str, chunk: tuple[int, int]) -> dict[str, Any]:
        return source("S1", name, said, chunk, kind="anonymous", via=via)

    parts = [
        handmade_part(0, FIRST, sources=[official(*first, SENTENCES[1], FIRST)]),
        handmade_part(1, SECOND, sources=[official(*second, SENTENCES[5], SECOND)]),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    assert len(merged.sources) == expected
    assert sum(len(s.statements) for s in merged.sources) == 2


# --- the overlap of two chunks -------------------------------------------------------

OVERLAP_SENTENCE = SENTENCES[4]


@pytest.mark.parametrize(
    ("second_description", "second_category", "expected"),
    [
        pytest.param("The contract was signed in March.", "economic", 1, id="same-words-same-item"),
        pytest.param(
            "A contract signed in March 2025.", "economic", 1, id="reworded-same-quote-same-item"
        ),
        pytest.param(
            "A contract signed in March 2025.", "legal", 2, id="same-quote-other-category-two-items"
        ),
    ],
)
def test_an_item_of_the_overlap_appears_once(
    second_description: str, second_category: str, expected: int
) -> None:
    parts = [
        handmade_part(
            0, FIRST, risks=[risk("The contract was signed in March.", OVERLAP_SENTENCE, FIRST)]
        ),
        handmade_part(
            1,
            SECOND,
            risks=[risk(second_description, OVERLAP_SENTENCE, SECOND, category=second_category)],
        ),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    assert len(merged.risks) == expected
    assert len(merged.risks[0].evidence) == 1  # the same span, once
    assert merged.risks[0].evidence[0].start == offset_of(4)


def test_overlap_items_sharing_one_of_their_quotes_are_one_item() -> None:
    first = risk("The contract was rushed.", SENTENCES[3], FIRST)
    first["evidence"].append(quote(OVERLAP_SENTENCE, FIRST))
    second = risk("A rushed tender.", OVERLAP_SENTENCE, SECOND)
    second["evidence"].append(quote(SENTENCES[5], SECOND))
    merged = merge_chunks(
        [handmade_part(0, FIRST, risks=[first]), handmade_part(1, SECOND, risks=[second])],
        DOCUMENT,
    )
    assert [r.description for r in merged.risks] == ["The contract was rushed."]
    starts = [e.start for e in merged.risks[0].evidence]
    assert starts == [offset_of(3), offset_of(4), offset_of(5)]


@pytest.mark.parametrize(
    ("first_chunk_sources", "expected"),
    [
        pytest.param(["a port official"], ["a port official"], id="one-speaker-joins"),
        pytest.param(
            ["a port official", "a harbour clerk"],
            ["a port official", "a harbour clerk", "an official"],
            id="joint-statement-two-speakers-no-join",
        ),
    ],
)
def test_a_quote_joins_overlap_sources_only_when_one_source_has_it(
    first_chunk_sources: list[str], expected: list[str]
) -> None:
    first = [
        source(f"S{n}", name, OVERLAP_SENTENCE, FIRST, kind="anonymous")
        for n, name in enumerate(first_chunk_sources, start=1)
    ]
    second = [source("S1", "an official", OVERLAP_SENTENCE, SECOND, kind="anonymous")]
    parts = [handmade_part(0, FIRST, sources=first), handmade_part(1, SECOND, sources=second)]
    assert names(merge_chunks(parts, DOCUMENT)) == expected


def test_named_people_are_matched_by_name_never_by_a_shared_quote() -> None:
    parts = [
        handmade_part(0, FIRST, sources=[source("S1", "Maria Olsen", OVERLAP_SENTENCE, FIRST)]),
        handmade_part(1, SECOND, sources=[source("S1", "Erik Lund", OVERLAP_SENTENCE, SECOND)]),
    ]
    assert names(merge_chunks(parts, DOCUMENT)) == ["Maria Olsen", "Erik Lund"]


def test_two_items_of_one_chunk_on_one_quote_stay_two_but_the_overlap_copy_joins() -> None:
    first = [
        risk("Dredging may harm the cod.", SENTENCES[2], FIRST, category="security"),
        risk("The cod nursery could be lost.", SENTENCES[2], FIRST, category="security"),
    ]
    second = [risk("Dredging may harm the cod.", SENTENCES[2], FIRST, category="security")]
    merged = merge_chunks(
        [handmade_part(0, FIRST, risks=first), handmade_part(1, FIRST, risks=second)], DOCUMENT
    )
    assert [r.description for r in merged.risks] == [
        "Dredging may harm the cod.",
        "The cod nursery could be lost.",
    ]


def test_the_overlap_source_of_two_chunks_is_one_source_even_described_differently() -> None:
    def official(name: str, chunk: tuple[int, int]) -> dict[str, Any]:
        said = source("S1", name, OVERLAP_SENTENCE, chunk, kind="anonymous")
        return {**said, "mentions": [quote("Ms. Olsen", chunk)]}

    parts = [
        handmade_part(0, FIRST, sources=[official("a port official", FIRST)]),
        handmade_part(1, SECOND, sources=[official("an official", SECOND)]),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    assert names(merged) == ["a port official"]
    assert [len(merged.sources[0].statements), len(merged.sources[0].mentions)] == [1, 1]
    assert merged.sources[0].mentions[0].start == offset_of(4)


def test_two_sources_of_one_chunk_on_one_quote_stay_two() -> None:
    both = [
        source("S1", "a port official", OVERLAP_SENTENCE, FIRST, kind="anonymous"),
        source("S2", "an official", OVERLAP_SENTENCE, FIRST, kind="anonymous"),
    ]
    assert names(merge_chunks([handmade_part(0, FIRST, sources=both)], DOCUMENT)) == [
        "a port official",
        "an official",
    ]


# --- source ids ----------------------------------------------------------------------


def test_source_ids_are_renumbered_by_first_appearance_and_every_reference_remapped() -> None:
    first = handmade_part(
        0,
        FIRST,
        sources=[
            source("S1", "an unnamed port official", SENTENCES[1], FIRST, kind="anonymous"),
            source("S2", "Maria Olsen", SENTENCES[0][:50], FIRST),
        ],
        positions=[
            position("Maria Olsen", "the new quay", SENTENCES[0][:50], FIRST, source_ids=["S2"])
        ],
    )
    second = handmade_part(
        1,
        SECOND,
        sources=[
            source("S1", "Erik Lund", SENTENCES[6], SECOND),
            source("S2", "Ms. Olsen", SENTENCES[4], SECOND),
            source("S3", "an unnamed port official", SENTENCES[5], SECOND, kind="anonymous"),
        ],
        positions=[
            position(
                "Erik Lund",
                "the harbour board",
                SENTENCES[6],
                SECOND,
                stance="opposes",
                source_ids=["S1"],
            ),
            position("Ms. Olsen", "The new  quay", SENTENCES[4], SECOND, source_ids=["S2", "S3"]),
        ],
        contradictions=[
            {
                "description": "Whether the quay is worth it.",
                "parties": ["S1", "S2"],
                "evidence": [quote(SENTENCES[6], SECOND), quote(SENTENCES[4], SECOND)],
            }
        ],
    )
    merged = merge_chunks([first, second], DOCUMENT)
    assert [(s.id, s.name) for s in merged.sources] == [
        ("S1", "Maria Olsen"),
        ("S2", "an unnamed port official"),
        ("S3", "Erik Lund"),
    ]
    by_actor = {p.actor: p.source_ids for p in merged.positions}
    assert by_actor == {"Maria Olsen": ["S1", "S2"], "Erik Lund": ["S3"]}
    assert merged.contradictions[0].parties == ["S3", "S1"]


def test_an_id_no_chunk_source_defines_is_dropped_not_pointed_elsewhere() -> None:
    part = handmade_part(
        0,
        FIRST,
        sources=[source("S1", "Maria Olsen", SENTENCES[0][:50], FIRST)],
        contradictions=[
            {
                "description": "Whether the quay is worth it.",
                "parties": ["S1", "S7", "the council"],
                "evidence": [quote(SENTENCES[0][:50], FIRST), quote(SENTENCES[3], FIRST)],
            }
        ],
    )
    assert merge_chunks([part], DOCUMENT).contradictions[0].parties == ["S1", "the council"]


# --- positions, agreements, facts ----------------------------------------------------


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        pytest.param(["supports", "supports"], "supports", id="agreeing-stance-kept"),
        pytest.param(["supports", "opposes"], "mixed", id="opposite-stances-mixed"),
        pytest.param(["unclear", "opposes"], "opposes", id="unclear-gives-way"),
    ],
)
def test_positions_merge_by_actor_and_issue_and_combine_stances(
    stances: list[str], expected: str
) -> None:
    parts = [
        handmade_part(
            0,
            FIRST,
            sources=[source("S1", "Maria Olsen", SENTENCES[0][:40], FIRST)],
            positions=[
                position("Maria Olsen", "the quay", SENTENCES[0][:40], FIRST, stance=stances[0])
            ],
        ),
        handmade_part(
            1,
            SECOND,
            positions=[position("Olsen", "The Quay", SENTENCES[4], SECOND, stance=stances[1])],
        ),
        handmade_part(2, SECOND, positions=[position("Olsen", "the loan", SENTENCES[8], SECOND)]),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    assert [(p.issue, p.stance) for p in merged.positions] == [
        ("the quay", expected),
        ("the loan", "supports"),
    ]
    assert len(merged.positions[0].evidence) == 2


def test_agreements_merge_on_title_and_a_shared_party_and_otherwise_get_distinct_titles() -> None:
    said = SENTENCES[4]

    def deal(parties: list[str], terms: list[str], status: str) -> dict[str, Any]:
        return {
            "title": "Dredging contract",
            "parties": parties,
            "terms": terms,
            "status": status,
            "evidence": [quote(said, SECOND)],
        }

    parts = [
        handmade_part(
            0,
            SECOND,
            agreements=[deal(["Tarnby harbour", "Nordvik Marine"], ["dredge the bay"], "unclear")],
        ),
        handmade_part(
            1, SECOND, agreements=[deal(["nordvik marine"], ["finish by 2026"], "agreed")]
        ),
        handmade_part(2, SECOND, agreements=[deal(["Baltic Dredgers"], [], "proposed")]),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    first, other = merged.agreements
    assert first.parties == ["Tarnby harbour", "Nordvik Marine"]
    assert first.terms == ["dredge the bay", "finish by 2026"]
    assert first.status == "agreed"
    assert other.title == "Dredging contract (Baltic Dredgers)"


def test_key_facts_merge_by_normalised_fact_only() -> None:
    def fact(text: str, value: str) -> dict[str, Any]:
        return {"fact": text, "value": value, "evidence": [quote(SENTENCES[1], FIRST)]}

    parts = [
        handmade_part(0, FIRST, key_facts=[fact("The budget doubled.", "40 million")]),
        handmade_part(
            1,
            FIRST,
            key_facts=[
                fact("the  BUDGET doubled", "40 million"),
                fact("Forty million crowns.", "40 million crowns"),
            ],
        ),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    assert [f.fact for f in merged.key_facts] == ["The budget doubled.", "Forty million crowns."]


# --- offsets in document coordinates -------------------------------------------------


def test_every_placed_offset_slices_the_document_to_its_quote() -> None:
    stale = {"quote": SENTENCES[5], "start": 3, "end": 40, "match": "exact"}
    parts = [
        handmade_part(
            0,
            FIRST,
            sources=[source("S1", "Maria Olsen", SENTENCES[0][:50], FIRST)],
            risks=[
                risk("Dredging may harm the cod.", SENTENCES[2], FIRST),
                risk("The cod may go.", SENTENCES[2].replace("could", "might"), FIRST),
            ],
            key_facts=[
                {
                    "fact": "A vote on Friday.",
                    "evidence": [quote("the council will vote on the quay budget")],
                }
            ],
        ),
        handmade_part(
            1,
            SECOND,
            risks=[risk("The tender was rushed.", "x", SECOND, evidence=[stale])],
            key_facts=[
                {"fact": "A loan.", "evidence": [quote("the loan “costs far too much”", SECOND)]}
            ],
            positions=[position("Maria Olsen", "the quay", SENTENCES[0][:50], SECOND)],
        ),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    placed = [e for _, _, item in merged.items() for e in item.all_evidence()]
    assert len(placed) == 7
    assert all(slices_to_quote(e) for e in placed if e.match != "fuzzy")
    matches = {e.quote: e.match for e in placed}
    fuzzy = merged.risks[1].evidence[0]  # one word changed: the aligner says fuzzy
    assert (fuzzy.match, fuzzy.start, fuzzy.end) == ("fuzzy", offset_of(2), offset_of(3) - 1)
    assert matches["the council will vote on the quay budget"] == "normalized"
    assert matches[SENTENCES[5]] == "exact"
    # a quote the second chunk does not hold is found in the whole document
    assert merged.positions[0].evidence[0].start == offset_of(0)


def test_a_quote_found_nowhere_stays_unmatched_and_its_item_unverified() -> None:
    parts = [
        handmade_part(
            0,
            FIRST,
            risks=[
                risk("Cranes may fail.", "The cranes are older than the quay itself.", FIRST),
                risk("Dredging may harm the cod.", SENTENCES[2], FIRST),
            ],
        )
    ]
    invented, found = merge_chunks(parts, DOCUMENT).risks
    assert (invented.verified, invented.evidence[0].match, invented.evidence[0].start) == (
        False,
        "unmatched",
        None,
    )
    assert (found.verified, found.evidence[0].match) == (True, "exact")


@pytest.mark.parametrize(
    "chunk_offsets",
    [
        pytest.param(True, id="chunk-offsets-given"),
        pytest.param(False, id="no-offsets-aligned-in-window"),
    ],
)
def test_a_quote_in_two_chunks_lands_in_each_chunks_own_occurrence(chunk_offsets: bool) -> None:
    repeated = SENTENCES[3]
    assert repeated == SENTENCES[7]
    early, late = window(2, 3), window(6, 8)

    def fact(text: str, chunk: tuple[int, int]) -> dict[str, Any]:
        return {"fact": text, "evidence": [quote(repeated, chunk if chunk_offsets else None)]}

    parts = [
        handmade_part(1, late, key_facts=[fact("The second mention of the vote.", late)]),
        handmade_part(0, early, key_facts=[fact("The first mention of the vote.", early)]),
    ]
    merged = merge_chunks(parts, DOCUMENT)
    starts = {f.fact: f.evidence[0].start for f in merged.key_facts}
    assert starts == {
        "The first mention of the vote.": offset_of(3),
        "The second mention of the vote.": offset_of(7),
    }


@pytest.mark.parametrize(
    ("later_offsets", "expected_start"),
    [
        pytest.param(True, offset_of(7), id="valid-chunk-offsets-of-the-later-copy-kept"),
        pytest.param(False, offset_of(3), id="no-offsets-first-copy-in-the-window"),
    ],
)
def test_chunk_offsets_that_slice_the_quote_are_kept(
    later_offsets: bool, expected_start: int
) -> None:
    chunk = window(2, 9)
    evidence = quote(SENTENCES[7])
    if later_offsets:
        start = offset_of(7) - chunk[0]
        evidence.update(start=start, end=start + len(SENTENCES[7]), match="exact")
    fact = {"fact": "The vote, again.", "evidence": [evidence]}
    merged = merge_chunks([handmade_part(0, chunk, key_facts=[fact])], DOCUMENT)
    assert merged.key_facts[0].evidence[0].start == expected_start


# --- determinism, limits, input checks, scale ---------------------------------------


def mixed_parts() -> list[ChunkPart]:
    third = window(6, 9)
    return [
        handmade_part(
            0,
            FIRST,
            sources=[
                source("S1", "Maria Olsen", SENTENCES[0][:50], FIRST),
                source("S2", "an unnamed port official", SENTENCES[1], FIRST, kind="anonymous"),
            ],
            risks=[risk("Dredging may harm the cod.", SENTENCES[2], FIRST)],
        ),
        handmade_part(
            1,
            SECOND,
            title="Part two",
            sources=[
                source("S1", "Olsen", SENTENCES[4], SECOND),
                source("S2", "Erik Lund", SENTENCES[6], SECOND),
            ],
            positions=[position("Erik Lund", "the board", SENTENCES[6], SECOND, source_ids=["S2"])],
        ),
        handmade_part(
            2,
            third,
            title="Part three",
            sources=[
                source("S1", "Waleed al-Haddad", SENTENCES[8][:40], third),
                source("S2", "Haddad", SENTENCES[9], third),
            ],
            risks=[risk("The loan is costly.", SENTENCES[8], third)],
        ),
    ]


def test_the_same_parts_in_any_order_give_the_same_summary() -> None:
    parts = mixed_parts()
    expected = merge_chunks(parts, DOCUMENT).model_dump_json()
    shuffled = parts[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert merge_chunks(shuffled, DOCUMENT).model_dump_json() == expected
    merged = merge_chunks(parts, DOCUMENT)
    assert StructuredSummary.model_validate_json(expected) == merged  # it validates
    assert merged.title == TITLE  # the first chunk's, whatever arrived first
    assert names(merged) == [
        "Maria Olsen",
        "an unnamed port official",
        "Erik Lund",
        "Waleed al-Haddad",
    ]


def test_the_callers_parts_are_left_unchanged() -> None:
    parts = mixed_parts()
    before = [p.summary.model_dump_json() for p in parts]
    merge_chunks(parts, DOCUMENT)
    assert [p.summary.model_dump_json() for p in parts] == before


def test_sections_over_the_schema_limit_keep_verified_items_first() -> None:
    risks = [
        risk(f"Invented risk number {n}.", f"not in the document {n}", FIRST) for n in range(20)
    ]
    risks += [risk(f"Found risk number {n}.", SENTENCES[n % 4], FIRST) for n in range(20)]
    merged = merge_chunks(
        [handmade_part(0, FIRST, risks=risks[:20]), handmade_part(1, FIRST, risks=risks[20:])],
        DOCUMENT,
    )
    assert len(merged.risks) == 30
    assert sum(r.verified for r in merged.risks) == 20
    StructuredSummary.model_validate(merged.model_dump())


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        pytest.param([], "at least one chunk", id="no-parts"),
        pytest.param(
            [handmade_part(3, (10, len(DOCUMENT) + 5))], "chunk 3 spans", id="chunk-past-the-end"
        ),
    ],
)
def test_bad_parts_are_refused_with_one_clear_message(parts: list[ChunkPart], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        merge_chunks(parts, DOCUMENT)


# Scale: 8,000 chunks, 40,000 items: a pairwise merge would compare ~10^8 pairs per
# section (minutes); the keyed merge takes a few seconds.
SCALE_PARTS = 8_000
SCALE_CEILING_SECONDS = 60.0


def test_merging_many_chunks_is_not_quadratic() -> None:
    """Generous ceiling only: the machine is shared and timings are noisy."""
    lines = [
        f"Speaker{n} Vold{n % 700} said the pier {n} must be rebuilt." for n in range(SCALE_PARTS)
    ]
    document = " ".join(lines)
    parts, start = [], 0
    for n, line in enumerate(lines):
        chunk = (start, start + len(line))
        parts.append(
            ChunkPart(
                n,
                chunk[0],
                chunk[1],
                StructuredSummary.model_validate(
                    {
                        "title": TITLE,
                        "summary": LEAD,
                        "sources": [
                            {
                                "id": "S1",
                                "name": f"Speaker{n} Vold{n % 700}",
                                "kind": "named_person",
                                "statements": [{"quote": line}],
                            },
                            {
                                "id": "S2",
                                "name": "a dock worker",
                                "kind": "anonymous",
                                "statements": [{"quote": line[:20]}],
                            },
                        ],
                        "risks": [
                            {
                                "description": f"Pier {n % 50} may collapse.",
                                "category": "security",
                                "evidence": [{"quote": line}],
                            }
                        ],
                        "key_facts": [{"fact": f"Pier {n}.", "evidence": [{"quote": line}]}],
                        "positions": [
                            {
                                "actor": f"Vold{n % 700}",
                                "actor_type": "public",
                                "issue": "the pier",
                                "stance": "supports",
                                "summary": "Rebuild it.",
                                "source_ids": ["S1", "S2"],
                                "evidence": [{"quote": line}],
                            }
                        ],
                    }
                ),
            )
        )
        start += len(line) + 1
    began = time.perf_counter()
    merged = merge_chunks(parts, document)
    assert time.perf_counter() - began < SCALE_CEILING_SECONDS
    assert len(merged.risks) == 30 and all(r.verified for r in merged.risks)
    assert len(merged.sources) == 100
    assert all(
        slices_to_quote_in(document, e)
        for _, _, item in merged.items()
        for e in item.all_evidence()
    )


def slices_to_quote_in(document: str, evidence: Evidence) -> bool:
    return evidence.start is not None and document[evidence.start : evidence.end] == evidence.quote
