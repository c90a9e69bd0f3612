"""webhook secrets sealed at rest with a key derived from SECRET_KEY

Revision ID: 0011
Revises: 0010

Rows stored before this revision hold the secret itself; they are sealed here with the
SECRET_KEY of the settings the migration runs with (see ``ecosystem.events.sealing``), which
must be the one the servers use.
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from ecosystem.events.sealing import is_sealed, open_sealed, seal
from ecosystem.settings import get_settings

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


HOOKS = sa.table("webhook_subscription", sa.column("id", sa.Integer()), sa.column("secret"))


def _rewrite(change: Callable[[str, str], str | None]) -> None:
    connection = op.get_bind()
    key = get_settings().secret_key
    for hook_id, stored in connection.execute(sa.select(HOOKS.c.id, HOOKS.c.secret)).all():
        new = change(stored, key)
        if new is not None:
            connection.execute(HOOKS.update().where(HOOKS.c.id == hook_id).values(secret=new))


def upgrade() -> None:
    _rewrite(lambda stored, key: None if is_sealed(stored) else seal(stored, key))


def downgrade() -> None:
    # The code before this revision signs with the stored value itself.
    _rewrite(lambda stored, key: open_sealed(stored, key) if is_sealed(stored) else None)
