"""comment threads: partial indexes for the pages of comment threads

An idea's or a proposal's page shows its comments a page of threads at a
time (codesign/comments/queries.py): it counts the subject's top-level
comments and takes a page of them in order. These partial indexes over the
top-level comments answer both without reading the rows. Without them,
SQLite's planner reads "parent_id IS NULL" from ix_comment_parent_id, every
top-level comment there is.

Declared beside the model (codesign/models/comment.py), so the models and
the migrations agree. Plain CREATE INDEX, not a batch operation (see 0004).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 15:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

THREAD = sa.text("parent_id IS NULL")
INDEXES = {
    "ix_comment_idea_threads": ["idea_id", "created_at", "id", "parent_id"],
    "ix_comment_proposal_threads": ["proposal_id", "created_at", "id", "parent_id"],
}


def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, "comment", columns, unique=False,
                        sqlite_where=THREAD, postgresql_where=THREAD)


def downgrade():
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="comment")
