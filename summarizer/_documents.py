"""Reading a document: every way a file can be unusable gets one clear line.

Text is UTF-8, or any Unicode encoding that announces itself with a byte-order mark
(UTF-8, UTF-16, UTF-32); the mark is dropped. A NUL anywhere means the data is not
UTF-8 text: UTF-16 without a mark is named as such, anything else is binary.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import BinaryIO

from summarizer._errors import InputError
from summarizer._options import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported
from summarizer._options import DEFAULT_MAX_CHARS as DEFAULT_MAX_CHARS  # re-exported
from summarizer._options import check_bounds

# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF8, "utf-8"),
)
# How much of a file with NUL bytes is sniffed for the UTF-16 pattern.
_SNIFF_BYTES = 8192
# UTF-16 of mostly-ASCII text: a NUL in at least this share of one byte parity, none in
# the other. Binary formats put NULs at both parities.
_UTF16_NUL_SHARE = 0.3


def read_document(
    path: str, max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int | None = DEFAULT_MAX_CHARS
) -> str:
    """The text of PATH (or stdin for "-"), checked to be a usable document."""
    check_bounds(max_bytes=max_bytes, max_chars=max_chars)
    name = "stdin" if path == "-" else path
    return check_text(decode(read_bytes(path, max_bytes), name), name, max_chars)


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of PATH (or stdin for "-"): at most MAX_BYTES, else an InputError."""
    if path == "-":
        return _read_limited(sys.stdin.buffer, max_bytes)
    file = Path(path)
    _check_path(file, max_bytes)
    try:
        with file.open("rb") as handle:
            return _read_limited(handle, max_bytes, name=path)
    except OSError as error:
        raise InputError(f"{path}: cannot read it ({error.strerror or error})") from None


def _check_path(file: Path, max_bytes: int) -> None:
    if not file.exists():
        raise InputError(f"{file}: no such file")
    if file.is_dir():
        raise InputError(f"{file}: is a directory, not a document")
    if not file.is_file():
        raise InputError(f"{file}: not a regular file")
    size = file.stat().st_size
    if size > max_bytes:
        raise InputError(too_large(str(file), f"{size:,}", max_bytes))


def too_large(name: str, size: str, max_bytes: int) -> str:
    """The one line for a document over --max-bytes (a file, stdin or a download)."""
    return (
        f"{name}: {size} bytes is over the limit of {max_bytes:,} bytes (raise it with --max-bytes)"
    )


def _read_limited(stream: BinaryIO, max_bytes: int, name: str = "stdin") -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(too_large(name, f"more than {max_bytes:,}", max_bytes))
    return data


def decode(data: bytes, name: str) -> str:
    """DATA as text (see the module's docstring); what is not text is named with its offset."""
    mark, encoding = _byte_order_mark(data)
    if not mark:
        _refuse_nul_bytes(data, name)
    text = _decode_as(data, len(mark), encoding, name)
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"{name}: looks like a binary file (NUL at character {nul}), not text")
    return text


def _byte_order_mark(data: bytes) -> tuple[bytes, str]:
    """The mark DATA starts with and the codec it announces; (b"", "utf-8") for none."""
    return next(
        ((m, codec) for m, codec in _BYTE_ORDER_MARKS if data.startswith(m)), (b"", "utf-8")
    )


def _refuse_nul_bytes(data: bytes, name: str) -> None:
    nul = data.find(b"\x00")
    if nul < 0:
        return
    order = _utf16_byte_order(data[:_SNIFF_BYTES])
    if order is not None:
        raise InputError(
            f"{name}: looks like UTF-16 without a byte-order mark: convert it to UTF-8, "
            f"e.g. with iconv -f utf-16{order} -t utf-8"
        )
    raise InputError(f"{name}: looks like a binary file (NUL byte at offset {nul}), not text")


def _utf16_byte_order(sample: bytes) -> str | None:
    """ "le" or "be" when SAMPLE's NULs all fall at odd (or all at even) offsets, often."""
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0), odd.count(0)
    if nul_even == 0 and odd and nul_odd >= _UTF16_NUL_SHARE * len(odd):
        return "le"
    if nul_odd == 0 and even and nul_even >= _UTF16_NUL_SHARE * len(even):
        return "be"
    return None


def _decode_as(data: bytes, skip: int, encoding: str, name: str) -> str:
    """DATA after its first SKIP bytes (a byte-order mark) decoded; offsets count the mark."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        where = f"byte 0x{data[offset : offset + 1].hex()} at offset {offset}"
        if encoding != "utf-8":
            label = encoding.upper().removesuffix("-LE").removesuffix("-BE")
            raise InputError(f"{name}: not valid {label} ({where})") from None
        raise InputError(
            f"{name}: not valid UTF-8 ({where}); convert it, e.g. with iconv -f latin1 -t utf-8"
        ) from None


def check_text(text: str, name: str = "document", max_chars: int | None = None) -> str:
    """Reject empty and oversized text; used by the CLI and the Python API alike."""
    if not text.strip():
        raise InputError(f"{name}: is empty (no text to summarize)")
    if max_chars is not None and len(text) > max_chars:
        raise InputError(
            f"{name}: {len(text):,} characters is over the limit of {max_chars:,} characters "
            "(raise it with --max-chars)"
        )
    return text
