"""No test copies a shared text: the news articles and gold files in ../shared are
copyrighted and for evaluation only, and every rule is tested on invented sentences.

A string literal in tests/ (a docstring, a constant, the constant parts of an f-string,
implicitly or `+`-concatenated strings) fails when it shares a run of 8 words with any text
under ../shared/eval or ../shared/seeds, compared case- and punctuation-insensitively.
Nothing is exempt: a test that needs a shared text reads it at run time.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARED_TEXT_ROOTS = (SHARED / "eval", SHARED / "seeds")
TESTS = ROOT / "tests"
RUN = 8  # words in the shortest shared run that counts as a copy

_WORD = re.compile(r"[^\W_]+")
_BRAT_ID = re.compile(r"(?:[TEARMN]|#)\d+|\*")


class Overlap(NamedTuple):
    where: str  # file:line
    run: str  # the shared words, lower-cased


def words(text: str) -> list[str]:
    """Lower-case words with every punctuation mark and space treated as a separator."""
    return _WORD.findall(text.lower())


def shingles(text: str) -> Iterator[tuple[int, str]]:
    """(hash, run) of every RUN-word window of TEXT."""
    tokens = words(text)
    for start in range(len(tokens) - RUN + 1):
        run = " ".join(tokens[start : start + RUN])
        yield hash(run), run


def _strings_in_json(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings_in_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in_json(item)


def _prose_fields(line: str) -> Iterator[str]:
    """The text of a tab-separated line: a brat line's last field (its id, type, offsets
    and relation arguments are markup); a table's cells with a space (a cell without one is
    an identifier such as a file name)."""
    fields = line.strip().split("\t")
    if _BRAT_ID.fullmatch(fields[0]):
        yield from fields[2:]
    else:
        yield from (field for field in fields if " " in field.strip())


def prose(text: str) -> Iterator[str]:
    """The runs of running text in TEXT: tab-free lines together, tab-separated fields apart."""
    running: list[str] = []
    for line in text.splitlines():
        if "\t" in line:
            yield from _prose_fields(line)
        else:
            running.append(line)
    yield "\n".join(running)


def readable_texts(path: Path) -> Iterator[str]:
    """The prose of PATH: a JSON file's strings (escapes undone), any other file's text."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return
    if path.suffix == ".json":
        yield from _strings_in_json(json.loads(text))
    else:
        yield from prose(text)


def text_files(roots: Iterable[Path]) -> list[Path]:
    return sorted(path for root in roots for path in root.rglob("*") if path.is_file())


def shingle_hashes(paths: Iterable[Path]) -> set[int]:
    return {
        digest for path in paths for text in readable_texts(path) for digest, _ in shingles(text)
    }


def _folded(node: ast.expr) -> list[str]:
    """The literal texts NODE spells: constants, f-string constant parts, `a + b` chains."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = [part.value for part in node.values if isinstance(part, ast.Constant)]
        # A placeholder may stand for a quotation mark (glued) or for a word (spaced).
        return ["".join(str(part) for part in parts), " ".join(str(part) for part in parts)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _folded(node.left), _folded(node.right)
        return [a + b for a in left for b in right] if left and right else left + right
    return []


def literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal in the Python SOURCE."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp | ast.JoinedStr | ast.Constant):
            for text in _folded(node):
                yield node.lineno, text


def overlaps(path: Path, shared: set[int], texts: Iterable[tuple[int, str]]) -> list[Overlap]:
    found: dict[tuple[int, str], None] = {}
    for line, text in texts:
        for digest, run in shingles(text):
            if digest in shared:
                found[(line, run)] = None
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return [Overlap(f"{where}:{line}", run) for line, run in found]


def python_overlaps(path: Path, shared: set[int]) -> list[Overlap]:
    return overlaps(path, shared, literals(path.read_text(encoding="utf-8")))


def file_overlaps(path: Path, shared: set[int]) -> list[Overlap]:
    return overlaps(path, shared, ((0, text) for text in readable_texts(path)))


def _report(found: list[Overlap]) -> str:
    return "\n".join(f"{where}: {run!r}" for where, run in found)


@pytest.fixture(scope="module")
def shared_hashes() -> set[int]:
    paths = text_files(SHARED_TEXT_ROOTS)
    assert paths, f"no shared texts under {SHARED}: the guard would check nothing"
    return shingle_hashes(paths)


def test_no_test_literal_copies_a_shared_text(shared_hashes: set[int]) -> None:
    sources = sorted(TESTS.rglob("*.py"))
    assert len(sources) > 10
    found = [overlap for path in sources for overlap in python_overlaps(path, shared_hashes)]
    assert not found, f"{len(found)} literal runs copy a shared text:\n{_report(found)}"


# The hand-written summary of the seed, checked on its own: its evidence quotes must be
# the seed's own words, so it stores locators that tests/seed_fixture.py slices from the
# seed at run time (test_pipeline, test_render, test_schema and test_transport replay it).
SEED_SUMMARY_FIXTURE = TESTS / "fixtures" / "handwritten_seed_summary.json"


def test_no_test_data_file_copies_a_shared_text(shared_hashes: set[int]) -> None:
    data = [
        p for p in text_files([TESTS / "data", TESTS / "fixtures"]) if p != SEED_SUMMARY_FIXTURE
    ]
    assert data
    found = [overlap for path in data for overlap in file_overlaps(path, shared_hashes)]
    assert not found, f"{len(found)} runs in test data copy a shared text:\n{_report(found)}"


def test_the_seed_summary_fixture_copies_no_shared_text(shared_hashes: set[int]) -> None:
    found = file_overlaps(SEED_SUMMARY_FIXTURE, shared_hashes)
    assert not found, f"{len(found)} runs copy a shared text:\n{_report(found)}"


def _planted_module(run: list[str]) -> str:
    """A test module hiding RUN three ways: a plain literal, an implicit concatenation
    and an f-string whose placeholder stands for a quotation mark."""
    head, tail = " ".join(run[:4]), " ".join(run[4:])
    return (
        f"PLAIN = {' '.join(run).upper()!r}\n"
        f"JOINED = ({head + ' '!r}\n    {tail + ','!r})\n"
        f'MARK = "\\""\nFSTRING = f"{{MARK}}{head}, {{MARK}}{tail}"\n'
    )


def test_the_guard_catches_a_run_planted_from_a_shared_text(
    shared_hashes: set[int], tmp_path: Path
) -> None:
    seed = text_files([SHARED / "seeds"])[0]
    run = words(seed.read_text(encoding="utf-8"))[40 : 40 + RUN]  # read now, never stored
    planted = tmp_path / "tests" / "test_planted.py"
    planted.parent.mkdir()
    planted.write_text(_planted_module(run), encoding="utf-8")
    found = python_overlaps(planted, shared_hashes)
    assert [where for where, _ in found] == [f"{planted}:{line}" for line in (1, 2, 5)]
    assert {shared for _, shared in found} == {" ".join(run)}


def test_the_guard_lets_an_invented_sentence_and_a_seven_word_run_pass(
    shared_hashes: set[int], tmp_path: Path
) -> None:
    seed = text_files([SHARED / "seeds"])[0]
    seven = " ".join(words(seed.read_text(encoding="utf-8"))[40 : 40 + RUN - 1])
    planted = tmp_path / "tests" / "test_planted.py"
    planted.parent.mkdir()
    planted.write_text(
        f"SHORT = {seven!r}\nINVENTED = 'The Riverton ferry will run twice an hour from May.'\n",
        encoding="utf-8",
    )
    assert python_overlaps(planted, shared_hashes) == []
