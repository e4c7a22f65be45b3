"""Building an assistant from a corpus folder: its postings and its synonyms."""

from __future__ import annotations

import logging
from pathlib import Path

from assistant.answer import AnswerPolicy
from assistant.engine import Assistant
from assistant.fusion import Fuser
from assistant.ingest import load_folder
from assistant.lexicon import Lexicon
from assistant.paths import CORPUS_DIR
from assistant.retrieve import Retriever

log = logging.getLogger(__name__)


def lexicon_for(corpus_dir: Path | None) -> Lexicon:
    """The bundled synonyms, technologies and thesaurus, extended by the corpus folder's own files."""
    lexicon = Lexicon.load(*_files(corpus_dir, "synonyms"))
    return lexicon.load_named(*_files(corpus_dir, "technologies")).load_related(*_files(corpus_dir, "thesaurus"))


def _files(corpus_dir: Path | None, stem: str) -> list[Path]:
    """The bundled ``<stem>.txt`` and, after it, a corpus folder's own ``<stem>*.txt``."""
    bundled = CORPUS_DIR / f"{stem}.txt"
    files = [bundled] if bundled.is_file() else []
    if corpus_dir is not None:
        files += [p for p in sorted(Path(corpus_dir).glob(f"{stem}*.txt")) if p.resolve() != bundled.resolve()]
    return files


def engine_options(config: dict) -> dict:
    """Assistant keyword arguments from settings (threshold, fusion)."""
    return {
        "policy": AnswerPolicy(threshold=float(config.get("THRESHOLD", AnswerPolicy.threshold))),
        "retriever": Retriever(Fuser(str(config.get("FUSION", "weighted")), float(config.get("FUSION_WEIGHT", 0.5)))),
    }


def load_assistant(corpus_dir: Path | str | None = None, config: dict | None = None) -> Assistant:
    """An assistant over every posting in a corpus folder; refused files are logged and skipped."""
    folder = Path(corpus_dir) if corpus_dir else CORPUS_DIR
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder {folder} does not exist")
    postings, refused = load_folder(folder)
    for path, message in refused:
        log.warning("skipped %s: %s", path, message)
    return Assistant(postings, lexicon_for(folder), **engine_options(config or {}))
