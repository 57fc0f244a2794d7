"""list indexes: for the public lists, trending and the moderation queue at Madrid scale

Partial indexes over the ideas anyone may see (hidden_at IS NULL), one per
sort, each ending with the filter columns: a page, a deep page, a filtered
page and the count of a filtered list are all answered from one index
without reading the rows. A covering index on vote(created_at, idea_id)
lets trending add up a fortnight of supports from the index alone. The
moderation queue reads the open reports and the items hidden by reports
from small partial indexes instead of every report and every comment.

The same indexes are declared beside the queries that use them
(codesign/ideas/queries.py, codesign/ideas/trending.py and
codesign/moderation/queries.py), so the models and the migrations still
agree. Plain CREATE INDEX, not a batch operation: on SQLite a batch would
rebuild the idea table and drop the search triggers of migration 0003.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

FILTERS = ["service_area_id", "challenge_id", "status"]
PUBLIC = sa.text("hidden_at IS NULL")
# hidden_at ends each one although it is always NULL there: SQLite (3.40)
# uses a partial index as a covering one only if it holds every column the
# query names, the partial index's own condition included.
IDEA_INDEXES = {
    "ix_idea_public_supported": ["vote_count", "id", *FILTERS, "hidden_at"],
    "ix_idea_public_newest": ["created_at", "id", *FILTERS, "hidden_at"],
    "ix_idea_public_discussed": ["comment_count", "id", *FILTERS, "hidden_at"],
    "ix_idea_public_area": [*FILTERS, "id", "hidden_at"],
}
HIDDEN = sa.text("hidden_at IS NOT NULL")
OPEN = sa.text("resolved_at IS NULL")
MODERATION_INDEXES = {
    "ix_idea_hidden": ("idea", ["hidden_reason", "hidden_at", "id"], HIDDEN),
    "ix_comment_hidden": ("comment", ["hidden_reason", "hidden_at", "id"], HIDDEN),
    "ix_report_unresolved": (
        "report", ["idea_id", "comment_id", "user_id", "created_at", "id", "resolved_at"], OPEN),
}


def upgrade():
    for name, columns in IDEA_INDEXES.items():
        op.create_index(name, "idea", columns, unique=False,
                        sqlite_where=PUBLIC, postgresql_where=PUBLIC)
    op.create_index("ix_vote_created_at_idea_id", "vote", ["created_at", "idea_id"], unique=False)
    for name, (table, columns, where) in MODERATION_INDEXES.items():
        op.create_index(name, table, columns, unique=False,
                        sqlite_where=where, postgresql_where=where)


def downgrade():
    for name, (table, _columns, _where) in reversed(MODERATION_INDEXES.items()):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_vote_created_at_idea_id", table_name="vote")
    for name in reversed(IDEA_INDEXES):
        op.drop_index(name, table_name="idea")
