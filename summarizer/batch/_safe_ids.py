"""A document id as a file name that stays inside the output directory.

Ids come from paths and JSONL lines, so they may say `../../x`, `/etc/passwd`, hold NUL,
`/`, unicode, be thousands of characters long or a name Windows reserves (`CON`, `nul.txt`).
A safe id keeps `[A-Za-z0-9._-]` and replaces everything else with `_` (`/` with `__`),
drops leading dots (no hidden files, no `..`), caps the length, and puts `_` before
a reserved name. Whenever that changed
anything, or the result could be mistaken for a changed one, `-` and 8 hex digits of the
id's SHA-256 are appended: two ids never share a safe id unless those 32 bits collide,
and the runner refuses a second id claiming a safe id already taken in the run.
"""

from __future__ import annotations

import hashlib
import re

MAX_LENGTH = 100  # characters before the hash; a file name may hold 255 bytes
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_HASH_SUFFIX = re.compile(r"-[0-9a-f]{8}$")
# Windows device names (with or without an extension), and the names of the output
# directory's own files: the manifest and an executor's state file.
RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "manifest", "batch-state"}
    | {f"com{n}" for n in range(10)}
    | {f"lpt{n}" for n in range(10)}
)


def safe_id(document_id: str) -> str:
    """DOCUMENT_ID as a file name stem (see the module's docstring)."""
    cleaned = _UNSAFE.sub("_", document_id.replace("/", "__")).lstrip(".")[:MAX_LENGTH]
    if cleaned == document_id and not _needs_hash(cleaned):
        return cleaned
    if not cleaned or _is_reserved(cleaned):
        cleaned = "_" + cleaned  # Windows reserves `NUL.anything`: the first part must change
    return f"{cleaned}-{short_hash(document_id)}"


def _needs_hash(name: str) -> bool:
    return not name or _is_reserved(name) or _HASH_SUFFIX.search(name) is not None


def _is_reserved(name: str) -> bool:
    return name.split(".", 1)[0].lower() in RESERVED


def short_hash(document_id: str) -> str:
    data = document_id.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:8]
