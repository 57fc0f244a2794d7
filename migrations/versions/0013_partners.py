"""partners: organisations who help deliver, their offers, and design groups

Partners (confirmed by an admin before they show), the accounts that belong
to them, their offers of help on an idea or a proposal, and the residents in
a proposal's design group. Staff write to a design group through the
notifications, so the notification kind check gains `design_group`.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 05:20:00

"""
import sqlalchemy as sa
from alembic import op

KINDS_BEFORE = ("idea_status", "idea_promoted", "idea_merged", "proposal_status",
                "content_hidden", "content_restored", "appeal_decided", "new_comment",
                "pilot_started", "pilot_closed")
KINDS_AFTER = KINDS_BEFORE + ("design_group",)


def _kinds(kinds):
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('social_enterprise', 'charity', 'business', 'public_body')", name=op.f('ck_partner_kind_known')),
    sa.CheckConstraint("status IN ('pending', 'confirmed', 'declined')", name=op.f('ck_partner_status_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_partner_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_partner_decided_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner')),
    sa.UniqueConstraint('name_key', name=op.f('uq_partner_name_key'))
    )
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_partner_status_name', ['status', 'name'], unique=False)

    op.create_table('partner_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_partner_member_partner_id_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_partner_member_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_member')),
    sa.UniqueConstraint('user_id', name=op.f('uq_partner_member_user_id'))
    )
    with op.batch_alter_table('partner_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_member_partner_id'), ['partner_id'], unique=False)

    op.create_table('partner_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('(idea_id IS NULL) <> (proposal_id IS NULL)', name=op.f('ck_partner_offer_one_subject')),
    sa.CheckConstraint("kind IN ('skills', 'venue', 'volunteers', 'in_kind')", name=op.f('ck_partner_offer_kind_known')),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name=op.f('ck_partner_offer_status_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_partner_offer_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_partner_offer_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_partner_offer_idea_id_idea'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_partner_offer_partner_id_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_partner_offer_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_offer'))
    )
    with op.batch_alter_table('partner_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_offer_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_offer_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_offer_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index('ix_partner_offer_status_created_at', ['status', 'created_at'], unique=False)

    op.create_table('design_group_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('note_html', sa.Text(), nullable=False),
    sa.Column('credit_by_name', sa.Boolean(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_design_group_member_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_design_group_member_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_design_group_member')),
    sa.UniqueConstraint('proposal_id', 'user_id', name=op.f('uq_design_group_member_proposal_id_user_id'))
    )
    with op.batch_alter_table('design_group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_design_group_member_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_design_group_member_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notification_kind_known'), _kinds(KINDS_AFTER))


def downgrade():
    op.execute("DELETE FROM notification WHERE " + _kinds(KINDS_AFTER[len(KINDS_BEFORE):]))
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notification_kind_known'), _kinds(KINDS_BEFORE))

    with op.batch_alter_table('design_group_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_design_group_member_user_id'))
        batch_op.drop_index(batch_op.f('ix_design_group_member_proposal_id'))
    op.drop_table('design_group_member')
    with op.batch_alter_table('partner_offer', schema=None) as batch_op:
        batch_op.drop_index('ix_partner_offer_status_created_at')
        batch_op.drop_index(batch_op.f('ix_partner_offer_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_partner_offer_partner_id'))
        batch_op.drop_index(batch_op.f('ix_partner_offer_idea_id'))
    op.drop_table('partner_offer')
    with op.batch_alter_table('partner_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_member_partner_id'))
    op.drop_table('partner_member')
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_index('ix_partner_status_name')
        batch_op.drop_index(batch_op.f('ix_partner_created_by_id'))
    op.drop_table('partner')
