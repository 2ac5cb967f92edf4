"""One table owns provider differences: which model, where, which key, which mode."""

from __future__ import annotations

import instructor
import pytest

from summarizer import ConfigurationError
from summarizer._engines import registered_providers, resolve_model
from summarizer._engines._providers import NO_PROVIDER_NOTICE, instructor_mode
from summarizer._redaction import url_without_credentials


def test_nothing_configured_means_the_extractive_engine_with_a_notice() -> None:
    choice, notice = resolve_model(None, None, {})
    assert choice.provider == "extractive"
    assert notice == NO_PROVIDER_NOTICE


def test_an_openai_key_means_openai_by_default() -> None:
    choice, notice = resolve_model(None, None, {"OPENAI_API_KEY": "sk-test"})
    assert (choice.spec, choice.api_key, notice) == ("openai/gpt-4.1-mini", "sk-test", None)


def test_openai_honours_openai_base_url() -> None:
    env = {"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "http://proxy.test/v1"}
    choice, _ = resolve_model("openai/gpt-4.1", None, env)
    assert choice.base_url == "http://proxy.test/v1"


def test_base_url_without_model_asks_for_one() -> None:
    with pytest.raises(ConfigurationError, match="pass --model openai-compatible/NAME"):
        resolve_model(None, None, {"OPENAI_BASE_URL": "http://x/v1"})


def test_ollama_defaults() -> None:
    choice, _ = resolve_model("ollama/qwen2.5:7b", None, {"OPENAI_BASE_URL": "http://other/v1"})
    assert choice.base_url == "http://localhost:11434/v1"
    assert choice.name == "qwen2.5:7b"
    assert choice.api_key == "ollama"


def test_openai_compatible_takes_base_url_and_works_without_a_key() -> None:
    choice, _ = resolve_model("openai-compatible/smollm2", "http://127.0.0.1:8080/v1", {})
    assert choice.base_url == "http://127.0.0.1:8080/v1"
    assert choice.api_key


def test_llamacpp_keeps_slashes_in_the_path() -> None:
    choice, _ = resolve_model("llamacpp//models/a/b.gguf", None, {})
    assert (choice.provider, choice.name) == ("llamacpp", "/models/a/b.gguf")


@pytest.mark.parametrize(
    ("provider", "mode"),
    [
        ("openai", instructor.Mode.TOOLS),
        ("openai-compatible", instructor.Mode.TOOLS),
        ("ollama", instructor.Mode.JSON_SCHEMA),
    ],
)
def test_mode_table(provider: str, mode: instructor.Mode) -> None:
    assert instructor_mode(provider) is mode


def test_every_provider_has_an_engine() -> None:
    assert registered_providers() == [
        "extractive",
        "llamacpp",
        "ollama",
        "openai",
        "openai-compatible",
    ]


def test_api_key_is_not_in_repr() -> None:
    choice, _ = resolve_model("openai/gpt-4.1-mini", None, {"OPENAI_API_KEY": "sk-secret"})
    assert "sk-secret" not in repr(choice)


def test_credentials_in_base_url_are_not_recorded() -> None:
    assert url_without_credentials("http://user:pw@host:8080/v1") == "http://host:8080/v1"
    assert url_without_credentials(None) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("127.0.0.1:8080/v1", "it must start with http:// or https://"),
        ("ftp://files.test/v1", "it must start with http:// or https://"),
        ("not a url", "it must start with http:// or https://"),
        ("http://127.0.0.1:70000/v1", "its port must be a number from 1 to 65535"),
        ("http://127.0.0.1:0/v1", "its port must be a number from 1 to 65535"),
        ("http://127.0.0.1:abc/v1", "its port must be a number from 1 to 65535"),
        ("http:///v1", "it has no host"),
        ("http://[::1/v1", "its host is malformed"),
        ("http://my host/v1", "it contains spaces or control characters"),
    ],
    ids=[
        "no-scheme",
        "ftp",
        "not-a-url",
        "port-too-large",
        "port-zero",
        "port-not-a-number",
        "no-host",
        "unclosed-ipv6",
        "space-in-host",
    ],
)
def test_a_malformed_base_url_is_refused_at_once(url: str, problem: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        resolve_model("openai-compatible/x", url, {})
    assert f"base URL {url!r} is not a server URL: {problem}" in str(raised.value)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/v1", "https://api.example.test/v1", "HTTP://[::1]:8080/v1"],
    ids=["http-with-port", "https", "upper-case-scheme-ipv6"],
)
def test_a_well_formed_base_url_is_kept(url: str) -> None:
    choice, _ = resolve_model("openai-compatible/x", url, {})
    assert choice.base_url == url


def test_a_malformed_openai_base_url_from_the_environment_is_named() -> None:
    with pytest.raises(ConfigurationError, match="OPENAI_BASE_URL 'localhost:1234'"):
        resolve_model("openai-compatible/x", None, {"OPENAI_BASE_URL": "localhost:1234"})
    # ollama ignores OPENAI_BASE_URL, so a bad one there is no error.
    assert resolve_model("ollama/q", None, {"OPENAI_BASE_URL": "localhost:1234"})[0].base_url


def test_a_refused_base_url_does_not_show_its_credentials() -> None:
    with pytest.raises(ConfigurationError) as raised:
        resolve_model("openai-compatible/x", "http://user:hunter2secret@host:99999/v1", {})
    assert "hunter2secret" not in str(raised.value)
    assert "port must be a number" in str(raised.value)
