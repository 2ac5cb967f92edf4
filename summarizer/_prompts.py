"""Prompt templates: Jinja2 files under prompts/, rendered in a sandbox, hashed.

The document is untrusted: it goes only inside one delimited block of the user message,
and the delimiter is derived from the document's own hash, so a document cannot contain
the line that closes its block.
"""

from __future__ import annotations

import functools
import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict

from summarizer._errors import ConfigurationError
from summarizer._inputs import reference_day
from summarizer._schema import LIKELIHOOD_RANGES, PromptInfo

SYSTEM_TEMPLATE = "system.j2"
USER_TEMPLATE = "user.j2"
UNVERIFIABLE_QUOTES_TEMPLATE = "unverifiable_quotes.j2"
UNSUPPORTED_CLAIMS_TEMPLATE = "unsupported_claims.j2"
CHUNK_HEADER_TEMPLATE = "chunk_header.j2"
FINAL_SUMMARY_TEMPLATE = "final_summary.j2"
# `summarizer compare --cluster-issues`: it shapes no summary, so it stays out of
# `prompt_templates_sha256` (a change to it must not make batch outputs stale).
ISSUE_GROUPS_TEMPLATE = "issue_groups.j2"

# The header of the long-document chunk being summarized in this context (thread or task),
# set by summarizer._long: an engine is asked about one text, so the header travels beside
# it. None (every document that fits) leaves the prompt exactly as it always was.
chunk_header: ContextVar[str | None] = ContextVar("summarizer_chunk_header", default=None)


def template_dir() -> Path:
    """prompts/ inside an installed wheel, else the repository's prompts/."""
    package = Path(__file__).resolve().parent
    bundled = package / "prompts"
    return bundled if bundled.is_dir() else package.parent / "prompts"


_ENVIRONMENT = SandboxedEnvironment(
    loader=jinja2.FileSystemLoader(template_dir()),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
    # Templates ship with the package: compiled once per process, never re-stat'ed per render.
    auto_reload=False,
)


# The ICD 203 terms with their ranges on one line, from the schema's table (the risk's
# likelihood field describes the same table to models that read the schema).
LIKELIHOOD_TERMS = ", ".join(f"{term} {chances}" for term, chances in LIKELIHOOD_RANGES.items())


class DocumentPromptVariables(BaseModel):
    """What the system and user templates may use; anything else is a mistake."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    document: str
    boundary: str
    date: str | None = None  # the document's day, when known: the user message says so
    likelihood_terms: str = LIKELIHOOD_TERMS


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    role: str
    content: str


@dataclass(frozen=True)
class RenderedPrompt:
    messages: list[Message]
    info: PromptInfo

    def as_dicts(self) -> list[dict[str, Any]]:
        return [message.model_dump() for message in self.messages]


def boundary_for(document: str) -> str:
    return "DOCUMENT-" + hashlib.sha256(document.encode("utf-8")).hexdigest()[:24]


def render_template(name: str, variables: BaseModel | dict[str, Any]) -> str:
    values = variables.model_dump() if isinstance(variables, BaseModel) else variables
    try:
        return _ENVIRONMENT.get_template(name).render(**values).strip()
    except jinja2.UndefinedError as error:
        raise ConfigurationError(f"prompt template {name}: {error.message}") from None
    except jinja2.TemplateNotFound:
        raise ConfigurationError(f"prompt template {name} not found in {template_dir()}") from None


def _system_message(variables: DocumentPromptVariables) -> str:
    """The system message, rendered once per distinct value of the variables its template
    reads: it reads no document, so every document of a run shares one rendering."""
    values = variables.model_dump(include=set(_variables_read_by(SYSTEM_TEMPLATE)))
    return _remembered_rendering(SYSTEM_TEMPLATE, tuple(sorted(values.items())))


@functools.lru_cache(maxsize=16)
def _remembered_rendering(name: str, values: tuple[tuple[str, Any], ...]) -> str:
    return render_template(name, dict(values))


@functools.cache
def _variables_read_by(name: str) -> frozenset[str]:
    """The variables template NAME reads, found once in its source (none if it is
    missing: rendering it then says so)."""
    try:
        source, _, _ = _ENVIRONMENT.loader.get_source(_ENVIRONMENT, name)  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        return frozenset()
    return frozenset(jinja2.meta.find_undeclared_variables(_ENVIRONMENT.parse(source)))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _template_source(name: str) -> str:
    return (template_dir() / name).read_text(encoding="utf-8")


def prompt_templates_sha256() -> str:
    """SHA-256 of every template's source, re-asks' included: a change to any of them
    changes what is asked, so a stored answer or a batch output made before is stale."""
    names = [SYSTEM_TEMPLATE, USER_TEMPLATE]
    names += [UNVERIFIABLE_QUOTES_TEMPLATE, UNSUPPORTED_CLAIMS_TEMPLATE]
    names += [CHUNK_HEADER_TEMPLATE, FINAL_SUMMARY_TEMPLATE]  # what a long document asks
    return _sha256("\0".join(f"{name}\0{_template_source(name)}" for name in names))


@functools.cache
def _document_templates_sha256() -> str:
    """Hash of the system and user sources, read once like the compiled templates."""
    return _sha256(_template_source(SYSTEM_TEMPLATE) + "\0" + _template_source(USER_TEMPLATE))


def messages_sha256(messages: list[Message]) -> str:
    """The SHA-256 of MESSAGES as JSON: every character sent, the document's included."""
    return _sha256(json.dumps([m.model_dump() for m in messages]))


def render_document_prompt(document: str) -> RenderedPrompt:
    """System + user messages for DOCUMENT, with the names and hashes that identify them.
    The reference day set by the pipeline (`summarizer._inputs.dated`) adds one line."""
    day = reference_day()
    variables = DocumentPromptVariables(
        document=document,
        boundary=boundary_for(document),
        date=day.isoformat() if day else None,
    )
    user = render_template(USER_TEMPLATE, variables)
    header = chunk_header.get()
    messages = [
        Message(role="system", content=_system_message(variables)),
        Message(role="user", content=user if header is None else f"{header}\n\n{user}"),
    ]
    info = PromptInfo(
        system_template=SYSTEM_TEMPLATE,
        user_template=USER_TEMPLATE,
        templates_sha256=_document_templates_sha256(),
        rendered_sha256=messages_sha256(messages),
    )
    return RenderedPrompt(messages=messages, info=info)


def chunk_header_text(part: int, parts: int, lead: str) -> str:
    """The line that tells the model its text is part PART of PARTS of a longer document."""
    return render_template(CHUNK_HEADER_TEMPLATE, {"part": part, "parts": parts, "lead": lead})


def final_summary_prompt(lead: str, sections: list[tuple[str, list[str]]]) -> list[Message]:
    """The one small request for a long document's title and summary, from its merged items."""
    content = render_template(FINAL_SUMMARY_TEMPLATE, {"lead": lead, "sections": sections})
    return [Message(role="user", content=content)]


def issue_groups_prompt(issues: list[tuple[str, list[str]]]) -> list[Message]:
    """The one request of `compare --cluster-issues`: ISSUES, (id, wordings) pairs, as
    JSON lines (a wording cannot break its line) inside a block whose delimiter is derived
    from their hash, as a document's is (a wording cannot contain the closing line)."""
    lines = [
        json.dumps({"id": issue_id, "wordings": wordings}, ensure_ascii=False)
        for issue_id, wordings in issues
    ]
    boundary = "ISSUES-" + _sha256("\n".join(lines))[:24]
    content = render_template(ISSUE_GROUPS_TEMPLATE, {"boundary": boundary, "lines": lines})
    return [Message(role="user", content=content)]


def unverifiable_quotes_message(items: list[tuple[str, list[str]]]) -> str:
    """The re-ask text for items whose quotes do not occur in the document."""
    return render_template(UNVERIFIABLE_QUOTES_TEMPLATE, {"items": items})


def unsupported_claims_message(fields: list[tuple[str, list[str]]]) -> str:
    """The re-ask text for numbers, dates and names of the title/summary not in the document."""
    return render_template(UNSUPPORTED_CLAIMS_TEMPLATE, {"fields": fields})


def grounding_reask_message(
    items: list[tuple[str, list[str]]], fields: list[tuple[str, list[str]]]
) -> str:
    """One re-ask listing unverifiable quotes and unsupported claims, whichever there are."""
    parts = [unverifiable_quotes_message(items)] if items else []
    parts += [unsupported_claims_message(fields)] if fields else []
    return "\n".join(parts)
