"""Donor admins post pledges of every kind for their own party and withdraw them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from conftest import GraphQLClient, World, snapshot
from test_bad_input import pledge

from ecosystem.database import Database

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()
NEXT_YEAR = (date.today() + timedelta(days=365)).isoformat()

KINDS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "MONEY",
        {
            "title": "营养午餐善款",
            "amountFen": 5_000_000,
            "restrictCategories": ["NUTRITION"],
            "restrictRegionCodes": ["37"],
        },
        {
            "quantity": 5_000_000,
            "unit": "FEN",
            "unitValueFen": 1,
            "totalValueFen": 5_000_000,
            "restrictRegionCodes": ["37"],
            "restrictCategories": ["NUTRITION"],
        },
    ),
    (
        "GOODS",
        {
            "title": "净水器",
            "category": "DRINKING_WATER",
            "itemName": "直饮水净水器",
            "quantity": 10,
            "unit": "台",
            "unitValueFen": 350_000,
            "perSchoolCap": 4,
        },
        {
            "quantity": 10,
            "unit": "台",
            "totalValueFen": 3_500_000,
            "perSchoolCap": 4,
            "category": "DRINKING_WATER",
        },
    ),
    (
        "SERVICE",
        {
            "title": "梦想工坊手工课",
            "category": "STEM_WORKSHOP",
            "quantity": 12,
            "unit": "session",
            "unitValueFen": 50_000,
            "serviceRadiusKm": 40,
            "availableFrom": NEXT_WEEK,
            "availableUntil": NEXT_YEAR,
        },
        {"quantity": 12, "unit": "SESSION", "serviceRadiusKm": 40.0},
    ),
    (
        "VOLUNTEER",
        {
            "title": "周末陪伴",
            "category": "PSYCHOSOCIAL",
            "quantity": 40,
            "unit": "HOUR",
            "serviceRadiusKm": 25,
        },
        {"quantity": 40, "unit": "HOUR", "unitValueFen": 0},
    ),
    (
        "MEDIA",
        {"title": "专题报道", "quantity": 3},
        {"quantity": 3, "unit": "STORY"},
    ),
    (
        "CO_FUNDING",
        {
            "title": "1:1 配捐",
            "amountFen": 300_000_000,
            "coFundingRatioPercent": 100,
            "coFundingPartyKinds": ["CUSTOMER", "enterprise"],
            "restrictRegionCodes": ["370983"],
        },
        {
            "quantity": 300_000_000,
            "coFundingRatioPercent": 100,
            "coFundingPartyKinds": ["CUSTOMER", "ENTERPRISE"],
            "restrictRegionCodes": ["370983"],
        },
    ),
]


@pytest.mark.parametrize(("kind", "fields", "expected"), KINDS, ids=[k[0] for k in KINDS])
async def test_donor_posts_each_kind_of_pledge(
    gql: GraphQLClient, world: World, kind: str, fields: dict[str, Any], expected: dict[str, Any]
) -> None:
    payload = (
        await gql.data(
            "PostPledge",
            {"input": {"partyId": world.store_id, "kind": kind, **fields}},
            user=world.store_admin,
        )
    )["postPledge"]

    assert payload["errors"] == []
    created = payload["pledge"]
    assert created["kind"] == kind
    assert created["status"] == "ACTIVE"
    assert created["remainingQuantity"] == created["quantity"]
    for key, value in expected.items():
        assert created[key] == value, key
    listed = await gql.data("Pledges", {"first": 10, "filter": {"kind": kind}})
    assert [e["node"]["id"] for e in listed["pledges"]["edges"]] == [created["id"]]
    assert listed["pledges"]["edges"][0]["node"]["party"]["name"] == "泰安特产店"


async def test_service_needs_a_party_with_a_location(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)
    service = {
        "partyId": world.enterprise_id,
        "kind": "VOLUNTEER",
        "title": "支教",
        "category": "TEACHER_TRAINING",
        "quantity": 10,
        "unit": "HOUR",
        "serviceRadiusKm": 30,
    }
    payload = (await gql.data("PostPledge", {"input": service}, user=world.enterprise_admin))[
        "postPledge"
    ]
    assert payload["errors"][0]["field"] == "serviceRadiusKm"
    assert "no location" in payload["errors"][0]["message"]
    assert await snapshot(db) == before


async def test_donor_cannot_pledge_for_another_party(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)
    body = await gql.op(
        "PostPledge", {"input": pledge(world.enterprise_id)}, user=world.store_admin
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot(db) == before


async def test_principal_cannot_pledge_for_their_school(gql: GraphQLClient, world: World) -> None:
    from ecosystem.api.relay import to_global_id

    body = await gql.op(
        "PostPledge", {"input": pledge(to_global_id("Party", world.school))}, user=world.principal
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_donor_withdraws_own_pledge_but_not_anothers(
    gql: GraphQLClient, world: World
) -> None:
    mine = (
        await gql.data("PostPledge", {"input": pledge(world.store_id)}, user=world.store_admin)
    )["postPledge"]["pledge"]
    theirs = (
        await gql.data(
            "PostPledge", {"input": pledge(world.enterprise_id)}, user=world.enterprise_admin
        )
    )["postPledge"]["pledge"]

    refused = await gql.op(
        "WithdrawPledge", {"input": {"id": theirs["id"]}}, user=world.store_admin
    )
    withdrawn = await gql.data(
        "WithdrawPledge",
        {"input": {"id": mine["id"], "reason": "库存调整"}},
        user=world.store_admin,
    )
    again = await gql.data("WithdrawPledge", {"input": {"id": mine["id"]}}, user=world.store_admin)

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql.data("Node", {"id": theirs["id"]}))["node"]["pledgeStatus"] == "ACTIVE"
    assert withdrawn["withdrawPledge"]["pledge"]["status"] == "WITHDRAWN"
    assert again["withdrawPledge"]["errors"][0]["code"] == "INVALID_TRANSITION"


async def test_pledges_filter_by_party_kind_and_region(gql: GraphQLClient, world: World) -> None:
    store_pledge = (
        await gql.data("PostPledge", {"input": pledge(world.store_id)}, user=world.store_admin)
    )["postPledge"]["pledge"]
    enterprise_pledge = (
        await gql.data(
            "PostPledge", {"input": pledge(world.enterprise_id)}, user=world.enterprise_admin
        )
    )["postPledge"]["pledge"]

    async def ids(filter_: dict[str, Any]) -> set[str]:
        data = await gql.data("Pledges", {"first": 10, "filter": filter_})
        return {e["node"]["id"] for e in data["pledges"]["edges"]}

    assert await ids({"partyKind": "SPECIALTY_STORE"}) == {store_pledge["id"]}
    assert await ids({"partyId": world.enterprise_id}) == {enterprise_pledge["id"]}
    assert await ids({"regionCode": "370983"}) == {store_pledge["id"]}
    assert await ids({"regionCode": "3709"}) == {store_pledge["id"], enterprise_pledge["id"]}
    assert await ids({"regionCode": "45"}) == set()
