"""The first schema: postings and their revisions, recruiter tokens, the question log and feedback.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

import sqlalchemy as sa
from alembic import op

from assistant.database import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table and the one corpus-version row."""
    _corpus_and_postings()
    _tokens()
    _question_log()


def _corpus_and_postings() -> None:
    corpus = op.create_table(
        "corpus",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("purged_at", UtcDateTime(), nullable=True),
    )
    op.bulk_insert(corpus, [{"id": 1, "version": 0, "purged_at": None}])
    op.create_table(
        "postings",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_postings_version", "postings", ["version"])
    op.create_table(
        "revisions",
        sa.Column("posting_id", sa.String(100), sa.ForeignKey("postings.id"), primary_key=True),
        sa.Column("revision", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )


def _tokens() -> None:
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
    )


def _question_log() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(80), nullable=False, unique=True),
        sa.Column("conversation_id", sa.String(80), nullable=False),
        sa.Column("posting", sa.String(100), nullable=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("group_key", sa.String(400), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("top_passage", sa.String(100), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_questions_created_at", "questions", ["created_at"])
    op.create_index("ix_questions_group", "questions", ["posting", "group_key"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(80), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_feedback_message_id", "feedback", ["message_id"])
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])


def downgrade() -> None:
    """Drop every table."""
    for table in ("feedback", "questions", "tokens", "revisions", "postings", "corpus"):
        op.drop_table(table)
