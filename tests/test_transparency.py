"""Transparency figures: public, by region, and equal to what the database says."""

from __future__ import annotations

from typing import Any

from conftest import GraphQLClient, World
from sqlalchemy import text
from test_bad_input import pledge
from test_matching_runs import post_need, post_pledge

from ecosystem.database import Database


async def approved_match(
    gql: GraphQLClient, world: World, need: dict[str, Any], offer: dict[str, Any], quantity: int
) -> str:
    made = await gql.data(
        "PledgeToNeed",
        {
            "input": {
                "pledgeId": offer["id"],
                "needItemId": need["items"][0]["id"],
                "quantity": quantity,
            }
        },
        user=world.store_admin,
    )
    match_id = str(made["pledgeToNeed"]["match"]["id"])
    await gql.data(
        "RespondToMatch", {"input": {"id": match_id, "accept": True}}, user=world.principal
    )
    approved = await gql.data(
        "ApproveMatch", {"input": {"id": match_id}}, user=world.county_official
    )
    assert approved["approveMatch"]["errors"] == []
    return match_id


async def scalar(db: Database, sql: str) -> int:
    async with db.read() as session:
        return int((await session.execute(text(sql))).scalar() or 0)


async def test_figures_equal_the_database_and_follow_new_approvals(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = await post_need(gql, world, quantity=4)
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=5))
    await approved_match(gql, world, need, offer, 2)
    # A waiting proposal counts as proposed, not approved.
    await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 1}},
        user=world.store_admin,
    )

    figures = (await gql.data("Transparency", {}))["transparency"]

    assert int(figures["approvedValueFen"]) == await scalar(
        db, "SELECT sum(value_fen) FROM match WHERE status = 'APPROVED'"
    )
    assert int(figures["approvedValueFen"]) == 2 * 300000
    assert int(figures["proposedValueFen"]) == 300000
    assert int(figures["pledgedValueFen"]) == await scalar(
        db, "SELECT sum(total_value_fen) FROM pledge WHERE status <> 'WITHDRAWN'"
    )  # nothing is withdrawn here
    assert int(figures["neededValueFen"]) == await scalar(
        db, "SELECT sum(total_value_fen) FROM need WHERE status <> 'DRAFT'"
    )
    assert figures["needs"] == 1
    assert figures["schools"] == await scalar(
        db, "SELECT count(*) FROM party WHERE kind = 'SCHOOL'"
    )
    assert figures["fillRate"] == round(
        int(figures["approvedValueFen"]) / int(figures["neededValueFen"]), 4
    )
    # The school is in a provincial poverty county with 120 of 420 pupils left behind (28%).
    assert figures["povertyShare"] == 1.0 and figures["leftBehindShare"] == 0.0
    assert [(s["key"], s["region"]["name"]) for s in figures["byProvince"]] == [("37", "山东省")]
    assert [s["key"] for s in figures["byCategory"]] == ["DRINKING_WATER"]
    assert [s["key"] for s in figures["byPartyKind"]] == ["SPECIALTY_STORE"]
    assert figures["medianDaysToApproval"] is not None and figures["medianDaysToReceipt"] is None
    assert sum(int(s["approvedValueFen"]) for s in figures["byMonth"]) == 600000

    # Another approval: the figures follow at once, although they are cached.
    await approved_match(gql, world, need, offer, 1)
    again = (await gql.data("Transparency", {}))["transparency"]
    assert int(again["approvedValueFen"]) == 3 * 300000


async def test_a_withdrawn_pledge_still_counts_for_what_it_gave(
    gql: GraphQLClient, world: World
) -> None:
    need = await post_need(gql, world, quantity=4)
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=5))
    await approved_match(gql, world, need, offer, 2)
    before = (await gql.data("Transparency", {}))["transparency"]

    withdrawn = await gql.data(
        "WithdrawPledge", {"input": {"id": offer["id"]}}, user=world.store_admin
    )
    assert withdrawn["withdrawPledge"]["errors"] == []
    after = (await gql.data("Transparency", {}))["transparency"]

    # The 3 purifiers never given leave the pledged value; the 2 approved stay in it, as they
    # stay in the approved value (pledged fell below approved when the whole pledge left).
    assert int(after["pledgedValueFen"]) == int(before["pledgedValueFen"]) - 3 * 350000
    assert int(after["approvedValueFen"]) == int(before["approvedValueFen"]) == 2 * 300000


async def test_figures_follow_a_school_editing_its_items(gql: GraphQLClient, world: World) -> None:
    need = await post_need(gql, world, quantity=4)  # 4 purifiers at 3,000 yuan, 10 filters
    before = (await gql.data("Transparency", {}))["transparency"]
    items = [{k: v for k, v in item.items() if k != "remainingQuantity"} for item in need["items"]]
    items[0]["quantity"] = 6
    edited = await gql.data(
        "UpdateNeed", {"input": {"id": need["id"], "items": items}}, user=world.principal
    )
    assert edited["updateNeed"]["errors"] == []

    # An edit records no transition: the cached figures stayed as they were for five minutes.
    after = (await gql.data("Transparency", {}))["transparency"]
    assert int(after["neededValueFen"]) == int(before["neededValueFen"]) + 2 * 300000


async def test_figures_by_region_and_bad_codes(gql: GraphQLClient, world: World) -> None:
    need = await post_need(gql, world, quantity=4)
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=5))
    await approved_match(gql, world, need, offer, 2)

    feicheng = (await gql.data("Transparency", {"regionCode": "370983"}))["transparency"]
    sanjiang = (await gql.data("Transparency", {"regionCode": "4502"}))["transparency"]
    assert int(feicheng["approvedValueFen"]) == 600000 and feicheng["schools"] == 1
    assert int(sanjiang["approvedValueFen"]) == 0 and sanjiang["fillRate"] == 0.0
    assert sanjiang["byProvince"] == [] and sanjiang["schools"] == 1

    bad = await gql.op("Transparency", {"regionCode": "37x"})
    assert bad["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "regionCode"}
