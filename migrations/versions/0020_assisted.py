"""assisted participation: connectors enter ideas, comments and supports
for residents who are not online

The role "connector" joins the user table's check constraint. New tables:
assisted_resident (the private name, postcode district and contact, and
the reference number) and assisted_entry (how, where and by whom each item
was entered). A support given in person has no user but an assisted
resident: one per resident per idea, by a unique constraint. The idea and
comment tables gain plain columns (ADD COLUMN, not a batch: on SQLite a
batch would rebuild them and drop the search triggers of migration 0003).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 08:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

ROLES_BEFORE = ("resident", "moderator", "staff", "admin")
ROLES_AFTER = ("resident", "connector", "moderator", "staff", "admin")


def _roles(roles):
    return "role IN (" + ", ".join(f"'{role}'" for role in roles) + ")"


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_role_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_role_known'), _roles(ROLES_AFTER))

    op.create_table(
        'assisted_resident',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('name_key', sa.String(length=200), nullable=False),
        sa.Column('postcode_district', sa.String(length=8), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=True),
        sa.Column('contact_phone', sa.String(length=30), nullable=True),
        sa.Column('locale', sa.String(length=8), nullable=True),
        sa.Column('connector_id', sa.Integer(), nullable=False),
        sa.Column('agreed_at', sa.DateTime(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('agreed_at IS NOT NULL', name=op.f('ck_assisted_resident_agreed')),
        sa.ForeignKeyConstraint(['connector_id'], ['user.id'],
                                name=op.f('fk_assisted_resident_connector_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assisted_resident')),
        sa.UniqueConstraint('name_key', 'postcode_district',
                            name=op.f('uq_assisted_resident_name_key_postcode_district')),
        sa.UniqueConstraint('reference', name=op.f('uq_assisted_resident_reference')),
    )
    op.create_index(op.f('ix_assisted_resident_connector_id'), 'assisted_resident',
                    ['connector_id'], unique=False)

    op.create_table(
        'assisted_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('resident_id', sa.Integer(), nullable=False),
        sa.Column('connector_id', sa.Integer(), nullable=False),
        sa.Column('idea_id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=True),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('place', sa.String(length=120), nullable=False),
        sa.Column('agreed', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('idea', 'comment', 'support')",
                           name=op.f('ck_assisted_entry_kind_known')),
        sa.CheckConstraint("channel IN ('desk', 'phone', 'paper', 'event')",
                           name=op.f('ck_assisted_entry_channel_known')),
        sa.CheckConstraint('agreed', name=op.f('ck_assisted_entry_agreed')),
        sa.CheckConstraint("(kind = 'comment') = (comment_id IS NOT NULL)",
                           name=op.f('ck_assisted_entry_comment_for_comments')),
        sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], ondelete='CASCADE',
                                name=op.f('fk_assisted_entry_comment_id_comment')),
        sa.ForeignKeyConstraint(['connector_id'], ['user.id'],
                                name=op.f('fk_assisted_entry_connector_id_user')),
        sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE',
                                name=op.f('fk_assisted_entry_idea_id_idea')),
        sa.ForeignKeyConstraint(['resident_id'], ['assisted_resident.id'],
                                name=op.f('fk_assisted_entry_resident_id_assisted_resident')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assisted_entry')),
        sa.UniqueConstraint('comment_id', name=op.f('uq_assisted_entry_comment_id')),
    )
    op.create_index('ix_assisted_entry_created_at', 'assisted_entry', ['created_at'], unique=False)
    op.create_index('ix_assisted_entry_connector_id_created_at', 'assisted_entry',
                    ['connector_id', 'created_at'], unique=False)
    op.create_index(op.f('ix_assisted_entry_idea_id'), 'assisted_entry', ['idea_id'], unique=False)
    op.create_index(op.f('ix_assisted_entry_resident_id'), 'assisted_entry', ['resident_id'],
                    unique=False)

    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('assisted_resident_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_support_assisted_resident_id_assisted_resident'),
                                    'assisted_resident', ['assisted_resident_id'], ['id'])
        batch_op.create_unique_constraint(op.f('uq_support_idea_id_assisted_resident_id'),
                                          ['idea_id', 'assisted_resident_id'])
        batch_op.create_check_constraint(op.f('ck_support_one_supporter'),
                                         "(user_id IS NULL) <> (assisted_resident_id IS NULL)")

    op.add_column('idea', sa.Column('in_person_support_count', sa.Integer(), nullable=False,
                                    server_default='0'))
    op.add_column('idea', sa.Column('assisted_place', sa.String(length=120), nullable=True))
    op.add_column('comment', sa.Column('assisted_place', sa.String(length=120), nullable=True))


def downgrade():
    # DROP COLUMN in place (SQLite 3.35 and later), for the search triggers.
    op.drop_column('comment', 'assisted_place')
    op.drop_column('idea', 'assisted_place')
    op.drop_column('idea', 'in_person_support_count')
    op.execute("DELETE FROM support WHERE user_id IS NULL")
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_support_one_supporter'), type_='check')
        batch_op.drop_constraint(op.f('uq_support_idea_id_assisted_resident_id'), type_='unique')
        batch_op.drop_constraint(op.f('fk_support_assisted_resident_id_assisted_resident'),
                                 type_='foreignkey')
        batch_op.drop_column('assisted_resident_id')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
    op.drop_table('assisted_entry')
    op.drop_table('assisted_resident')
    op.execute("UPDATE \"user\" SET role = 'resident' WHERE role = 'connector'")
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_role_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_role_known'), _roles(ROLES_BEFORE))
