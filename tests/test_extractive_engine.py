"""The extractive engine end to end: the seed article, the engine interface, determinism."""

from __future__ import annotations

from summarizer._engines import EngineSettings, ModelChoice, create_engine
from summarizer._engines._extractive import ExtractiveEngine, summarize
from summarizer._schema import StructuredSummary, count_sentences


def every_evidence_slices_the_document(summary: StructuredSummary, document: str) -> None:
    for section, index, item in summary.items():
        for evidence in item.all_evidence():  # statements and mentions alike
            assert evidence.match == "exact", (section, index)
            assert evidence.start is not None and evidence.end is not None
            assert document[evidence.start : evidence.end] == evidence.quote, (section, index)


def test_seed_validates_and_every_evidence_is_an_exact_span(seed_text: str) -> None:
    summary = summarize(seed_text)
    StructuredSummary.model_validate(summary.model_dump())
    every_evidence_slices_the_document(summary, seed_text)
    assert count_sentences(summary.summary) <= 3
    sections = ("sources", "positions", "agreements", "risks", "key_facts")
    assert all(getattr(summary, section) for section in sections)  # something to slice


def test_seed_sources(seed_text: str) -> None:
    sources = {source.name: source for source in summarize(seed_text).sources}
    qaddo = sources["Waad al-Qaddo"]
    assert qaddo.role == "Coordination Framework MP"
    assert qaddo.via == "The New Region"
    assert qaddo.kind == "named_person"
    assert any("Qaddo added" not in e.quote and "consensus" in e.quote for e in qaddo.statements)
    # the interrupted quotation ('"...," Waad al-Qaddo ... told The New Region. "..."') is
    # two statements without its attribution; "Qaddo added that ..." is the third
    assert len(qaddo.statements) == 3
    assert not any("told The New Region" in e.quote for e in qaddo.statements)
    # the outlet's sentence only attributes: the outlet is the official's via, no speaker
    assert sources["unnamed Iraqi official"].via == "The Washington Post"
    assert "The Washington Post" not in sources
    assert sources["Sources familiar with ongoing deliberations"].kind == "anonymous"


def test_seed_mentions(seed_text: str) -> None:
    sources = {source.name: source for source in summarize(seed_text).sources}
    said = {name: [m.quote for m in source.mentions] for name, source in sources.items()}
    assert said["Waad al-Qaddo"] == ["Waad al-Qaddo, a Coordination Framework MP", "Qaddo"]
    assert said["unnamed Iraqi official"] == ["an unnamed Iraqi official", "the source"]
    assert said["Sources familiar with ongoing deliberations"] == [
        "Sources familiar with ongoing deliberations",
        "The sources",
    ]
    every = [quote for quotes in said.values() for quote in quotes]
    assert "The New Region" not in every  # an addressee, not a speaker
    assert all(source.mentions for source in sources.values())


def test_seed_sections(seed_text: str) -> None:
    summary = summarize(seed_text)
    deadlines = {a.deadline.isoformat() for a in summary.agreements if a.deadline is not None}
    assert deadlines == {"2025-09-30"}
    assert {a.status for a in summary.agreements} == {"agreed", "under_negotiation"}
    assert any(f.value == "approximately 2,400 military personnel" for f in summary.key_facts)
    assert any(r.hedge_cue == "fear of" for r in summary.risks)
    opposition = [p for p in summary.positions if p.issue == "prolonged US presence"]
    assert opposition and opposition[0].stance == "opposes"


def test_same_output_twice(seed_text: str) -> None:
    first = summarize(seed_text)
    assert first.sources and first.model_dump_json() == summarize(seed_text).model_dump_json()


def test_registry_builds_the_engine_and_it_runs(seed_text: str) -> None:
    engine = create_engine(ModelChoice("extractive", ""), EngineSettings())
    assert isinstance(engine, ExtractiveEngine)
    output = engine.run(seed_text)
    assert output.attempts == 1
    assert output.prompt is None
    assert output.summary == summarize(seed_text)
    assert "Waad al-Qaddo" in {source.name for source in output.summary.sources}
