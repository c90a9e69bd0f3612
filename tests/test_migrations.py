"""The migrations make exactly the schema the models describe, on the database under test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from auth.provider.keys import SEALER as IDP_KEYS
from ecosystem.database import Database
from ecosystem.events.sealing import open_sealed
from ecosystem.ledger.service import LEDGER_KEYS
from ecosystem.migrations import downgrade, upgrade
from ecosystem.models import metadata
from ecosystem.settings import get_settings


async def test_models_and_migrations_agree(db: Database) -> None:
    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with db.engine.connect() as connection:
        differences = await connection.run_sync(diff)

    assert differences == [], (
        "models and migrations differ: `ecosystem migrate && ecosystem new-migration MESSAGE`"
    )


def test_the_ledger_need_column_is_filled_from_the_entries_already_stored(tmp_path: Path) -> None:
    """0010 reads each stored entry's JSON: a need's own entries and those naming a need."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'ledger.db'}"
    upgrade(url, "0009")
    rows = [
        (0, {"entity": "need", "id": 7, "refs": {}}),
        (1, {"entity": "pledge", "id": 3, "refs": {}}),
        (2, {"entity": "match", "id": 5, "refs": {"need": 7, "pledge": 3}}),
        (3, {"entity": "match", "id": 6, "refs": {"need": 8}}),
        (4, "not json"),
    ]
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    with engine.begin() as connection:
        for index, entry in rows:
            connection.execute(
                sa.text(
                    "INSERT INTO ledger_entry (leaf_index, entry, leaf_hash, created_at) "
                    "VALUES (:i, :e, :h, '2026-11-29 00:00:00')"
                ),
                {
                    "i": index,
                    "e": entry if isinstance(entry, str) else json.dumps(entry),
                    "h": b"x",
                },
            )
    upgrade(url)
    with engine.connect() as connection:
        found = connection.execute(
            sa.text("SELECT leaf_index, need_id, entry FROM ledger_entry ORDER BY leaf_index")
        ).all()
    engine.dispose()
    assert [(index, need) for index, need, _ in found] == [
        (0, 7),
        (1, None),
        (2, 7),
        (3, 8),
        (4, None),
    ]
    # The entries themselves are untouched.
    assert found[4][2] == "not json" and json.loads(found[2][2])["refs"] == {"need": 7, "pledge": 3}


def test_webhook_secrets_stored_in_the_clear_are_sealed_and_unsealed_on_the_way_back(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'hooks.db'}"
    upgrade(url, "0010")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'hooks.db'}")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO webhook_subscription (party_id, url, secret, event_types, active, "
                "created_at) VALUES (1, 'https://partner.example/hook', 'whsec_old', :types, "
                "1, '2026-11-29 00:00:00')"
            ),
            {"types": json.dumps(["*"])},
        )

    def stored() -> str:
        with engine.connect() as connection:
            found = connection.execute(sa.text("SELECT secret FROM webhook_subscription"))
            return str(found.scalar())

    upgrade(url)
    sealed = stored()
    assert sealed.startswith("v1:") and "whsec_old" not in sealed
    assert open_sealed(sealed, get_settings().secret_key) == "whsec_old"
    upgrade(url)  # again: nothing is sealed twice
    assert stored() == sealed
    downgrade(url, "0010")
    assert stored() == "whsec_old"
    engine.dispose()


def test_signing_keys_stored_in_the_clear_are_sealed_and_unsealed_on_the_way_back(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'keys.db'}"
    upgrade(url, "0011")
    jwk, pem = '{"kty": "RSA", "d": "private"}', "-----BEGIN PRIVATE KEY-----\nAAAA\n"
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO idp_signing_key (kid, private_jwk, active, created_at) "
                "VALUES ('kid-1', :jwk, 1, '2026-11-29 00:00:00')"
            ),
            {"jwk": jwk},
        )
        connection.execute(
            sa.text(
                "INSERT INTO ledger_signing_key (key_id, private_key, active, created_at) "
                "VALUES ('00112233aabbccdd', :pem, 1, '2026-11-29 00:00:00')"
            ),
            {"pem": pem},
        )

    def stored() -> tuple[str, str]:
        with engine.connect() as connection:
            return (
                str(connection.scalar(sa.text("SELECT private_jwk FROM idp_signing_key"))),
                str(connection.scalar(sa.text("SELECT private_key FROM ledger_signing_key"))),
            )

    upgrade(url)
    sealed = stored()
    key = get_settings().secret_key
    assert all(value.startswith("v1:") for value in sealed)
    # Quotes, braces and spaces never occur in base64.
    assert '"d"' not in sealed[0] and "PRIVATE KEY" not in sealed[1]
    assert (IDP_KEYS.open(sealed[0], key), LEDGER_KEYS.open(sealed[1], key)) == (jwk, pem)
    upgrade(url)  # again: nothing is sealed twice
    assert stored() == sealed
    downgrade(url, "0011")
    assert stored() == (jwk, pem)
    engine.dispose()


def test_sqlite_tables_that_rows_refer_to_are_changed_with_their_rows_kept(
    tmp_path: Path,
) -> None:
    # A run with a stored proposal, and a story about it: 0013 and 0016 copy matching_run and
    # story into new tables, and dropping the old ones failed on their matches' references
    # (FOREIGN KEY constraint failed), leaving the database half upgraded at 0012 or 0015.
    url = f"sqlite+aiosqlite:///{tmp_path / 'used.db'}"
    upgrade(url, "0012")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'used.db'}")
    at = "'2026-11-29 00:00:00'"
    rows = [
        "INSERT INTO app_user (id, issuer, subject, name, created_at) "
        f"VALUES (1, 'https://idp.example', 'admin', '管理员', {at})",
        "INSERT INTO party (id, kind, name, region_code, created_at) VALUES "
        f"(1, 'SCHOOL', '希望小学', '370983', {at}), (2, 'ENTERPRISE', '企业', '37', {at}), "
        f"(3, 'MEDIA', '融媒体', '37', {at})",
        "INSERT INTO need (id, school_id, region_code, title, story, category, urgency, "
        "urgency_rank, deadline, beneficiaries, status, total_value_fen, created_by_user_id, "
        "created_at, updated_at) VALUES (1, 1, '370983', '饮水', '', 'DRINKING_WATER', 'HIGH', "
        f"3, '2027-01-01', 100, 'PARTIALLY_MATCHED', 600000, 1, {at}, {at})",
        "INSERT INTO need_item (id, need_id, position, description, category, quantity, unit, "
        "unit_value_fen, remaining_quantity) VALUES "
        "(1, 1, 0, '净水器', 'DRINKING_WATER', 2, '台', 300000, 1)",
        "INSERT INTO pledge (id, party_id, region_code, kind, status, title, description, "
        "quantity, remaining_quantity, unit, unit_value_fen, total_value_fen, "
        "restrict_region_codes, restrict_categories, co_funding_party_kinds, "
        "created_by_user_id, created_at, updated_at) VALUES (1, 2, '37', 'MONEY', 'ACTIVE', "
        f"'捐款', '', 500000, 200000, 'fen', 1, 500000, '[]', '[]', '[]', 1, {at}, {at})",
        "INSERT INTO matching_run (id, region_code, dry_run, status, stage, progress, "
        "requested_by_user_id, parts_total, parts_done, parts_mask, needs_count, items_count, "
        "pledges_count, schools_count, proposals_count, proposed_value_fen, unfunded_count, "
        "superseded_count, objective, load_seconds, solve_seconds, persist_seconds, "
        "created_at) VALUES (1, '370983', 0, 'SUCCEEDED', 'done', 100, 1, 1, 1, 1, 1, 1, 1, "
        f"1, 1, 300000, 0, 0, 8295, 0.1, 0.1, 0.1, {at})",
        "INSERT INTO match (id, pledge_id, need_item_id, need_id, school_id, donor_id, "
        "region_code, pledge_quantity, item_quantity, value_fen, origin, status, score, "
        "explanation, run_id, created_at, updated_at) VALUES (1, 1, 1, 1, 1, 2, '370983', "
        f"300000, 1, 300000, 'ENGINE', 'CONFIRMED', 8295, '{{}}', 1, {at}, {at})",
        "INSERT INTO story (id, party_id, title, body, published_by_user_id, published_at) "
        f"VALUES (1, 3, '净水器到了', '孩子们喝上了干净的水。', 1, {at})",
        "INSERT INTO story_match (story_id, match_id, position) VALUES (1, 1, 0)",
    ]
    with engine.begin() as connection:
        for row in rows:
            connection.execute(sa.text(row))

    upgrade(url)

    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT run_id FROM match")) == 1
        assert connection.execute(sa.text("SELECT id, title FROM story")).all() == [
            (1, "净水器到了")
        ]
        assert connection.execute(sa.text("SELECT * FROM story_match")).all() == [(1, 1, 0)]
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        # The models give story, match and matching_run AUTOINCREMENT, which 0016's copy of
        # story lost and the others never had; 0019 gives it, counting on from the rows kept.
        plain = connection.scalars(
            sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE '%AUTOINCREMENT%' ORDER BY name"
            )
        ).all()
        assert {"match", "matching_run", "story"}.isdisjoint(plain), plain
        sequences = connection.execute(sa.text("SELECT name, seq FROM sqlite_sequence")).all()
        assert {"match": 1, "matching_run": 1, "story": 1}.items() <= dict(sequences).items()
        connection.execute(
            sa.text(
                "INSERT INTO story (party_id, title, body, published_by_user_id, published_at) "
                f"VALUES (3, '又一篇', '', 1, {at})"
            )
        )
        assert connection.scalar(sa.text("SELECT max(id) FROM story")) == 2
    engine.dispose()


def test_an_sqlite_upgrade_that_fails_changes_nothing(tmp_path: Path) -> None:
    # Alembic committed after each migration on SQLite: one that failed left the database at
    # the one before it, half way between the versions, with nothing saying so.
    url = f"sqlite+aiosqlite:///{tmp_path / 'refusing.db'}"
    upgrade(url, "0012")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'refusing.db'}")
    with engine.begin() as connection:
        # Taken already: the name migration 0017 gives an index of its own.
        connection.execute(sa.text("CREATE INDEX ix_match_created ON match (id)"))

    with pytest.raises(sa.exc.OperationalError, match="ix_match_created already exists"):
        upgrade(url)

    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0012"
        columns = connection.execute(sa.text("SELECT * FROM matching_run")).keys()
    assert "bound" not in columns  # 0013's column, rolled back with the rest
    engine.dispose()


def test_runs_stored_before_the_bound_take_their_objective_as_it(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'runs.db'}"
    upgrade(url, "0012")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'runs.db'}")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO app_user (id, issuer, subject, name, created_at) "
                "VALUES (1, 'https://idp.example', 'admin', '管理员', '2026-11-29 00:00:00')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO matching_run (region_code, dry_run, status, stage, progress, "
                "requested_by_user_id, parts_total, parts_done, parts_mask, needs_count, "
                "items_count, pledges_count, schools_count, proposals_count, proposed_value_fen, "
                "unfunded_count, superseded_count, objective, load_seconds, solve_seconds, "
                "persist_seconds, created_at) VALUES ('370983', 0, 'SUCCEEDED', 'done', 100, 1, "
                "1, 1, 1, 1, 2, 1, 1, 1, 75000, 0, 0, 8295, 0.1, 0.1, 0.1, '2026-11-29 00:00:00')"
            )
        )

    upgrade(url)

    with engine.connect() as connection:
        found = connection.execute(sa.text("SELECT objective, bound FROM matching_run")).all()
    assert [tuple(row) for row in found] == [(8295, 8295)]
    downgrade(url, "0012")
    with engine.connect() as connection:
        columns = connection.execute(sa.text("SELECT * FROM matching_run")).keys()
    assert "bound" not in columns and "objective" in columns
    engine.dispose()
