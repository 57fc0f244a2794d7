"""pilots: proposals tried out as pre-registered experiments

The pilot, its experiment card in versions (amendments never change the
original), its figures per period and site, and its events for the idea's
timeline. Notifications gain a link to a pilot and two kinds (a pilot
started, a pilot closed), so their check constraint is rebuilt.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 16:29:31.984809

"""
import sqlalchemy as sa
from alembic import op

KINDS_BEFORE = ("idea_status", "idea_promoted", "idea_merged", "proposal_status",
                "content_hidden", "content_restored", "appeal_decided", "new_comment")
KINDS_AFTER = KINDS_BEFORE + ("pilot_started", "pilot_closed")


def _kinds(kinds):
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pilot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('service_area_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('proposed_verdict', sa.String(length=16), nullable=True),
    sa.Column('proposed_reason', sa.String(length=40), nullable=True),
    sa.Column('verdict', sa.String(length=16), nullable=True),
    sa.Column('conclusion', sa.Text(), nullable=False),
    sa.Column('conclusion_html', sa.Text(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("proposed_verdict IS NULL OR proposed_verdict IN ('worked', 'did_not_work', 'too_early')", name=op.f('ck_pilot_proposed_verdict_known')),
    sa.CheckConstraint("status <> 'closed' OR (verdict IS NOT NULL AND closed_at IS NOT NULL)", name=op.f('ck_pilot_closed_has_verdict')),
    sa.CheckConstraint("status = 'planned' OR started_at IS NOT NULL", name=op.f('ck_pilot_started_when')),
    sa.CheckConstraint("status IN ('planned', 'running', 'closed')", name=op.f('ck_pilot_status_known')),
    sa.CheckConstraint("verdict IS NULL OR verdict IN ('worked', 'did_not_work', 'too_early')", name=op.f('ck_pilot_verdict_known')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user.id'], name=op.f('fk_pilot_closed_by_id_user')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_pilot_created_by_id_user')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_pilot_proposal_id_proposal')),
    sa.ForeignKeyConstraint(['service_area_id'], ['service_area.id'], name=op.f('fk_pilot_service_area_id_service_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilot'))
    )
    with op.batch_alter_table('pilot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pilot_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pilot_service_area_id'), ['service_area_id'], unique=False)
        batch_op.create_index('ix_pilot_status_id', ['status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pilot_verdict'), ['verdict'], unique=False)

    op.create_table('pilot_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pilot_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('change', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=200), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('amount', sa.String(length=200), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('because', sa.Text(), nullable=False),
    sa.Column('measure_name', sa.String(length=200), nullable=False),
    sa.Column('measure_unit', sa.String(length=40), nullable=False),
    sa.Column('better', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('cost_measure', sa.String(length=200), nullable=False),
    sa.Column('baseline_value', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('baseline_period', sa.String(length=200), nullable=False),
    sa.Column('baseline_source', sa.String(length=200), nullable=False),
    sa.Column('target', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('site', sa.String(length=200), nullable=False),
    sa.Column('comparison_site', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('stop_rule', sa.Text(), nullable=False),
    sa.Column('data_owner', sa.String(length=200), nullable=False),
    sa.CheckConstraint("better IN ('higher', 'lower')", name=op.f('ck_pilot_card_better_known')),
    sa.CheckConstraint("direction IN ('rise', 'fall')", name=op.f('ck_pilot_card_direction_known')),
    sa.CheckConstraint("kind <> 'proportion' OR (baseline_value >= 0 AND baseline_value <= 1)", name=op.f('ck_pilot_card_proportion_baseline_in_range')),
    sa.CheckConstraint("kind IN ('proportion', 'mean')", name=op.f('ck_pilot_card_kind_known')),
    sa.CheckConstraint('ends_on > starts_on', name=op.f('ck_pilot_card_ends_after_start')),
    sa.CheckConstraint('target > 0', name=op.f('ck_pilot_card_target_positive')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_pilot_card_version_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_pilot_card_author_id_user')),
    sa.ForeignKeyConstraint(['pilot_id'], ['pilot.id'], name=op.f('fk_pilot_card_pilot_id_pilot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilot_card')),
    sa.UniqueConstraint('pilot_id', 'version', name=op.f('uq_pilot_card_pilot_id_version'))
    )
    with op.batch_alter_table('pilot_card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pilot_card_pilot_id'), ['pilot_id'], unique=False)

    op.create_table('pilot_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pilot_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('periods', sa.Integer(), nullable=True),
    sa.Column('replaced', sa.Integer(), nullable=True),
    sa.Column('estimate', sa.Float(), nullable=True),
    sa.Column('ci_low', sa.Float(), nullable=True),
    sa.Column('ci_high', sa.Float(), nullable=True),
    sa.Column('proposed_verdict', sa.String(length=16), nullable=True),
    sa.Column('verdict', sa.String(length=16), nullable=True),
    sa.CheckConstraint("kind IN ('started', 'amended', 'figures', 'closed')", name=op.f('ck_pilot_event_kind_known')),
    sa.CheckConstraint("proposed_verdict IS NULL OR proposed_verdict IN ('worked', 'did_not_work', 'too_early')", name=op.f('ck_pilot_event_proposed_verdict_known')),
    sa.CheckConstraint("verdict IS NULL OR verdict IN ('worked', 'did_not_work', 'too_early')", name=op.f('ck_pilot_event_verdict_known')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_pilot_event_author_id_user')),
    sa.ForeignKeyConstraint(['pilot_id'], ['pilot.id'], name=op.f('fk_pilot_event_pilot_id_pilot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilot_event'))
    )
    with op.batch_alter_table('pilot_event', schema=None) as batch_op:
        batch_op.create_index('ix_pilot_event_pilot_id_created_at', ['pilot_id', 'created_at'], unique=False)

    op.create_table('pilot_measurement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pilot_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('site', sa.String(length=16), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('successes', sa.Integer(), nullable=True),
    sa.Column('mean', sa.Numeric(precision=18, scale=6), nullable=True),
    sa.Column('sd', sa.Numeric(precision=18, scale=6), nullable=True),
    sa.Column('cost_per_case', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("site IN ('pilot', 'comparison')", name=op.f('ck_pilot_measurement_site_known')),
    sa.CheckConstraint('(successes IS NULL) <> (mean IS NULL)', name=op.f('ck_pilot_measurement_one_kind')),
    sa.CheckConstraint('cost_per_case IS NULL OR cost_per_case >= 0', name=op.f('ck_pilot_measurement_cost_not_negative')),
    sa.CheckConstraint('n >= 1', name=op.f('ck_pilot_measurement_n_positive')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_pilot_measurement_period_in_order')),
    sa.CheckConstraint('sd IS NULL OR mean IS NOT NULL', name=op.f('ck_pilot_measurement_sd_needs_mean')),
    sa.CheckConstraint('sd IS NULL OR sd >= 0', name=op.f('ck_pilot_measurement_sd_not_negative')),
    sa.CheckConstraint('successes IS NULL OR (successes >= 0 AND successes <= n)', name=op.f('ck_pilot_measurement_successes_within_n')),
    sa.ForeignKeyConstraint(['pilot_id'], ['pilot.id'], name=op.f('fk_pilot_measurement_pilot_id_pilot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_pilot_measurement_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilot_measurement')),
    sa.UniqueConstraint('pilot_id', 'period_start', 'period_end', 'site', name=op.f('uq_pilot_measurement_pilot_id_period_start_period_end_site'))
    )
    with op.batch_alter_table('pilot_measurement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pilot_measurement_pilot_id'), ['pilot_id'], unique=False)

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pilot_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notification_pilot_id_pilot'), 'pilot', ['pilot_id'], ['id'])
        batch_op.drop_constraint(op.f('ck_notification_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notification_kind_known'), _kinds(KINDS_AFTER))



def downgrade():
    op.execute("DELETE FROM notification WHERE pilot_id IS NOT NULL OR "
               + _kinds(KINDS_AFTER[len(KINDS_BEFORE):]))
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notification_kind_known'), _kinds(KINDS_BEFORE))
        batch_op.drop_constraint(batch_op.f('fk_notification_pilot_id_pilot'), type_='foreignkey')
        batch_op.drop_column('pilot_id')

    with op.batch_alter_table('pilot_measurement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pilot_measurement_pilot_id'))

    op.drop_table('pilot_measurement')
    with op.batch_alter_table('pilot_event', schema=None) as batch_op:
        batch_op.drop_index('ix_pilot_event_pilot_id_created_at')

    op.drop_table('pilot_event')
    with op.batch_alter_table('pilot_card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pilot_card_pilot_id'))

    op.drop_table('pilot_card')
    with op.batch_alter_table('pilot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pilot_verdict'))
        batch_op.drop_index('ix_pilot_status_id')
        batch_op.drop_index(batch_op.f('ix_pilot_service_area_id'))
        batch_op.drop_index(batch_op.f('ix_pilot_proposal_id'))

    op.drop_table('pilot')
