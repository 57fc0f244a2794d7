"""practices: playbooks of pilots that worked, their files, and adoptions

A playbook per pilot (draft or published), the files attached to it, and
the adoptions of a practice by other services (each a new proposal). The
playbook joins full-text search like ideas (see 0003 and codesign/search.py):
on SQLite an external-content FTS5 table kept in step by triggers, on
PostgreSQL a generated tsvector column with a GIN index. Notifications gain
two kinds (an idea adopted elsewhere, an adoption's verdict), so their check
constraint is rebuilt.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 05:11:32.724727

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# After 0013 (partners), which added design_group.
KINDS_BEFORE = ("idea_status", "idea_promoted", "idea_merged", "proposal_status",
                "content_hidden", "content_restored", "appeal_decided", "new_comment",
                "pilot_started", "pilot_closed", "design_group")
KINDS_AFTER = KINDS_BEFORE + ("idea_adopted", "adoption_verdict")
# The playbook's indexed columns, the title first (weighted above the rest).
INDEXED = ("title", "summary", "steps", "needs", "pitfalls")


def _kinds(kinds):
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _sqlite_search():
    cols = ", ".join(INDEXED)
    new = ", ".join(f"new.{c}" for c in INDEXED)
    old = ", ".join(f"old.{c}" for c in INDEXED)
    op.execute(
        f"CREATE VIRTUAL TABLE playbook_fts USING fts5({cols}, content='playbook', "
        f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER playbook_fts_after_insert AFTER INSERT ON playbook BEGIN "
        f"INSERT INTO playbook_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER playbook_fts_after_delete AFTER DELETE ON playbook BEGIN "
        f"INSERT INTO playbook_fts(playbook_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER playbook_fts_after_update AFTER UPDATE OF {cols} ON playbook BEGIN "
        f"INSERT INTO playbook_fts(playbook_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO playbook_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )


def _postgres_search():
    weighted = [f"setweight(to_tsvector('english', coalesce({INDEXED[0]}, '')), 'A')"]
    weighted += [f"setweight(to_tsvector('english', coalesce({c}, '')), 'B')"
                 for c in INDEXED[1:]]
    op.execute("ALTER TABLE playbook ADD COLUMN search_vector tsvector "
               f"GENERATED ALWAYS AS ({' || '.join(weighted)}) STORED")
    op.execute("CREATE INDEX ix_playbook_search_vector ON playbook USING gin (search_vector)")


def upgrade():
    op.create_table('adoption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_pilot_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_adoption_created_by_id_user')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_adoption_proposal_id_proposal')),
    sa.ForeignKeyConstraint(['source_pilot_id'], ['pilot.id'], name=op.f('fk_adoption_source_pilot_id_pilot')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adoption')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_adoption_proposal_id'))
    )
    with op.batch_alter_table('adoption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adoption_source_pilot_id'), ['source_pilot_id'], unique=False)

    op.create_table('playbook',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pilot_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('steps', sa.Text(), nullable=False),
    sa.Column('steps_html', sa.Text(), nullable=False),
    sa.Column('needs', sa.Text(), nullable=False),
    sa.Column('needs_html', sa.Text(), nullable=False),
    sa.Column('pitfalls', sa.Text(), nullable=False),
    sa.Column('pitfalls_html', sa.Text(), nullable=False),
    sa.Column('setup_cost', sa.String(length=200), nullable=False),
    sa.Column('running_cost', sa.String(length=200), nullable=False),
    sa.Column('contact_team', sa.String(length=120), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("state <> 'published' OR published_at IS NOT NULL", name=op.f('ck_playbook_published_when')),
    sa.CheckConstraint("state IN ('draft', 'published')", name=op.f('ck_playbook_state_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_playbook_created_by_id_user')),
    sa.ForeignKeyConstraint(['pilot_id'], ['pilot.id'], name=op.f('fk_playbook_pilot_id_pilot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_playbook')),
    sa.UniqueConstraint('pilot_id', name=op.f('uq_playbook_pilot_id'))
    )
    with op.batch_alter_table('playbook', schema=None) as batch_op:
        batch_op.create_index('ix_playbook_state_published_at', ['state', 'published_at'], unique=False)

    op.create_table('playbook_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('playbook_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.oasis.opendocument.spreadsheet', 'text/csv')", name=op.f('ck_playbook_attachment_content_type_known')),
    sa.CheckConstraint('size > 0', name=op.f('ck_playbook_attachment_size_positive')),
    sa.ForeignKeyConstraint(['playbook_id'], ['playbook.id'], name=op.f('fk_playbook_attachment_playbook_id_playbook'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_playbook_attachment_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_playbook_attachment')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_playbook_attachment_stored_name'))
    )
    with op.batch_alter_table('playbook_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_playbook_attachment_playbook_id'), ['playbook_id'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_search()
    elif dialect == "postgresql":
        _postgres_search()

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notification_kind_known'), _kinds(KINDS_AFTER))


def downgrade():
    op.execute("DELETE FROM notification WHERE " + _kinds(KINDS_AFTER[len(KINDS_BEFORE):]))
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notification_kind_known'), _kinds(KINDS_BEFORE))

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS playbook_fts_after_{event}")
        op.execute("DROP TABLE IF EXISTS playbook_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_playbook_search_vector")
        op.execute("ALTER TABLE playbook DROP COLUMN IF EXISTS search_vector")

    with op.batch_alter_table('playbook_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_playbook_attachment_playbook_id'))

    op.drop_table('playbook_attachment')
    with op.batch_alter_table('playbook', schema=None) as batch_op:
        batch_op.drop_index('ix_playbook_state_published_at')

    op.drop_table('playbook')
    with op.batch_alter_table('adoption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adoption_source_pilot_id'))

    op.drop_table('adoption')
