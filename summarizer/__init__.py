"""summarizer: validated, source-grounded structured summaries of documents.

>>> import summarizer
>>> result = summarizer.summarize(text, model="openai/gpt-4.1-mini")
>>> result.summary.positions[0].evidence[0].quote   # verbatim, with offsets
"""

from summarizer._cassettes import CassetteError, cassette_settings, record_cassette, replay_cassette
from summarizer._documents import read_document
from summarizer._engines import (
    Engine,
    EngineOutput,
    EngineSettings,
    GenerationSettings,
    ModelChoice,
    register_engine,
)
from summarizer._errors import (
    ConfigurationError,
    ContextOverflowError,
    GroundingError,
    InputError,
    InvalidResponseError,
    ModelOutputError,
    OutputError,
    ProviderError,
    RateLimitError,
    RefusalError,
    SummarizerError,
)
from summarizer._inputs import LoadedDocument, load_document
from summarizer._options import Options
from summarizer._pipeline import Summarizer, asummarize, recording, replaying, summarize
from summarizer._render import render_markdown
from summarizer._schema import (
    SCHEMA_VERSION,
    Agreement,
    Contradiction,
    DocumentInfo,
    Evidence,
    GroundingReport,
    KeyFact,
    Position,
    PromptInfo,
    Risk,
    Source,
    StructuredSummary,
    SummaryMeta,
    SummaryResult,
    Usage,
    output_json_schema,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Agreement",
    "CassetteError",
    "ConfigurationError",
    "ContextOverflowError",
    "Contradiction",
    "DocumentInfo",
    "Engine",
    "EngineOutput",
    "EngineSettings",
    "Evidence",
    "GenerationSettings",
    "GroundingError",
    "GroundingReport",
    "InputError",
    "InvalidResponseError",
    "KeyFact",
    "LoadedDocument",
    "ModelChoice",
    "ModelOutputError",
    "Options",
    "OutputError",
    "Position",
    "PromptInfo",
    "ProviderError",
    "RateLimitError",
    "RefusalError",
    "Risk",
    "Source",
    "StructuredSummary",
    "Summarizer",
    "SummarizerError",
    "SummaryMeta",
    "SummaryResult",
    "Usage",
    "__version__",
    "asummarize",
    "cassette_settings",
    "load_document",
    "output_json_schema",
    "read_document",
    "record_cassette",
    "recording",
    "register_engine",
    "render_markdown",
    "replay_cassette",
    "replaying",
    "summarize",
]
