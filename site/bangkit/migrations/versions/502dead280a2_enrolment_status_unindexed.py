"""The enrolment table without its index on status.

No query needs it: staff filter and count a few thousand rows, which a scan reads in
milliseconds, and four values index badly anyway. Every enrolment paid for it with one more
page written to the WAL and synced before the reader's 303 (4.6 pages an enrolment, now 3.3).

Revision ID: 502dead280a2
Revises: a27beb179f1e
Create Date: 2026-11-29 23:40:00.000000
"""

from __future__ import annotations

from alembic import op

# revision identifiers, used by Alembic.
revision = "502dead280a2"
down_revision = "a27beb179f1e"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index(op.f("ix_enrolment_status"), table_name="enrolment")


def downgrade() -> None:
    op.create_index(op.f("ix_enrolment_status"), "enrolment", ["status"], unique=False)
