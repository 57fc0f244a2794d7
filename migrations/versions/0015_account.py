"""account: signed-in sessions, sign-in events and the email history

Each signed-in browser gets a row in user_session (its key stored only as a
hash), so the account page can list them and end them one by one or all at
once. sign_in_event logs sign-ins and account changes for the person's own
view and export; email_history keeps the addresses an account gave up. None
of them stores an IP address.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 05:20:00

"""
import sqlalchemy as sa
from alembic import op

KINDS = ("signed_in", "failed", "signed_out", "signed_out_everywhere", "session_ended",
         "password_changed", "password_reset", "email_changed", "name_changed")

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('generation', sa.String(length=32), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_session_user_id_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    op.create_index(op.f('ix_user_session_user_id'), 'user_session', ['user_id'], unique=False)
    op.create_table('sign_in_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.CheckConstraint("kind IN (" + ", ".join(f"'{kind}'" for kind in KINDS) + ")",
                       name=op.f('ck_sign_in_event_kind_known')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_sign_in_event_user_id_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_event'))
    )
    op.create_index('ix_sign_in_event_user_id_at', 'sign_in_event', ['user_id', 'at'], unique=False)
    op.create_index('ix_sign_in_event_at', 'sign_in_event', ['at'], unique=False)
    op.create_table('email_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_email_history_user_id_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_history'))
    )
    op.create_index(op.f('ix_email_history_user_id'), 'email_history', ['user_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_email_history_user_id'), table_name='email_history')
    op.drop_table('email_history')
    op.drop_index('ix_sign_in_event_at', table_name='sign_in_event')
    op.drop_index('ix_sign_in_event_user_id_at', table_name='sign_in_event')
    op.drop_table('sign_in_event')
    op.drop_index(op.f('ix_user_session_user_id'), table_name='user_session')
    op.drop_table('user_session')
