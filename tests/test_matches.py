"""Matches: a donor pledges to a need, both sides accept, an official over the school approves,
and the quantities are committed exactly once, whatever runs at the same time."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from conftest import GraphQLClient, World, snapshot
from sqlalchemy import text
from test_bad_input import money, pledge
from test_needs import lapse, post, water_need

from ecosystem.access.service import load_subject
from ecosystem.api.relay import from_global_id, to_global_id
from ecosystem.database import Database
from ecosystem.matches import service as matches
from ecosystem.parties import service as parties
from ecosystem.parties.models import Role


async def need_and_pledge(
    gql: GraphQLClient, world: World, *, item_quantity: int = 4, pledge_quantity: int = 10
) -> tuple[dict[str, Any], dict[str, Any]]:
    need = (
        await gql.data(
            "PostNeed",
            {
                "input": water_need(
                    world.school_id,
                    items=[
                        {
                            "description": "直饮水净水器",
                            "category": "DRINKING_WATER",
                            "quantity": item_quantity,
                            "unit": "台",
                            "unitValueFen": 350000,
                        }
                    ],
                )
            },
            user=world.principal,
        )
    )["postNeed"]["need"]
    offer = (
        await gql.data(
            "PostPledge",
            {"input": pledge(world.store_id, quantity=pledge_quantity)},
            user=world.store_admin,
        )
    )["postPledge"]["pledge"]
    return need, offer


async def propose(
    gql: GraphQLClient, world: World, need: dict[str, Any], offer: dict[str, Any], quantity: int
) -> dict[str, Any]:
    result = await gql.data(
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
    assert result["pledgeToNeed"]["errors"] == [], result
    return dict(result["pledgeToNeed"]["match"])


async def test_direct_pledge_accepted_and_approved_commits_the_quantities(
    gql: GraphQLClient, world: World
) -> None:
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    assert match["status"] == "PROPOSED" and match["origin"] == "DIRECT"
    assert match["donorAcceptedAt"] is not None and match["schoolAcceptedAt"] is None

    accepted = await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    assert accepted["respondToMatch"]["match"]["status"] == "ACCEPTED"
    assert accepted["respondToMatch"]["match"]["pledge"]["remainingQuantity"] == 10

    approved = (
        await gql.data("ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official)
    )["approveMatch"]

    assert approved["errors"] == []
    assert approved["match"]["status"] == "APPROVED"
    assert approved["match"]["pledge"]["remainingQuantity"] == 7
    assert approved["match"]["needItem"]["remainingQuantity"] == 1
    assert approved["match"]["need"]["status"] == "PARTIALLY_MATCHED"
    public = await gql.data("Matches", {"first": 10, "filter": {"status": ["APPROVED"]}})
    assert [e["node"]["id"] for e in public["matches"]["edges"]] == [match["id"]]


async def test_covering_everything_matches_the_need_and_exhausts_the_pledge(
    gql: GraphQLClient, world: World
) -> None:
    need, offer = await need_and_pledge(gql, world, item_quantity=4, pledge_quantity=4)
    match = await propose(gql, world, need, offer, 4)
    await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    approved = (
        await gql.data(
            "ApproveMatch", {"input": {"id": match["id"]}}, user=world.provincial_official
        )
    )["approveMatch"]
    assert approved["match"]["need"]["status"] == "MATCHED"
    assert approved["match"]["pledge"]["status"] == "EXHAUSTED"


async def test_only_officials_over_the_school_approve(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    before = await snapshot(db)

    for user in (
        world.other_county_official,
        world.principal,
        world.store_admin,
        world.platform_admin,
    ):
        body = await gql.op("ApproveMatch", {"input": {"id": match["id"]}}, user=user)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user

    assert await snapshot(db) == before
    node = await gql.data("Matches", {"first": 5}, user=world.county_official)
    assert node["matches"]["edges"][0]["node"]["status"] == "ACCEPTED"


async def test_an_official_who_answers_for_the_donor_or_the_school_does_not_decide(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    """One person would offer and approve the same resources alone: the county official who
    also runs the store's pledges (an official may invite themselves as a donor admin), or
    works for the school. Another official over the school decides."""
    refusal = (
        "You answer this match for its school or its donor, so another official over the school "
        "decides it."
    )

    async def refused(match_id: str, user: int) -> None:
        for operation, variables in (
            ("ApproveMatch", {"id": match_id}),
            ("RejectMatch", {"id": match_id, "reason": "不需要"}),
        ):
            body = await gql.op(operation, {"input": variables}, user=user)
            [error] = body["errors"]
            assert (error["extensions"]["code"], error["message"]) == ("FORBIDDEN", refusal)
        bulk = await gql.data("ApproveMatches", {"input": {"ids": [match_id]}}, user=user)
        assert bulk["approveMatches"]["matches"] == []
        assert [e["message"] for e in bulk["approveMatches"]["errors"]] == [refusal]

    async with db.transaction() as session:
        await parties.grant_role(
            session, user_id=world.county_official, party_id=world.store, role=Role.DONOR_ADMIN
        )
    need, offer = await need_and_pledge(gql, world)
    match = await accepted_proposal(gql, world, need, offer, 3)
    before = await snapshot(db)
    await refused(match["id"], world.county_official)
    assert await snapshot(db) == before

    # The official of the other county, who takes no part in the match, hears what anyone
    # hears of a match that does not exist.
    unknown = to_global_id("Match", 999_999)
    answers = [
        (await gql.op("ApproveMatch", {"input": {"id": match_id}}, user=user))["errors"][0]
        for match_id, user in (
            (match["id"], world.other_county_official),
            (unknown, world.other_county_official),
            (match["id"], world.outsider),
            (unknown, world.outsider),
        )
    ]
    assert len({(a["extensions"]["code"], a["message"]) for a in answers}) == 1
    approved = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.provincial_official
    )
    assert approved["approveMatch"]["match"]["status"] == "APPROVED"

    # The provincial official joins the school's staff: now neither official decides.
    async with db.transaction() as session:
        await parties.grant_role(
            session,
            user_id=world.provincial_official,
            party_id=world.school,
            role=Role.SCHOOL_STAFF,
        )
    second = await accepted_proposal(gql, world, need, offer, 1)
    before = await snapshot(db)
    for user in (world.county_official, world.provincial_official):
        await refused(second["id"], user)
    assert await snapshot(db) == before


async def test_a_proposal_is_approved_only_after_both_sides_accept(
    gql: GraphQLClient, world: World
) -> None:
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    early = (
        await gql.data("ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official)
    )["approveMatch"]
    # The match's state refuses it, not a field of the input (as docs/api.md says).
    assert [(e["field"], e["code"]) for e in early["errors"]] == [(None, "INVALID_TRANSITION")]
    # Accepting twice, from each side, is no error and changes nothing more.
    for user in (world.principal, world.principal, world.store_admin, world.store_admin):
        answer = await gql.data(
            "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=user
        )
        assert answer["respondToMatch"]["errors"] == [], answer
        assert answer["respondToMatch"]["match"]["status"] == "ACCEPTED"


async def test_official_rejects_with_a_reason(gql: GraphQLClient, world: World) -> None:
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    no_reason = (
        await gql.data(
            "RejectMatch", {"input": {"id": match["id"], "reason": " "}}, user=world.county_official
        )
    )["rejectMatch"]
    rejected = (
        await gql.data(
            "RejectMatch",
            {"input": {"id": match["id"], "reason": "学校已由县财政解决"}},
            user=world.county_official,
        )
    )["rejectMatch"]
    assert no_reason["errors"][0]["field"] == "reason"
    assert rejected["match"]["status"] == "REJECTED"
    assert rejected["match"]["reason"] == "学校已由县财政解决"
    assert rejected["match"]["pledge"]["remainingQuantity"] == 10
    again = await gql.data(
        "RejectMatch", {"input": {"id": match["id"], "reason": "重复"}}, user=world.county_official
    )
    # The match's state refuses it, not a field of the input (it used to say "status").
    assert again["rejectMatch"]["errors"] == [
        {
            "field": None,
            "code": "INVALID_TRANSITION",
            "message": "The match is already rejected.",
        }
    ]


async def test_school_declines_and_proposals_stay_private(gql: GraphQLClient, world: World) -> None:
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    assert (await gql.data("Matches", {"first": 5}))["matches"]["edges"] == []
    assert (await gql.data("Matches", {"first": 5}, user=world.other_county_official))["matches"][
        "edges"
    ] == []
    assert (
        len(
            (await gql.data("Matches", {"first": 5}, user=world.county_official))["matches"][
                "edges"
            ]
        )
        == 1
    )
    declined = await gql.data(
        "RespondToMatch",
        {"input": {"id": match["id"], "accept": False, "reason": "已有捐赠"}},
        user=world.principal,
    )
    assert declined["respondToMatch"]["match"]["status"] == "DECLINED"
    outsider = await gql.op(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.other_principal
    )
    assert outsider["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_pledge_to_need_checks_eligibility_and_quantity(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world)
    books = (
        await gql.data(
            "PostPledge",
            {"input": pledge(world.store_id, category="LIBRARY", itemName="图书")},
            user=world.store_admin,
        )
    )["postPledge"]["pledge"]
    water = await gql.data("PostNeed", {"input": water_need(world.school_id)}, user=world.principal)
    filters = water["postNeed"]["need"]["items"][1]
    before = await snapshot(db)

    wrong_category = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": books["id"], "needItemId": need["items"][0]["id"], "quantity": 1}},
        user=world.store_admin,
    )
    too_many = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 5}},
        user=world.store_admin,
    )
    # Purifiers offered for the filters.
    wrong_item = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": filters["id"], "quantity": 1}},
        user=world.store_admin,
    )
    not_mine = await gql.op(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 1}},
        user=world.enterprise_admin,
    )

    assert wrong_category["pledgeToNeed"]["errors"][0]["code"] == "NOT_ELIGIBLE"
    assert wrong_item["pledgeToNeed"]["errors"][0]["code"] == "NOT_ELIGIBLE"
    assert "the school needs 滤芯" in wrong_item["pledgeToNeed"]["errors"][0]["message"]
    assert too_many["pledgeToNeed"]["errors"][0]["field"] == "quantity"
    assert not_mine["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot(db) == before


# (what the donor offers, the item it is offered for, whether that is the item)
ITEM_NAMES = [
    ("电子琴 10台", "电子琴（61键）", True),
    ("电子琴 10台", "乒乓球台", False),  # 台 after a number is a measure word, not the item
    ("电子琴 10台", "台灯", False),
    ("篮球（7号", "标准篮球（7号）", True),
    ("篮球（7号", "5号电池", False),  # a bracket left open still holds a size
    ("篮球［7号］", "5号电池", False),
    ("篮 球", "篮球架", True),
    ("篮 球", "乒乓球台", False),
    ("Basketballs", "Basketball (size 7)", True),
    ("笔", "铅笔", True),
]


async def test_named_goods_fit_only_items_that_share_a_word_with_the_name(
    gql: GraphQLClient, world: World
) -> None:
    descriptions = sorted({description for _, description, _ in ITEM_NAMES})
    items = [
        {
            "description": d,
            "category": "SPORTS_ARTS",
            "quantity": 5,
            "unit": "个",
            "unitValueFen": 10000,
        }
        for d in descriptions
    ]
    need = (
        await post(
            gql, world.principal, water_need(world.school_id, category="SPORTS_ARTS", items=items)
        )
    )["need"]
    item_ids = {item["description"]: item["id"] for item in need["items"]}
    outcomes = []
    for name, description, _ in ITEM_NAMES:
        offer = (
            await gql.data(
                "PostPledge",
                {
                    "input": pledge(
                        world.store_id, category="SPORTS_ARTS", itemName=name, unitValueFen=10000
                    )
                },
                user=world.store_admin,
            )
        )["postPledge"]["pledge"]
        offered = await gql.data(
            "PledgeToNeed",
            {
                "input": {
                    "pledgeId": offer["id"],
                    "needItemId": item_ids[description],
                    "quantity": 1,
                }
            },
            user=world.store_admin,
        )
        outcomes.append((name, description, not offered["pledgeToNeed"]["errors"]))

    assert outcomes == ITEM_NAMES


async def test_twenty_concurrent_approvals_never_over_allocate(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world, item_quantity=60, pledge_quantity=10)
    item_id = int(from_global_id(need["items"][0]["id"])[1])
    pledge_id = int(from_global_id(offer["id"])[1])
    ids = []
    async with db.transaction() as session:
        donor = await load_subject(session, world.store_admin)
        school = await load_subject(session, world.principal)
        for _ in range(20):
            proposed = await matches.pledge_to_need(
                session,
                donor,
                pledge_id=pledge_id,
                need_item_id=item_id,
                quantity=3,
                today=date.today(),
            )
            assert proposed.id is not None
            await matches.respond(session, school, proposed.id, accept=True, reason=None)
            ids.append(proposed.id)

    from ecosystem.api.relay import to_global_id

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

    outcomes = [r["approveMatch"] for r in results]
    approved = [o for o in outcomes if not o["errors"]]
    refused = [o["errors"][0]["code"] for o in outcomes if o["errors"]]
    assert len(approved) == 3
    # Refused for want of units, or found cancelled by the approval that used them up.
    assert len(refused) == 17 and set(refused) <= {"OVER_ALLOCATED", "STALE"}
    node = await gql.data("Node", {"id": offer["id"]})
    assert node["node"]["remainingQuantity"] == 1
    listed = await gql.data("Needs", {"first": 1, "filter": {"schoolId": world.school_id}})
    assert listed["needs"]["edges"][0]["node"]["items"][0]["remainingQuantity"] == 60 - 9


async def test_officials_approving_one_match_at_once_are_told_it_is_approved(
    gql: GraphQLClient, world: World
) -> None:
    # The match takes all the item still needs: a second approval finds nothing left of the
    # item, and must be told why (approved already), not that the item needs less.
    need, offer = await need_and_pledge(gql, world, item_quantity=2, pledge_quantity=10)
    match = await propose(gql, world, need, offer, 2)
    await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    officials = [world.county_official, world.provincial_official] * 3

    results = await asyncio.gather(
        *(
            gql.data("ApproveMatch", {"input": {"id": match["id"]}}, user=official)
            for official in officials
        )
    )

    errors = [r["approveMatch"]["errors"] for r in results]
    assert errors.count([]) == 1
    assert (
        sorted((e[0]["code"], e[0]["message"]) for e in errors if e)
        == [("STALE", "The match is already approved.")] * 5
    )


async def test_matches_filter_by_school_and_by_donor_within_what_one_may_see(
    gql: GraphQLClient, world: World
) -> None:
    need, offer = await need_and_pledge(gql, world)
    other_need = (
        await gql.data(
            "PostNeed", {"input": water_need(world.other_school_id)}, user=world.other_principal
        )
    )["postNeed"]["need"]
    enterprise_offer = (
        await gql.data(
            "PostPledge", {"input": pledge(world.enterprise_id)}, user=world.enterprise_admin
        )
    )["postPledge"]["pledge"]
    store_here = await propose(gql, world, need, offer, 1)
    store_there = await propose(gql, world, other_need, offer, 1)
    enterprise_here = (
        await gql.data(
            "PledgeToNeed",
            {
                "input": {
                    "pledgeId": enterprise_offer["id"],
                    "needItemId": need["items"][0]["id"],
                    "quantity": 1,
                }
            },
            user=world.enterprise_admin,
        )
    )["pledgeToNeed"]["match"]

    async def ids(filter_: dict[str, Any], user: int | None = world.platform_admin) -> set[str]:
        found = await gql.data("Matches", {"first": 20, "filter": filter_}, user=user)
        return {edge["node"]["id"] for edge in found["matches"]["edges"]}

    assert await ids({}) == {store_here["id"], store_there["id"], enterprise_here["id"]}
    assert await ids({"schoolId": world.school_id}) == {store_here["id"], enterprise_here["id"]}
    assert await ids({"schoolId": world.other_school_id}) == {store_there["id"]}
    assert await ids({"donorId": world.store_id}) == {store_here["id"], store_there["id"]}
    assert await ids({"donorId": world.enterprise_id, "schoolId": world.school_id}) == {
        enterprise_here["id"]
    }
    # A filter narrows what one may see, never widens it: proposals stay private.
    assert await ids({"schoolId": world.other_school_id}, user=world.principal) == set()
    assert await ids({"schoolId": world.school_id}, user=world.principal) == {
        store_here["id"],
        enterprise_here["id"],
    }
    assert await ids({"donorId": world.store_id}, user=None) == set()

    # A school's Party ID names it as well as its School ID does, as in needs' filter.
    school_as_party = to_global_id("Party", world.school)
    assert await ids({"schoolId": school_as_party}) == await ids({"schoolId": world.school_id})

    wrong_kind = await gql.op(
        "Matches", {"first": 5, "filter": {"schoolId": offer["id"]}}, user=world.platform_admin
    )
    error = wrong_kind["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "filter.schoolId"


async def match_states(gql: GraphQLClient, user: int, *ids: str) -> list[tuple[str, str | None]]:
    found = []
    for match_id in ids:
        body = await gql.raw(
            "query($id: ID!) { node(id: $id) { ... on Match { status reason } } }",
            {"id": match_id},
            user=user,
        )
        found.append((body["data"]["node"]["status"], body["data"]["node"]["reason"]))
    return found


async def statuses_for_need(gql: GraphQLClient, world: World, need_id: str) -> list[str]:
    """The statuses of every match for the need, as its school sees them."""
    body = await gql.data(
        "Matches", {"first": 100, "filter": {"needId": need_id}}, user=world.principal
    )
    return [edge["node"]["status"] for edge in body["matches"]["edges"]]


async def accepted_proposal(
    gql: GraphQLClient, world: World, need: dict[str, Any], offer: dict[str, Any], quantity: int
) -> dict[str, Any]:
    """A direct proposal the school has accepted too: ready for an official."""
    match = await propose(gql, world, need, offer, quantity)
    answered = await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    assert answered["respondToMatch"]["errors"] == [], answered
    return match


async def approved_proposal(
    gql: GraphQLClient, world: World, need: dict[str, Any], offer: dict[str, Any], quantity: int
) -> dict[str, Any]:
    match = await accepted_proposal(gql, world, need, offer, quantity)
    done = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
    )
    assert done["approveMatch"]["errors"] == [], done
    return match


async def test_an_approval_cancels_the_open_proposals_it_leaves_no_room_for(
    gql: GraphQLClient, world: World
) -> None:
    # They could never be approved, and sat in the school's and the official's lists for good.
    need, offer = await need_and_pledge(gql, world, item_quantity=10, pledge_quantity=10)
    first = await accepted_proposal(gql, world, need, offer, 6)
    too_big = await accepted_proposal(gql, world, need, offer, 5)
    fits = await propose(gql, world, need, offer, 4)

    approved = await gql.data(
        "ApproveMatch", {"input": {"id": first["id"]}}, user=world.county_official
    )

    assert approved["approveMatch"]["errors"] == []
    assert await match_states(gql, world.principal, too_big["id"], fits["id"]) == [
        ("CANCELLED", "Another match was approved for this item; it needs 4 more now."),
        ("PROPOSED", None),
    ]
    await gql.data(
        "RespondToMatch", {"input": {"id": fits["id"], "accept": True}}, user=world.principal
    )
    last = await gql.data("ApproveMatch", {"input": {"id": fits["id"]}}, user=world.county_official)
    assert last["approveMatch"]["errors"] == []
    assert last["approveMatch"]["match"]["pledge"]["remainingQuantity"] == 0

    # The pledge's side, in money: three purifiers' worth, two proposals of two.
    need, _ = await need_and_pledge(gql, world, item_quantity=10)
    three = money(world.store_id, 3 * 350000)
    cash = (await gql.data("PostPledge", {"input": three}, user=world.store_admin))["postPledge"][
        "pledge"
    ]
    paid = await accepted_proposal(gql, world, need, cash, 2)
    short = await accepted_proposal(gql, world, need, cash, 2)
    done = await gql.data("ApproveMatch", {"input": {"id": paid["id"]}}, user=world.county_official)
    assert done["approveMatch"]["errors"] == []
    assert await match_states(gql, world.principal, short["id"]) == [
        ("CANCELLED", "Another match of this pledge was approved; it has ¥3,500.00 left now.")
    ]


async def test_a_cancelled_need_takes_its_open_proposals_with_it_and_keeps_approved_ones(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world, item_quantity=10)
    committed = await approved_proposal(gql, world, need, offer, 3)
    accepted = await accepted_proposal(gql, world, need, offer, 3)
    proposed = await propose(gql, world, need, offer, 2)

    cancelled = await gql.data(
        "CancelNeed", {"input": {"id": need["id"], "reason": "学校合并"}}, user=world.principal
    )
    before = await snapshot(db)
    late = await gql.data(
        "ApproveMatch", {"input": {"id": accepted["id"]}}, user=world.county_official
    )

    assert cancelled["cancelNeed"]["errors"] == []
    assert await match_states(
        gql, world.principal, committed["id"], accepted["id"], proposed["id"]
    ) == [
        ("APPROVED", None),
        ("CANCELLED", "The need was cancelled."),
        ("CANCELLED", "The need was cancelled."),
    ]
    # An approval that comes too late says why, and changes nothing.
    assert late["approveMatch"]["errors"] == [
        {
            "field": "id",
            "code": "STALE",
            "message": "The need is CANCELLED; its matches can no longer be approved.",
        }
    ]
    assert await snapshot(db) == before
    # The approved match keeps its units; the cancelled ones never took any.
    pledge_now = await gql.raw(
        "query($id: ID!) { node(id: $id) { ... on Pledge { remainingQuantity } } }",
        {"id": offer["id"]},
    )
    assert pledge_now["data"]["node"]["remainingQuantity"] == 7


async def test_a_withdrawn_pledge_takes_its_open_proposals_with_it(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world, item_quantity=10)
    committed = await approved_proposal(gql, world, need, offer, 3)
    accepted = await accepted_proposal(gql, world, need, offer, 3)

    withdrawn = await gql.data(
        "WithdrawPledge", {"input": {"id": offer["id"]}}, user=world.store_admin
    )

    assert withdrawn["withdrawPledge"]["errors"] == []
    assert await match_states(gql, world.principal, committed["id"], accepted["id"]) == [
        ("APPROVED", None),
        ("CANCELLED", "The pledge was withdrawn."),
    ]
    need_now = await gql.raw(
        "query($id: ID!) { node(id: $id) { ... on Need { status items { remainingQuantity } } } }",
        {"id": need["id"]},
    )
    assert need_now["data"]["node"] == {
        "status": "PARTIALLY_MATCHED",
        "items": [{"remainingQuantity": 7}],
    }


async def test_cancel_withdraw_and_approve_at_the_same_time_agree(
    gql: GraphQLClient, world: World
) -> None:
    # Whichever commits first wins; the other is refused in words, never half done, never a
    # deadlock or an unexpected error, and the pledge keeps exactly what approvals took.
    for round_ in range(6):
        need, offer = await need_and_pledge(gql, world, item_quantity=10)
        match = await accepted_proposal(gql, world, need, offer, 3)
        undo = (
            gql.data("CancelNeed", {"input": {"id": need["id"]}}, user=world.principal)
            if round_ % 2 == 0
            else gql.data("WithdrawPledge", {"input": {"id": offer["id"]}}, user=world.store_admin)
        )
        approval, undone = await asyncio.gather(
            gql.data("ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official),
            undo,
        )
        assert not any(payload["errors"] for payload in undone.values()), undone
        errors = approval["approveMatch"]["errors"]
        assert [e["code"] for e in errors] in ([], ["STALE"]), errors
        [(status, _)] = await match_states(gql, world.principal, match["id"])
        remaining = (await gql.data("Node", {"id": offer["id"]}))["node"]["remainingQuantity"]
        assert (status, remaining) in (("APPROVED", 7), ("CANCELLED", 10)), (status, remaining)
        assert (status == "APPROVED") == (errors == [])


async def test_an_offer_racing_a_withdrawal_or_a_cancellation_leaves_nothing_open(
    gql: GraphQLClient, world: World
) -> None:
    # The offer read an active pledge and an open need, then wrote its proposal after the
    # withdrawal (or cancellation) had closed the others: it stayed open for good.
    for round_ in range(6):
        need, offer = await need_and_pledge(gql, world, item_quantity=10)
        undo = (
            gql.data("CancelNeed", {"input": {"id": need["id"]}}, user=world.principal)
            if round_ % 2 == 0
            else gql.data("WithdrawPledge", {"input": {"id": offer["id"]}}, user=world.store_admin)
        )
        proposal = {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 2}

        offered, undone = await asyncio.gather(
            gql.data("PledgeToNeed", {"input": proposal}, user=world.store_admin), undo
        )

        assert not any(payload["errors"] for payload in undone.values()), undone
        errors = offered["pledgeToNeed"]["errors"]
        assert [e["code"] for e in errors] in ([], ["NOT_ELIGIBLE"], ["STALE"]), errors
        states = await statuses_for_need(gql, world, need["id"])
        assert states == ([] if errors else ["CANCELLED"]), states


def item_input(item: dict[str, Any], **changes: Any) -> dict[str, Any]:
    fields = ("id", "description", "category", "quantity", "unit", "unitValueFen")
    return {**{k: item[k] for k in fields}, **changes}


async def test_an_item_with_proposals_stays_and_a_change_to_it_cancels_what_no_longer_holds(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = (
        await gql.data("PostNeed", {"input": water_need(world.school_id)}, user=world.principal)
    )["postNeed"]["need"]
    purifiers, filters = need["items"]
    offer = (
        await gql.data("PostPledge", {"input": pledge(world.store_id)}, user=world.store_admin)
    )["postPledge"]["pledge"]
    small = await propose(gql, world, need, offer, 1)
    large = await propose(gql, world, need, offer, 3)
    before = await snapshot(db)

    # Removing the purifiers, which a donor proposed for: said so, and nothing changes.
    removal = await gql.data(
        "UpdateNeed",
        {"input": {"id": need["id"], "items": [item_input(filters)]}},
        user=world.principal,
    )
    assert removal["updateNeed"]["need"] is None
    assert removal["updateNeed"]["errors"] == [
        {
            "field": "items",
            "code": "INVALID",
            "message": "「直饮水净水器」 has proposals from donors, so it stays on the need: "
            "keep it in the list (its quantity may change), or cancel the need.",
            "allowed": None,
            "minimum": None,
            "maximum": None,
        }
    ]
    assert await snapshot(db) == before

    # Fewer purifiers: the proposal for more than the new quantity no longer fits.
    fewer = await gql.data(
        "UpdateNeed",
        {
            "input": {
                "id": need["id"],
                "items": [item_input(purifiers, quantity=2), item_input(filters)],
            }
        },
        user=world.principal,
    )
    assert fewer["updateNeed"]["errors"] == []
    assert await match_states(gql, world.principal, small["id"], large["id"]) == [
        ("PROPOSED", None),
        ("CANCELLED", "The need item was changed."),
    ]

    # Another value per purifier: what the donor offered was for the item as it was.
    repriced = await gql.data(
        "UpdateNeed",
        {
            "input": {
                "id": need["id"],
                "items": [
                    item_input(purifiers, quantity=2, unitValueFen=300000),
                    item_input(filters),
                ],
            }
        },
        user=world.principal,
    )
    assert repriced["updateNeed"]["errors"] == []
    assert await match_states(gql, world.principal, small["id"]) == [
        ("CANCELLED", "The need item was changed.")
    ]


async def test_an_answer_or_a_rejection_racing_an_approval_never_leaves_units_taken_behind(
    gql: GraphQLClient, world: World
) -> None:
    # A decline (or a rejection) read the match, an approval committed meanwhile, and the
    # decline then wrote DECLINED over APPROVED: the approval's units stayed taken.
    for round_ in range(8):
        need, offer = await need_and_pledge(gql, world, item_quantity=10)
        match = await accepted_proposal(gql, world, need, offer, 3)
        undo = (
            gql.data(
                "RespondToMatch",
                {"input": {"id": match["id"], "accept": False, "reason": "不需要了"}},
                user=world.principal,
            )
            if round_ % 2 == 0
            else gql.data(
                "RejectMatch",
                {"input": {"id": match["id"], "reason": "重复"}},
                user=world.county_official,
            )
        )
        approval, undone = await asyncio.gather(
            gql.data("ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official),
            undo,
        )
        [(status, _)] = await match_states(gql, world.principal, match["id"])
        pledge_left = (await gql.data("Node", {"id": offer["id"]}))["node"]["remainingQuantity"]
        approved = status == "APPROVED"
        assert status in ("APPROVED", "DECLINED", "REJECTED"), status
        assert pledge_left == (7 if approved else 10), (status, pledge_left)
        assert (approval["approveMatch"]["errors"] == []) == approved, approval
        [undo_payload] = undone.values()
        assert (undo_payload["errors"] == []) == (not approved), undone


async def test_two_bulk_approvals_crossing_the_same_pledges_both_go_through(
    gql: GraphQLClient, world: World
) -> None:
    # Each approval locks its need, then its pledge. Two bulk approvals taking two pledges in
    # opposite orders could each hold the pledge the other waits for; PostgreSQL then failed
    # one whole batch as a deadlock ('Unexpected error').
    for _ in range(4):
        first_pledge = (
            await gql.data("PostPledge", {"input": pledge(world.store_id)}, user=world.store_admin)
        )["postPledge"]["pledge"]
        second_pledge = (
            await gql.data("PostPledge", {"input": pledge(world.store_id)}, user=world.store_admin)
        )["postPledge"]["pledge"]
        batches: list[list[str]] = [[], []]
        orders = [(first_pledge, second_pledge), (second_pledge, first_pledge)]
        for batch, offers in zip(batches, orders, strict=True):
            for offer in offers:
                need, _ = await need_and_pledge(gql, world, item_quantity=10, pledge_quantity=1)
                batch.append((await accepted_proposal(gql, world, need, offer, 2))["id"])

        results = await asyncio.gather(
            *(
                gql.data("ApproveMatches", {"input": {"ids": batch}}, user=world.county_official)
                for batch in batches
            )
        )

        for batch, result in zip(batches, results, strict=True):
            assert result["approveMatches"]["errors"] == [], result
            assert [m["id"] for m in result["approveMatches"]["matches"]] == batch
        for offer in (first_pledge, second_pledge):
            node = (await gql.data("Node", {"id": offer["id"]}))["node"]
            assert node["remainingQuantity"] == 10 - 4


async def test_an_approval_crossing_a_bulk_approval_goes_through(
    gql: GraphQLClient, world: World
) -> None:
    # The batch holds the first pledge and wants the second need; the single approval holds
    # that need and wants the first pledge.
    for _ in range(4):
        first_need, first_pledge = await need_and_pledge(gql, world, item_quantity=10)
        second_need, second_pledge = await need_and_pledge(gql, world, item_quantity=10)
        batch = [
            (await accepted_proposal(gql, world, first_need, first_pledge, 2))["id"],
            (await accepted_proposal(gql, world, second_need, second_pledge, 2))["id"],
        ]
        single = (await accepted_proposal(gql, world, second_need, first_pledge, 3))["id"]

        bulk, one = await asyncio.gather(
            gql.data("ApproveMatches", {"input": {"ids": batch}}, user=world.county_official),
            gql.data("ApproveMatch", {"input": {"id": single}}, user=world.county_official),
        )

        assert bulk["approveMatches"]["errors"] == [], bulk
        assert one["approveMatch"]["errors"] == [], one
        node = (await gql.data("Node", {"id": first_pledge["id"]}))["node"]
        assert node["remainingQuantity"] == 10 - 2 - 3


def upkeep_need(school_id: str) -> dict[str, Any]:
    """A need for a service: the upkeep of the school's purifiers, counted in visits."""
    visits = {
        "description": "净水设备维护保养",
        "category": "DRINKING_WATER",
        "quantity": 4,
        "unit": "次",
        "unitValueFen": 20000,
    }
    return water_need(school_id, items=[visits])


def volunteer_hours(party_id: str, unit_value_fen: int = 0) -> dict[str, Any]:
    """Twenty hours of volunteers looking after purifiers, within 50 km of the party."""
    return pledge(
        party_id,
        kind="VOLUNTEER",
        title="净水设备维护志愿服务",
        unit="HOUR",
        itemName=None,
        quantity=20,
        unitValueFen=unit_value_fen,
        serviceRadiusKm=50,
    )


async def test_services_fill_only_items_counted_in_time_and_goods_only_things(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    service = volunteer_hours(world.store_id)
    volunteers = (await gql.data("PostPledge", {"input": service}, user=world.store_admin))[
        "postPledge"
    ]["pledge"]
    goods = (
        await gql.data("PostPledge", {"input": pledge(world.store_id)}, user=world.store_admin)
    )["postPledge"]["pledge"]
    things = await post(gql, world.principal, water_need(world.school_id))
    upkeep = await post(gql, world.principal, upkeep_need(world.school_id))
    before = await snapshot(db)

    refused = [
        await gql.data(
            "PledgeToNeed",
            {
                "input": {
                    "pledgeId": offer["id"],
                    "needItemId": need["items"][0]["id"],
                    "quantity": 1,
                }
            },
            user=world.store_admin,
        )
        for offer, need in ((volunteers, things["need"]), (goods, upkeep["need"]))
    ]

    assert [[(e["field"], e["code"]) for e in r["pledgeToNeed"]["errors"]] for r in refused] == [
        [("pledgeId", "NOT_ELIGIBLE")]
    ] * 2
    volunteer_error, goods_error = (r["pledgeToNeed"]["errors"][0]["message"] for r in refused)
    assert "a service cannot provide them" in volunteer_error and "直饮水净水器" in volunteer_error
    assert "goods cannot provide it" in goods_error and "净水设备维护保养" in goods_error
    assert await snapshot(db) == before


async def test_a_service_is_pledged_only_within_its_radius_and_window(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    service = {
        "kind": "SERVICE",
        "title": "净水设备维护",
        "unit": "SESSION",
        "itemName": None,
        "quantity": 5,
        "unitValueFen": 0,
        "serviceRadiusKm": 50,
    }
    visits = (
        await gql.data(
            "PostPledge", {"input": pledge(world.store_id, **service)}, user=world.store_admin
        )
    )["postPledge"]["pledge"]
    later = (
        await gql.data(
            "PostPledge",
            {
                "input": pledge(
                    world.store_id,
                    **service,
                    availableFrom=(date.today() + timedelta(days=60)).isoformat(),
                )
            },
            user=world.store_admin,
        )
    )["postPledge"]["pledge"]
    near = await gql.data("PostNeed", {"input": upkeep_need(world.school_id)}, user=world.principal)
    far = await gql.data(
        "PostNeed", {"input": upkeep_need(world.other_school_id)}, user=world.other_principal
    )
    before = await snapshot(db)

    def offer(pledge_id: str, posted: dict[str, Any]) -> dict[str, Any]:
        item = posted["postNeed"]["need"]["items"][0]["id"]
        return {"input": {"pledgeId": pledge_id, "needItemId": item, "quantity": 1}}

    # The store is in Feicheng, Shandong; the other school in Sanjiang, Guangxi.
    too_far = await gql.data("PledgeToNeed", offer(visits["id"], far), user=world.store_admin)
    # The need's deadline is in a month; this service starts in two.
    too_late = await gql.data("PledgeToNeed", offer(later["id"], near), user=world.store_admin)
    for refused, words in ((too_far, "outside the service radius"), (too_late, "deadline")):
        errors = refused["pledgeToNeed"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("pledgeId", "NOT_ELIGIBLE")]
        assert words in errors[0]["message"]
    assert await snapshot(db) == before
    within = await gql.data("PledgeToNeed", offer(visits["id"], near), user=world.store_admin)
    assert within["pledgeToNeed"]["errors"] == []


async def test_a_service_the_moved_deadline_comes_before_is_cancelled_and_never_approved(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    # The need's deadline moved before the service's window after both sides accepted.
    starts = date.today() + timedelta(days=20)
    service = pledge(
        world.store_id,
        kind="SERVICE",
        title="净水设备维护",
        unit="SESSION",
        itemName=None,
        quantity=5,
        unitValueFen=0,
        serviceRadiusKm=50,
        availableFrom=starts.isoformat(),
    )
    visits = (await gql.data("PostPledge", {"input": service}, user=world.store_admin))[
        "postPledge"
    ]["pledge"]
    need = (
        await gql.data("PostNeed", {"input": upkeep_need(world.school_id)}, user=world.principal)
    )["postNeed"]["need"]
    match = await accepted_proposal(gql, world, need, visits, 1)
    earlier = (starts - timedelta(days=10)).isoformat()
    moved = await gql.data(
        "UpdateNeed", {"input": {"id": need["id"], "deadline": earlier}}, user=world.principal
    )
    assert moved["updateNeed"]["errors"] == []
    # The proposal no longer holds: it does not wait for an official who could only refuse it.
    async with db.read() as session:
        status, reason = (
            await session.execute(
                text("SELECT status, reason FROM match WHERE id = :id"),
                {"id": int(from_global_id(match["id"])[1])},
            )
        ).one()
    assert status == "CANCELLED" and earlier in reason and "service" in reason
    before = await snapshot(db)

    late = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
    )

    [error] = late["approveMatch"]["errors"]
    assert (error["field"], error["code"]) == ("id", "STALE")
    assert earlier in error["message"]
    assert await snapshot(db) == before


async def test_a_need_past_its_deadline_takes_no_offer_nor_approval_before_expiry_runs(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world)
    waiting = await accepted_proposal(gql, world, need, offer, 2)
    # The deadline passed; the hourly expiry has not moved the need yet.
    lapsed = await lapse(db, need["id"])
    before = await snapshot(db)

    offered = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 1}},
        user=world.store_admin,
    )
    approved = await gql.data(
        "ApproveMatch", {"input": {"id": waiting["id"]}}, user=world.county_official
    )

    assert offered["pledgeToNeed"]["errors"] == [
        {
            "field": "needItemId",
            "code": "STALE",
            "message": f"The need's deadline ({lapsed.isoformat()}) has passed.",
            "minimum": None,
            "maximum": None,
        }
    ]
    assert approved["approveMatch"]["errors"] == [
        {
            "field": "id",
            "code": "STALE",
            "message": f"The need's deadline ({lapsed.isoformat()}) has passed; its matches can "
            "no longer be approved.",
        }
    ]
    assert await snapshot(db) == before


async def test_an_offer_to_a_cancelled_need_speaks_of_the_need_not_the_pledge(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world)
    await gql.data("CancelNeed", {"input": {"id": need["id"]}}, user=world.principal)
    before = await snapshot(db)

    offered = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": need["items"][0]["id"], "quantity": 1}},
        user=world.store_admin,
    )

    assert offered["pledgeToNeed"]["errors"] == [
        {
            "field": "needItemId",
            "code": "STALE",
            "message": "The need is cancelled; it takes no more pledges.",
            "minimum": None,
            "maximum": None,
        }
    ]
    assert await snapshot(db) == before


async def test_a_kept_item_set_to_zero_is_refused_for_its_quantity_alone(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world)
    await propose(gql, world, need, offer, 1)
    before = await snapshot(db)

    changed = await gql.data(
        "UpdateNeed",
        {"input": {"id": need["id"], "items": [item_input(need["items"][0], quantity=0)]}},
        user=world.principal,
    )

    assert [(e["field"], e["code"]) for e in changed["updateNeed"]["errors"]] == [
        ("items.0.quantity", "OUT_OF_RANGE")
    ]
    assert await snapshot(db) == before
