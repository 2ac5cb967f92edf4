"""The document reader: text in any byte-order-marked Unicode encoding, one clear line for
everything else (UTF-16 without a mark, a NUL anywhere, bad bytes, too many characters),
and never another exception whatever the bytes (hypothesis)."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import ConfigurationError, InputError
from summarizer._documents import DEFAULT_MAX_CHARS, check_text, decode, read_document

TEXT = "The mayor said the bridge “will reopen in May”, officials confirmed.\n"


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
        TEXT.encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom", "utf8-no-bom"],
)
def test_unicode_with_a_byte_order_mark_is_read_without_the_mark(
    tmp_path: Path, encoded: bytes
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(encoded)
    assert read_document(str(path)) == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (TEXT.encode("utf-16-le"), "looks like UTF-16 without a byte-order mark: convert it to"),
        (TEXT.encode("utf-16-le"), "iconv -f utf-16le -t utf-8"),
        (TEXT.encode("utf-16-be"), "iconv -f utf-16be -t utf-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at offset 8)"),
        (TEXT.encode() * 200 + b"\x00tail", f"NUL byte at offset {len(TEXT.encode()) * 200}"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "NUL at character 1"),
        (codecs.BOM_UTF16_LE + b"a\x00\x00", "not valid UTF-16 (byte 0x00 at offset 4)"),
        (codecs.BOM_UTF8 + b"ok \xff", "not valid UTF-8 (byte 0xff at offset 6)"),
    ],
    ids=[
        "utf16le-no-bom",
        "utf16le-no-bom-says-how",
        "utf16be-no-bom-says-how",
        "binary-header",
        "nul-after-the-first-8kb",
        "nul-inside-bom-text",
        "odd-length-utf16",
        "bad-byte-after-utf8-bom-counts-the-bom",
    ],
)
def test_what_is_not_text_is_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as raised:
        decode(data, "doc.txt")
    assert message in str(raised.value)
    assert str(raised.value).startswith("doc.txt: ")
    assert "\n" not in str(raised.value)


def test_a_single_nul_in_text_is_binary_not_utf16() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode(b"plain words\x00and more plain words", "doc.txt")


def test_over_max_chars_names_the_file_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("é" * 1_200, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_document(str(path), max_chars=1_000)
    assert str(raised.value) == (
        f"{path}: 1,200 characters is over the limit of 1,000 characters "
        "(raise it with --max-chars)"
    )
    assert read_document(str(path), max_chars=1_200) == "é" * 1_200


def test_the_default_character_limit_is_a_million() -> None:
    assert DEFAULT_MAX_CHARS == 1_000_000
    check_text("x" * DEFAULT_MAX_CHARS, max_chars=DEFAULT_MAX_CHARS)
    with pytest.raises(InputError, match="1,000,001 characters is over the limit of 1,000,000"):
        check_text("x" * (DEFAULT_MAX_CHARS + 1), max_chars=DEFAULT_MAX_CHARS)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_bytes": 0}, "--max-bytes must be a whole number of bytes >= 1, got 0"),
        ({"max_chars": -5}, "--max-chars must be a whole number of characters >= 1, got -5"),
    ],
    ids=["max-bytes-zero", "max-chars-negative"],
)
def test_limits_are_checked(tmp_path: Path, options: dict[str, Any], message: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(ConfigurationError) as raised:
        read_document(str(path), **options)
    assert str(raised.value) == message


def test_an_unreadable_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError, match=r"doc.txt: cannot read it \(Permission denied\)"):
        read_document(str(path))


# Fuzzing: arbitrary bytes are text or an InputError, never another exception, quickly.
# Byte-order marks and NULs are mixed in so the interesting branches are reached often.
_MARKS = st.sampled_from(
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
)
_CHUNKS = st.one_of(
    st.binary(max_size=64),
    st.text(max_size=32).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=32).map(lambda t: t.encode("utf-16-le", "surrogatepass")),
    st.sampled_from([b"\x00", b"\x00\x00", b"\xff\xfe", b"\xef\xbb", b"\xd8\x00"]),
)
_DOCUMENTS = st.builds(lambda mark, chunks: mark + b"".join(chunks), _MARKS, st.lists(_CHUNKS))
_FUZZ = settings(max_examples=400, deadline=1000, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(_DOCUMENTS)
def test_fuzz_decode_gives_text_or_an_input_error(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.txt")
    except InputError as error:
        assert str(error).startswith("fuzz.txt: ") and "\n" not in str(error)
    else:
        assert "\x00" not in text
        assert isinstance(text, str)


@_FUZZ
@given(_DOCUMENTS, st.integers(min_value=1, max_value=300))
def test_fuzz_read_document_gives_text_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, max_bytes: int
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    path.write_bytes(data)
    try:
        text = read_document(str(path), max_bytes=max_bytes, max_chars=100)
    except InputError as error:
        assert "\n" not in str(error)
    else:
        assert text.strip() and len(text) <= 100 and len(data) <= max_bytes


@_FUZZ
@given(st.text(max_size=200), st.integers(min_value=1, max_value=100))
def test_fuzz_check_text_keeps_text_or_refuses_it(text: str, max_chars: int) -> None:
    try:
        assert check_text(text, "doc", max_chars) is text
    except InputError as error:
        assert not text.strip() or len(text) > max_chars, error


def test_fuzz_reaches_both_outcomes() -> None:
    # The fuzzed inputs above must be able to give both answers, or they prove little.
    assert decode(b"\xff\xfe" + "ok".encode("utf-16-le"), "f") == "ok"
    with pytest.raises(InputError):
        decode(b"ok\x00", "f")
