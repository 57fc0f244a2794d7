"""accessibility reports: problems visitors report from the accessibility statement

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 08:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'accessibility_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('page', sa.String(length=500), nullable=False),
        sa.Column('problem', sa.Text(), nullable=False),
        sa.Column('problem_html', sa.Text(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('locale', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('dealt_with_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility_report')),
    )
    op.create_index('ix_accessibility_report_open', 'accessibility_report',
                    ['dealt_with_at', 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_accessibility_report_open', table_name='accessibility_report')
    op.drop_table('accessibility_report')
