"""The public ledger, end to end: every public state change appends an entry in its own
transaction, the API serves entries, checkpoints and proofs that verify with the ledger's
verifiers, and `ecosystem ledger verify`, trusting only the public key, passes against a real
server and names the entry someone edited behind the application's back."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import (
    GraphQLClient,
    World,
    authenticate_from_test_header,
    free_port,
    serving,
    snapshot,
)
from sqlalchemy import text
from test_bad_input import pledge
from test_matches import need_and_pledge, propose
from test_needs import water_need
from typer.testing import CliRunner

from ecosystem.access.service import load_subject
from ecosystem.api.relay import from_global_id, to_global_id
from ecosystem.app import create_app
from ecosystem.cli import app as cli
from ecosystem.database import Database, utcnow
from ecosystem.ledger import (
    SignedCheckpoint,
    canonical_json,
    leaf_hash,
    load_public_key,
    public_key_to_base64,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
)
from ecosystem.ledger import service as ledger
from ecosystem.ledger.http_source import CONSISTENCY_QUERY, ENTRIES_QUERY, LEDGER_QUERY
from ecosystem.lifecycle.record import Facts, Transition, record_transitions
from ecosystem.matches import service as matches
from ecosystem.settings import Settings

REPO = Path(__file__).resolve().parent.parent
ENTRY_FIELDS = {
    "v",
    "index",
    "entity",
    "id",
    "from",
    "to",
    "at",
    "region",
    "parties",
    "actor_role",
    "value_fen",
    "quantity",
    "refs",
}


def b64(text_value: str) -> bytes:
    return base64.b64decode(text_value, validate=True)


async def entries(gql: GraphQLClient) -> list[dict[str, Any]]:
    """Every entry, a small page at a time (so that paging is exercised)."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql.data("LedgerEntries", {"first": 3, "after": after}))["ledger"]["entries"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def parsed(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [json.loads(node["entry"]) for node in found]


async def approved_match(gql: GraphQLClient, world: World) -> tuple[dict[str, Any], ...]:
    """A need and a pledge posted, a direct pledge to the need, accepted and approved."""
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    approved = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
    )
    assert approved["approveMatch"]["errors"] == []
    return need, offer, match


async def test_a_pledge_used_up_by_an_approval_is_recorded_as_the_officials_doing(
    gql: GraphQLClient, world: World
) -> None:
    # The enterprise sits in another county than the school; its pledge's last units go with
    # an approval by the school's county official, who governs the school, not the donor.
    need, _ = await need_and_pledge(gql, world)
    offer = (
        await gql.data(
            "PostPledge",
            {"input": pledge(world.enterprise_id, quantity=2)},
            user=world.enterprise_admin,
        )
    )["postPledge"]["pledge"]
    offered = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 2}},
        user=world.enterprise_admin,
    )
    match = offered["pledgeToNeed"]["match"]
    await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    approved = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
    )
    assert approved["approveMatch"]["match"]["pledge"]["status"] == "EXHAUSTED"

    [used_up] = [
        e for e in parsed(await entries(gql)) if (e["entity"], e["to"]) == ("pledge", "EXHAUSTED")
    ]
    assert used_up["id"] == key_of(offer["id"])
    assert used_up["actor_role"] == "GOV_OFFICIAL"


def key_of(global_id: str) -> int:
    return int(from_global_id(global_id)[1])


async def signed_latest(gql: GraphQLClient) -> SignedCheckpoint:
    found = (await gql.data("Ledger"))["ledger"]["latestCheckpoint"]
    return SignedCheckpoint.from_dict(
        {
            "tree_size": found["treeSize"],
            "root_hash": found["rootHash"],
            "timestamp": found["timestamp"],
            "key_id": found["keyId"],
            "signature": found["signature"],
        }
    )


# ---- entries ---------------------------------------------------------------------------------


async def test_a_match_from_posting_to_approval_appends_public_entries_in_order(
    gql: GraphQLClient, world: World
) -> None:
    need, offer, match = await approved_match(gql, world)

    found = await entries(gql)
    facts = parsed(found)

    assert [(e["entity"], e["from"], e["to"]) for e in facts] == [
        ("need", None, "OPEN"),
        ("pledge", None, "ACTIVE"),
        ("match", None, "PROPOSED"),
        ("match", "PROPOSED", "ACCEPTED"),
        ("match", "ACCEPTED", "APPROVED"),
        ("need", "OPEN", "PARTIALLY_MATCHED"),
    ]
    assert [node["index"] for node in found] == list(range(6))
    assert [e["index"] for e in facts] == list(range(6))
    assert [e["actor_role"] for e in facts] == [
        "PRINCIPAL",
        "DONOR_ADMIN",
        "DONOR_ADMIN",
        "PRINCIPAL",
        "GOV_OFFICIAL",
        "GOV_OFFICIAL",
    ]
    approval = facts[4]
    assert approval["id"] == key_of(match["id"])
    assert approval["region"] == "370983"
    assert approval["parties"] == [world.school, world.store]
    assert approval["value_fen"] == 3 * 350000 and approval["quantity"] == 3
    assert approval["refs"] == {
        "need": key_of(need["id"]),
        "needItem": key_of(need["items"][0]["id"]),
        "pledge": key_of(offer["id"]),
    }
    assert abs(approval["at"] - int(time.time())) < 120
    for node, entry in zip(found, facts, strict=True):
        assert set(entry) == ENTRY_FIELDS
        data = node["entry"].encode("utf-8")
        assert canonical_json(entry) == data
        assert b64(node["leafHash"]) == leaf_hash(data)


async def test_a_needs_entries_are_its_own_and_those_of_its_matches_in_order(
    gql: GraphQLClient, world: World
) -> None:
    need, offer, match = await approved_match(gql, world)
    other = (
        await gql.data("PostNeed", {"input": water_need(world.school_id)}, user=world.principal)
    )["postNeed"]
    everything = parsed(await entries(gql))

    async def about(need_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        after = None
        while True:
            variables = {"needId": need_id, "first": 2, "after": after}
            page = (await gql.data("NeedLedgerEntries", variables))["ledger"]["entries"]
            found += [json.loads(edge["node"]["entry"]) for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]

    def concerns(entry: dict[str, Any], key: int) -> bool:
        own = entry["entity"] == "need" and entry["id"] == key
        return own or entry["refs"].get("need") == key

    first, second = key_of(need["id"]), key_of(other["need"]["id"])
    mine = await about(need["id"])
    assert mine == [e for e in everything if concerns(e, first)]
    assert [(e["entity"], e["to"]) for e in mine] == [
        ("need", "OPEN"),
        ("match", "PROPOSED"),
        ("match", "ACCEPTED"),
        ("match", "APPROVED"),
        ("need", "PARTIALLY_MATCHED"),
    ]
    assert {e["id"] for e in mine if e["entity"] == "match"} == {key_of(match["id"])}
    assert await about(other["need"]["id"]) == [e for e in everything if concerns(e, second)]
    assert len(await about(other["need"]["id"])) == 1
    # The pledge's own entry is about no need.
    assert any(e["entity"] == "pledge" and e["id"] == key_of(offer["id"]) for e in everything)
    assert not any(e["entity"] == "pledge" for e in mine)


async def test_entries_carry_no_names_stories_reasons_or_user_ids(
    gql: GraphQLClient, world: World
) -> None:
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    await gql.data(
        "RespondToMatch",
        {"input": {"id": match["id"], "accept": False, "reason": "已有捐赠,联系人张老师"}},
        user=world.principal,
    )

    found = await entries(gql)
    text_of_ledger = "".join(node["entry"] for node in found)

    assert [(e["entity"], e["to"]) for e in parsed(found)][-1] == ("match", "DECLINED")

    for private in (
        "教学楼净水设备",  # the need's title
        "学生饮用水需要净化",  # its story
        "直饮水净水器",  # item and pledge descriptions
        "净水器捐赠",
        "肥城市边院镇希望小学",  # the school's name
        "泰安特产店",
        "张老师",  # a decline reason
        "已有捐赠",
        "principal",
        "store-admin",
    ):
        assert private not in text_of_ledger
    for entry in parsed(found):
        assert set(entry) == ENTRY_FIELDS
        assert set(entry["parties"]) <= {world.school, world.store}
        assert "user" not in json.dumps(entry)


async def test_a_draft_is_private_until_it_is_published(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    draft = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, publish=False)},
            user=world.principal,
        )
    )["postNeed"]["need"]
    other = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, publish=False, title="草稿")},
            user=world.principal,
        )
    )["postNeed"]["need"]
    assert draft["status"] == "DRAFT"
    await gql.data("CancelNeed", {"input": {"id": other["id"]}}, user=world.principal)
    assert await entries(gql) == []

    await gql.data(
        "UpdateNeed", {"input": {"id": draft["id"], "publish": True}}, user=world.principal
    )

    facts = parsed(await entries(gql))
    assert [(e["index"], e["id"], e["from"], e["to"]) for e in facts] == [
        (0, key_of(draft["id"]), "DRAFT", "OPEN")
    ]
    async with db.read() as session:
        assert await ledger.ledger_size(session) == 1


async def test_a_refused_mutation_appends_nothing(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world)
    before = await snapshot(db)

    too_many = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 5}},
        user=world.store_admin,
    )
    bad_pledge = await gql.data(
        "PostPledge", {"input": pledge(world.store_id, quantity=0)}, user=world.store_admin
    )

    assert too_many["pledgeToNeed"]["errors"][0]["field"] == "quantity"
    assert bad_pledge["postPledge"]["errors"][0]["field"] == "quantity"
    assert await snapshot(db) == before
    assert len(await entries(gql)) == 2


async def test_a_bulk_approval_appends_only_what_it_approved_without_gaps(
    gql: GraphQLClient, world: World
) -> None:
    need, offer = await need_and_pledge(gql, world, item_quantity=4)
    accepted: list[dict[str, Any]] = []
    for quantity in (3, 2, 1):
        match = await propose(gql, world, need, offer, quantity)
        await gql.data(
            "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
        )
        accepted.append(match)
    still_proposed = await propose(gql, world, need, offer, 1)
    before = len(await entries(gql))

    # The second is not accepted yet; the third no longer fits once the first is approved,
    # which cancels it; the fourth fills the item, which cancels the second.
    ids = [accepted[0]["id"], still_proposed["id"], accepted[1]["id"], accepted[2]["id"]]
    result = (
        await gql.data("ApproveMatches", {"input": {"ids": ids}}, user=world.county_official)
    )["approveMatches"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("ids.1", "INVALID_TRANSITION"),
        ("ids.2", "STALE"),
    ]
    new = parsed(await entries(gql))[before:]
    assert [e["index"] for e in new] == list(range(before, before + len(new)))
    moves = [(e["id"], e["to"]) for e in new if e["entity"] == "match"]
    assert moves == [
        (key_of(accepted[0]["id"]), "APPROVED"),
        (key_of(accepted[1]["id"]), "CANCELLED"),
        (key_of(accepted[2]["id"]), "APPROVED"),
        (key_of(still_proposed["id"]), "CANCELLED"),
    ]
    assert [e["to"] for e in new if e["entity"] == "need"] == ["PARTIALLY_MATCHED", "MATCHED"]


async def test_concurrent_approvals_get_gap_free_indexes_and_refusals_leave_no_hole(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world, item_quantity=60, pledge_quantity=10)
    ids = []
    async with db.transaction() as session:
        donor = await load_subject(session, world.store_admin)
        school = await load_subject(session, world.principal)
        for _ in range(12):
            proposed = await matches.pledge_to_need(
                session,
                donor,
                pledge_id=key_of(offer["id"]),
                need_item_id=key_of(need["items"][0]["id"]),
                quantity=3,
                today=date.today(),
            )
            assert proposed.id is not None
            await matches.respond(session, school, proposed.id, accept=True, reason=None)
            ids.append(proposed.id)

    results = await asyncio.gather(
        *(
            gql.data(
                "ApproveMatch",
                {"input": {"id": to_global_id("Match", match_id)}},
                user=world.county_official,
            )
            for match_id in ids
        )
    )

    approved = [r for r in results if not r["approveMatch"]["errors"]]
    assert len(approved) == 3
    facts = parsed(await entries(gql))
    assert [e["index"] for e in facts] == list(range(len(facts)))
    approvals = [e for e in facts if e["entity"] == "match" and e["to"] == "APPROVED"]
    assert len(approvals) == 3
    async with db.read() as session:
        assert await ledger.ledger_size(session) == len(facts)


def _transition(entity_id: int) -> Transition:
    return Transition(
        entity="pledge",
        entity_id=entity_id,
        from_status=None,
        to_status="ACTIVE",
        actor_user_id=None,
        reason=None,
        at=utcnow(),
        facts=Facts(region_code="370983", party_ids=(7,), actor_role="DONOR_ADMIN"),
    )


async def test_an_append_rolled_back_while_another_waits_leaves_no_hole(db: Database) -> None:
    async with db.transaction() as session:
        await record_transitions(session, [_transition(1)])
    appended = asyncio.Event()

    async def rolled_back() -> None:
        with pytest.raises(RuntimeError):
            async with db.transaction() as session:
                await record_transitions(session, [_transition(2), _transition(3)])
                appended.set()
                # Hold the head while the other appender waits for it.
                await asyncio.sleep(0.3)
                raise RuntimeError("the change fails after its entries were appended")

    async def waiting() -> None:
        await appended.wait()
        async with db.transaction() as session:
            await record_transitions(session, [_transition(4)])

    await asyncio.gather(rolled_back(), waiting())

    async with db.read() as session:
        rows = (
            await session.execute(text("SELECT leaf_index, entry FROM ledger_entry ORDER BY 1"))
        ).all()
        assert await ledger.ledger_size(session) == 2
    assert [(index, json.loads(entry)["id"]) for index, entry in rows] == [(0, 1), (1, 4)]


async def test_an_append_that_waited_for_another_commit_takes_the_indexes_after_it(
    db: Database,
) -> None:
    async with db.transaction() as session:
        await record_transitions(session, [_transition(1)])
    appended = asyncio.Event()

    async def committed() -> None:
        # Appended at once (record_transitions appends as its transaction ends), then the head
        # stays held while this transaction goes on.
        async with db.transaction() as session:
            await ledger.append_transitions(session, [_transition(2), _transition(3)])
            appended.set()
            await asyncio.sleep(0.3)

    # A batch large enough to be written before it takes the head: at index 1, the size
    # committed when it starts (on PostgreSQL; SQLite lets one writer in at a time).
    batch = [_transition(4 + k) for k in range(ledger.PREPARE_BEFORE_HEAD)]

    async def waiting() -> None:
        await appended.wait()
        async with db.transaction() as session:
            await record_transitions(session, batch)

    await asyncio.gather(committed(), waiting())

    async with db.read() as session:
        rows = (
            await session.execute(
                text("SELECT leaf_index, entry, leaf_hash FROM ledger_entry ORDER BY 1")
            )
        ).all()
        assert await ledger.ledger_size(session) == 3 + len(batch)
    assert [(index, json.loads(entry)["id"]) for index, entry, _ in rows] == [
        (k, k + 1) for k in range(3 + len(batch))
    ]
    assert [json.loads(entry)["index"] for _, entry, _ in rows] == list(range(3 + len(batch)))
    assert [bytes(stored) for _, _, stored in rows] == [
        leaf_hash(entry.encode("utf-8")) for _, entry, _ in rows
    ]


# ---- checkpoints and proofs -------------------------------------------------------------------


async def test_checkpoints_are_signed_with_the_published_key_and_proofs_verify(
    gql: GraphQLClient, world: World, db: Database, settings: Settings
) -> None:
    assert (await gql.data("Ledger"))["ledger"]["latestCheckpoint"] is None
    await need_and_pledge(gql, world)
    first = await ledger.checkpoint_now(db, settings)
    await approved_match(gql, world)
    second = await ledger.checkpoint_now(db, settings)
    assert first is not None and second is not None
    assert (first.tree_size, second.tree_size) == (2, 8)

    key = await ledger.signing_key(db, settings)
    head = (await gql.data("Ledger"))["ledger"]
    assert head["publicKey"] == public_key_to_base64(key.public_key())
    signed = await signed_latest(gql)
    assert verify_checkpoint(signed, load_public_key(head["publicKey"])) == second
    assert head["latestCheckpoint"]["note"].encode("ascii") == second.note()
    assert head["size"] == 8

    found = await entries(gql)
    for checkpoint in (first, second):
        for index in range(checkpoint.tree_size):
            proof = (
                await gql.data(
                    "LedgerInclusionProof", {"index": index, "treeSize": checkpoint.tree_size}
                )
            )["ledger"]["inclusionProof"]
            assert b64(proof["rootHash"]) == checkpoint.root_hash
            verify_inclusion(
                leaf_hash(found[index]["entry"].encode("utf-8")),
                index,
                checkpoint.tree_size,
                [b64(h) for h in proof["hashes"]],
                checkpoint.root_hash,
            )
    for old_size in range(0, 9):
        proof = (await gql.data("LedgerConsistencyProof", {"fromSize": old_size, "toSize": 8}))[
            "ledger"
        ]["consistencyProof"]
        old_root = b64(proof["fromRoot"])
        verify_consistency(
            old_size, 8, old_root, second.root_hash, [b64(h) for h in proof["hashes"]]
        )
    consistency = (await gql.data("LedgerConsistencyProof", {"fromSize": 2, "toSize": 8}))[
        "ledger"
    ]["consistencyProof"]
    verify_consistency(
        2, 8, first.root_hash, second.root_hash, [b64(h) for h in consistency["hashes"]]
    )


async def test_checkpoints_follow_the_policy(
    gql: GraphQLClient, world: World, db: Database, settings: Settings
) -> None:
    policy = settings.model_copy(
        update={"ledger_checkpoint_every_entries": 3, "ledger_checkpoint_every_seconds": 60}
    )
    now = utcnow()

    empty = await ledger.checkpoint_if_due(db, policy, now)
    again = await ledger.checkpoint_if_due(db, policy, now + timedelta(hours=1))
    await need_and_pledge(gql, world)
    two_new = await ledger.checkpoint_if_due(db, policy, now + timedelta(seconds=10))
    two_new_a_minute_later = await ledger.checkpoint_if_due(db, policy, now + timedelta(minutes=1))
    await gql.data(
        "PostPledge", {"input": pledge(world.store_id, quantity=2)}, user=world.store_admin
    )
    one_new = await ledger.checkpoint_if_due(db, policy, now + timedelta(minutes=1))
    for quantity in (3, 4, 5):
        await gql.data(
            "PostPledge",
            {"input": pledge(world.store_id, quantity=quantity)},
            user=world.store_admin,
        )
    three_new = await ledger.checkpoint_if_due(db, policy, now + timedelta(minutes=1))

    assert empty is not None and empty.tree_size == 0  # the first is always due
    assert again is None  # nothing new
    assert two_new is None
    assert two_new_a_minute_later is not None and two_new_a_minute_later.tree_size == 2
    assert one_new is None
    assert three_new is not None and three_new.tree_size == 6
    assert three_new.timestamp >= two_new_a_minute_later.timestamp
    assert await ledger.checkpoint_now(db, policy) is None


async def test_a_key_from_the_settings_signs_instead_of_the_stored_one(
    gql: GraphQLClient, world: World, db: Database, settings: Settings
) -> None:
    # RFC 8032 §7.1, test 1 (a public test key: never for real use).
    seed = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="
    keyed = settings.model_copy(update={"ledger_signing_key": seed})
    await need_and_pledge(gql, world)

    await ledger.checkpoint_now(db, keyed)

    signed = await signed_latest(gql)
    assert signed.key_id == "21fe31dfa154a261"
    verify_checkpoint(signed, load_public_key("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="))
    broken = settings.model_copy(update={"ledger_signing_key": "not a key"})
    with pytest.raises(ledger.LedgerKeyError, match="LEDGER_SIGNING_KEY"):
        await ledger.checkpoint_now(db, broken)


async def test_the_stored_key_is_sealed_and_another_secret_key_signs_nothing(
    gql: GraphQLClient, world: World, db: Database, settings: Settings, database_url: str
) -> None:
    await need_and_pledge(gql, world)
    first = await ledger.checkpoint_now(db, settings)
    assert first is not None
    async with db.read() as session:
        stored = (await session.execute(text("SELECT private_key FROM ledger_signing_key"))).all()
    assert len(stored) == 1
    assert stored[0][0].startswith("v1:") and "PRIVATE KEY" not in stored[0][0]
    await approved_match(gql, world)

    # As an operator would run it, in a process of its own, after changing SECRET_KEY.
    env = {**_environment(database_url), "SECRET_KEY": "another-secret-key-than-the-servers"}
    result = subprocess.run(
        [sys.executable, "-m", "ecosystem.cli", "ledger", "checkpoint"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "cannot be opened with the current SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    # Nothing was signed, and the stored key was neither replaced nor changed.
    async with db.read() as session:
        latest = await ledger.latest_checkpoint(session)
        keys = (await session.execute(text("SELECT private_key FROM ledger_signing_key"))).all()
    assert latest is not None and latest.checkpoint == first
    assert keys == stored


async def test_bad_sizes_and_cursors_are_bad_user_input(
    gql: GraphQLClient, world: World, db: Database, settings: Settings
) -> None:
    no_checkpoint = await gql.op("LedgerInclusionProof", {"index": 0, "treeSize": 1})
    await need_and_pledge(gql, world)
    await ledger.checkpoint_now(db, settings)

    cases: list[tuple[str, dict[str, Any], str]] = [
        ("LedgerInclusionProof", {"index": 0, "treeSize": 0}, "treeSize"),
        ("LedgerInclusionProof", {"index": 0, "treeSize": 3}, "treeSize"),
        ("LedgerInclusionProof", {"index": 2, "treeSize": 2}, "index"),
        ("LedgerInclusionProof", {"index": -1, "treeSize": 2}, "index"),
        ("LedgerConsistencyProof", {"fromSize": 2, "toSize": 1}, "fromSize"),
        ("LedgerConsistencyProof", {"fromSize": -1, "toSize": 1}, "fromSize"),
        ("LedgerConsistencyProof", {"fromSize": 1, "toSize": 3}, "toSize"),
        ("LedgerEntries", {"first": 5, "after": "not-a-cursor"}, "after"),
        ("LedgerEntries", {"first": 5, "after": "-1"}, "after"),
        ("LedgerEntries", {"first": 5, "after": "²"}, "after"),
        ("LedgerEntries", {"first": 0}, "first"),
        ("LedgerEntries", {"first": 101}, "first"),
        ("NeedLedgerEntries", {"needId": "not-an-id", "first": 5}, "needId"),
        ("NeedLedgerEntries", {"needId": to_global_id("Pledge", 1), "first": 5}, "needId"),
    ]
    for name, variables, field in cases:
        body = await gql.op(name, variables)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (name, variables, body)
        assert error["extensions"]["field"] == field, (name, variables, body)
        assert "Traceback" not in json.dumps(body)
    # An index or size out of range names the bound it missed.
    below = await gql.op("LedgerInclusionProof", {"index": -1, "treeSize": 2})
    above = await gql.op("LedgerConsistencyProof", {"fromSize": 2, "toSize": 1})
    assert below["errors"][0]["extensions"]["minimum"] == "0"
    assert "maximum" not in below["errors"][0]["extensions"]
    assert above["errors"][0]["extensions"]["maximum"] == "1"
    assert "minimum" not in above["errors"][0]["extensions"]

    assert no_checkpoint["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "no signed checkpoint" in no_checkpoint["errors"][0]["message"]
    after_first = (await gql.data("LedgerEntries", {"first": 5, "after": "0"}))["ledger"]
    assert [e["node"]["index"] for e in after_first["entries"]["edges"]] == [1]
    beyond = (await gql.data("LedgerEntries", {"first": 5, "after": "9" * 30}))["ledger"]
    assert beyond["entries"]["edges"] == []


async def test_a_stored_hash_changed_behind_the_ledger_stops_proofs_and_signing(
    gql: GraphQLClient, world: World, db: Database, settings: Settings
) -> None:
    await need_and_pledge(gql, world)
    await ledger.checkpoint_now(db, settings)
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE ledger_entry SET leaf_hash = :hash WHERE leaf_index = 0"),
            {"hash": leaf_hash(b"forged")},
        )
    await gql.data(
        "PostPledge", {"input": pledge(world.store_id, quantity=2)}, user=world.store_admin
    )

    # A server started afresh builds its tree from the stored hashes.
    restarted = create_app(settings, authenticate=authenticate_from_test_header)
    try:
        transport = httpx.ASGITransport(app=restarted)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            body = await GraphQLClient(http).op("LedgerInclusionProof", {"index": 0, "treeSize": 2})
        with pytest.raises(ledger.LedgerIntegrityError):
            await ledger.checkpoint_now(restarted.state.db, settings)
    finally:
        await restarted.state.redis.aclose()
        await restarted.state.db.dispose()

    assert body["errors"][0]["extensions"] == {"code": "LEDGER_INCONSISTENT"}
    assert "does not match its signed checkpoints" in body["errors"][0]["message"]
    assert (await signed_latest(gql)).checkpoint.tree_size == 2


def test_the_http_source_sends_the_committed_operations() -> None:
    operations = REPO / "graphql" / "operations"
    for name, query in (
        ("Ledger", LEDGER_QUERY),
        ("LedgerEntries", ENTRIES_QUERY),
        ("LedgerConsistencyProof", CONSISTENCY_QUERY),
    ):
        assert (operations / f"{name}.graphql").read_text(encoding="utf-8") == query


# ---- `ecosystem ledger` against a real server --------------------------------------------------


@dataclass
class Server:
    url: str
    database_url: str
    cwd: Path


def _environment(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "ENVIRONMENT": "test"}
    for name in ("REDIS_URL", "LEDGER_SIGNING_KEY"):
        env.pop(name, None)
    # Checkpoints are made by the tests, not by a schedule running beside them.
    env["LEDGER_CHECKPOINT_EVERY_ENTRIES"] = "1000000"
    env["LEDGER_CHECKPOINT_EVERY_SECONDS"] = "1000000"
    return env


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    """The app served by uvicorn in a process of its own, on the test database."""
    port = free_port()
    env = {**_environment(database_url), "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    with serving(env, tmp_path, port):
        yield Server(f"http://127.0.0.1:{port}/graphql", database_url, tmp_path)


def checkpoint_command(server: Server) -> str:
    """`ecosystem ledger checkpoint`, in a process of its own, as an operator runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "ecosystem.cli", "ledger", "checkpoint"],
        capture_output=True,
        text=True,
        env=_environment(server.database_url),
        cwd=server.cwd,
        timeout=120,
        check=True,
    )
    return result.stdout


def verify_command(server: Server, public_key: str, state: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        [
            "ledger",
            "verify",
            "--url",
            server.url,
            "--public-key",
            public_key,
            "--state",
            str(state),
        ],
    )
    return result.exit_code, result.output


async def public_key(db: Database, settings: Settings) -> str:
    """The key as the operator publishes it (read from its own store, not from the API)."""
    return public_key_to_base64((await ledger.signing_key(db, settings)).public_key())


async def test_verify_passes_then_names_the_entry_edited_in_the_database(
    gql: GraphQLClient, world: World, db: Database, settings: Settings, server: Server
) -> None:
    await approved_match(gql, world)
    assert "Signed a checkpoint of size 6" in checkpoint_command(server)
    key = await public_key(db, settings)
    state = server.cwd / "state.json"

    passed = verify_command(server, key, state)

    assert passed[0] == 0, passed[1]
    assert "OK: size 6" in passed[1]
    assert re.search(r"signed at 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", passed[1]), passed[1]
    # The server's address without /graphql: said so, not only its HTTP status.
    wrong = verify_command(replace(server, url=server.url.removesuffix("/graphql")), key, state)
    assert wrong[0] == 2 and "is it the GraphQL endpoint" in wrong[1], wrong[1]
    assert json.loads(state.read_text())["checkpoints"][0]["tree_size"] == 6

    async with db.transaction() as session:
        stored = (
            await session.execute(text("SELECT entry FROM ledger_entry WHERE leaf_index = 4"))
        ).scalar_one()
        edited = stored.replace(f'"value_fen":{3 * 350000}', f'"value_fen":{30 * 350000}')
        assert edited != stored
        await session.execute(
            text("UPDATE ledger_entry SET entry = :entry WHERE leaf_index = 4"), {"entry": edited}
        )

    failed = verify_command(server, key, state)

    assert failed[0] == 1, failed[1]
    assert "entry 4 has been altered" in failed[1]
    assert "First entry that does not verify: 4" in failed[1]
    assert json.loads(state.read_text())["checkpoints"][0]["tree_size"] == 6


async def rewrite_approval_as_rejection(session: Any) -> None:
    """What a dishonest operator would do: entry 4 (an approval) rewritten as a rejection, its
    stored leaf hash recomputed to match."""
    stored = (
        await session.execute(text("SELECT entry FROM ledger_entry WHERE leaf_index = 4"))
    ).scalar_one()
    forged = stored.replace('"to":"APPROVED"', '"to":"REJECTED"').encode("utf-8")
    await session.execute(
        text("UPDATE ledger_entry SET entry = :entry, leaf_hash = :hash WHERE leaf_index = 4"),
        {"entry": forged.decode("utf-8"), "hash": leaf_hash(forged)},
    )


async def test_the_state_file_catches_a_rewritten_history(
    gql: GraphQLClient, world: World, db: Database, settings: Settings, server: Server
) -> None:
    await approved_match(gql, world)
    checkpoint_command(server)
    key = await public_key(db, settings)
    state = server.cwd / "state.json"
    assert verify_command(server, key, state)[0] == 0

    # The operator rewrites entry 4 and its stored hash, drops the checkpoints, carries on and
    # signs again with the real key: every entry matches its hash, and the new head is signed.
    async with db.transaction() as session:
        await rewrite_approval_as_rejection(session)
        await session.execute(text("DELETE FROM ledger_checkpoint"))
    await gql.data(
        "PostPledge", {"input": pledge(world.store_id, quantity=2)}, user=world.store_admin
    )
    checkpoint_command(server)
    # The command signed the new head, unless the app's own schedule (which signs at once when
    # there is no checkpoint at all) came first on a slow machine: either way, with the real key.
    assert (await signed_latest(gql)).checkpoint.tree_size == 7

    remembered = verify_command(server, key, state)
    fresh = verify_command(server, key, server.cwd / "fresh.json")

    assert remembered[0] == 1, remembered[1]
    assert "not consistent with the checkpoint of size 6 seen before" in remembered[1]
    # A verifier that saw nothing before cannot tell: the rewritten log is self-consistent.
    assert fresh[0] == 0, fresh[1]


async def test_a_server_that_finds_its_own_ledger_tampered_fails_the_verification(
    gql: GraphQLClient, world: World, db: Database, settings: Settings, server: Server
) -> None:
    """Rewritten with its hash under signed checkpoints, the stored ledger no longer builds the
    signed roots: a server started since refuses to prove anything (LEDGER_INCONSISTENT), and a
    verifier that remembers a checkpoint reports FAILED (exit 1), not that it could not read
    the ledger (exit 2), which monitoring would take for an outage."""
    await approved_match(gql, world)
    checkpoint_command(server)
    key = await public_key(db, settings)
    state = server.cwd / "state.json"
    assert verify_command(server, key, state)[0] == 0
    await gql.data(
        "PostPledge", {"input": pledge(world.store_id, quantity=2)}, user=world.store_admin
    )
    checkpoint_command(server)
    async with db.transaction() as session:
        await rewrite_approval_as_rejection(session)

    port = free_port()
    env = {**_environment(server.database_url), "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    with serving(env, server.cwd, port):
        restarted = Server(f"http://127.0.0.1:{port}/graphql", server.database_url, server.cwd)
        code, output = verify_command(restarted, key, state)

    assert code == 1, output
    assert "FAILED" in output and "does not match its signed checkpoints" in output


async def test_verify_says_when_the_ledger_cannot_be_read(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    key = await public_key(db, settings)
    port = free_port()

    code, output = verify_command(
        Server(f"http://127.0.0.1:{port}/graphql", "", tmp_path), key, tmp_path / "s.json"
    )
    bad_key = CliRunner().invoke(
        cli, ["ledger", "verify", "--url", "http://127.0.0.1:1/graphql", "--public-key", "xyz"]
    )

    assert code == 2 and "Cannot read the ledger" in output
    assert bad_key.exit_code == 2 and "public key cannot be used" in bad_key.output
    assert not (tmp_path / "s.json").exists()
