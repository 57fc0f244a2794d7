"""deletion: accounts deleted at their owner's request

A deleted account keeps its row, anonymised, so the ideas and comments it
wrote keep an author ("Former resident"); user.deleted_at marks it. The
moderation log gains the kind "account_deleted", so its check constraint
is rebuilt.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 05:30:00

"""
import sqlalchemy as sa
from alembic import op

KINDS_BEFORE = ("auto_hide", "hide", "restore", "dismiss", "block", "unblock", "appeal",
                "appeal_upheld", "appeal_rejected")
KINDS_AFTER = KINDS_BEFORE + ("account_deleted",)


def _kinds(kinds):
    return "action IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_moderation_action_action_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_moderation_action_action_known'),
                                         _kinds(KINDS_AFTER))


def downgrade():
    op.execute("DELETE FROM moderation_action WHERE action = 'account_deleted'")
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_moderation_action_action_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_moderation_action_action_known'),
                                         _kinds(KINDS_BEFORE))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
