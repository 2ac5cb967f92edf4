"""Reading a document: every way a file can be unusable gets one clear line."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from summarizer._errors import InputError

DEFAULT_MAX_BYTES = 2_000_000
_SNIFF_BYTES = 8192


def read_document(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of PATH (or stdin for "-"), checked to be a usable document."""
    if path == "-":
        return check_text(decode(_read_limited(sys.stdin.buffer, max_bytes), "stdin"), "stdin")
    file = Path(path)
    _check_path(file, max_bytes)
    with file.open("rb") as handle:
        data = _read_limited(handle, max_bytes, name=path)
    return check_text(decode(data, path), path)


def _check_path(file: Path, max_bytes: int) -> None:
    if not file.exists():
        raise InputError(f"{file}: no such file")
    if file.is_dir():
        raise InputError(f"{file}: is a directory, not a document")
    if not file.is_file():
        raise InputError(f"{file}: not a regular file")
    size = file.stat().st_size
    if size > max_bytes:
        raise InputError(_too_large(str(file), size, max_bytes))


def _too_large(name: str, size: int | str, max_bytes: int) -> str:
    return (
        f"{name}: {size} bytes is over the limit of {max_bytes} bytes (raise it with --max-bytes)"
    )


def _read_limited(stream: BinaryIO, max_bytes: int, name: str = "stdin") -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(_too_large(name, f"more than {max_bytes}", max_bytes))
    return data


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); binary data and bad bytes are named with their offset."""
    nul = data.find(b"\x00", 0, _SNIFF_BYTES)
    if nul >= 0:
        raise InputError(f"{name}: looks like a binary file (NUL byte at offset {nul}), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{bad} at offset {error.start}); "
            "convert it, e.g. with iconv -f latin1 -t utf-8"
        ) from None


def check_text(text: str, name: str = "document", max_chars: int | None = None) -> str:
    """Reject empty and oversized text; used by the CLI and the Python API alike."""
    if not text.strip():
        raise InputError(f"{name}: is empty (no text to summarize)")
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"{name}: {len(text)} characters is over the limit of {max_chars}")
    return text


def write_atomic(path: str | Path, text: str) -> None:
    """Write TEXT to PATH via a temporary file and a rename: never a half-written file."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name for --output")
    if not target.parent.is_dir():
        raise InputError(f"{target.parent}: no such directory for --output")
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
