"""`Options`: every setting of a run, defined once (name, type, default, bounds, help).

The CLI builds its flags from these fields, `Summarizer` validates its arguments with
them, a cassette stores them, and `settings_hash()` (what shapes a request) keys the
response cache and the batch resume check. Adding an option is adding a field here.

A bad value gets the same one line (a ConfigurationError, exit 2) from the command line
and from Python, before any request: `--timeout must be a finite number of seconds > 0,
got -1`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args

import annotated_types
from pydantic import (
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_serializer,
)
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from tenacity import Retrying

from summarizer._errors import ConfigurationError
from summarizer._redaction import url_without_credentials
from summarizer._schema import SCHEMA_VERSION, IsoDay

DEFAULT_REASKS = 2
DEFAULT_TRANSPORT_ATTEMPTS = 4
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_BYTES = 2_000_000
DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Unit:
    """What a bounded number counts, for its error line: "a whole number of re-asks"."""

    noun: str


@dataclass(frozen=True)
class _ShapesRequest:
    """Marks a field that changes what is asked or what is kept: it enters the hash."""


SHAPES_REQUEST = _ShapesRequest()
# A tenacity policy is accepted for a retry budget; only whole numbers are recorded.
Attempts = Union[Annotated[int, Field(ge=1)], Retrying]  # noqa: UP007 - a runtime value
ReAsks = Union[Annotated[int, Field(ge=0)], Retrying]  # noqa: UP007 - a runtime value
Finite = AllowInfNan(False)


class Options(BaseModel):
    """The settings of a run. Frozen; `changed(**values)` makes a validated copy."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    model: Annotated[
        str | None,
        SHAPES_REQUEST,
        Field(
            description="provider/name: openai/gpt-4.1-mini, ollama/qwen2.5:7b, "
            "openai-compatible/NAME, llamacpp/PATH.gguf, or extractive."
        ),
    ] = None
    base_url: Annotated[
        str | None,
        SHAPES_REQUEST,
        Field(description="Server URL for openai-compatible (and ollama)."),
    ] = None
    api_key: Annotated[
        SecretStr | None,
        Field(
            exclude=True,
            description="The provider's key (default: OPENAI_API_KEY); never written or hashed.",
        ),
    ] = None
    timeout: Annotated[
        float, Unit("seconds"), Finite, Field(gt=0, description="Seconds per request.")
    ] = DEFAULT_TIMEOUT
    max_retries: Annotated[
        ReAsks,
        SHAPES_REQUEST,
        Unit("re-asks"),
        Field(description="Re-asks on invalid output."),
    ] = DEFAULT_REASKS
    transport_retries: Annotated[
        Attempts,
        Unit("attempts"),
        Field(description="Attempts per request on 429/5xx/timeouts (1: no retry)."),
    ] = DEFAULT_TRANSPORT_ATTEMPTS
    temperature: Annotated[
        float | None,
        SHAPES_REQUEST,
        Finite,
        Field(description="Sampling temperature."),
    ] = 0.0
    top_p: Annotated[
        float | None, SHAPES_REQUEST, Finite, Field(description="Nucleus sampling share.")
    ] = None
    seed: Annotated[int | None, SHAPES_REQUEST, Field(description="Sampling seed.")] = None
    max_tokens: Annotated[
        int | None,
        SHAPES_REQUEST,
        Unit("tokens"),
        Field(ge=1, description="At most this many tokens per answer."),
    ] = None
    frequency_penalty: Annotated[
        float | None, SHAPES_REQUEST, Finite, Field(description="Sampling frequency penalty.")
    ] = None
    presence_penalty: Annotated[
        float | None, SHAPES_REQUEST, Finite, Field(description="Sampling presence penalty.")
    ] = None
    context_size: Annotated[
        int | None,
        Unit("tokens"),
        Field(ge=1, description="llamacpp: tokens of context (default 8192)."),
    ] = None
    threads: Annotated[
        int | None, Unit("threads"), Field(ge=1, description="llamacpp: CPU threads.")
    ] = None
    concurrency: Annotated[
        int | None,
        Unit("requests"),
        Field(
            ge=1,
            description="Requests in flight: a long document's chunks (default 8); in "
            "`batch`, documents too (default: 8 for LLMs, 1 per CPU for extractive).",
        ),
    ] = None
    max_items: Annotated[
        int | None,
        SHAPES_REQUEST,
        Unit("items"),
        Field(ge=1, description="Ask for at most N items per list (small models loop)."),
    ] = None
    reask_unverifiable: Annotated[
        bool,
        SHAPES_REQUEST,
        Field(description="Re-ask when a quote is not in the document."),
    ] = True
    strict_grounding: Annotated[
        bool,
        SHAPES_REQUEST,
        Field(description="Drop items none of whose quotes occur in the document."),
    ] = False
    min_coverage: Annotated[
        float | None,
        SHAPES_REQUEST,
        Finite,
        Field(ge=0, le=1, description="Exit 5 if under this share (0-1) of items is verified."),
    ] = None
    max_bytes: Annotated[
        int, Unit("bytes"), Field(ge=1, description="Refuse document files of more bytes.")
    ] = DEFAULT_MAX_BYTES
    max_chars: Annotated[
        int | None,
        Unit("characters"),
        Field(ge=1, description="Refuse documents of more characters."),
    ] = DEFAULT_MAX_CHARS
    date: Annotated[
        IsoDay | None,
        Field(
            description="The document's date (YYYY-MM-DD), for relative dates ('next month'); "
            "default: the page's or PDF's own date."
        ),
    ] = None
    include_text: Annotated[
        bool,
        Field(description="Put the document's text in the result (a batch output: on)."),
    ] = False
    cache: Annotated[
        bool, Field(description="Reuse stored model responses (no tokens, no network).")
    ] = True
    cache_dir: Annotated[
        Path | None,
        Field(description="Response cache folder (default: SUMMARIZER_CACHE_DIR or ~/.cache)."),
    ] = None

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise ConfigurationError(_one_line(error.errors(include_url=False)[0])) from None

    @field_serializer("max_retries", "transport_retries")
    def _whole_budget(self, budget: int | Retrying) -> int | None:
        return budget if isinstance(budget, int) else None

    @field_serializer("base_url")
    def _public_url(self, url: str | None) -> str | None:
        return url_without_credentials(url)

    def __repr_args__(self) -> Any:
        # A repr lands in logs and tracebacks: the URL's credentials stay out of it.
        for name, value in super().__repr_args__():
            yield name, url_without_credentials(value) if name == "base_url" else value

    def changed(self, **values: Any) -> Options:
        """A validated copy with VALUES (unknown names and bad values refused)."""
        return Options(**{**self._given(), **values})

    def _given(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}

    def public(self) -> dict[str, Any]:
        """Every setting but the key, as JSON values; the base URL without credentials.
        What a cassette or a manifest records."""
        return self.model_dump(mode="json")

    def shaping(self) -> dict[str, Any]:
        """What shapes a request or what is kept of the answer, with the schema version."""
        public = self.public()
        shaping = {name: public[name] for name in request_shaping_fields()}
        return {**shaping, "schema_version": SCHEMA_VERSION}

    def settings_hash(self) -> str:
        """Hex SHA-256 of `shaping()` as sorted-key compact JSON: the same in every process.
        Not in it: the key, timeout, transport retries, limits on input, cache, threads."""
        canonical = json.dumps(
            self.shaping(), sort_keys=True, separators=(",", ":"), ensure_ascii=True
        )
        return hashlib.sha256(canonical.encode("ascii")).hexdigest()

    @classmethod
    def from_recorded(cls, recorded: Mapping[str, Any]) -> Options:
        """The options a cassette or manifest recorded: null values (a tenacity policy,
        a setting left to the server) and names this version does not know are skipped."""
        known = cls.model_fields.keys() - {"api_key"}
        return cls(**{k: v for k, v in recorded.items() if k in known and v is not None})


def request_shaping_fields() -> list[str]:
    fields = Options.model_fields.items()
    return [name for name, field in fields if SHAPES_REQUEST in field.metadata]


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _one_line(error: ErrorDetails) -> str:
    """The ValidationError ERROR as our one line, a bound in words: "--max-items must be
    a whole number of items >= 1, got 0"."""
    if not error["loc"]:
        return error["msg"]
    name = str(error["loc"][0])
    if error["type"] == "extra_forbidden":
        return f"unknown option {name!r}; options are: {', '.join(Options.model_fields)}"
    if name == "api_key":  # whatever was given may be the key itself: never shown
        return "api_key must be a string"
    field = Options.model_fields[name]
    value = error.get("input")
    problem = _bound_problem(name, field, value)
    return problem or f"{flag(name)}: {error['msg'].lower()}, got {_shown(value)}"


def _bound_problem(name: str, field: FieldInfo, value: object) -> str | None:
    lowest, highest = _bounds(field)
    if lowest is not None and highest is not None:
        # min_coverage's words since before this model; its flag alone would read better
        return f"{name} must be between {lowest[1]:g} and {highest:g}, got {_shown(value)}"
    unit = next((m for m in field.metadata if isinstance(m, Unit)), None)
    if unit is None or lowest is None:
        return None
    comparison, limit = lowest
    kind = "a finite number of" if _is_float(field) else "a whole number of"
    return f"{flag(name)} must be {kind} {unit.noun} {comparison} {limit:g}, got {_shown(value)}"


def _bounds(field: FieldInfo) -> tuple[tuple[str, float] | None, float | None]:
    """FIELD's lower bound (comparison, limit) and upper bound, looked for in a union's
    members too (`int >= 0 | Retrying`)."""
    constraints = [*field.metadata]
    for member in get_args(field.annotation):
        constraints += getattr(member, "__metadata__", ())
    for info in [c for c in constraints if isinstance(c, FieldInfo)]:
        constraints += info.metadata
    lowest: tuple[str, float] | None = None
    highest: float | None = None
    for constraint in constraints:
        if isinstance(constraint, annotated_types.Ge):
            lowest = (">=", float(constraint.ge))  # type: ignore[arg-type]
        elif isinstance(constraint, annotated_types.Gt):
            lowest = (">", float(constraint.gt))  # type: ignore[arg-type]
        elif isinstance(constraint, annotated_types.Le):
            highest = float(constraint.le)  # type: ignore[arg-type]
    return lowest, highest


def _is_float(field: FieldInfo) -> bool:
    return field.annotation is float or float in get_args(field.annotation)


def _shown(value: object) -> str:
    """-1.0 as "-1", like the user typed it; nan and inf as such."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value) if isinstance(value, int) else repr(value)


def check_bounds(**values: object) -> None:
    """Raise ConfigurationError for the first of VALUES outside its field's bounds
    (for callers that take a few options as plain arguments, like `read_document`)."""
    Options(**values)
