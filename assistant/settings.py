"""Every setting in one table: name, default, meaning. Read from ``ASSISTANT_*`` environment variables."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer import AnswerPolicy


@dataclass(frozen=True)
class Setting:
    """One setting: its config key (``ASSISTANT_`` + key in the environment), default and help."""

    key: str
    default: object
    help: str

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return f"ASSISTANT_{self.key}"


SETTINGS = (
    Setting("CORPUS_DIR", None, "folder of postings (Markdown, text, HTML, JSON-LD) and synonyms.txt, technologies.txt, "
            "thesaurus.txt extending the bundled ones; default: the bundled corpus/"),
    Setting("DATABASE_URL", None, "any SQLAlchemy URL; default: a SQLite file in the instance folder (var/assistant-instance under the Python environment). PostgreSQL for several hosts"),
    Setting("THRESHOLD", AnswerPolicy.threshold, "confidence in [0, 1] below which the reply is a no_answer that offers the contact (tuned on tests/eval)"),
    Setting("FUSION", "weighted", "how BM25 and TF-IDF are fused: weighted or rrf"),
    Setting("FUSION_WEIGHT", 0.5, "share of BM25 in the weighted fusion (the rest is TF-IDF)"),
    Setting("MAX_MESSAGE_CHARS", 1000, "longest question accepted, after trimming"),
    Setting("MAX_HISTORY_TURNS", 20, "most earlier turns a chat request may send"),
    Setting("MAX_CONTENT_LENGTH", 1_048_576, "largest request body in bytes (413 above it)"),
    Setting("RATE_LIMIT", "30/minute", "chat and feedback requests per client; off disables it"),
    Setting("RATELIMIT_STORAGE_URI", "memory://", "where rate-limit counters live; redis://... shares them across workers and hosts"),
    Setting("RATELIMIT_KEY_PREFIX", "careers-assistant", "prefix of the rate-limit keys, so several deployments can share one Redis"),
    Setting("TRUSTED_PROXIES", 0, "reverse proxies in front of gunicorn whose X-Forwarded-For/-Proto/-Host are believed; 0 = clients connect directly"),
    Setting("FRAME_ANCESTORS", "*", "origins allowed to embed the widget frame (CSP frame-ancestors)"),
    Setting("RETENTION_DAYS", 90, "question-log entries older than this many days are purged (daily and at start); 0 keeps them"),
    Setting("REFRESH_SECONDS", 1.0, "how often each worker checks the database for changed postings"),
    Setting("MAX_POSTING_BYTES", 512_000, "largest posting a recruiter may PUT, in bytes (413 above it)"),
    Setting("LOW_CONFIDENCE", 0.7, "answers below this confidence are listed as low_confidence in the question log"),
)

DEFAULTS = {setting.key: setting.default for setting in SETTINGS}


def coerce(key: str, value: object) -> object:
    """A setting's value in the type of its default (environment variables arrive as text)."""
    default = DEFAULTS.get(key)
    if not isinstance(value, str) or default is None or isinstance(default, str):
        return value
    try:
        if isinstance(default, bool):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        return type(default)(value)
    except ValueError as exc:
        raise ValueError(f"ASSISTANT_{key} must be a {type(default).__name__}, got {value!r}") from exc
