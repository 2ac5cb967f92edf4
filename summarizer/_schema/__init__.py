"""The data contract: summary items, the summary, run metadata and grounding."""

from summarizer._schema._claims import claims_by_field, unsupported_summary_claims
from summarizer._schema._export import (
    MODEL_FACING_MAX_ITEMS,
    SCHEMA_FILENAME,
    model_facing_schema,
    output_json_schema,
    output_json_schema_text,
)
from summarizer._schema._grounded import (
    align_evidence,
    drop_unverified,
    grounding_report,
    unverified_quotes,
)
from summarizer._schema._items import (
    MAX_STATEMENTS,
    Agreement,
    Contradiction,
    Evidence,
    GroundedItem,
    KeyFact,
    Position,
    Risk,
    Source,
)
from summarizer._schema._meta import (
    CacheStatus,
    ChunkRecord,
    ChunkReport,
    GroundingReport,
    PromptInfo,
    SectionCoverage,
    SummaryMeta,
    SummaryResult,
    UnsupportedClaim,
    Usage,
)
from summarizer._schema._summary import (
    SCHEMA_VERSION,
    SECTIONS,
    Section,
    StructuredSummary,
    count_sentences,
)

__all__ = [
    "MAX_STATEMENTS",
    "MODEL_FACING_MAX_ITEMS",
    "SCHEMA_FILENAME",
    "SCHEMA_VERSION",
    "SECTIONS",
    "Agreement",
    "CacheStatus",
    "ChunkRecord",
    "ChunkReport",
    "Contradiction",
    "Evidence",
    "GroundedItem",
    "GroundingReport",
    "KeyFact",
    "Position",
    "PromptInfo",
    "Risk",
    "Section",
    "SectionCoverage",
    "Source",
    "StructuredSummary",
    "SummaryMeta",
    "SummaryResult",
    "UnsupportedClaim",
    "Usage",
    "align_evidence",
    "claims_by_field",
    "count_sentences",
    "drop_unverified",
    "grounding_report",
    "model_facing_schema",
    "output_json_schema",
    "output_json_schema_text",
    "unsupported_summary_claims",
    "unverified_quotes",
]
