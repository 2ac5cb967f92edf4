"""Secrets and terminal control sequences never leave the process in what we write.

Everything a user or a file can see (stderr lines, exception messages, metadata,
cassettes) passes through `redact` (secrets) and, for terminals and markdown,
`strip_control` (escape sequences a server or a document could use to rewrite the
screen). A leaf module: it imports nothing of ours.

- `register_secret(value)`: a secret in use in this process (the API key, URL
  credentials); every later `redact` replaces it wherever it occurs.
- `redact(text, secrets=())`: registered and given secrets, `Bearer ...` tokens,
  `sk-...`-style keys, `api-key=`/`key=`/`token=`-style values and URL user info
  become `[redacted]`.
- `url_without_credentials(url)`: the URL a user may see: no user info, sensitive
  query values redacted. The request itself still uses the real URL.
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from collections.abc import Iterable

REDACTED = "[redacted]"
# Shorter values are too likely to occur by chance in ordinary text (a port, a word).
_MIN_SECRET_LENGTH = 6
SENSITIVE_QUERY_KEYS = frozenset(
    {
        "key",
        "api-key",
        "api_key",
        "apikey",
        "token",
        "access_token",
        "auth",
        "password",
        "secret",
        "sig",
        "signature",
    }
)

_PATTERNS = (
    # Authorization headers echoed back: "Bearer sk-abc", "Basic dXNlcjpwYXNz".
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}"),
    # OpenAI-style keys (sk-..., sk-proj-...), and other vendors' prefixed keys.
    re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}"),
    # key=value, "api-key": "value", token: value ...
    re.compile(
        r"""(?ix)
        (?P<name>\b(?:x-)?(?:api[-_]?key|access[-_]?token|token|key|secret|password|auth)
        ["']?\s*[:=]\s*["']?)
        (?P<value>[^\s"'&,;}]{4,})
        """
    ),
    # Credentials in a URL: scheme://user:pass@host
    re.compile(r"(?i)(?P<scheme>\b[a-z][a-z0-9+.-]*://)(?P<userinfo>[^/\s@]+)@"),
)

_lock = threading.Lock()
_registered: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember VALUE as a secret of this process (ignored when short or empty)."""
    if value and len(value) >= _MIN_SECRET_LENGTH:
        with _lock:
            _registered.add(value)


def _replace_pattern(match: re.Match[str]) -> str:
    groups = match.groupdict()
    if groups.get("value") is not None:
        return f"{groups['name']}{REDACTED}"
    if groups.get("userinfo") is not None:
        return f"{groups['scheme']}{REDACTED}@"
    if match.lastindex:  # Bearer/Basic: keep the scheme word
        return f"{match.group(1)} {REDACTED}"
    return REDACTED


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """TEXT with every secret we know of, and every secret-shaped value, replaced."""
    with _lock:
        known = set(_registered)
    known.update(s for s in secrets if s and len(s) >= _MIN_SECRET_LENGTH)
    for secret in sorted(known, key=len, reverse=True):  # longest first: no partial leftovers
        text = text.replace(secret, REDACTED)
        quoted = urllib.parse.quote(secret, safe="")
        if quoted != secret:
            text = text.replace(quoted, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(_replace_pattern, text)
    return text


def url_without_credentials(url: str | None) -> str | None:
    """URL without user info, its sensitive query values replaced by `[redacted]`."""
    if url is None:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return redact(url)
    netloc = (parts.hostname or "") + (f":{port}" if port else "")
    if parts.hostname and ":" in parts.hostname:  # IPv6 literal
        netloc = f"[{parts.hostname}]" + (f":{port}" if port else "")
    query = urllib.parse.urlencode(
        [
            (name, REDACTED if name.lower() in SENSITIVE_QUERY_KEYS else value)
            for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        ],
        safe="[]",
    )
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc, query=query))


# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-byte ESC sequences, and
# any remaining C0/C1 control character except tab and newline.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def strip_control(text: str) -> str:
    """TEXT without terminal escape sequences and control characters (tab, newline kept)."""
    return _CONTROL.sub("", text)
