"""planner indexes: the staff queue's order, and foreign-key indexes of set values only

At Madrid scale, after ANALYZE, SQLite's planner read "parent_id IS NULL"
(a proposal's threads) from ix_comment_parent_id, which held every top-level
comment of the site: 60 ms a page. "via_idea_id IS NULL" (new supports, on
the staff dashboard) read three million supports from ix_support_via_idea_id,
and "duplicate_of_id IS NULL" nearly every idea. Those indexes, and
ix_idea_proposal_id, now hold only the rows where the column is set, which is
all they are for. The staff queue sorted every idea still owed an answer on
each view (90 ms); ix_idea_awaiting holds them in the queue's order.

Plain CREATE/DROP INDEX, not a batch: a batch would rebuild the tables on
SQLite and drop the search triggers of migration 0003.

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-05 08:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0022'
branch_labels = None
depends_on = None

SET_ONLY = (("comment", "parent_id"), ("support", "via_idea_id"),
            ("idea", "duplicate_of_id"), ("idea", "proposal_id"))
OPEN = sa.text("hidden_at IS NULL AND duplicate_of_id IS NULL AND withdrawn_at IS NULL")


def upgrade():
    for table, column in SET_ONLY:
        name, where = f"ix_{table}_{column}", sa.text(f"{column} IS NOT NULL")
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], sqlite_where=where, postgresql_where=where)
    op.create_index("ix_idea_awaiting", "idea",
                    [sa.text("(ready_for_review_at IS NULL)"),
                     sa.text("coalesce(ready_for_review_at, created_at)"), "id"],
                    sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade():
    op.drop_index("ix_idea_awaiting", table_name="idea")
    for table, column in SET_ONLY:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column])
