"""outbox.claimed_at: when a worker took the mail, so that no two workers send it

Revision ID: c7d3e8f1a2b9
Revises: b5c1d2e3f4a6
Create Date: 2026-12-07 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import assembly.core.db


# revision identifiers, used by Alembic.
revision = 'c7d3e8f1a2b9'
down_revision = 'b5c1d2e3f4a6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', assembly.core.db.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')
