"""Secrets and terminal control sequences never leave the process in what we write.

Everything a user or a file can see (stderr lines, logs, exception messages, metadata,
cassettes) passes through one of the two redactors, and text bound for a terminal or a
markdown file through `strip_control`. A leaf module: it imports nothing of ours.

Two redactors, because ordinary text must come out unchanged:

- `redact(text)`: for error messages and error bodies. Registered secrets, and anything
  shaped like a secret (`Bearer ...`, `sk-...` keys, `api-key=...`, `"token": "..."`,
  URL user info), become `[redacted]`. A word such as "key" in an error may suffer.
- `redact_known(text)`: for documents, model output and successful response bodies.
  Only the secrets registered in this process (the API key, URL credentials), exactly:
  `"key_facts"` or "a key point: ..." are never touched.

`register_secret` / `register_url_secrets` tell both redactors what is secret;
`url_without_credentials` is the URL a user may see (the request still uses the real one).
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import re
import threading
import urllib.parse
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

REDACTED = "[redacted]"
# Shorter values occur by chance in ordinary text (a port, a word): never treated as secrets.
MIN_SECRET_LENGTH = 6
# Query or field names whose values are secrets: these words anywhere in the name
# (lower case, '-' and '_' removed: "X-Api-Key", "access_token", "client_secret"), ...
_SENSITIVE_NAME_PARTS = ("key", "token", "secret", "password", "passwd", "credential")
# ... or exactly one of these short names, too common inside other words to search for.
_SENSITIVE_NAMES = frozenset({"auth", "sig", "signature", "pwd", "pass", "session", "code"})

_lock = threading.Lock()
_registered: set[str] = set()


def is_sensitive_name(name: str) -> bool:
    """Whether a query parameter, header or field called NAME carries a secret."""
    compact = name.lower().replace("-", "").replace("_", "")
    return compact in _SENSITIVE_NAMES or any(part in compact for part in _SENSITIVE_NAME_PARTS)


def _secret_forms(value: str) -> set[str]:
    """VALUE as it may appear in a URL, a JSON string or an echoed Basic header."""
    forms = {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
    forms.add(json.dumps(value)[1:-1])
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


def register_secret(value: str | None) -> None:
    """Remember VALUE as a secret of this process (ignored when shorter than 6 characters)."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        forms = _secret_forms(value)
        with _lock:
            _registered.update(forms)


def register_url_secrets(url: str | None) -> None:
    """Remember the password, user info and sensitive query values of URL as secrets."""
    if not url:
        return
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return
    if parts.password:
        register_secret(urllib.parse.unquote(parts.password))
        userinfo = parts.netloc.rpartition("@")[0]
        register_secret(userinfo)
        plain = urllib.parse.unquote(userinfo)
        register_secret(plain)  # httpx sends user:pass as a Basic authorization header
        register_secret(base64.b64encode(plain.encode()).decode("ascii"))
    for name, value in _query_pairs(parts.query) + _query_pairs(parts.fragment):
        if is_sensitive_name(name):
            register_secret(value)


def _query_pairs(query: str) -> list[tuple[str, str]]:
    return urllib.parse.parse_qsl(query, keep_blank_values=True)


def _known(secrets: Iterable[str | None]) -> list[str]:
    with _lock:
        known = set(_registered)
    for secret in secrets:
        if secret and len(secret) >= MIN_SECRET_LENGTH:
            known.update(_secret_forms(secret))
    return sorted(known, key=len, reverse=True)  # longest first: no partial leftovers


def redact_known(text: str, secrets: Iterable[str | None] = ()) -> str:
    """TEXT with every registered secret and every one of SECRETS replaced, nothing else."""
    for secret in _known(secrets):
        text = text.replace(secret, REDACTED)
    return text


def redact_known_in(model: M) -> M:
    """A copy of MODEL whose every string went through `redact_known` (a server that
    echoes the key into the model's words does not get it into results). Every nested
    model and list is copied too, so the caller may edit the copy in place."""
    return model.model_copy(update=_redacted_fields(model))


def without_known_secrets(model: M) -> M:
    """MODEL itself when no registered secret occurs in any of its strings (the common
    case, checked on its JSON in one pass), else `redact_known_in(model)`, a copy."""
    known = _known(())
    if not known:
        return model
    dumped = model.__pydantic_serializer__.to_json(model).decode("utf-8")
    # Escaping is per character, so a secret inside a string is, escaped, inside its JSON.
    # pydantic escapes as json.dumps without ensure_ascii does (`\"`, `\\`, `\n`, `\u001f`).
    found = any(json.dumps(secret, ensure_ascii=False)[1:-1] in dumped for secret in known)
    return redact_known_in(model) if found else model


def _redacted_fields(model: BaseModel) -> dict[str, Any]:
    return {name: _redacted_value(getattr(model, name)) for name in type(model).model_fields}


def _redacted_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact_known(value)
    if isinstance(value, BaseModel):
        return redact_known_in(value)
    if isinstance(value, list | tuple):
        return type(value)(_redacted_value(item) for item in value)
    return value


_VALUE = r"""(?P<value>[^\s"'&,;<>(){}\[\]]{4,})"""
_QUOTE = r"""["']?"""
_SECRET_SHAPES = (
    # An echoed header: "Authorization: Bearer abc", "x-api-key: abc", "Cookie: a=b".
    re.compile(
        rf"(?i)(?P<name>\b(?:proxy-)?authorization{_QUOTE}\s*[:=]\s*{_QUOTE}"
        rf"(?:(?:bearer|basic|token|digest)\s+)?){_VALUE}"
    ),
    # A compound name says it is secret: api_key=..., "access_token": "...", password: ...
    re.compile(
        rf"(?i)(?P<name>\b(?:x-)?(?:api[-_]?key|(?:access|refresh|id|auth)[-_]?token"
        rf"|(?:client[-_]?)?secret|password|passwd|cookie){_QUOTE}\s*[:=]\s*{_QUOTE}){_VALUE}"
    ),
    # A bare name only as a query parameter or a quoted JSON field: key=..., "token": "..."
    re.compile(rf"(?i)(?P<name>[?&;\s]?\b(?:key|token|auth|sig|signature)=){_VALUE}"),
    re.compile(rf"""(?i)(?P<name>["'](?:key|token|auth)["']\s*:\s*["']){_VALUE}"""),
    # Vendors' prefixed keys: OpenAI sk-/sk-proj-, GitHub, Hugging Face, Google, Slack.
    re.compile(
        r"\b(?:(?:sk|pk|rk)-[A-Za-z0-9_*.-]{6,}|gh[pousr]_[A-Za-z0-9]{20,}"
        r"|hf_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{30,}|xox[abprs]-[A-Za-z0-9-]{10,})"
    ),
    # Credentials in a URL: scheme://user:pass@host (the scheme's length is bounded so a
    # long run of "a.a.a" is not rescanned from every letter).
    re.compile(r"(?i)(?P<scheme>\b[a-z][a-z0-9+.-]{0,30}://)(?P<userinfo>[^/?#\s@]+)@"),
)
# "Bearer abc123" alone; the token must look like one ("the bearer of bad news" stays).
_AUTH_SCHEME = re.compile(r"(?i)\b(?P<scheme>bearer|basic)\s+(?P<token>[A-Za-z0-9._~+/-]+=*)")
_TOKEN_SIGNS = re.compile(r"[0-9._~+/=-]|[a-z][A-Z]")


def _replace_shape(match: re.Match[str]) -> str:
    groups = match.groupdict()
    if groups.get("value") is not None:
        return f"{groups['name']}{REDACTED}"
    if groups.get("userinfo") is not None:
        return f"{groups['scheme']}{REDACTED}@"
    return REDACTED


def _replace_auth_scheme(match: re.Match[str]) -> str:
    token = match["token"]
    looks_secret = len(token) >= 20 or (len(token) >= 8 and _TOKEN_SIGNS.search(token))
    return f"{match['scheme']} {REDACTED}" if looks_secret else match.group(0)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """TEXT (an error message or body) with every known and every secret-shaped value
    replaced by `[redacted]`. Not for documents or model output: see `redact_known`."""
    text = redact_known(text, secrets)
    for shape in _SECRET_SHAPES:
        text = shape.sub(_replace_shape, text)
    return _AUTH_SCHEME.sub(_replace_auth_scheme, text)


def _without_secret_values(query: str) -> str:
    pairs = [
        (name, REDACTED if is_sensitive_name(name) else value)
        for name, value in _query_pairs(query)
    ]
    return urllib.parse.urlencode(pairs, safe="[]")


@functools.lru_cache(maxsize=256)  # a run asks again for its one base URL per document
def url_without_credentials(url: str | None) -> str | None:
    """URL without user info, its sensitive query values replaced by `[redacted]`.

    Idempotent, and the same URL always gives the same result (cassettes match on it)."""
    if url is None:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return redact(url)
    if not parts.netloc:  # no "scheme://": "user:pass@host/v1", "http//user:pass@host"
        return _without_loose_user_info(redact(url))
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host + (f":{port}" if port is not None else "")
    return urllib.parse.urlunsplit(
        parts._replace(
            netloc=netloc,
            query=_without_secret_values(parts.query),
            fragment=_without_secret_values(parts.fragment) if "=" in parts.fragment else "",
        )
    )


# In a URL with no "scheme://", user info is whatever ends with "@" in a path segment.
_LOOSE_USER_INFO = re.compile(r"(^|/)[^/?#\s@]+@")


def _without_loose_user_info(url: str) -> str:
    end = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return _LOOSE_USER_INFO.sub(rf"\1{REDACTED}@", url[:end]) + url[end:]


# CSI (ESC [ ... final byte), OSC (ESC ] ... ended by BEL, ESC \ or ST), any other ESC
# sequence (ESC, intermediate bytes, one final byte: ESC c resets the terminal), and any
# remaining C0/C1 control character except tab and newline. An OSC with no end loses only
# "ESC ]": the text after it is the document's, not a title.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def strip_control(text: str) -> str:
    """TEXT without terminal escape sequences and control characters (tab, newline kept)."""
    return _CONTROL.sub("", text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts and strips every record it lets through: put it on
    each handler that may see a provider's words (URLs, headers, error bodies)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = strip_control(redact(record.getMessage()))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# Libraries that log URLs (with their query), headers or error bodies at INFO/DEBUG.
LIBRARY_LOGGERS = ("openai", "httpx2", "httpcore2", "httpx", "httpcore", "instructor", "vcr")
_LOG_FILTER = RedactingFilter()


def redact_library_logs(prefixes: Iterable[str] = LIBRARY_LOGGERS) -> None:
    """Put the redacting filter on every logger of these libraries that exists now.

    A logger's filters see only the records logged on it (not its children's), hence each
    one; the libraries create theirs on import, before any request is made. Idempotent."""
    wanted = tuple(prefixes)
    loggers = dict(logging.root.manager.loggerDict)
    for name in wanted:
        loggers.setdefault(name, logging.getLogger(name))
    for name, logger in loggers.items():
        if isinstance(logger, logging.Logger) and name.split(".")[0] in wanted:
            logger.addFilter(_LOG_FILTER)
