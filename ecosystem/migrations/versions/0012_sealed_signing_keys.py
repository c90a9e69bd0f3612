"""signing keys sealed at rest with keys derived from SECRET_KEY

Revision ID: 0012
Revises: 0011

The embedded provider's token-signing keys and the ledger's checkpoint key were stored as they
are; they are sealed here (see ``auth.sealing``) with the SECRET_KEY of the settings the
migration runs with, which must be the one the servers use. Only the stored form changes: the
keys, their ids and what they signed stay the same.
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from auth.provider.keys import SEALER as IDP_KEYS
from auth.sealing import Sealer, is_sealed
from ecosystem.ledger.service import LEDGER_KEYS
from ecosystem.settings import get_settings

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES: list[tuple[sa.TableClause, sa.ColumnClause[str], Sealer]] = []
for name, column, sealer in (
    ("idp_signing_key", "private_jwk", IDP_KEYS),
    ("ledger_signing_key", "private_key", LEDGER_KEYS),
):
    table = sa.table(name, sa.column("id", sa.Integer()), sa.column(column, sa.Text()))
    TABLES.append((table, table.c[column], sealer))


def _rewrite(change: Callable[[Sealer, str, str], str | None]) -> None:
    connection = op.get_bind()
    key = get_settings().secret_key
    for table, column, sealer in TABLES:
        for row_id, stored in connection.execute(sa.select(table.c.id, column)).all():
            new = change(sealer, stored, key)
            if new is not None:
                connection.execute(table.update().where(table.c.id == row_id).values({column: new}))


def upgrade() -> None:
    _rewrite(lambda sealer, stored, key: None if is_sealed(stored) else sealer.seal(stored, key))


def downgrade() -> None:
    # The code before this revision reads the stored value itself.
    _rewrite(lambda sealer, stored, key: sealer.open(stored, key) if is_sealed(stored) else None)
