"""`summarizer cache info` and `summarizer cache clear`: the response cache from the shell.

Plain functions raising our errors; cli.py registers them (and turns an error into one
line on stderr with its exit code)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from summarizer._cache import (
    CACHE_FILENAME,
    cache_directory,
    cache_info,
    clear_cache,
    remove_cache_files,
)
from summarizer._errors import ConfigurationError

CacheDirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="The cache folder (default: SUMMARIZER_CACHE_DIR, else "
        "$XDG_CACHE_HOME/summarizer, else ~/.cache/summarizer).",
    ),
]


def cache_info_command(cache_dir: CacheDirOption = None) -> None:
    """Path, entries and size on disk of the response cache."""
    path = cache_directory(cache_dir) / CACHE_FILENAME
    try:
        info = cache_info(path)
    except sqlite3.Error as error:
        raise ConfigurationError(
            f"{path} is not a readable cache ({error}); `summarizer cache clear` removes it"
        ) from None
    typer.echo(f"path: {info.path}")
    typer.echo(f"entries: {info.entries}")
    typer.echo(f"size: {_size(info.size_bytes)}")


def cache_clear_command(cache_dir: CacheDirOption = None) -> None:
    """Remove every entry (a damaged cache file is deleted)."""
    path = cache_directory(cache_dir) / CACHE_FILENAME
    try:
        removed = clear_cache(path)
    except sqlite3.OperationalError as error:  # locked, read-only, no permission: not damaged
        raise ConfigurationError(f"cannot clear the cache {path}: {error}") from None
    except sqlite3.DatabaseError:  # not a database, or a malformed one
        remove_cache_files(path)
        typer.echo(f"removed the damaged cache file {path}")
        return
    typer.echo(f"removed {removed} cached response(s) from {path}")


def _size(size: int) -> str:
    """SIZE in bytes as people read it: 812 bytes, 48.0 KiB, 3.2 MiB."""
    if size < 1024:
        return f"{size} bytes"
    shown, unit = size / 1024, "KiB"
    for larger in ("MiB", "GiB"):
        if shown < 1024:
            break
        shown, unit = shown / 1024, larger
    return f"{shown:.1f} {unit}"
