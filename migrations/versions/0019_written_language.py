"""written language: each idea and comment records the language it is
written in, and Welsh ideas are searched without English stemming

Existing rows were written in English. The column is added in place, not by a
batch operation: on SQLite a batch would rebuild the idea table and drop the
search triggers (as in 0008 and 0018).

Search (see codesign/search.py and migration 0003):
- SQLite: idea_fts (porter stemming) now holds the ideas not in Welsh, and a
  second external-content FTS5 table, idea_cy_fts (unicode61, no porter),
  holds the Welsh ones. One set of triggers keeps each row in the table of
  its language, and moves it when the language changes. Every existing row
  is in English, so idea_fts is already right and idea_cy_fts starts empty.
- PostgreSQL: the generated search_vector uses the `simple` configuration
  for a Welsh idea and `english` for the others. A generated column's
  expression cannot be changed in place before PostgreSQL 17, so it is
  dropped and added again, with its index.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 08:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

TABLES = ("idea", "comment")
# codesign.models.idea.LANGUAGE_KNOWN, copied: migrations stand alone.
KNOWN = "language IN ('en', 'cy')"
IDEA_COLUMNS = ("title", "description")
EVENTS = ("insert", "delete", "update")


def _sqlite_fts_triggers(split):
    """The idea search triggers: with `split`, each row goes to the table of
    its language; without, every row to idea_fts (as 0003 made them)."""
    cols = ", ".join(IDEA_COLUMNS)
    new = ", ".join(f"new.{c}" for c in IDEA_COLUMNS)
    old = ", ".join(f"old.{c}" for c in IDEA_COLUMNS)
    for event in EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS idea_fts_after_{event}")
    if not split:
        op.execute(f"CREATE TRIGGER idea_fts_after_insert AFTER INSERT ON idea BEGIN "
                   f"INSERT INTO idea_fts(rowid, {cols}) VALUES (new.id, {new}); END")
        op.execute(f"CREATE TRIGGER idea_fts_after_delete AFTER DELETE ON idea BEGIN "
                   f"INSERT INTO idea_fts(idea_fts, rowid, {cols}) "
                   f"VALUES ('delete', old.id, {old}); END")
        op.execute(f"CREATE TRIGGER idea_fts_after_update AFTER UPDATE OF {cols} ON idea BEGIN "
                   f"INSERT INTO idea_fts(idea_fts, rowid, {cols}) "
                   f"VALUES ('delete', old.id, {old}); "
                   f"INSERT INTO idea_fts(rowid, {cols}) VALUES (new.id, {new}); END")
        return

    def add(row, values):
        return (f"INSERT INTO idea_fts(rowid, {cols}) SELECT {row}.id, {values} "
                f"WHERE {row}.language <> 'cy'; "
                f"INSERT INTO idea_cy_fts(rowid, {cols}) SELECT {row}.id, {values} "
                f"WHERE {row}.language = 'cy'; ")

    # An external-content table must be told to delete only rows it holds.
    remove = (f"INSERT INTO idea_fts(idea_fts, rowid, {cols}) SELECT 'delete', old.id, {old} "
              f"WHERE old.language <> 'cy'; "
              f"INSERT INTO idea_cy_fts(idea_cy_fts, rowid, {cols}) "
              f"SELECT 'delete', old.id, {old} WHERE old.language = 'cy'; ")
    op.execute(f"CREATE TRIGGER idea_fts_after_insert AFTER INSERT ON idea BEGIN "
               f"{add('new', new)}END")
    op.execute(f"CREATE TRIGGER idea_fts_after_delete AFTER DELETE ON idea BEGIN {remove}END")
    # Only when the indexed text or its language changes: counters change all the time.
    op.execute(f"CREATE TRIGGER idea_fts_after_update AFTER UPDATE OF {cols}, language ON idea "
               f"BEGIN {remove}{add('new', new)}END")


def _postgres_vector(split):
    config = ("CASE WHEN language = 'cy' THEN 'simple'::regconfig ELSE 'english'::regconfig END"
              if split else "'english'")
    title, description = IDEA_COLUMNS
    return (f"setweight(to_tsvector({config}, coalesce({title}, '')), 'A') || "
            f"setweight(to_tsvector({config}, coalesce({description}, '')), 'B')")


def _postgres_search_vector(split):
    op.execute("DROP INDEX IF EXISTS ix_idea_search_vector")
    op.execute("ALTER TABLE idea DROP COLUMN IF EXISTS search_vector")
    op.execute(f"ALTER TABLE idea ADD COLUMN search_vector tsvector "
               f"GENERATED ALWAYS AS ({_postgres_vector(split)}) STORED")
    op.execute("CREATE INDEX ix_idea_search_vector ON idea USING gin (search_vector)")


def upgrade():
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "sqlite":
            op.execute(f"ALTER TABLE {table} ADD COLUMN language VARCHAR(2) DEFAULT 'en' NOT NULL "
                       f"CONSTRAINT ck_{table}_language_known CHECK ({KNOWN})")
        else:
            op.add_column(table, sa.Column("language", sa.String(length=2), nullable=False,
                                           server_default="en"))
            op.alter_column(table, "language", server_default=None)
            op.create_check_constraint(f"ck_{table}_language_known", table, KNOWN)
    if dialect == "sqlite":
        cols = ", ".join(IDEA_COLUMNS)
        op.execute(f"CREATE VIRTUAL TABLE idea_cy_fts USING fts5({cols}, content='idea', "
                   f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        _sqlite_fts_triggers(split=True)
    elif dialect == "postgresql":
        _postgres_search_vector(split=True)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_fts_triggers(split=False)
        op.execute("DROP TABLE IF EXISTS idea_cy_fts")
        # Welsh ideas join the others in the porter index again.
        op.execute("INSERT INTO idea_fts(idea_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        _postgres_search_vector(split=False)
    for table in TABLES:
        if dialect == "sqlite":
            # DROP COLUMN in place (SQLite 3.35 and later), for the same reason.
            op.execute(f"ALTER TABLE {table} DROP COLUMN language")
        else:
            op.drop_constraint(f"ck_{table}_language_known", table, type_="check")
            op.drop_column(table, "language")
