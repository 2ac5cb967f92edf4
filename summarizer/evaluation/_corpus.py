"""Finding the files: a PolNeAR-style folder, and the document a gold file annotates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer._errors import InputError

TEXT_DIR = "text"
ANNOTATION_DIR = "attributions"


@dataclass(frozen=True)
class PolnearDocument:
    """An article and its annotation files, sorted by annotator (the first is gold)."""

    name: str
    text: Path
    annotations: tuple[Path, ...]

    @property
    def gold(self) -> Path:
        return self.annotations[0]


def polnear_documents(directory: str | Path, limit: int | None = None) -> list[PolnearDocument]:
    """Articles of DIR/text/NAME.txt with DIR/attributions/NAME_ANNOTATOR.ann, by name.

    Articles without any annotation file are skipped. LIMIT keeps the first N.
    """
    root = Path(directory)
    if not root.is_dir():
        raise InputError(f"{root}: no such PolNeAR directory")
    annotations: dict[str, list[Path]] = {}
    for path in (root / ANNOTATION_DIR).glob("*_*.ann"):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    documents = [
        PolnearDocument(text.stem, text, tuple(sorted(annotations[text.stem])))
        for text in sorted((root / TEXT_DIR).glob("*.txt"))
        if text.stem in annotations
    ]
    if not documents:
        raise InputError(
            f"{root}: no PolNeAR documents (expected {TEXT_DIR}/NAME.txt with "
            f"{ANNOTATION_DIR}/NAME_ANNOTATOR.ann)"
        )
    return documents[:limit] if limit is not None else documents


def gold_document_path(gold_path: Path, document: str, docs_dir: Path | None = None) -> Path:
    """Where the document a gold file names is: in DOCS_DIR when given, else next to the
    gold file, in a `seeds/` folder beside it or beside one of its two parent folders
    (../shared/eval/gold -> ../shared/seeds), or in ./seeds."""
    for folder in _candidate_folders(gold_path, docs_dir):
        if (folder / document).is_file():
            return folder / document
    where = docs_dir if docs_dir is not None else gold_path.parent
    raise InputError(
        f"{gold_path}: gold document {document!r} not found (looked in {where} and seeds/); "
        "pass --docs DIR"
    )


def _candidate_folders(gold_path: Path, docs_dir: Path | None) -> Sequence[Path]:
    if docs_dir is not None:
        return [docs_dir]
    here = gold_path.resolve().parent
    return [here, *(folder / "seeds" for folder in [here, *here.parents[:2]]), Path("seeds")]
