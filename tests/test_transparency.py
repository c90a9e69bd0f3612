"""Transparency figures: public, by region, and equal to what the database says."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from conftest import GraphQLClient, World
from sqlalchemy import text
from test_bad_input import money, pledge
from test_cli import ecosystem
from test_fulfilment import deliver
from test_matching_runs import post_need, post_pledge
from test_needs import water_need
from test_query_count import count_statements

from ecosystem.api.relay import from_global_id
from ecosystem.database import Database

APPROVED_AND_LATER = "('APPROVED', 'IN_DELIVERY', 'DELIVERED', 'CONFIRMED')"
NEEDED_SQL = (
    "SELECT (SELECT coalesce(sum(total_value_fen), 0) FROM need"
    " WHERE status NOT IN ('DRAFT', 'CANCELLED', 'EXPIRED'))"
    " + (SELECT coalesce(sum(m.value_fen), 0) FROM match m JOIN need n ON n.id = m.need_id"
    f" WHERE n.status IN ('CANCELLED', 'EXPIRED') AND m.status IN {APPROVED_AND_LATER})"
)
"""The value needed: the public needs, and what was approved of the ended ones."""
PLEDGED_SQL = (
    "SELECT sum(CASE WHEN status IN ('WITHDRAWN', 'EXPIRED')"
    " THEN total_value_fen - remaining_quantity * unit_value_fen"
    " ELSE total_value_fen END) FROM pledge"
)
"""The value pledged: an ended pledge counts for what it gave."""


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
    # Full-width digits, as an input method types them, are the same code; other digits are
    # no code at all (they once answered zeros).
    wide = (await gql.data("Transparency", {"regionCode": "３７０９８３"}))["transparency"]
    assert {**wide, "computedAt": None} == {**feicheng, "computedAt": None}
    arabic = await gql.op("Transparency", {"regionCode": "٣٧"})
    assert arabic["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "regionCode"}
    listed = await gql.data("Needs", {"first": 5, "filter": {"regionCode": "３７"}})
    assert [e["node"]["id"] for e in listed["needs"]["edges"]] == [need["id"]]


async def post_small_need(gql: GraphQLClient, world: World, **overrides: Any) -> dict[str, Any]:
    """A need for one filter, 200 yuan."""
    item = {
        "description": "滤芯",
        "category": "DRINKING_WATER",
        "quantity": 1,
        "unit": "个",
        "unitValueFen": 20000,
    }
    posted = await gql.data(
        "PostNeed",
        {"input": water_need(world.school_id, items=[item], **overrides)},
        user=world.principal,
    )
    assert posted["postNeed"]["errors"] == []
    return dict(posted["postNeed"]["need"])


async def figures_of(gql: GraphQLClient, region_code: str | None = None) -> dict[str, Any]:
    variables = {"regionCode": region_code} if region_code else {}
    return dict((await gql.data("Transparency", variables))["transparency"])


def assert_breakdowns_add_up(figures: dict[str, Any], matches: int) -> None:
    """Every breakdown holds the whole approved value and every approved match."""
    for name in ("byProvince", "byCategory", "byPartyKind", "byMonth"):
        slices = figures[name]
        assert sum(int(s["approvedValueFen"]) for s in slices) == int(
            figures["approvedValueFen"]
        ), name
        assert sum(s["matches"] for s in slices) == matches, name


async def test_a_cancelled_need_counts_for_what_was_approved_and_fill_rate_stays_within_one(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = await post_need(gql, world, quantity=4)  # 4 purifiers at 3,000 yuan, 10 filters
    await post_small_need(gql, world)
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=5))
    match_id = await approved_match(gql, world, need, offer, 2)
    assert (await deliver(gql, world, match_id, 2))["errors"] == []
    await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 1}},
        user=world.store_admin,
    )
    before = await figures_of(gql, "370983")
    assert int(before["neededValueFen"]) == 1400000 + 20000

    cancelled = await gql.data("CancelNeed", {"input": {"id": need["id"]}}, user=world.principal)
    assert cancelled["cancelNeed"]["errors"] == []

    # The approved purifiers go on to delivery: they stay approved and delivered, and the
    # cancelled need counts as needed for them alone (it used to leave the value needed
    # altogether, and the fill rate rose to 30).
    for region in (None, "37", "3709", "370983"):
        after = await figures_of(gql, region)
        assert int(after["approvedValueFen"]) == int(before["approvedValueFen"]) == 2 * 300000
        assert int(after["deliveredValueFen"]) == 2 * 300000
        assert int(after["proposedValueFen"]) == 0  # its waiting proposal was cancelled
        assert int(after["neededValueFen"]) == 20000 + 2 * 300000
        assert int(after["neededValueFen"]) == await scalar(db, NEEDED_SQL)
        assert after["needs"] == 1
        assert 0 <= after["fillRate"] <= 1
        assert after["fillRate"] == round(600000 / 620000, 4)
        assert_breakdowns_add_up(after, matches=1)
    sanjiang = await figures_of(gql, "4502")
    assert (int(sanjiang["neededValueFen"]), sanjiang["fillRate"]) == (0, 0.0)


async def test_an_expired_need_counts_for_what_was_approved_before_it_ended(
    gql: GraphQLClient, world: World, db: Database, database_url: str, tmp_path: Path
) -> None:
    today = date.today()
    soon = (today + timedelta(days=10)).isoformat()
    purifiers = {
        "description": "直饮水净水器",
        "category": "DRINKING_WATER",
        "quantity": 4,
        "unit": "台",
        "unitValueFen": 300000,
    }
    posted = await gql.data(
        "PostNeed",
        {"input": water_need(world.school_id, deadline=soon, items=[purifiers])},
        user=world.principal,
    )
    need = posted["postNeed"]["need"]
    await post_small_need(gql, world)  # due in a month
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=5))
    await approved_match(gql, world, need, offer, 1)

    day20 = (today + timedelta(days=20)).isoformat()
    expired = ecosystem(
        "expire", "--today", day20, "--allow-future", database_url=database_url, cwd=tmp_path
    )
    assert f"Expired 1 needs, pledges and proposals overdue on {day20}" in expired.stdout

    for region in (None, "3709", "370983"):
        after = await figures_of(gql, region)
        assert int(after["approvedValueFen"]) == 300000
        assert int(after["neededValueFen"]) == 20000 + 300000 == await scalar(db, NEEDED_SQL)
        assert after["needs"] == 1
        assert 0 <= after["fillRate"] == round(300000 / 320000, 4) <= 1
        assert_breakdowns_add_up(after, matches=1)


async def test_an_expired_pledge_counts_only_what_it_gave_as_a_withdrawn_one_does(
    gql: GraphQLClient, world: World, db: Database, database_url: str, tmp_path: Path
) -> None:
    today = date.today()
    valid_until = (today + timedelta(days=10)).isoformat()
    need = await post_need(gql, world, quantity=4)  # due in a month
    goods = await post_pledge(
        gql, world.store_admin, pledge(world.store_id, quantity=10, validUntil=valid_until)
    )
    await post_pledge(  # 5,000 yuan nobody uses
        gql, world.enterprise_admin, money(world.enterprise_id, 500000, validUntil=valid_until)
    )
    await approved_match(gql, world, need, goods, 2)
    before = await figures_of(gql)
    assert int(before["pledgedValueFen"]) == 10 * 350000 + 500000

    day20 = (today + timedelta(days=20)).isoformat()
    expired = ecosystem(
        "expire", "--today", day20, "--allow-future", database_url=database_url, cwd=tmp_path
    )
    assert f"Expired 2 needs, pledges and proposals overdue on {day20}" in expired.stdout

    # The 2 purifiers given stay in the pledged value; the 8 never given and the unused money
    # leave it (the money used to stay whole).
    by_region = {region: await figures_of(gql, region) for region in (None, "3709", "370983")}
    for after in by_region.values():
        assert int(after["pledgedValueFen"]) == 2 * 350000 == await scalar(db, PLEDGED_SQL)
    assert int((await figures_of(gql, "370902"))["pledgedValueFen"]) == 0  # the enterprise's
    # What was approved, and what is needed, did not change.
    after = by_region[None]
    for name in ("approvedValueFen", "neededValueFen", "fillRate"):
        assert after[name] == before[name], name
    assert_breakdowns_add_up(after, matches=1)


async def test_approvals_count_in_the_month_of_the_marketplace_calendar(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = await post_need(gql, world, quantity=4)
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=5))
    match_id = await approved_match(gql, world, need, offer, 2)
    # 17:30 UTC on 30 November is 01:30 on 1 December in Beijing.
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE match SET decided_at = :at WHERE id = :id"),
            {
                "at": datetime(2026, 11, 30, 17, 30, tzinfo=UTC),
                "id": int(from_global_id(match_id)[1]),
            },
        )

    figures = await figures_of(gql)

    assert [(s["key"], s["matches"]) for s in figures["byMonth"]] == [("2026-12", 1)]


FIGURES_QUERY = "match_fulfilment"
"""A word only the statement that reads the matches for the figures has."""


async def two_approved_and_no_figures(
    gql: GraphQLClient, world: World, app: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A need and a pledge with 2 units approved (600,000 fen); no figures kept in Redis."""
    need = await post_need(gql, world, quantity=4)
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=5))
    await approved_match(gql, world, need, offer, 2)
    redis = app.state.redis
    keys = [key async for key in redis.scan_iter("hope:transparency:*")]
    if keys:
        await redis.delete(*keys)
    return need, offer


async def test_visitors_arriving_together_after_a_change_compute_the_figures_once(
    gql: GraphQLClient, world: World, db: Database, app: Any
) -> None:
    await two_approved_and_no_figures(gql, world, app)

    with count_statements(db) as statements:
        answers = await asyncio.gather(*(figures_of(gql) for _ in range(6)))

    computed = [s for s in statements if FIGURES_QUERY in s]
    assert len(computed) == 1, "each visitor computed the figures anew"
    assert all(answer == answers[0] for answer in answers)
    assert int(answers[0]["approvedValueFen"]) == 2 * 300000


async def test_while_another_process_computes_the_last_figures_answer_and_say_when(
    gql: GraphQLClient, world: World, app: Any
) -> None:
    need, offer = await two_approved_and_no_figures(gql, world, app)
    first = await figures_of(gql)
    await approved_match(gql, world, need, offer, 1)

    # Another process has claimed the computation of all of China's figures.
    await app.state.redis.set("hope:transparency:computing:all", "1", ex=60)
    meanwhile = await figures_of(gql)
    assert meanwhile == first  # the last figures, computedAt included: not yet the new match

    await app.state.redis.delete("hope:transparency:computing:all")
    now = await figures_of(gql)
    assert int(now["approvedValueFen"]) == 3 * 300000
    assert now["computedAt"] > first["computedAt"]


async def test_with_no_last_figures_a_request_waits_for_the_other_process_then_computes(
    gql: GraphQLClient, world: World, app: Any
) -> None:
    await two_approved_and_no_figures(gql, world, app)
    await app.state.redis.set("hope:transparency:computing:all", "1", ex=60)

    request = asyncio.ensure_future(figures_of(gql))
    await asyncio.sleep(0.3)
    assert not request.done()  # nothing to answer with yet: it waits
    # The other process gave up (crashed) without caching anything: this request computes.
    await app.state.redis.delete("hope:transparency:computing:all")
    figures = await asyncio.wait_for(request, timeout=5)
    assert int(figures["approvedValueFen"]) == 2 * 300000
