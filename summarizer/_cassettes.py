"""Record a run's HTTP exchange to a vcrpy cassette, or replay a run offline from one.

A recorded cassette also stores the settings that shape the requests (model, base URL,
re-ask budget, sampling), so `--replay` alone re-runs it. Replay matches requests on
their body too: a changed prompt, document or setting is a stale cassette, reported as
such instead of silently answered.

Nothing secret is written: credential headers are dropped; request URIs lose their user
info and sensitive query values (vcrpy scrubs the live request the same way before
matching, so replay still matches); error bodies are redacted like error messages, other
bodies lose the secrets registered in this process; the settings' base URL has no
credentials.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import vcr
import yaml
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.serialize import serialize

from summarizer._errors import EXIT_USAGE, SummarizerError
from summarizer._files import write_text
from summarizer._redaction import redact, redact_known, url_without_credentials

METADATA_KEY = "summarizer"
SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "api-key",
        "x-api-key",
        "cookie",
        "set-cookie",
        "set-cookie2",
    }
)
# openai-organization/-project identify the account; x-stainless-* fingerprint the machine.
SENSITIVE_PREFIXES = ("openai-", "x-stainless-")
MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body")


class CassetteError(SummarizerError):
    """A cassette is missing, unreadable, or has no answer for this run (exit 2)."""

    exit_code = EXIT_USAGE


def is_sensitive(header: str) -> bool:
    name = header.lower()
    return name in SENSITIVE_HEADERS or name.startswith(SENSITIVE_PREFIXES)


def _scrub_request(request: Any) -> Any:
    # vcrpy runs this on a copy of every live request before recording it AND before
    # matching it at replay, so the recorded and the live URI are scrubbed alike.
    for name in [n for n in request.headers if is_sensitive(n)]:
        del request.headers[name]
    request.uri = redact_known(url_without_credentials(request.uri) or "")
    if isinstance(request.body, bytes):
        request.body = _scrubbed_bytes(request.body, redact_known)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    response["headers"] = {
        name: [redact_known(str(value)) for value in values]
        for name, values in headers.items()
        if not is_sensitive(name)
    }
    body = response.get("body", {})
    original = body.get("string")
    if isinstance(original, bytes | str):
        # An error body is an error message (it may echo the key back); a successful one
        # is model output, whose ordinary words ("key", "token") must survive.
        failed = int(response.get("status", {}).get("code", 200)) >= 400
        scrubbed = _scrubbed_bytes(original, redact if failed else redact_known)
        if scrubbed != original:
            body["string"] = scrubbed
            _set_content_length(response, scrubbed)
    return response


def _scrubbed_bytes(data: bytes | str, scrub: Callable[[str], str]) -> bytes | str:
    if isinstance(data, str):
        return scrub(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # not text: nothing a reader could see as a secret
    scrubbed = scrub(text)
    return data if scrubbed == text else scrubbed.encode("utf-8")


def _set_content_length(response: dict[str, Any], body: bytes | str) -> None:
    size = len(body.encode("utf-8") if isinstance(body, str) else body)
    for name in response["headers"]:
        if name.lower() == "content-length":
            response["headers"][name] = [str(size)]


def _scrubbed_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    scrubbed = dict(settings)
    if isinstance(scrubbed.get("base_url"), str):
        scrubbed["base_url"] = url_without_credentials(scrubbed["base_url"])
    return {
        name: redact_known(value) if isinstance(value, str) else value
        for name, value in scrubbed.items()
    }


def _vcr(record_mode: str) -> vcr.VCR:
    return vcr.VCR(
        record_mode=record_mode,
        match_on=MATCH_ON,
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


class _ReplacingPersister:
    """How vcrpy reads and writes a cassette being recorded. The old cassette is never
    read, so the recording replaces it whole (vcrpy's "all" mode would keep its unmatched
    exchanges); the new one goes through `write_text`: atomic, a symlink followed, a
    device written in place. The target is never unlinked (`/dev/null` run as root)."""

    @staticmethod
    def load_cassette(cassette_path: str, serializer: Any) -> Any:
        raise CassetteNotFoundError(cassette_path)

    @staticmethod
    def save_cassette(cassette_path: str, cassette_dict: dict[str, Any], serializer: Any) -> None:
        write_text(cassette_path, serialize(cassette_dict, serializer), "the cassette")


@contextmanager
def record_cassette(path: str | Path, settings: Mapping[str, Any]) -> Iterator[None]:
    """Record every HTTP exchange inside the block to PATH, with SETTINGS. PATH is replaced
    whole once the block is over, if anything was recorded (left as it was otherwise)."""
    recorder = _vcr("all").use_cassette(str(path), persister=_ReplacingPersister)
    with recorder as cassette:
        cassette.get_metadata(METADATA_KEY, _scrubbed_settings(settings))
        yield


def cassette_settings(path: str | Path) -> dict[str, Any]:
    """The settings a cassette was recorded with ({} when it holds none)."""
    file = Path(path)
    if not file.is_file():
        raise CassetteError(f"{file}: no such cassette (record one with --record {file})")
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CassetteError(f"{file}: not a readable cassette ({type(error).__name__})") from None
    if not isinstance(data, dict) or "interactions" not in data:
        raise CassetteError(f"{file}: not a vcrpy cassette (no interactions)")
    metadata = data.get("metadata") or {}
    return dict(metadata.get(METADATA_KEY) or {})


@contextmanager
def replay_cassette(path: str | Path) -> Iterator[None]:
    """Answer every HTTP request inside the block from PATH; never touch the network."""
    file = Path(path)
    cassette_settings(file)
    try:
        with _vcr("none").use_cassette(str(file)):
            yield
    except SummarizerError as error:
        if _caused_by_missing_recording(error):
            raise CassetteError(
                f"{file}: no recorded response matches this request (the document, prompt, "
                "model or settings differ from the recording); re-record it with --record"
            ) from error
        raise


def _caused_by_missing_recording(error: BaseException | None) -> bool:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, CannotOverwriteExistingCassetteException):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
