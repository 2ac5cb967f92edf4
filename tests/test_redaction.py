"""The redaction rules one by one: each hides what it must (positive case) and leaves
ordinary text alone (negative case). End-to-end checks are in test_secrets.py."""

from __future__ import annotations

import base64
import logging
import secrets
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from summarizer._redaction import (
    REDACTED,
    RedactingFilter,
    is_sensitive_name,
    redact,
    redact_known,
    redact_known_in,
    redact_library_logs,
    register_secret,
    register_url_secrets,
    strip_control,
    url_without_credentials,
    without_known_secrets,
)


def _fresh(prefix: str = "canary") -> str:
    """A random value no other test (or text) contains: registered secrets are global."""
    return f"{prefix}{secrets.token_hex(8)}"


# Error text: every rule with the value it must hide.
SECRET_SHAPES = [
    pytest.param(
        "Authorization: Bearer abc123def456ghi", "abc123def456ghi", id="authorization-header"
    ),
    pytest.param(
        "proxy-authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", id="proxy-authorization"
    ),
    pytest.param("invalid token Bearer abc123def456 sent", "abc123def456", id="bearer-token"),
    pytest.param(
        "echo: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA==", id="basic-credentials"
    ),
    pytest.param(
        "Bearer abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz", id="bearer-long-letters"
    ),
    pytest.param(
        "Incorrect API key provided: sk-proj-AbC123xyz789", "AbC123xyz789", id="openai-key"
    ),
    pytest.param("key provided: sk-canar*********1234.", "canar", id="openai-key-masked-by-server"),
    pytest.param("GET /v1?api-key=s3cr3tvalue&model=x", "s3cr3tvalue", id="api-key-query"),
    pytest.param("GET /v1?x=1&key=s3cr3tvalue", "s3cr3tvalue", id="key-query"),
    pytest.param("GET /v1?token=s3cr3tvalue", "s3cr3tvalue", id="token-query"),
    pytest.param('{"api_key": "s3cr3tvalue"}', "s3cr3tvalue", id="api_key-json"),
    pytest.param('{"token": "s3cr3tvalue"}', "s3cr3tvalue", id="token-json"),
    pytest.param('{"access_token":"s3cr3tvalue"}', "s3cr3tvalue", id="access_token-json"),
    pytest.param("x-api-key: s3cr3tvalue", "s3cr3tvalue", id="x-api-key-header"),
    pytest.param("password: hunter2hunter", "hunter2hunter", id="password-field"),
    pytest.param("client_secret=s3cr3tvalue", "s3cr3tvalue", id="client-secret"),
    pytest.param("cookie: session=s3cr3tvalue", "s3cr3tvalue", id="cookie-header"),
    pytest.param("cannot reach http://ann:pa55word@host:8080/v1", "pa55word", id="url-userinfo"),
    pytest.param("see https://tok3n@host/v1", "tok3n", id="url-user-only"),
    pytest.param("token ghp_" + "a1B2c3D4e5" * 4, "a1B2c3D4e5", id="github-token"),
    pytest.param("token hf_" + "a1B2c3D4e5" * 3, "a1B2c3D4e5", id="huggingface-token"),
]


@pytest.mark.parametrize(("text", "secret"), SECRET_SHAPES)
def test_redact_hides_every_secret_shape(text: str, secret: str) -> None:
    redacted = redact(text)
    assert secret not in redacted
    assert REDACTED in redacted


# Error text that only looks close to a secret: it must come out unchanged.
ORDINARY_TEXT = [
    pytest.param("the bearer of bad news arrived", id="bearer-english"),
    pytest.param("Bearer bonds were sold", id="bearer-short-word"),
    pytest.param("a basic research question", id="basic-english"),
    pytest.param("a key point: the budget passed", id="key-in-prose"),
    pytest.param("Missing required key: messages", id="key-colon-in-error"),
    pytest.param('{"key_facts": [{"fact": "a key fact"}]}', id="key_facts-json"),
    pytest.param('{"total_tokens": 42, "prompt_tokens": 40}', id="usage-tokens-json"),
    pytest.param("the author: Jane Doe", id="author-is-not-auth"),
    pytest.param("monkey=bananas&turkey=stuffing", id="words-ending-in-key"),
    pytest.param("the task-force met at the kiosk-hut", id="words-ending-in-sk"),
    pytest.param("http://127.0.0.1:8080/v1/chat?from=a@b", id="url-without-userinfo"),
    pytest.param("write to jane@example.org", id="email-address"),
    pytest.param("context length 8192 tokens exceeded", id="numbers-and-tokens"),
]


@pytest.mark.parametrize("text", ORDINARY_TEXT)
def test_redact_leaves_ordinary_text_alone(text: str) -> None:
    assert redact(text) == text


def test_redact_keeps_the_name_of_what_it_hides() -> None:
    assert redact("GET /v1?api-key=s3cr3tvalue") == f"GET /v1?api-key={REDACTED}"
    assert redact("Bearer abc123def456") == f"Bearer {REDACTED}"
    assert redact("http://ann:pa55word@host/v1") == f"http://{REDACTED}@host/v1"


def test_given_secret_is_hidden_anywhere() -> None:
    secret = _fresh("plain")
    assert redact(f"the server said {secret}!", secrets=[secret]) == f"the server said {REDACTED}!"
    assert redact(f"the server said {secret}!") == f"the server said {secret}!", "not registered"


def test_registered_secret_is_hidden_in_every_redactor() -> None:
    secret = _fresh("reg")
    text = f"echo {secret} echo"
    assert redact(text) == text and redact_known(text) == text, "before registration"
    register_secret(secret)
    assert redact(text) == f"echo {REDACTED} echo"
    assert redact_known(text) == f"echo {REDACTED} echo"


def test_registered_secret_is_hidden_url_quoted_and_json_escaped() -> None:
    secret = _fresh("a/b+c=") + '"q'
    register_secret(secret)
    quoted = secret.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D").replace('"', "%22")
    assert secret not in redact_known(f"?key2={quoted}".replace(quoted, secret))
    assert quoted not in redact_known(f"?x={quoted}")
    assert redact_known('{"m": "' + secret.replace('"', '\\"') + '"}') == '{"m": "[redacted]"}'


def test_short_values_are_never_secrets() -> None:
    register_secret("abc12")
    register_secret("")
    register_secret(None)
    assert redact_known("abc12 stays") == "abc12 stays"


def test_longest_secret_first_leaves_no_fragment() -> None:
    short = _fresh("part")
    register_secret(short)
    register_secret(short + "tail123")
    assert redact_known(f"<{short}tail123>") == f"<{REDACTED}>"


# redact_known: documents, model output, 2xx bodies. Secret shapes stay; only
# registered secrets go.
MODEL_OUTPUT_WITH_SECRET_SHAPES = [
    pytest.param('{"key_facts": [{"fact": "key: the vote"}]}', id="key-colon"),
    pytest.param("the token=abc1234 parameter", id="token-equals"),
    pytest.param("Bearer abc123def456 in a quote", id="bearer-token"),
    pytest.param("the sk-abcdef123456 string", id="sk-shape"),
    pytest.param("http://ann:pa55word@host/", id="url-userinfo"),
]


@pytest.mark.parametrize("text", MODEL_OUTPUT_WITH_SECRET_SHAPES)
def test_redact_known_touches_no_shape(text: str) -> None:
    assert redact_known(text) == text


def test_redact_known_hides_a_registered_secret_in_model_output() -> None:
    secret = _fresh("sk-known-")
    register_secret(secret)
    body = '{"key_facts": [{"fact": "the key: ' + secret + '"}]}'
    assert redact_known(body) == '{"key_facts": [{"fact": "the key: [redacted]"}]}'


# url_without_credentials
URLS = [
    pytest.param("http://ann:pw123456@h:8080/v1", "http://h:8080/v1", id="userinfo"),
    pytest.param("http://ann@h/v1", "http://h/v1", id="user-only"),
    pytest.param("http://h/v1?api-key=abcdef", "http://h/v1?api-key=[redacted]", id="api-key"),
    pytest.param("http://h/v1?key=abcdef", "http://h/v1?key=[redacted]", id="key"),
    pytest.param("http://h/v1?token=abcdef", "http://h/v1?token=[redacted]", id="token"),
    pytest.param("http://h/?X-Api-Key=abcdef", "http://h/?X-Api-Key=[redacted]", id="header-case"),
    pytest.param(
        "http://h/?access_token=a&sig=b",
        "http://h/?access_token=[redacted]&sig=[redacted]",
        id="token-and-sig",
    ),
    pytest.param(
        "http://h/v1?api-version=2024-06-01",
        "http://h/v1?api-version=2024-06-01",
        id="api-version-kept",
    ),
    pytest.param("http://h/v1?model=qwen", "http://h/v1?model=qwen", id="ordinary-query-kept"),
    pytest.param("http://h:8080/v1", "http://h:8080/v1", id="plain-url-unchanged"),
    pytest.param("http://u:p@[::1]:8080/v1", "http://[::1]:8080/v1", id="ipv6"),
    pytest.param(
        "http://h/#access_token=abcdef", "http://h/#access_token=[redacted]", id="fragment"
    ),
    pytest.param(
        "ann:pw123456@127.0.0.1:8080/v1?token=abcdef",
        "[redacted]@127.0.0.1:8080/v1?token=[redacted]",
        id="no-scheme-user-info",
    ),
    pytest.param("http//ann:pw123456@h/v1", "http//[redacted]@h/v1", id="scheme-without-colon"),
    pytest.param("localhost:8080/v1", "localhost:8080/v1", id="no-scheme-no-user-info"),
    pytest.param("h/v1?from=a@b", "h/v1?from=a@b", id="no-scheme-at-sign-in-query"),
    pytest.param(
        "http://ann:pw123456@h:99999/v1", f"http://{REDACTED}@h:99999/v1", id="bad-port-falls-back"
    ),
]


@pytest.mark.parametrize(("url", "shown"), URLS)
def test_url_without_credentials(url: str, shown: str) -> None:
    assert url_without_credentials(url) == shown


@pytest.mark.parametrize(("url", "shown"), URLS)
def test_url_without_credentials_is_idempotent(url: str, shown: str) -> None:
    assert url_without_credentials(shown) == url_without_credentials(url)


def test_no_url_is_no_url() -> None:
    assert url_without_credentials(None) is None


SENSITIVE_NAMES = [
    pytest.param("api-key", True, id="api-key"),
    pytest.param("X_API_KEY", True, id="x-api-key-upper"),
    pytest.param("access_token", True, id="access-token"),
    pytest.param("client_secret", True, id="client-secret"),
    pytest.param("password", True, id="password"),
    pytest.param("sig", True, id="sig"),
    pytest.param("auth", True, id="auth"),
    pytest.param("api-version", False, id="api-version"),
    pytest.param("model", False, id="model"),
    pytest.param("author", False, id="author"),
    pytest.param("design", False, id="design"),
]


@pytest.mark.parametrize(("name", "sensitive"), SENSITIVE_NAMES)
def test_is_sensitive_name(name: str, sensitive: bool) -> None:
    assert is_sensitive_name(name) is sensitive


def test_url_secrets_are_registered() -> None:
    password, query = _fresh("pw"), _fresh("q")
    register_url_secrets(f"http://ann:{password}@h/v1?api-key={query}&api-version=2024-06-01")
    # httpx sends ann:password as a Basic header, which a server may echo back.
    basic = base64.b64encode(f"ann:{password}".encode()).decode()
    text = f"{password} {query} Basic {basic} 2024-06-01 ann"
    assert redact_known(text) == f"{REDACTED} {REDACTED} Basic {REDACTED} 2024-06-01 ann"


def test_url_without_secrets_registers_nothing() -> None:
    register_url_secrets("http://h/v1?model=qwen7b")
    register_url_secrets(None)
    register_url_secrets("not a url at all")
    assert redact_known("qwen7b") == "qwen7b"


# strip_control
CONTROL_SEQUENCES = [
    pytest.param("\x1b[31mred\x1b[0m", "red", id="csi-colour"),
    pytest.param("\x1b[2J\x1b[Hclear", "clear", id="csi-clear-screen"),
    pytest.param("\x1b]0;pwned\x07title", "title", id="osc-title-bel"),
    pytest.param("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click", id="osc-hyperlink-st"),
    pytest.param("\x1b]52;c;ZXZpbA==\x07copy", "copy", id="osc-clipboard"),
    pytest.param("ring\x07ring", "ringring", id="bel"),
    pytest.param("over\rwrite", "overwrite", id="carriage-return"),
    pytest.param("back\x08space", "backspace", id="backspace"),
    pytest.param("\x9b31mc1", "31mc1", id="c1-csi"),
    pytest.param("\x1bcreset", "reset", id="esc-c-reset"),
    pytest.param("\x1b(Bcharset", "charset", id="esc-charset-designation"),
    pytest.param(
        "\x1b]0;no end here, the rest is text",
        "0;no end here, the rest is text",
        id="osc-unterminated-keeps-text",
    ),
    pytest.param("nul\x00byte", "nulbyte", id="nul"),
]


@pytest.mark.parametrize(("text", "clean"), CONTROL_SEQUENCES)
def test_strip_control(text: str, clean: str) -> None:
    assert strip_control(text) == clean


PRINTABLE_TEXT = [
    pytest.param("tab\tand\nnewline", id="tab-newline"),
    pytest.param("“Curly” – dashes — and café", id="typography"),
    pytest.param("مرحبا بالعالم", id="arabic"),
    pytest.param("[brackets] and ]0; and ;ESC", id="bracket-lookalikes"),
]


@pytest.mark.parametrize("text", PRINTABLE_TEXT)
def test_strip_control_keeps_printable_text(text: str) -> None:
    assert strip_control(text) == text


# Linear time: every function reads untrusted text (a 1 MB error page, a document).
PATHOLOGICAL = [
    pytest.param("a." * 200_000, id="scheme-lookalike-run"),
    pytest.param("key=" * 100_000, id="key-equals-run"),
    pytest.param("Bearer " * 100_000, id="bearer-run"),
    pytest.param("http://" * 100_000, id="scheme-run"),
    pytest.param("\x1b]" * 100_000, id="unterminated-osc-run"),
    pytest.param("\x1b[" + "0;" * 200_000, id="long-csi"),
]


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_redaction_is_linear(text: str) -> None:
    # A generous ceiling: quadratic behaviour on 400 KB takes minutes, not seconds.
    started = time.perf_counter()
    redact(text)
    strip_control(text)
    url_without_credentials(text)
    assert time.perf_counter() - started < 10.0


def test_logging_filter_redacts_and_strips(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.redaction")
    handler = logging.Handler()
    seen: list[str] = []
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    try:
        logger.warning("sent %s to %s", "Bearer abc123def456", "http://ann:pa55word@h/\x1b]0;x\x07")
        logger.warning("a key point: nothing secret")
    finally:
        logger.removeHandler(handler)
    assert seen == [
        f"sent Bearer {REDACTED} to http://{REDACTED}@h/",
        "a key point: nothing secret",
    ]


def test_logging_filter_redacts_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, None)
    try:
        raise RuntimeError("Bearer abc123def456")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)
    assert record.exc_text is not None
    assert "abc123def456" not in record.exc_text and "RuntimeError" in record.exc_text


class _Inner(BaseModel):
    quote: str
    terms: list[str] = []


class _Outer(BaseModel):
    title: str
    items: list[_Inner]
    count: int = 0


def test_redact_known_in_walks_a_model() -> None:
    secret = _fresh("sk-model-")
    register_secret(secret)
    model = _Outer(title=f"t {secret}", items=[_Inner(quote=secret, terms=["a", f"{secret}!"])])
    clean = redact_known_in(model)
    assert clean == _Outer(
        title=f"t {REDACTED}", items=[_Inner(quote=REDACTED, terms=["a", f"{REDACTED}!"])]
    )
    assert model.title == f"t {secret}", "a copy: the original is untouched"


def test_redact_known_in_leaves_a_model_without_secrets_equal() -> None:
    model = _Outer(title="a key point: token=abcd1234", items=[_Inner(quote="Bearer abc123def")])
    assert redact_known_in(model) == model


def test_without_known_secrets_is_the_model_itself_when_no_secret_occurs() -> None:
    register_secret(_fresh("sk-absent-"))
    model = _Outer(title="The mayor spoke.", items=[_Inner(quote="q", terms=["a key point"])])
    assert without_known_secrets(model) is model


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param("sk-plain-", id="secret-spelled-alike-in-json"),
        pytest.param('sk-"quoted\\\t\x1f-', id="secret-that-json-escapes"),
    ],
)
def test_without_known_secrets_redacts_a_copy_when_a_secret_occurs(prefix: str) -> None:
    secret = _fresh(prefix)
    register_secret(secret)
    model = _Outer(title="clean", items=[_Inner(quote="q", terms=["a", f"x {secret} y"])])
    clean = without_known_secrets(model)
    assert clean is not model
    assert clean.items[0].terms == ["a", f"x {REDACTED} y"]
    assert model.items[0].terms[1] == f"x {secret} y", "a copy: the original is untouched"


_ESCAPED_SECRET = _fresh('sk-"\\\n\x01\u2028é-')


@given(before=st.text(max_size=30), after=st.text(max_size=30), with_secret=st.booleans())
@settings(max_examples=200, deadline=None)
def test_without_known_secrets_agrees_with_redact_known_in(
    before: str, after: str, with_secret: bool
) -> None:
    register_secret(_ESCAPED_SECRET)
    text = before + (_ESCAPED_SECRET if with_secret else "") + after
    model = _Outer(title=before, items=[_Inner(quote="q", terms=[text])])
    assert without_known_secrets(model) == redact_known_in(model)


def test_library_loggers_get_the_redacting_filter() -> None:
    logger = logging.getLogger(f"httpx2.tests{secrets.token_hex(4)}")
    seen: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    url = "http://ann:pa55word@h/v1?api-key=s3cr3tvalue"
    try:
        logger.debug("POST %s", url)
        redact_library_logs()
        logger.debug("POST %s", url)
    finally:
        logger.removeHandler(handler)
    assert seen == [f"POST {url}", f"POST http://{REDACTED}@h/v1?api-key={REDACTED}"]


def test_other_loggers_are_left_alone() -> None:
    logger = logging.getLogger(f"tests.untouched{secrets.token_hex(4)}")
    redact_library_logs()
    assert logger.filters == []
