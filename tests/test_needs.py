"""A principal posts, edits and cancels their school's needs; nobody else can."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from conftest import GraphQLClient, World, snapshot
from sqlalchemy import text

from ecosystem.api.relay import from_global_id
from ecosystem.database import Database

IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()


def water_need(school_id: str, **overrides: Any) -> dict[str, Any]:
    need = {
        "schoolId": school_id,
        "title": "教学楼净水设备",
        "story": "学生饮用水需要净化。",
        "category": "DRINKING_WATER",
        "urgency": "HIGH",
        "deadline": IN_A_MONTH,
        "beneficiaries": 420,
        "items": [
            {
                "description": "直饮水净水器",
                "category": "DRINKING_WATER",
                "quantity": 4,
                "unit": "台",
                "unitValueFen": 350000,
            },
            {
                "description": "滤芯",
                "category": "DRINKING_WATER",
                "quantity": 20,
                "unit": "个",
                "unitValueFen": 12000,
            },
        ],
    }
    need.update(overrides)
    return need


async def post(gql: GraphQLClient, user: int, need: dict[str, Any]) -> dict[str, Any]:
    return (await gql.data("PostNeed", {"input": need}, user=user))["postNeed"]


async def test_principal_posts_a_need_that_the_public_then_finds(
    gql: GraphQLClient, world: World
) -> None:
    payload = await post(gql, world.principal, water_need(world.school_id))

    assert payload["errors"] == []
    need = payload["need"]
    assert need["status"] == "OPEN"
    assert need["totalValueFen"] == 4 * 350000 + 20 * 12000
    assert [i["remainingQuantity"] for i in need["items"]] == [4, 20]

    found = await gql.data("Needs", {"first": 10, "filter": {"regionCode": "3709"}})
    nodes = [edge["node"] for edge in found["needs"]["edges"]]
    assert [n["id"] for n in nodes] == [need["id"]]
    assert nodes[0]["school"]["name"] == "肥城市边院镇希望小学"
    assert nodes[0]["school"]["town"] == "边院镇"
    assert nodes[0]["region"] == {
        "code": "370983",
        "name": "肥城市",
        "nameEn": "Feicheng City",
        "parent": {"code": "3709", "name": "泰安市", "nameEn": "Tai'an City"},
    }
    elsewhere = await gql.data("Needs", {"first": 10, "filter": {"regionCode": "45"}})
    assert elsewhere["needs"]["edges"] == []


async def test_principal_cannot_post_for_another_school(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)

    body = await gql.op(
        "PostNeed", {"input": water_need(world.other_school_id)}, user=world.principal
    )

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None
    assert await snapshot(db) == before


async def test_donor_admin_cannot_post_a_need(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)
    body = await gql.op("PostNeed", {"input": water_need(world.school_id)}, user=world.store_admin)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot(db) == before


async def test_anonymous_visitor_must_log_in_to_post(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)
    body = await gql.op("PostNeed", {"input": water_need(world.school_id)})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await snapshot(db) == before


async def test_unknown_school_answers_like_a_school_that_is_not_yours(
    gql: GraphQLClient, world: World
) -> None:
    from ecosystem.api.relay import to_global_id

    missing = await gql.op(
        "PostNeed", {"input": water_need(to_global_id("School", 999999))}, user=world.principal
    )
    not_mine = await gql.op(
        "PostNeed", {"input": water_need(world.other_school_id)}, user=world.principal
    )
    assert (
        missing["errors"][0]["extensions"]
        == not_mine["errors"][0]["extensions"]
        == {"code": "FORBIDDEN"}
    )
    assert missing["errors"][0]["message"] == not_mine["errors"][0]["message"]


async def test_draft_is_seen_only_by_its_school(gql: GraphQLClient, world: World) -> None:
    draft = await post(gql, world.principal, water_need(world.school_id, publish=False))
    need_id = draft["need"]["id"]
    assert draft["need"]["status"] == "DRAFT"

    public = await gql.data("Needs", {"first": 10})
    assert public["needs"]["edges"] == []
    assert (await gql.data("Node", {"id": need_id}))["node"] is None
    assert (await gql.data("Node", {"id": need_id}, user=world.other_principal))["node"] is None
    own = await gql.data("Needs", {"first": 10}, user=world.principal)
    assert [e["node"]["id"] for e in own["needs"]["edges"]] == [need_id]

    published = await gql.data(
        "UpdateNeed", {"input": {"id": need_id, "publish": True}}, user=world.principal
    )
    assert published["updateNeed"]["need"]["status"] == "OPEN"
    assert (await gql.data("Node", {"id": need_id}))["node"]["status"] == "OPEN"


async def test_a_draft_cancelled_before_it_was_published_stays_private(
    gql: GraphQLClient, world: World
) -> None:
    draft = await post(gql, world.principal, water_need(world.school_id, publish=False))
    published = await post(gql, world.principal, water_need(world.school_id))
    for need in (draft, published):
        cancelled = await gql.data(
            "CancelNeed", {"input": {"id": need["need"]["id"]}}, user=world.principal
        )
        assert cancelled["cancelNeed"]["need"]["status"] == "CANCELLED"

    draft_id, published_id = draft["need"]["id"], published["need"]["id"]
    for user in (None, world.other_principal, world.county_official, world.store_admin):
        assert (await gql.data("Node", {"id": draft_id}, user=user))["node"] is None, user
        listed = await gql.data(
            "Needs", {"first": 10, "filter": {"status": ["CANCELLED"]}}, user=user
        )
        assert [e["node"]["id"] for e in listed["needs"]["edges"]] == [published_id], user
    # Its school still has it, as it had the draft.
    own = await gql.data(
        "Needs", {"first": 10, "filter": {"status": ["CANCELLED"]}}, user=world.principal
    )
    assert {e["node"]["id"] for e in own["needs"]["edges"]} == {draft_id, published_id}
    assert (await gql.data("Node", {"id": draft_id}, user=world.principal))["node"]["status"] == (
        "CANCELLED"
    )


async def test_principal_edits_items_keeping_replacing_and_removing(
    gql: GraphQLClient, world: World
) -> None:
    need = (await post(gql, world.principal, water_need(world.school_id)))["need"]
    kept, removed = need["items"]

    result = await gql.data(
        "UpdateNeed",
        {
            "input": {
                "id": need["id"],
                "title": "净水设备（更新）",
                "items": [
                    {
                        "id": kept["id"],
                        "description": "直饮水净水器",
                        "category": "DRINKING_WATER",
                        "quantity": 6,
                        "unit": "台",
                        "unitValueFen": 350000,
                    },
                    {
                        "description": "饮水机",
                        "category": "DRINKING_WATER",
                        "quantity": 2,
                        "unit": "台",
                        "unitValueFen": 80000,
                    },
                ],
            }
        },
        user=world.principal,
    )

    updated = result["updateNeed"]["need"]
    assert result["updateNeed"]["errors"] == []
    assert updated["title"] == "净水设备（更新）"
    assert updated["items"][0]["id"] == kept["id"]
    assert updated["items"][0]["quantity"] == 6
    assert removed["id"] not in [i["id"] for i in updated["items"]]
    assert updated["totalValueFen"] == 6 * 350000 + 2 * 80000
    assert (await gql.data("Node", {"id": removed["id"]}))["node"] is None


async def test_item_of_another_schools_need_is_refused(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    mine = (await post(gql, world.principal, water_need(world.school_id)))["need"]
    theirs = (await post(gql, world.other_principal, water_need(world.other_school_id)))["need"]
    before = await snapshot(db)

    result = await gql.data(
        "UpdateNeed",
        {
            "input": {
                "id": mine["id"],
                "items": [
                    {
                        "id": theirs["items"][0]["id"],
                        "description": "x",
                        "category": "DRINKING_WATER",
                        "quantity": 1,
                        "unit": "台",
                        "unitValueFen": 1,
                    }
                ],
            }
        },
        user=world.principal,
    )

    assert result["updateNeed"]["need"] is None
    assert result["updateNeed"]["errors"] == [
        {
            "field": "items.0.id",
            "message": "This item is not part of this need.",
            "code": "NOT_FOUND",
            "allowed": None,
            "minimum": None,
            "maximum": None,
        }
    ]
    assert await snapshot(db) == before
    still = await gql.data("Node", {"id": theirs["id"]})
    assert [i["quantity"] for i in still["node"]["items"]] == [4, 20]


async def test_an_edit_listing_an_item_twice_or_asking_too_much_is_refused(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = (await post(gql, world.principal, water_need(world.school_id)))["need"]
    purifier = {k: v for k, v in need["items"][0].items() if k != "remainingQuantity"}
    before = await snapshot(db)

    twice = await gql.data(
        "UpdateNeed",
        {"input": {"id": need["id"], "items": [purifier, purifier, purifier]}},
        user=world.principal,
    )
    # Before, one item was kept and the need's value counted it three times.
    assert twice["updateNeed"]["need"] is None
    assert [(e["field"], e["code"]) for e in twice["updateNeed"]["errors"]] == [
        ("items.1.id", "INVALID"),
        ("items.2.id", "INVALID"),
    ]
    # Each field within its bounds; 50 such lines are worth 5 * 10**18 fen, past what the
    # ledger and the public totals hold.
    huge = dict(purifier, id=None, quantity=10_000_000, unitValueFen=10_000_000_000)
    too_much = await gql.data(
        "UpdateNeed", {"input": {"id": need["id"], "items": [huge] * 50}}, user=world.principal
    )
    assert too_much["updateNeed"]["need"] is None
    assert [(e["field"], e["code"]) for e in too_much["updateNeed"]["errors"]] == [
        ("items", "OUT_OF_RANGE")
    ]
    assert "1,000,000,000" in too_much["updateNeed"]["errors"][0]["message"]
    assert await snapshot(db) == before
    cancelled = await gql.data("CancelNeed", {"input": {"id": need["id"]}}, user=world.principal)
    assert cancelled["cancelNeed"]["errors"] == []


async def test_other_principal_cannot_edit_or_cancel(gql: GraphQLClient, world: World) -> None:
    need = (await post(gql, world.principal, water_need(world.school_id)))["need"]

    edit = await gql.op(
        "UpdateNeed", {"input": {"id": need["id"], "title": "被改了"}}, user=world.other_principal
    )
    cancel = await gql.op("CancelNeed", {"input": {"id": need["id"]}}, user=world.other_principal)

    assert edit["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert cancel["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    node = (await gql.data("Node", {"id": need["id"]}))["node"]
    assert node["title"] == "教学楼净水设备"
    assert node["status"] == "OPEN"


async def test_cancelled_need_cannot_be_cancelled_or_edited_again(
    gql: GraphQLClient, world: World
) -> None:
    need = (await post(gql, world.principal, water_need(world.school_id)))["need"]
    first = await gql.data(
        "CancelNeed",
        {"input": {"id": need["id"], "reason": "已由地方政府解决"}},
        user=world.principal,
    )
    assert first["cancelNeed"]["need"]["status"] == "CANCELLED"

    again = await gql.data("CancelNeed", {"input": {"id": need["id"]}}, user=world.principal)
    edit = await gql.data(
        "UpdateNeed", {"input": {"id": need["id"], "title": "再来"}}, user=world.principal
    )

    assert again["cancelNeed"]["errors"][0]["code"] == "INVALID_TRANSITION"
    assert edit["updateNeed"]["errors"][0]["code"] == "INVALID_TRANSITION"
    assert (await gql.data("Node", {"id": need["id"]}))["node"]["title"] == "教学楼净水设备"


async def test_filters_by_category_urgency_status_and_text(
    gql: GraphQLClient, world: World
) -> None:
    await post(gql, world.principal, water_need(world.school_id))
    books = water_need(
        world.school_id,
        title="图书角书籍",
        category="LIBRARY",
        urgency="LOW",
        items=[
            {
                "description": "儿童读物",
                "category": "LIBRARY",
                "quantity": 500,
                "unit": "册",
                "unitValueFen": 2500,
            }
        ],
    )
    books_id = (await post(gql, world.principal, books))["need"]["id"]

    async def ids(filter_: dict[str, Any]) -> list[str]:
        data = await gql.data("Needs", {"first": 10, "filter": filter_})
        return [e["node"]["id"] for e in data["needs"]["edges"]]

    assert await ids({"category": "LIBRARY"}) == [books_id]
    assert await ids({"urgency": "LOW"}) == [books_id]
    assert await ids({"text": "图书"}) == [books_id]
    assert await ids({"text": "%"}) == []
    assert len(await ids({"status": ["OPEN"]})) == 2
    assert await ids({"status": ["CANCELLED"]}) == []
    assert len(await ids({"schoolId": world.school_id})) == 2
    assert await ids({"schoolId": world.other_school_id}) == []


async def lapse(db: Database, need_id: str) -> date:
    """The need's deadline three days ago, as if the hourly expiry had not reached it yet."""
    lapsed = date.today() - timedelta(days=3)
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE need SET deadline = :lapsed WHERE id = :id"),
            {"lapsed": lapsed, "id": int(from_global_id(need_id)[1])},
        )
    return lapsed


async def test_a_draft_kept_past_its_deadline_is_published_only_with_a_new_one(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    draft = (await post(gql, world.principal, water_need(world.school_id, publish=False)))["need"]
    await lapse(db, draft["id"])
    before = await snapshot(db)

    refused = await gql.data(
        "UpdateNeed", {"input": {"id": draft["id"], "publish": True}}, user=world.principal
    )
    assert refused["updateNeed"]["need"] is None
    [error] = refused["updateNeed"]["errors"]
    assert (error["field"], error["code"]) == ("deadline", "DEADLINE_IN_PAST")
    assert await snapshot(db) == before

    later = (date.today() + timedelta(days=30)).isoformat()
    published = await gql.data(
        "UpdateNeed",
        {"input": {"id": draft["id"], "publish": True, "deadline": later}},
        user=world.principal,
    )
    assert published["updateNeed"]["errors"] == []
    assert (
        published["updateNeed"]["need"]["status"],
        published["updateNeed"]["need"]["deadline"],
    ) == (
        "OPEN",
        later,
    )


async def test_a_published_need_does_not_silently_stay_published_when_asked_to_be_a_draft(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = (await post(gql, world.principal, water_need(world.school_id)))["need"]
    before = await snapshot(db)

    refused = await gql.data(
        "UpdateNeed",
        {"input": {"id": need["id"], "publish": False, "title": "改个标题"}},
        user=world.principal,
    )

    assert refused["updateNeed"]["need"] is None
    assert [(e["field"], e["code"]) for e in refused["updateNeed"]["errors"]] == [
        ("publish", "INVALID")
    ]
    assert await snapshot(db) == before
