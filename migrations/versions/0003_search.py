"""search: full-text indexes over ideas and proposals

SQLite: external-content FTS5 tables kept in step by triggers. PostgreSQL: a
generated, weighted tsvector column with a GIN index. Neither is in the models
(autogenerate cannot express them); migrations/env.py leaves them out of the
comparison. See codesign/search.py for the queries that use them.

A later SQLite batch migration that rebuilds the idea or proposal table
("move and copy") drops these triggers with the old table: recreate them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# table -> its indexed columns, most important first (the title is weighted
# above the rest by codesign/search.py on SQLite and by setweight here on PG).
INDEXED = {
    "idea": ("title", "description"),
    "proposal": ("title", "problem", "proposed_change", "expected_benefits"),
}


def _sqlite_upgrade(table, columns):
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_after_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_after_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    # Only when the indexed text changes: supports and comments update the
    # counters on the row all the time, and must not rewrite the index.
    op.execute(
        f"CREATE TRIGGER {fts}_after_update AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _sqlite_downgrade(table):
    fts = f"{table}_fts"
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS {fts}_after_{event}")
    op.execute(f"DROP TABLE IF EXISTS {fts}")


def _postgres_vector(columns):
    weighted = [f"setweight(to_tsvector('english', coalesce({columns[0]}, '')), 'A')"]
    weighted += [f"setweight(to_tsvector('english', coalesce({c}, '')), 'B')"
                 for c in columns[1:]]
    return " || ".join(weighted)


def _postgres_upgrade(table, columns):
    op.execute(
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({_postgres_vector(columns)}) STORED"
    )
    op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def _postgres_downgrade(table):
    op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
    op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


def upgrade():
    dialect = op.get_bind().dialect.name
    for table, columns in INDEXED.items():
        if dialect == "sqlite":
            _sqlite_upgrade(table, columns)
        elif dialect == "postgresql":
            _postgres_upgrade(table, columns)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in INDEXED:
        if dialect == "sqlite":
            _sqlite_downgrade(table)
        elif dialect == "postgresql":
            _postgres_downgrade(table)
