"""moderation trust: whether a report counts towards hiding; new accounts by date

A report hides an idea or a comment by itself only if its reporter had
earned trust when reporting (an account confirmed long enough ago that has
taken part: codesign/moderation/report_services.py). The answer is kept on
the report, so an account that ages later does not turn old reports into a
hiding. Reports made before this revision counted, and keep counting.

The moderators' "new accounts" page lists the last week's registrations,
newest first, from an index on user.created_at.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("counts_towards_hiding", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
    op.create_index("ix_user_created_at", "user", ["created_at"], unique=False)


def downgrade():
    op.drop_index("ix_user_created_at", table_name="user")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("counts_towards_hiding")
