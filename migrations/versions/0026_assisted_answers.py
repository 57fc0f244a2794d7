"""assisted reach answers: an assisted resident's answers to the profile questions

A connector records them with the resident there (codesign/assist). The same
checks as reach_answer, one answer per resident per question (and per
service area for "do you use this service"), and they go with the
resident's record (ON DELETE CASCADE).

Plain CREATE TABLE/INDEX, not a batch on an existing table, so SQLite's
search triggers of migration 0003 are untouched.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 14:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

TABLE = 'assisted_reach_answer'


def upgrade():
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=20), nullable=False),
    sa.Column('service_area_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.String(length=20), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(place_id IS NOT NULL) = (value = 'place')", name=op.f('ck_assisted_reach_answer_place_named')),
    sa.CheckConstraint("(question = 'age' AND value IN ('under_16', '16_24', '25_34', '35_49', '50_64', '65_74', '75_over', 'prefer_not')) OR (question = 'place' AND value IN ('place', 'prefer_not')) OR (question = 'disability' AND value IN ('yes', 'no', 'prefer_not')) OR (question = 'service_use' AND value IN ('yes', 'no', 'prefer_not')) OR (question = 'ethnicity' AND value IN ('asian', 'black', 'mixed', 'white', 'other', 'prefer_not'))", name=op.f('ck_assisted_reach_answer_value_fits')),
    sa.CheckConstraint("(question = 'service_use' AND service_area_id IS NOT NULL) OR (question <> 'service_use' AND service_area_id IS NULL)", name=op.f('ck_assisted_reach_answer_area_only_for_service_use')),
    sa.CheckConstraint("question IN ('age', 'place', 'disability', 'service_use', 'ethnicity')", name=op.f('ck_assisted_reach_answer_question_known')),
    sa.ForeignKeyConstraint(['place_id'], ['reach_place.id'], name=op.f('fk_assisted_reach_answer_place_id_reach_place')),
    sa.ForeignKeyConstraint(['resident_id'], ['assisted_resident.id'], name=op.f('fk_assisted_reach_answer_resident_id_assisted_resident'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_area_id'], ['service_area.id'], name=op.f('fk_assisted_reach_answer_service_area_id_service_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assisted_reach_answer'))
    )
    op.create_index(op.f('ix_assisted_reach_answer_place_id'), TABLE, ['place_id'], unique=False)
    op.create_index('ix_assisted_reach_answer_question_value', TABLE, ['question', 'value', 'service_area_id'], unique=False)
    op.create_index(op.f('ix_assisted_reach_answer_service_area_id'), TABLE, ['service_area_id'], unique=False)
    op.create_index('uq_assisted_reach_answer_person', TABLE, ['resident_id', 'question'], unique=True, sqlite_where=sa.text('service_area_id IS NULL'), postgresql_where=sa.text('service_area_id IS NULL'))
    op.create_index('uq_assisted_reach_answer_person_area', TABLE, ['resident_id', 'question', 'service_area_id'], unique=True, sqlite_where=sa.text('service_area_id IS NOT NULL'), postgresql_where=sa.text('service_area_id IS NOT NULL'))


def downgrade():
    op.drop_table(TABLE)
