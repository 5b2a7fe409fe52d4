"""participant.search_name: the names folded for accent-blind search

Revision ID: b5c1d2e3f4a6
Revises: 7f2754fa6d5d
Create Date: 2026-11-24 10:00:00.000000

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5c1d2e3f4a6'
down_revision = '7f2754fa6d5d'
branch_labels = None
depends_on = None

# A copy of assembly.core.text.fold as it was when this revision was written:
# a migration must fill the column the same way however the app changes later.
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "ħ": "h", "Ħ": "h", "ı": "i", "þ": "th", "Þ": "th", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe",
})


def _fold(text):
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_name', sa.Text(), server_default='', nullable=False))

    participant = sa.table(
        'participant',
        sa.column('id', sa.Integer),
        sa.column('given_name', sa.String),
        sa.column('family_name', sa.String),
        sa.column('badge_name', sa.String),
        sa.column('native_name', sa.String),
        sa.column('search_name', sa.Text),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(
            participant.c.id,
            participant.c.given_name,
            participant.c.family_name,
            participant.c.badge_name,
            participant.c.native_name,
        )
    ).all()
    values = [
        {"pid": row.id, "folded": " ".join(f for f in map(_fold, row[1:]) if f)}
        for row in rows
    ]
    if values:
        conn.execute(
            participant.update()
            .where(participant.c.id == sa.bindparam("pid"))
            .values(search_name=sa.bindparam("folded")),
            values,
        )


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('search_name')
