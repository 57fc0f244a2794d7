"""support: the vote table and idea.vote_count take the site's word, support

Renames the table vote to support and idea.vote_count to
idea.support_count, with every constraint, index and (on PostgreSQL) the id
sequence named after them, so the names follow the naming convention in
codesign/extensions.py again. No row changes.

PostgreSQL renames each name in place. SQLite renames the table and the
column in place too (ALTER TABLE ... RENAME, which also rewrites the
indexes and the CHECK that name the column); the support table is then
rebuilt in batch mode to give its constraints and indexes their new names.
The idea table is not rebuilt: that would drop the search triggers of
migration 0003, and with foreign keys on, dropping the old idea table would
delete every support and comment by cascade. Its index is dropped and made
again under the new name, and the name of its CHECK, which SQLite keeps only
in the table's CREATE statement, is changed there, by the procedure SQLite
documents for schema changes that leave the stored rows alone
(https://www.sqlite.org/lang_altertable.html#otheralter).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TABLE = {"old": "vote", "new": "support"}
COLUMN = {"old": "vote_count", "new": "support_count"}
IDEA_CHECK = "ck_idea_{}_not_negative"
IDEA_INDEX = "ix_idea_{}_id"
# The support table's constraints and indexes, by the table's name.
CONSTRAINTS = ("pk_{}", "uq_{}_user_id_idea_id", "fk_{}_user_id_user", "fk_{}_idea_id_idea",
               "fk_{}_via_idea_id_idea")
INDEXES = ("ix_{}_created_at", "ix_{}_idea_id_created_at", "ix_{}_via_idea_id",
           "ix_{}_created_at_idea_id")


def _support_table(name):
    """The table as it is, under this name, with names to match."""
    table = sa.Table(
        name, sa.MetaData(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('idea_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('via_idea_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=f'pk_{name}'),
        sa.UniqueConstraint('user_id', 'idea_id', name=f'uq_{name}_user_id_idea_id'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=f'fk_{name}_user_id_user'),
        sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=f'fk_{name}_idea_id_idea',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['via_idea_id'], ['idea.id'],
                                name=f'fk_{name}_via_idea_id_idea'),
    )
    sa.Index(f'ix_{name}_created_at', table.c.created_at)
    sa.Index(f'ix_{name}_idea_id_created_at', table.c.idea_id, table.c.created_at)
    sa.Index(f'ix_{name}_via_idea_id', table.c.via_idea_id)
    sa.Index(f'ix_{name}_created_at_idea_id', table.c.created_at, table.c.idea_id)
    return table


def _postgresql(old, new):
    op.rename_table(TABLE[old], TABLE[new])
    op.execute(f"ALTER SEQUENCE {TABLE[old]}_id_seq RENAME TO {TABLE[new]}_id_seq")
    for name in CONSTRAINTS:
        op.execute(f"ALTER TABLE {TABLE[new]} RENAME CONSTRAINT "
                   f"{name.format(TABLE[old])} TO {name.format(TABLE[new])}")
    for name in INDEXES:
        op.execute(f"ALTER INDEX {name.format(TABLE[old])} RENAME TO {name.format(TABLE[new])}")
    op.execute(f"ALTER TABLE idea RENAME COLUMN {COLUMN[old]} TO {COLUMN[new]}")
    op.execute(f"ALTER TABLE idea RENAME CONSTRAINT "
               f"{IDEA_CHECK.format(COLUMN[old])} TO {IDEA_CHECK.format(COLUMN[new])}")
    op.execute(f"ALTER INDEX {IDEA_INDEX.format(COLUMN[old])} "
               f"RENAME TO {IDEA_INDEX.format(COLUMN[new])}")


def _sqlite(old, new):
    op.rename_table(TABLE[old], TABLE[new])
    with op.batch_alter_table(TABLE[new], copy_from=_support_table(TABLE[new]),
                              recreate="always"):
        pass
    op.execute(f"ALTER TABLE idea RENAME COLUMN {COLUMN[old]} TO {COLUMN[new]}")
    op.drop_index(IDEA_INDEX.format(COLUMN[old]), table_name="idea")
    op.create_index(IDEA_INDEX.format(COLUMN[new]), "idea", [COLUMN[new], "id"], unique=False)
    _rename_sqlite_check("idea", IDEA_CHECK.format(COLUMN[old]), IDEA_CHECK.format(COLUMN[new]))


def _rename_sqlite_check(table, old, new):
    bind = op.get_bind()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    bind.execute(sa.text("UPDATE sqlite_schema SET sql = replace(sql, :old, :new) "
                         "WHERE type = 'table' AND name = :table"),
                 {"old": f"CONSTRAINT {old} CHECK", "new": f"CONSTRAINT {new} CHECK",
                  "table": table})
    bind.exec_driver_sql(f"PRAGMA schema_version={version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def _rename(old, new):
    if op.get_bind().dialect.name == "postgresql":
        _postgresql(old, new)
    else:
        _sqlite(old, new)


def upgrade():
    _rename("old", "new")


def downgrade():
    _rename("new", "old")
