"""mail hardening: unsubscribe links that can be revoked, and one "already
registered" email an hour

user.unsubscribe_key is part of every unsubscribe link's fingerprint (with
the address); NULL until the user first revokes their links.
user.already_registered_mailed_at is when the last "you already have an
account" email was queued for the address.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 16:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.add_column(sa.Column("unsubscribe_key", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("already_registered_mailed_at", sa.DateTime(),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_column("already_registered_mailed_at")
        batch_op.drop_column("unsubscribe_key")
