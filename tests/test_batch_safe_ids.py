"""Safe ids: a document id as a file name that stays in the output directory and never
collides with another's."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from summarizer.batch import safe_id
from summarizer.batch._safe_ids import MAX_LENGTH, RESERVED

HOSTILE = {
    "parent-escape": "../../x",
    "absolute": "/etc/passwd",
    "nul": "a\x00b",
    "dot": ".",
    "dot-dot": "..",
    "hidden": ".bashrc",
    "empty": "",
    "windows-device": "CON",
    "windows-device-extension": "nul.txt",
    "lowercase-com-port": "com1",
    "manifest-name": "manifest",
    "executor-state-name": "batch-state",
    "backslashes": "..\\..\\windows",
    "unicode": "café/naïve-😀",
    "control-characters": "a\nb\tc\x1b[31m",
    "very-long": "x" * 5000,
}


@pytest.mark.parametrize("document_id", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_id_becomes_a_plain_file_name_inside_the_directory(
    document_id: str, tmp_path: Path
) -> None:
    name = safe_id(document_id)
    target = (tmp_path / f"{name}.json").resolve()
    assert target.parent == tmp_path.resolve()
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    assert not name.startswith(".")
    assert name.split(".")[0].lower() not in RESERVED
    assert len(name) <= MAX_LENGTH + 9
    assert name.endswith("-" + hashlib.sha256(document_id.encode()).hexdigest()[:8])


PLAIN = {
    "file-name": "article-17.txt",
    "underscores": "a__b",
    "mixed-case": "Reuters_2026-01-02.Story",
    "starts-with-con": "conference-notes",
}


@pytest.mark.parametrize("document_id", PLAIN.values(), ids=PLAIN.keys())
def test_a_plain_id_is_its_own_file_name(document_id: str) -> None:
    assert safe_id(document_id) == document_id


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("a/b", "a__b", id="slash-vs-double-underscore"),
        pytest.param("a b", "a_b", id="space-vs-underscore"),
        pytest.param("x" * 200 + "1", "x" * 200 + "2", id="long-ids-sharing-a-prefix"),
        pytest.param("x-0123abcd", "x/0123abcd", id="literal-hash-suffix"),
        pytest.param("CON", "con", id="reserved-in-two-cases"),
        pytest.param("é", "è", id="two-accents"),
    ],
)
def test_ids_that_sanitise_alike_get_different_names(one: str, other: str) -> None:
    assert safe_id(one) != safe_id(other)


def test_an_id_that_looks_hashed_is_hashed_again() -> None:
    assert safe_id("report-0123abcd").startswith("report-0123abcd-")


def test_a_slash_becomes_a_double_underscore_and_the_name_is_stable() -> None:
    expected = "news__2026__a.txt-" + hashlib.sha256(b"news/2026/a.txt").hexdigest()[:8]
    assert safe_id("news/2026/a.txt") == expected == safe_id("news/2026/a.txt")


def test_every_hostile_name_can_really_be_created(tmp_path: Path) -> None:
    names = {safe_id(document_id) for document_id in HOSTILE.values()}
    for name in names:
        (tmp_path / f"{name}.json").write_text("{}")
    assert len(os.listdir(tmp_path)) == len(HOSTILE)
