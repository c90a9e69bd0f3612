"""ledger_entry.need_id: which need an entry concerns, so a need's entries are one index read

Revision ID: 0010
Revises: 0009

The column is derived from the entry's own JSON (a need's own transitions, and those whose
``refs`` name a need); existing entries are filled from it here. It is an index, not part of
the log: the leaf hash covers the JSON alone.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000


def upgrade() -> None:
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("need_id", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_ledger_entry_need", ["need_id", "leaf_index"], unique=False)
    connection = op.get_bind()
    entries = sa.table(
        "ledger_entry",
        sa.column("leaf_index", sa.BigInteger()),
        sa.column("entry", sa.Text()),
        sa.column("need_id", sa.BigInteger()),
    )
    last = -1
    while True:
        rows = connection.execute(
            sa.select(entries.c.leaf_index, entries.c.entry)
            .where(entries.c.leaf_index > last)
            .order_by(entries.c.leaf_index)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        updates = []
        for index, text in rows:
            need = _need_of(text)
            if need is not None:
                updates.append({"index": index, "need": need})
        if updates:
            connection.execute(
                entries.update()
                .where(entries.c.leaf_index == sa.bindparam("index"))
                .values(need_id=sa.bindparam("need")),
                updates,
            )
        last = rows[-1][0]


def _need_of(text: str) -> int | None:
    try:
        entry = json.loads(text)
    except ValueError:
        return None
    if entry.get("entity") == "need" and isinstance(entry.get("id"), int):
        return int(entry["id"])
    need = (entry.get("refs") or {}).get("need")
    return need if isinstance(need, int) else None


def downgrade() -> None:
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entry_need")
        batch_op.drop_column("need_id")
