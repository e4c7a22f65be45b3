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
    """The bundled synonyms, extended by the corpus folder's own ``synonyms*.txt``."""
    files = [CORPUS_DIR / "synonyms.txt"]
    if corpus_dir is not None:
        extra = sorted(Path(corpus_dir).glob("synonyms*.txt"))
        files += [path for path in extra if path.resolve() != files[0].resolve()]
    return Lexicon.load(*[path for path in files if path.is_file()])


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
