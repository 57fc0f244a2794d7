"""staff: roles, moderation, statuses, proposals, notifications

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 11:32:11.303625

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('proposed_change', sa.Text(), nullable=False),
    sa.Column('expected_benefits', sa.Text(), nullable=False),
    sa.Column('who_it_affects', sa.Text(), nullable=False),
    sa.Column('cost_band', sa.String(length=20), nullable=False),
    sa.Column('service_area_id', sa.Integer(), nullable=False),
    sa.Column('responsible_team', sa.String(length=120), nullable=False),
    sa.Column('decision_due', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.CheckConstraint("cost_band IN ('under_10k', '10k_50k', '50k_250k', 'over_250k', 'unknown')", name=op.f('ck_proposal_cost_band_known')),
    sa.CheckConstraint("status IN ('draft', 'open_for_feedback', 'approved', 'in_pilot', 'implemented', 'not_taken_forward')", name=op.f('ck_proposal_status_known')),
    sa.CheckConstraint('comment_count >= 0', name=op.f('ck_proposal_comment_count_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_proposal_created_by_id_user')),
    sa.ForeignKeyConstraint(['service_area_id'], ['service_area.id'], name=op.f('fk_proposal_service_area_id_service_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_created_at_id', ['created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_service_area_id'), ['service_area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_status'), ['status'], unique=False)

    op.create_table('proposal_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=True),
    sa.Column('to_status', sa.String(length=32), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("to_status IN ('draft', 'open_for_feedback', 'approved', 'in_pilot', 'implemented', 'not_taken_forward')", name=op.f('ck_proposal_status_change_to_status_known')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_proposal_status_change_author_id_user')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_status_change_proposal_id_proposal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_status_change'))
    )
    with op.batch_alter_table('proposal_status_change', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_status_change_proposal_id_created_at', ['proposal_id', 'created_at'], unique=False)

    op.create_table('follow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(idea_id IS NULL) <> (proposal_id IS NULL)', name=op.f('ck_follow_one_subject')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_follow_idea_id_idea')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_follow_proposal_id_proposal')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_follow_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow')),
    sa.UniqueConstraint('user_id', 'idea_id', name='uq_follow_user_idea'),
    sa.UniqueConstraint('user_id', 'proposal_id', name='uq_follow_user_proposal')
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('idea_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=False),
    sa.Column('to_status', sa.String(length=32), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("to_status IN ('published', 'under_review', 'promoted', 'not_taken_forward', 'duplicate', 'already_planned')", name=op.f('ck_idea_status_change_to_status_known')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_idea_status_change_author_id_user')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_idea_status_change_idea_id_idea')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_status_change'))
    )
    with op.batch_alter_table('idea_status_change', schema=None) as batch_op:
        batch_op.create_index('ix_idea_status_change_idea_id_created_at', ['idea_id', 'created_at'], unique=False)

    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('restored', 'upheld')", name=op.f('ck_appeal_outcome_known')),
    sa.CheckConstraint('(CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END + CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_appeal_one_target')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_appeal_author_id_user')),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_appeal_comment_id_comment')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_appeal_decided_by_id_user')),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['user.id'], name=op.f('fk_appeal_hidden_by_id_user')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_appeal_idea_id_idea')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal')),
    sa.UniqueConstraint('comment_id', name='uq_appeal_comment_id'),
    sa.UniqueConstraint('idea_id', name='uq_appeal_idea_id')
    )
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_author_id'), ['author_id'], unique=False)

    op.create_table('moderation_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("action IN ('auto_hide', 'hide', 'restore', 'dismiss', 'block', 'unblock', 'appeal', 'appeal_upheld', 'appeal_rejected')", name=op.f('ck_moderation_action_action_known')),
    sa.CheckConstraint('(CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END + CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END + CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_moderation_action_one_target')),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_moderation_action_actor_id_user')),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_moderation_action_comment_id_comment')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_moderation_action_idea_id_idea')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_moderation_action_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_action'))
    )
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_action_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_action_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index('ix_moderation_action_created_at', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_action_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_action_user_id'), ['user_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('idea_status', 'idea_promoted', 'idea_merged', 'proposal_status', 'content_hidden', 'content_restored', 'appeal_decided', 'new_comment')", name=op.f('ck_notification_kind_known')),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_notification_comment_id_comment')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_notification_idea_id_idea')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_notification_proposal_id_proposal')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_emailed_at', ['emailed_at'], unique=False)
        batch_op.create_index('ix_notification_user_id_read_at', ['user_id', 'read_at'], unique=False)

    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("reason IN ('spam', 'offensive', 'off_topic', 'personal_information', 'other')", name=op.f('ck_report_reason_known')),
    sa.CheckConstraint('(CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END + CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END + CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_report_one_target')),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_report_comment_id_comment')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_report_idea_id_idea')),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], name=op.f('fk_report_reporter_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_report_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('reporter_id', 'comment_id', name='uq_report_reporter_comment'),
    sa.UniqueConstraint('reporter_id', 'idea_id', name='uq_report_reporter_idea'),
    sa.UniqueConstraint('reporter_id', 'user_id', name='uq_report_reporter_user')
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index('ix_report_open', ['resolved_at', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('hidden_note', sa.Text(), nullable=True))
        batch_op.alter_column('idea_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('ix_comment_proposal_id_created_at', ['proposal_id', 'created_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_comment_proposal_id_proposal'), 'proposal', ['proposal_id'], ['id'])
        batch_op.create_check_constraint(
            op.f('ck_comment_one_subject'), '(idea_id IS NULL) <> (proposal_id IS NULL)')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_reason', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('hidden_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('ready_for_review_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('proposal_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_idea_duplicate_of_id'), ['duplicate_of_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_idea_duplicate_of_id_idea'), 'idea', ['duplicate_of_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_idea_proposal_id_proposal'), 'proposal', ['proposal_id'], ['id'])
        batch_op.create_check_constraint(
            op.f('ck_idea_status_known'),
            "status IN ('published', 'under_review', 'promoted', 'not_taken_forward', "
            "'duplicate', 'already_planned')")
        batch_op.create_check_constraint(
            op.f('ck_idea_not_duplicate_of_itself'),
            'duplicate_of_id IS NULL OR duplicate_of_id <> id')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('email_preference', sa.String(length=10), server_default='daily', nullable=False))
        batch_op.add_column(sa.Column('last_digest_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_user_email_preference_known'),
            "email_preference IN ('immediate', 'daily', 'off')")

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=True))

    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via_idea_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_vote_via_idea_id'), ['via_idea_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_vote_via_idea_id_idea'), 'idea', ['via_idea_id'], ['id'])



def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')

    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_vote_via_idea_id_idea'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_vote_via_idea_id'))
        batch_op.drop_column('via_idea_id')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_email_preference_known'), type_='check')
        batch_op.drop_column('last_digest_at')
        batch_op.drop_column('email_preference')
        batch_op.drop_column('blocked_at')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_idea_not_duplicate_of_itself'), type_='check')
        batch_op.drop_constraint(op.f('ck_idea_status_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_idea_proposal_id_proposal'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_idea_duplicate_of_id_idea'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_idea_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_idea_duplicate_of_id'))
        batch_op.drop_column('proposal_id')
        batch_op.drop_column('duplicate_of_id')
        batch_op.drop_column('ready_for_review_at')
        batch_op.drop_column('hidden_note')
        batch_op.drop_column('hidden_reason')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_comment_one_subject'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_comment_proposal_id_proposal'), type_='foreignkey')
        batch_op.drop_index('ix_comment_proposal_id_created_at')
        batch_op.alter_column('idea_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('hidden_note')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('proposal_id')

    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_user_id'))
        batch_op.drop_index('ix_report_open')
        batch_op.drop_index(batch_op.f('ix_report_idea_id'))
        batch_op.drop_index(batch_op.f('ix_report_comment_id'))

    op.drop_table('report')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_id_read_at')
        batch_op.drop_index('ix_notification_emailed_at')

    op.drop_table('notification')
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_action_user_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_action_idea_id'))
        batch_op.drop_index('ix_moderation_action_created_at')
        batch_op.drop_index(batch_op.f('ix_moderation_action_comment_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_action_actor_id'))

    op.drop_table('moderation_action')
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_author_id'))

    op.drop_table('appeal')
    with op.batch_alter_table('idea_status_change', schema=None) as batch_op:
        batch_op.drop_index('ix_idea_status_change_idea_id_created_at')

    op.drop_table('idea_status_change')
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_follow_idea_id'))

    op.drop_table('follow')
    with op.batch_alter_table('proposal_status_change', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_status_change_proposal_id_created_at')

    op.drop_table('proposal_status_change')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_status'))
        batch_op.drop_index(batch_op.f('ix_proposal_service_area_id'))
        batch_op.drop_index('ix_proposal_created_at_id')

    op.drop_table('proposal')
