"""site settings: the council's brand, privacy notice and setup checklist

One row (id 1) of settings staff change while the site runs, and on each
account the privacy notice version it accepted, and when.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 05:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_settings',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=80), nullable=True),
    sa.Column('colour', sa.String(length=7), nullable=True),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=20), nullable=True),
    sa.Column('footer_links', sa.Text(), nullable=True),
    sa.Column('contact', sa.Text(), nullable=True),
    sa.Column('contact_html', sa.Text(), nullable=True),
    sa.Column('brand_version', sa.Integer(), nullable=False),
    sa.Column('brand_updated_at', sa.DateTime(), nullable=True),
    sa.Column('privacy', sa.Text(), nullable=True),
    sa.Column('privacy_html', sa.Text(), nullable=True),
    sa.Column('privacy_version', sa.Integer(), nullable=False),
    sa.Column('privacy_updated_at', sa.DateTime(), nullable=True),
    sa.Column('privacy_reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('test_mail_sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('id = 1', name=op.f('ck_site_settings_one_row')),
    sa.CheckConstraint("logo_type IN ('image/png', 'image/svg+xml')",
                       name=op.f('ck_site_settings_logo_type_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_settings'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_version_accepted', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('privacy_accepted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('privacy_accepted_at')
        batch_op.drop_column('privacy_version_accepted')
    op.drop_table('site_settings')
