"""shuffle key: each idea's stored place in the random order, with an index

The random order of /ideas and /api/v1/ideas used to compute a key per idea
from the visitor's seed on every request, so a page read every public idea.
Now each idea keeps a random key, set when it is written; a visitor's order
of the day starts at a point in key space drawn from their seed and wraps
round, read from the partial index below like every other sort.

Plain ADD COLUMN with a default, then filled, not a batch operation: on
SQLite a batch would rebuild the idea table and drop the search triggers of
migration 0003 (as in 0008). The default is dropped where the database can
do so in place (PostgreSQL).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 05:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

SHUFFLE_KEYS = 2_147_483_647  # codesign.models.idea.SHUFFLE_KEYS, copied: migrations stand alone
FILTERS = ("service_area_id", "challenge_id", "status")


def upgrade():
    connection = op.get_bind()
    op.add_column("idea", sa.Column("shuffle_key", sa.Integer(), nullable=False, server_default="0"))
    if connection.dialect.name == "postgresql":
        op.execute(f"UPDATE idea SET shuffle_key = floor(random() * {SHUFFLE_KEYS})::integer")
        op.alter_column("idea", "shuffle_key", server_default=None)
    else:
        # random() is a signed 64-bit integer on SQLite.
        op.execute(f"UPDATE idea SET shuffle_key = abs(random() % {SHUFFLE_KEYS})")
    public = sa.text("hidden_at IS NULL")
    op.create_index("ix_idea_public_shuffle", "idea",
                    ["shuffle_key", "id", *FILTERS, "hidden_at"],
                    unique=False, sqlite_where=public, postgresql_where=public)


def downgrade():
    op.drop_index("ix_idea_public_shuffle", table_name="idea")
    # DROP COLUMN in place (SQLite 3.35 and later), for the same reason.
    op.drop_column("idea", "shuffle_key")
