"""reach: profile questions, their answers, places and the reference population

The questions the site asks (a row per question asked), the wards or
postcode districts people choose from, each person's answers (one per
question, and per service area for "do you use this service"), and the
reference shares the reach report compares participants with. Answers go
with their account (ON DELETE CASCADE, and the deletion service clears
every table pointing at user).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 08:25:33.467670

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reach_place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reach_place')),
    sa.UniqueConstraint('name', name=op.f('uq_reach_place_name'))
    )
    op.create_table('reach_question',
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('asked_since', sa.DateTime(), nullable=False),
    sa.CheckConstraint("key IN ('age', 'place', 'disability', 'service_use', 'ethnicity')", name=op.f('ck_reach_question_known')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_reach_question'))
    )
    op.create_table('reach_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=20), nullable=False),
    sa.Column('service_area_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.String(length=20), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(place_id IS NOT NULL) = (value = 'place')", name=op.f('ck_reach_answer_place_named')),
    sa.CheckConstraint("(question = 'age' AND value IN ('under_16', '16_24', '25_34', '35_49', '50_64', '65_74', '75_over', 'prefer_not')) OR (question = 'place' AND value IN ('place', 'prefer_not')) OR (question = 'disability' AND value IN ('yes', 'no', 'prefer_not')) OR (question = 'service_use' AND value IN ('yes', 'no', 'prefer_not')) OR (question = 'ethnicity' AND value IN ('asian', 'black', 'mixed', 'white', 'other', 'prefer_not'))", name=op.f('ck_reach_answer_value_fits')),
    sa.CheckConstraint("(question = 'service_use' AND service_area_id IS NOT NULL) OR (question <> 'service_use' AND service_area_id IS NULL)", name=op.f('ck_reach_answer_area_only_for_service_use')),
    sa.CheckConstraint("question IN ('age', 'place', 'disability', 'service_use', 'ethnicity')", name=op.f('ck_reach_answer_question_known')),
    sa.ForeignKeyConstraint(['place_id'], ['reach_place.id'], name=op.f('fk_reach_answer_place_id_reach_place')),
    sa.ForeignKeyConstraint(['service_area_id'], ['service_area.id'], name=op.f('fk_reach_answer_service_area_id_service_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_reach_answer_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reach_answer'))
    )
    with op.batch_alter_table('reach_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reach_answer_place_id'), ['place_id'], unique=False)
        batch_op.create_index('ix_reach_answer_question_value', ['question', 'value', 'service_area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reach_answer_service_area_id'), ['service_area_id'], unique=False)
        batch_op.create_index('uq_reach_answer_person', ['user_id', 'question'], unique=True, sqlite_where=sa.text('service_area_id IS NULL'), postgresql_where=sa.text('service_area_id IS NULL'))
        batch_op.create_index('uq_reach_answer_person_area', ['user_id', 'question', 'service_area_id'], unique=True, sqlite_where=sa.text('service_area_id IS NOT NULL'), postgresql_where=sa.text('service_area_id IS NOT NULL'))

    op.create_table('reach_reference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=20), nullable=False),
    sa.Column('service_area_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("question IN ('age', 'place', 'disability', 'service_use', 'ethnicity')", name=op.f('ck_reach_reference_question_known')),
    sa.CheckConstraint('year BETWEEN 1900 AND 2100', name=op.f('ck_reach_reference_year_plausible')),
    sa.ForeignKeyConstraint(['service_area_id'], ['service_area.id'], name=op.f('fk_reach_reference_service_area_id_service_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reach_reference'))
    )
    with op.batch_alter_table('reach_reference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reach_reference_service_area_id'), ['service_area_id'], unique=False)
        batch_op.create_index('uq_reach_reference_area', ['question', 'service_area_id'], unique=True, sqlite_where=sa.text('service_area_id IS NOT NULL'), postgresql_where=sa.text('service_area_id IS NOT NULL'))
        batch_op.create_index('uq_reach_reference_site', ['question'], unique=True, sqlite_where=sa.text('service_area_id IS NULL'), postgresql_where=sa.text('service_area_id IS NULL'))

    op.create_table('reach_reference_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=20), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('share', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.CheckConstraint("(place_id IS NOT NULL) = (value = 'place')", name=op.f('ck_reach_reference_share_place_named')),
    sa.CheckConstraint("value <> 'prefer_not'", name=op.f('ck_reach_reference_share_a_group')),
    sa.CheckConstraint('share >= 0 AND share <= 100', name=op.f('ck_reach_reference_share_share_is_percentage')),
    sa.ForeignKeyConstraint(['place_id'], ['reach_place.id'], name=op.f('fk_reach_reference_share_place_id_reach_place'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reference_id'], ['reach_reference.id'], name=op.f('fk_reach_reference_share_reference_id_reach_reference'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reach_reference_share'))
    )
    with op.batch_alter_table('reach_reference_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reach_reference_share_place_id'), ['place_id'], unique=False)
        batch_op.create_index('uq_reach_reference_share_group', ['reference_id', 'value'], unique=True, sqlite_where=sa.text('place_id IS NULL'), postgresql_where=sa.text('place_id IS NULL'))
        batch_op.create_index('uq_reach_reference_share_place', ['reference_id', 'place_id'], unique=True, sqlite_where=sa.text('place_id IS NOT NULL'), postgresql_where=sa.text('place_id IS NOT NULL'))



def downgrade():
    with op.batch_alter_table('reach_reference_share', schema=None) as batch_op:
        batch_op.drop_index('uq_reach_reference_share_place', sqlite_where=sa.text('place_id IS NOT NULL'), postgresql_where=sa.text('place_id IS NOT NULL'))
        batch_op.drop_index('uq_reach_reference_share_group', sqlite_where=sa.text('place_id IS NULL'), postgresql_where=sa.text('place_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_reach_reference_share_place_id'))

    op.drop_table('reach_reference_share')
    with op.batch_alter_table('reach_reference', schema=None) as batch_op:
        batch_op.drop_index('uq_reach_reference_site', sqlite_where=sa.text('service_area_id IS NULL'), postgresql_where=sa.text('service_area_id IS NULL'))
        batch_op.drop_index('uq_reach_reference_area', sqlite_where=sa.text('service_area_id IS NOT NULL'), postgresql_where=sa.text('service_area_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_reach_reference_service_area_id'))

    op.drop_table('reach_reference')
    with op.batch_alter_table('reach_answer', schema=None) as batch_op:
        batch_op.drop_index('uq_reach_answer_person_area', sqlite_where=sa.text('service_area_id IS NOT NULL'), postgresql_where=sa.text('service_area_id IS NOT NULL'))
        batch_op.drop_index('uq_reach_answer_person', sqlite_where=sa.text('service_area_id IS NULL'), postgresql_where=sa.text('service_area_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_reach_answer_service_area_id'))
        batch_op.drop_index('ix_reach_answer_question_value')
        batch_op.drop_index(batch_op.f('ix_reach_answer_place_id'))

    op.drop_table('reach_answer')
    op.drop_table('reach_question')
    op.drop_table('reach_place')
