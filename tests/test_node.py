"""node(id): every Node type of the schema is found by its ID, shown exactly to those the rest
of the API shows it to; to anyone else, and for an unknown or malformed ID, it is null."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import GraphQLClient, World
from graphql import GraphQLObjectType, build_schema
from sqlalchemy import update
from sqlmodel import col
from test_fulfilment import approved_match, confirm, deliver, fetch, media_editor, photo_id

from ecosystem.api.relay import NODE_LOADERS, from_global_id, to_global_id
from ecosystem.api.schema import export_sdl
from ecosystem.database import Database
from ecosystem.events.relay import relay_once
from ecosystem.matches.models import Match as MatchRow
from ecosystem.matches.models import MatchStatus
from ecosystem.settings import Settings

WEBHOOK_URL = "http://127.0.0.1:9/hooks/hope"


@pytest.fixture(autouse=True)
def evidence_dir(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps its photos in a directory of its own."""
    folder = tmp_path / "evidence"
    monkeypatch.setattr(settings, "evidence_dir", folder)
    return folder


async def node(gql: GraphQLClient, global_id: str, user: int | None = None) -> Any:
    return (await gql.data("Node", {"id": global_id}, user=user))["node"]


async def seen_by(gql: GraphQLClient, global_id: str, users: dict[str, int | None]) -> set[str]:
    """The names of the users to whom node(id) answers the object."""
    return {name for name, user in users.items() if await node(gql, global_id, user) is not None}


def everyone(world: World) -> dict[str, int | None]:
    return {
        "anonymous": None,
        "principal": world.principal,
        "other_principal": world.other_principal,
        "store_admin": world.store_admin,
        "enterprise_admin": world.enterprise_admin,
        "outsider": world.outsider,
        "county_official": world.county_official,
        "other_county_official": world.other_county_official,
        "provincial_official": world.provincial_official,
        "platform_admin": world.platform_admin,
    }


def test_every_node_type_of_the_schema_can_be_fetched_by_id() -> None:
    schema = build_schema(export_sdl())
    node_types = {
        name
        for name, kind in schema.type_map.items()
        if isinstance(kind, GraphQLObjectType) and any(i.name == "Node" for i in kind.interfaces)
    }

    assert node_types == set(NODE_LOADERS)


async def test_a_story_is_public(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> None:
    editor, media_id = await media_editor(db)
    match = await approved_match(gql, world)
    await deliver(gql, world, match["id"], 4)
    await confirm(gql, world.principal, match["id"], 4, [await photo_id(http, world.principal)])
    published = await gql.data(
        "PublishStory",
        {
            "input": {
                "partyId": media_id,
                "title": "边院镇希望小学喝上了干净水",
                "body": "四台净水器已安装到位。",
                "matchIds": [match["id"]],
            }
        },
        user=editor,
    )
    story_id = published["publishStory"]["story"]["id"]

    found = await node(gql, story_id)

    assert found == {
        "id": story_id,
        "__typename": "Story",
        "title": "边院镇希望小学喝上了干净水",
        "body": "四台净水器已安装到位。",
        "party": {"id": media_id, "name": "泰安日报"},
    }
    assert await seen_by(gql, story_id, everyone(world)) == set(everyone(world))


async def test_deliveries_and_receipts_are_seen_as_their_match_is(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    match = await approved_match(gql, world)
    delivery = (await deliver(gql, world, match["id"], 4, note="顺丰 SF1234567890"))["delivery"]
    receipt = (await confirm(gql, world.principal, match["id"], 3))["receipt"]

    assert await node(gql, delivery["id"]) == {
        "id": delivery["id"],
        "__typename": "Delivery",
        "deliveryKind": "SHIPPED",
        "quantity": 4,
        "note": "顺丰 SF1234567890",
        "match": {"id": match["id"]},
    }
    assert await node(gql, receipt["id"]) == {
        "id": receipt["id"],
        "__typename": "Receipt",
        "receiptKind": "RECEIVED",
        "quantity": 3,
        "thankYouNote": "谢谢你们！孩子们喝上了干净的水。",
        "completesMatch": False,
        "match": {"id": match["id"]},
    }
    # An approved match is public, and so are its records.
    assert await seen_by(gql, delivery["id"], everyone(world)) == set(everyone(world))
    assert await seen_by(gql, receipt["id"], everyone(world)) == set(everyone(world))

    # No life cycle takes a delivered match out of the public record today; were one to,
    # its records would leave it with the match.
    async with db.transaction() as session:
        await session.execute(
            update(MatchRow)
            .where(col(MatchRow.id) == int(from_global_id(match["id"])[1]))
            .values(status=MatchStatus.CANCELLED)
        )
    sees_match = await seen_by(gql, match["id"], everyone(world))
    assert sees_match == {
        "principal",
        "store_admin",
        "county_official",
        "provincial_official",
        "platform_admin",
    }
    assert await seen_by(gql, delivery["id"], everyone(world)) == sees_match
    assert await seen_by(gql, receipt["id"], everyone(world)) == sees_match


async def test_evidence_is_seen_exactly_by_those_the_photo_is_served_to(
    gql: GraphQLClient, world: World, http: httpx.AsyncClient
) -> None:
    match = await approved_match(gql, world)
    await deliver(gql, world, match["id"], 4)
    photo = await photo_id(http, world.principal)
    users = everyone(world)

    async def served_to() -> set[str]:
        return {name for name, user in users.items() if (await fetch(http, user, photo)).is_success}

    # Until it is part of a receipt, only the school that uploaded it (and admins) see it.
    assert await seen_by(gql, photo, users) == await served_to() == {"principal", "platform_admin"}
    await confirm(gql, world.principal, match["id"], 4, [photo])
    found = await node(gql, photo, world.store_admin)

    assert found == {
        "id": photo,
        "__typename": "Evidence",
        "contentType": "image/jpeg",
        "width": 64,
        "height": 48,
        "url": f"/evidence/{photo}",
    }
    assert (
        await seen_by(gql, photo, users)
        == await served_to()
        == {"principal", "store_admin", "county_official", "provincial_official", "platform_admin"}
    )


async def register_webhook(gql: GraphQLClient, world: World) -> str:
    result = await gql.data(
        "RegisterWebhook",
        {"input": {"partyId": world.store_id, "url": WEBHOOK_URL, "eventTypes": ["match.*"]}},
        user=world.store_admin,
    )
    assert result["registerWebhook"]["errors"] == [], result
    return str(result["registerWebhook"]["webhook"]["id"])


async def test_webhooks_and_their_deliveries_are_seen_by_those_who_list_them(
    gql: GraphQLClient, world: World, db: Database, app: Any
) -> None:
    hook_id = await register_webhook(gql, world)
    await approved_match(gql, world)
    await relay_once(db, app.state.redis, stream=f"hope:test-node:{uuid.uuid4().hex}")
    log = await gql.data("WebhookDeliveries", {"first": 10}, user=world.store_admin)
    delivery = log["webhookDeliveries"]["edges"][-1]["node"]
    users = everyone(world)

    async def listing(user: int | None) -> set[str]:
        if user is None:
            return set()
        hooks = (await gql.data("Webhooks", {}, user=user))["webhooks"]
        edges = (await gql.data("WebhookDeliveries", {"first": 10}, user=user))[
            "webhookDeliveries"
        ]["edges"]
        return {hook["id"] for hook in hooks} | {edge["node"]["id"] for edge in edges}

    listed_by = {
        name for name, user in users.items() if {hook_id, delivery["id"]} <= await listing(user)
    }

    assert await node(gql, hook_id, world.store_admin) == {
        "id": hook_id,
        "__typename": "Webhook",
        "url": WEBHOOK_URL,
        "eventTypes": ["match.*"],
        "active": True,
    }
    assert await node(gql, delivery["id"], world.store_admin) == {
        "id": delivery["id"],
        "__typename": "WebhookDelivery",
        "eventType": delivery["eventType"],
        "webhookId": hook_id,
        "deliveryStatus": "PENDING",
    }
    assert listed_by == {"store_admin", "platform_admin"}
    assert await seen_by(gql, hook_id, users) == listed_by
    assert await seen_by(gql, delivery["id"], users) == listed_by


async def test_a_deleted_webhook_stays_visible_to_its_admins_only(
    gql: GraphQLClient, world: World
) -> None:
    hook_id = await register_webhook(gql, world)
    await gql.data("DeleteWebhook", {"input": {"id": hook_id}}, user=world.store_admin)

    found = await node(gql, hook_id, world.store_admin)

    assert (found["id"], found["active"]) == (hook_id, False)
    assert await seen_by(gql, hook_id, everyone(world)) == {"store_admin", "platform_admin"}


async def test_an_invitation_is_seen_by_those_who_may_make_it(
    gql: GraphQLClient, world: World
) -> None:
    invited = await gql.data(
        "InviteMember",
        {
            "input": {
                "partyId": world.store_id,
                "email": "Helper@Example.org",
                "role": "DONOR_ADMIN",
            }
        },
        user=world.store_admin,
    )
    invitation_id = invited["inviteMember"]["invitation"]["id"]

    assert await node(gql, invitation_id, world.store_admin) == {
        "id": invitation_id,
        "__typename": "Invitation",
        "email": "helper@example.org",
        "role": "DONOR_ADMIN",
        "party": {"id": world.store_id, "name": "泰安特产店"},
    }
    # Officials over the store verify it, but do not administer it.
    assert await seen_by(gql, invitation_id, everyone(world)) == {"store_admin", "platform_admin"}


@pytest.mark.parametrize(
    "type_name",
    [
        *("Story", "Delivery", "Receipt", "Evidence", "Webhook", "WebhookDelivery"),
        *("Invitation", "Need", "Pledge", "Match", "Party", "School"),
    ],
)
async def test_an_unknown_or_malformed_id_is_null(
    gql: GraphQLClient, world: World, type_name: str
) -> None:
    for global_id in (
        to_global_id(type_name, 999999),
        # Beyond the id columns (32-bit on PostgreSQL), and digits only isdigit() accepts: '١'
        # (Arabic-Indic one) would otherwise load row 1.
        to_global_id(type_name, 2**31),
        to_global_id(type_name, 10**30),
        to_global_id(type_name, "²"),
        to_global_id(type_name, "١"),
        to_global_id(type_name, "x1"),
        to_global_id(type_name, ""),
        str(to_global_id(type_name, 1))[:-2] + "!!",
        "not-an-id",
    ):
        assert await node(gql, global_id, world.platform_admin) is None, global_id
