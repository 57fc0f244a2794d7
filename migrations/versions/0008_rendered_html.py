"""rendered html: each Markdown text stored beside the HTML made from it

Pages and the API used to render Markdown on every read, and a page of
texts built to be slow could take a worker past its timeout. Now the
services store the sanitiser's HTML when a text is written or edited
(codesign/sanitise.py), and reads only copy it out. This adds the columns
and fills them for the rows there are, a batch at a time, through the same
sanitiser the app uses.

Plain ADD COLUMN, not a batch operation: on SQLite a batch would rebuild the
idea table and drop the search triggers of migration 0003. The columns are
added with an empty default so existing rows are valid, then filled; the
default is dropped where the database can do so in place (PostgreSQL).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 16:30:00

"""
import sqlalchemy as sa
from alembic import op

from codesign.sanitise import render_markdown

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# table: the Markdown columns rendered into <column>_html
COLUMNS = {
    "service_area": ["description"],
    "challenge": ["description"],
    "idea": ["description"],
    "idea_status_change": ["response"],
    "comment": ["body"],
    "proposal": ["problem", "proposed_change", "expected_benefits", "who_it_affects"],
    "proposal_status_change": ["response"],
    "notification": ["detail"],
}
BATCH = 1000


def _fill(connection, table, sources):
    """Render every row's sources into their _html columns, in id order."""
    rows = sa.table(table, sa.column("id"), *(sa.column(name) for name in sources),
                    *(sa.column(f"{name}_html") for name in sources))
    update = (sa.update(rows).where(rows.c.id == sa.bindparam("row_id"))
              .values({f"{name}_html": sa.bindparam(f"new_{name}") for name in sources}))
    last = 0
    while True:
        batch = connection.execute(
            sa.select(rows.c.id, *(rows.c[name] for name in sources))
            .where(rows.c.id > last).order_by(rows.c.id).limit(BATCH)).all()
        if not batch:
            return
        connection.execute(update, [
            {"row_id": row.id, **{f"new_{name}": str(render_markdown(getattr(row, name)))
                                  for name in sources}}
            for row in batch])
        last = batch[-1].id


def upgrade():
    connection = op.get_bind()
    for table, sources in COLUMNS.items():
        for name in sources:
            op.add_column(table, sa.Column(f"{name}_html", sa.Text(), nullable=False,
                                           server_default=""))
        _fill(connection, table, sources)
        if connection.dialect.name != "sqlite":
            for name in sources:
                op.alter_column(table, f"{name}_html", server_default=None)


def downgrade():
    # DROP COLUMN in place (SQLite 3.35 and later), for the same reason.
    for table, sources in reversed(COLUMNS.items()):
        for name in reversed(sources):
            op.drop_column(table, f"{name}_html")
