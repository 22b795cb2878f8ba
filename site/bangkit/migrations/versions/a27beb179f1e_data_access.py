"""Who saw personal data: a record of each enrolment page opened and each export.

Revision ID: a27beb179f1e
Revises: a036b2482c4a
Create Date: 2026-11-29 12:50:59.756788
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a27beb179f1e"
down_revision = "a036b2482c4a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "view",
                "export",
                name="data_access_action",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "via",
            sa.Enum(
                "web",
                "cli",
                name="data_access_via",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("who", sa.String(length=80), nullable=False),
        sa.Column("reference", sa.String(length=9), nullable=True),
        sa.Column("filters", sa.JSON(), nullable=True),
        sa.Column("searched", sa.Boolean(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_access")),
    )
    with op.batch_alter_table("data_access", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_access_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_data_access_reference"), ["reference"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("data_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_access_reference"))
        batch_op.drop_index(batch_op.f("ix_data_access_at"))

    op.drop_table("data_access")
