"""Matching runs: started over GraphQL, run as jobs, stored as engine proposals that officials
approve; suggestions for a new pledge; bulk decisions; progress over a live subscription."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from conftest import (
    OPERATIONS,
    TEST_USER_HEADER,
    GraphQLClient,
    World,
    authenticate_from_test_header,
    count_rows,
    snapshot,
    websocket_transport,
)
from httpx_ws import aconnect_ws
from sqlalchemy import text
from sqlalchemy.engine import make_url
from test_bad_input import money, pledge
from test_ledger import entries as ledger_entries
from test_ledger import key_of
from test_matches import propose, upkeep_need, volunteer_hours
from test_needs import post, water_need

from ecosystem.app import create_app
from ecosystem.database import Database
from ecosystem.runs import service as runs_service
from ecosystem.settings import Settings

FEICHENG = "370983"


async def rows(db: Database, table: str) -> list[dict[str, Any]]:
    """Every row of a table, by id: to compare before and after."""
    async with db.read() as session:
        result = await session.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        return [dict(row) for row in result.mappings()]


async def post_need(gql: GraphQLClient, world: World, quantity: int = 4) -> dict[str, Any]:
    items = [
        {
            "description": "直饮水净水器",
            "category": "DRINKING_WATER",
            "quantity": quantity,
            "unit": "台",
            "unitValueFen": 300000,
        },
        {
            "description": "滤芯",
            "category": "DRINKING_WATER",
            "quantity": 10,
            "unit": "个",
            "unitValueFen": 20000,
        },
    ]
    result = await gql.data(
        "PostNeed", {"input": water_need(world.school_id, items=items)}, user=world.principal
    )
    return dict(result["postNeed"]["need"])


async def post_pledge(gql: GraphQLClient, user: int, data: dict[str, Any]) -> dict[str, Any]:
    result = await gql.data("PostPledge", {"input": data}, user=user)
    assert result["postPledge"]["errors"] == [], result
    return dict(result["postPledge"]["pledge"])


async def start(
    gql: GraphQLClient, user: int, region: str = FEICHENG, dry_run: bool = False
) -> dict[str, Any]:
    result = await gql.data(
        "StartMatchingRun", {"input": {"regionCode": region, "dryRun": dry_run}}, user=user
    )
    return dict(result["startMatchingRun"])


async def finished(
    gql: GraphQLClient, user: int, run_id: str, seconds: float = 60
) -> dict[str, Any]:
    """The run once it has finished, which it must within ``seconds``, read as a user would:
    polling matchingRuns."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        runs = await gql.data("MatchingRuns", {"first": 20}, user=user)
        for edge in runs["matchingRuns"]["edges"]:
            if edge["node"]["id"] == run_id and edge["node"]["status"] in ("SUCCEEDED", "FAILED"):
                return dict(edge["node"])
        await asyncio.sleep(0.05)
    raise AssertionError(f"run {run_id} had not finished {seconds} s later")


async def run_to_the_end(gql: GraphQLClient, user: int) -> dict[str, Any]:
    """Start a run of the county as ``user`` and wait for it to finish."""
    return await finished(gql, user, (await start(gql, user))["run"]["id"])


async def filter_sets_need(
    gql: GraphQLClient, world: World, quantity: int, in_sanjiang: bool = False
) -> None:
    """The school in Feicheng (or the other, in Sanjiang, Guangxi) posts a need for
    ``quantity`` filter sets at 250 yuan each."""
    item = {
        "description": "净水器滤芯套装",
        "category": "DRINKING_WATER",
        "quantity": quantity,
        "unit": "套",
        "unitValueFen": 25000,
    }
    school, principal = (
        (world.other_school_id, world.other_principal)
        if in_sanjiang
        else (world.school_id, world.principal)
    )
    posted = await gql.data("PostNeed", {"input": water_need(school, items=[item])}, user=principal)
    assert posted["postNeed"]["errors"] == []


async def engine_matches(gql: GraphQLClient, user: int, status: str) -> list[dict[str, Any]]:
    found = await gql.data("Matches", {"first": 100, "filter": {"status": [status]}}, user=user)
    return [e["node"] for e in found["matches"]["edges"] if e["node"]["origin"] == "ENGINE"]


async def test_a_run_proposes_explained_matches_that_commit_nothing_until_approved(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await post_need(gql, world)
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    await post_pledge(gql, world.enterprise_admin, money(world.enterprise_id, 500000))
    before = (await rows(db, "pledge"), await rows(db, "need_item"))

    started = await start(gql, world.platform_admin)
    assert started["errors"] == [] and started["run"]["status"] == "QUEUED"
    run = await finished(gql, world.platform_admin, started["run"]["id"])

    assert run["status"] == "SUCCEEDED" and run["progress"] == 100, run
    assert (run["needsCount"], run["itemsCount"], run["pledgesCount"]) == (1, 2, 2)
    proposals = await engine_matches(gql, world.platform_admin, "PROPOSED")
    assert len(proposals) == run["proposalsCount"] >= 2
    # Every proposal's terms add up to its score, and the scores to the run's objective.
    for proposal in proposals:
        assert sum(t["points"] for t in proposal["explanation"]) == proposal["score"]
    # The scores add up exactly to the objective; whole items may fall short of the engine's
    # optimum, the bound.
    assert 0 < sum(p["score"] for p in proposals) == int(run["objective"]) <= int(run["bound"])
    # 3 purifiers from the store, and the money pays for whole items only.
    by_donor: dict[str, int] = {}
    for proposal in proposals:
        by_donor[proposal["donor"]["id"]] = by_donor.get(proposal["donor"]["id"], 0) + int(
            proposal["pledgeQuantity"]
        )
    assert by_donor[world.store_id] == 3
    assert by_donor[world.enterprise_id] <= 500000
    assert sum(int(p["valueFen"]) for p in proposals) == int(run["proposedValueFen"])
    # Proposals commit nothing.
    assert (await rows(db, "pledge"), await rows(db, "need_item")) == before


async def test_each_proposal_of_a_run_lands_in_the_public_ledger_as_the_engine_s(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = await post_need(gql, world)
    store_pledge = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    money_pledge = await post_pledge(
        gql, world.enterprise_admin, money(world.enterprise_id, 500000)
    )
    history_before = await count_rows(db, "status_change")

    run = await finished(
        gql, world.platform_admin, (await start(gql, world.platform_admin))["run"]["id"]
    )
    proposals = await engine_matches(gql, world.platform_admin, "PROPOSED")
    entries = [json.loads(node["entry"]) for node in await ledger_entries(gql)]
    proposed = {e["id"]: e for e in entries if e["entity"] == "match"}

    assert run["status"] == "SUCCEEDED" and len(proposals) == run["proposalsCount"] >= 2
    assert sorted(proposed) == sorted(key_of(p["id"]) for p in proposals)
    donors = {
        world.store_id: key_of(store_pledge["id"]),
        world.enterprise_id: key_of(money_pledge["id"]),
    }
    items = {key_of(i["id"]) for i in need["items"]}
    for proposal in proposals:
        entry = proposed[key_of(proposal["id"])]
        assert (entry["from"], entry["to"], entry["actor_role"]) == (
            None,
            "PROPOSED",
            "MATCHING_ENGINE",
        )
        assert entry["parties"] == [
            key_of(proposal["school"]["id"]),
            key_of(proposal["donor"]["id"]),
        ]
        assert (entry["region"], entry["value_fen"], entry["quantity"]) == (
            proposal["regionCode"],
            int(proposal["valueFen"]),
            int(proposal["itemQuantity"]),
        )
        assert entry["refs"]["need"] == key_of(need["id"])
        assert entry["refs"]["needItem"] in items
        assert entry["refs"]["pledge"] == donors[proposal["donor"]["id"]]
    # Each proposal's transition is in the status history too, once.
    assert await count_rows(db, "status_change") == history_before + len(proposals)


async def test_money_is_proposed_in_whole_items_rounded_up_when_the_pledge_has_enough(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    # 3 x 250 yuan: 7 value units of 100 yuan. The pledge's 800 yuan flow 700 yuan into it,
    # 2.8 items: the pledge has the 50 yuan more for the third, so it is proposed whole.
    await filter_sets_need(gql, world, quantity=3)
    await post_pledge(gql, world.enterprise_admin, money(world.enterprise_id, 80000))
    before = (await rows(db, "pledge"), await rows(db, "need_item"))

    run = await run_to_the_end(gql, world.platform_admin)

    assert run["status"] == "SUCCEEDED"
    proposals = await engine_matches(gql, world.platform_admin, "PROPOSED")
    assert [(p["itemQuantity"], p["pledgeQuantity"], p["valueFen"]) for p in proposals] == [
        (3, 75000, 75000)
    ]
    assert run["proposedValueFen"] == 75000
    assert proposals[0]["score"] == run["objective"] == run["bound"]
    assert (await rows(db, "pledge"), await rows(db, "need_item")) == before


async def test_money_under_one_whole_item_is_not_proposed_and_the_bound_says_what_was_lost(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    # 250 yuan an item; 200 yuan cannot pay for one, so nothing is proposed, and the objective
    # (what the proposals are worth) stays below the engine's bound.
    await filter_sets_need(gql, world, quantity=1)
    await post_pledge(gql, world.enterprise_admin, money(world.enterprise_id, 20000))
    matches_before = await count_rows(db, "match")

    run = await run_to_the_end(gql, world.platform_admin)

    assert run["status"] == "SUCCEEDED"
    assert (run["proposalsCount"], run["objective"], run["proposedValueFen"]) == (0, 0, 0)
    assert run["bound"] > 0
    assert await count_rows(db, "match") == matches_before


async def test_a_newer_run_supersedes_unanswered_proposals_and_keeps_answered_ones(
    gql: GraphQLClient, world: World
) -> None:
    await post_need(gql, world)
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    first = await finished(
        gql, world.platform_admin, (await start(gql, world.platform_admin))["run"]["id"]
    )
    proposals = await engine_matches(gql, world.platform_admin, "PROPOSED")
    # Goods only: nothing is rounded, so the scores add up to the optimum exactly.
    assert sum(p["score"] for p in proposals) == int(first["objective"]) > 0
    answered = proposals[0]
    result = await gql.data(
        "RespondToMatch", {"input": {"id": answered["id"], "accept": True}}, user=world.principal
    )
    assert result["respondToMatch"]["errors"] == []

    second = await finished(
        gql, world.county_official, (await start(gql, world.county_official))["run"]["id"]
    )

    assert second["status"] == "SUCCEEDED"
    assert second["supersededCount"] == first["proposalsCount"] - 1
    superseded = await engine_matches(gql, world.platform_admin, "SUPERSEDED")
    assert {m["id"] for m in superseded} == {p["id"] for p in proposals[1:]}
    # The answered proposal stays and still holds its units: the new run gave out only the
    # rest of the 3 purifiers, so the waiting proposals never promise more than the pledge.
    still = await engine_matches(gql, world.platform_admin, "PROPOSED")
    assert answered["id"] in {m["id"] for m in still}
    assert len(still) == second["proposalsCount"] + 1
    assert sum(int(m["pledgeQuantity"]) for m in still) == 3


async def test_a_run_does_not_offer_again_what_a_pledge_offers_in_another_region(
    gql: GraphQLClient, world: World
) -> None:
    # A national pledge of 5,000 yuan; filter sets of 250 yuan: 8 at the school in Feicheng,
    # 40 (10,000 yuan) at the school in Sanjiang, Guangxi.
    await filter_sets_need(gql, world, 8)
    await filter_sets_need(gql, world, 40, in_sanjiang=True)
    await post_pledge(gql, world.enterprise_admin, money(world.enterprise_id, 500000))

    async def offered() -> dict[str, int]:
        """What the pledge's unanswered engine proposals offer, in fen, by region."""
        by_region: dict[str, int] = {}
        for m in await engine_matches(gql, world.platform_admin, "PROPOSED"):
            by_region[m["regionCode"]] = by_region.get(m["regionCode"], 0) + m["pledgeQuantity"]
        return by_region

    feicheng = await finished(
        gql, world.county_official, (await start(gql, world.county_official))["run"]["id"]
    )
    assert feicheng["status"] == "SUCCEEDED"
    assert await offered() == {FEICHENG: 200000}

    # The county in Guangxi runs next: its run does not replace Feicheng's proposals, so it
    # offers only what the pledge has beyond them.
    sanjiang = await finished(
        gql,
        world.other_county_official,
        (await start(gql, world.other_county_official, region="450226"))["run"]["id"],
    )
    assert sanjiang["status"] == "SUCCEEDED" and sanjiang["supersededCount"] == 0
    assert await offered() == {FEICHENG: 200000, "450226": 300000}

    # Feicheng again: its own earlier proposals give way, and Guangxi's still hold.
    again = await finished(
        gql, world.county_official, (await start(gql, world.county_official))["run"]["id"]
    )
    assert again["supersededCount"] == feicheng["proposalsCount"]
    assert await offered() == {FEICHENG: 200000, "450226": 300000}


async def both_counties_load_first(
    gql: GraphQLClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    sanjiang_waits_for: threading.Event | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Feicheng's run and Sanjiang's, started so that both load before either solves: neither
    sees the other's proposals. With ``sanjiang_waits_for``, Sanjiang's part solves (and so
    stores) only once that is set. Sanjiang's part is the one with its need of 40 sets."""
    both_loaded = threading.Barrier(2, timeout=30)
    solve = runs_service._solve

    def solve_together(instance: Any, *args: Any) -> Any:
        both_loaded.wait()
        sanjiang = any(item.remaining_quantity == 40 for item in instance.items)
        if sanjiang and sanjiang_waits_for is not None:
            assert sanjiang_waits_for.wait(timeout=60)
        return solve(instance, *args)

    monkeypatch.setattr(runs_service, "_solve", solve_together)
    feicheng = await start(gql, world.county_official)
    sanjiang = await start(gql, world.other_county_official, region="450226")
    return feicheng, sanjiang


async def test_runs_over_two_regions_solving_at_once_offer_no_more_than_the_pledge_has(
    gql: GraphQLClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same national pledge of 5,000 yuan as above, wanted by both counties (2,000 yuan in
    # Feicheng, 10,000 in Sanjiang); this time both runs load before either solves, so neither
    # sees the other's proposals.
    await filter_sets_need(gql, world, 8)
    await filter_sets_need(gql, world, 40, in_sanjiang=True)
    await post_pledge(gql, world.enterprise_admin, money(world.enterprise_id, 500000))

    feicheng, sanjiang = await both_counties_load_first(gql, world, monkeypatch)
    done = [
        await finished(gql, world.county_official, feicheng["run"]["id"]),
        await finished(gql, world.other_county_official, sanjiang["run"]["id"]),
    ]
    assert [run["status"] for run in done] == ["SUCCEEDED", "SUCCEEDED"]

    offered: dict[str, int] = {}
    for m in await engine_matches(gql, world.platform_admin, "PROPOSED"):
        offered[m["regionCode"]] = offered.get(m["regionCode"], 0) + m["pledgeQuantity"]
    # Each would have offered what it wanted up to 5,000 yuan (7,000 in all); the part stored
    # second leaves out what no longer fits beside the first's proposals.
    assert sum(offered.values()) <= 500000
    assert offered in ({FEICHENG: 200000}, {"450226": 500000})
    assert sum(run["proposalsCount"] for run in done) == 1


async def test_co_funding_is_left_out_with_the_money_it_matched_when_that_no_longer_fits(
    gql: GraphQLClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The store's 5,000 yuan, matched 1:1 by the enterprise, wanted by both counties (2,000
    # yuan of filter sets in Feicheng, 10,000 in Sanjiang). Both runs load before either
    # solves; Sanjiang's part stores only once Feicheng's run has ended.
    await filter_sets_need(gql, world, 8)
    await filter_sets_need(gql, world, 40, in_sanjiang=True)
    await post_pledge(gql, world.store_admin, money(world.store_id, 500000))
    offer = {
        "partyId": world.enterprise_id,
        "kind": "CO_FUNDING",
        "title": "1:1 配捐",
        "amountFen": 1000000,
        "coFundingRatioPercent": 100,
        "coFundingPartyKinds": ["SPECIALTY_STORE"],
    }
    await post_pledge(gql, world.enterprise_admin, offer)

    feicheng_ended = threading.Event()
    feicheng, sanjiang = await both_counties_load_first(gql, world, monkeypatch, feicheng_ended)
    first = await finished(gql, world.county_official, feicheng["run"]["id"])
    feicheng_ended.set()
    second = await finished(gql, world.other_county_official, sanjiang["run"]["id"])
    assert [first["status"], second["status"]] == ["SUCCEEDED", "SUCCEEDED"]

    proposals = await engine_matches(gql, world.platform_admin, "PROPOSED")
    store = {
        m["regionCode"]: m["pledgeQuantity"]
        for m in proposals
        if m["donor"]["id"] == world.store_id
    }
    # Sanjiang would have taken all of the store's money, and the same again from the offer;
    # beside Feicheng's proposals the money no longer fits, and the co-funding goes with it.
    assert store == {FEICHENG: store[FEICHENG]} and 0 < store[FEICHENG] <= 200000
    assert {m["regionCode"] for m in proposals} == {FEICHENG}
    assert second["proposalsCount"] == 0


async def test_a_pairing_declined_or_rejected_is_not_proposed_again(
    gql: GraphQLClient, world: World
) -> None:
    need = await post_need(gql, world)
    filters = need["items"][1]["id"]
    offer = await post_pledge(gql, world.store_admin, money(world.store_id, 600000))
    # The donor offered purifiers directly; the official rejected that.
    direct = await propose(gql, world, need, offer, 1)
    for operation, variables, user in (
        ("RespondToMatch", {"id": direct["id"], "accept": True}, world.principal),
        (
            "RejectMatch",
            {"id": direct["id"], "reason": "这所学校已有净水器"},
            world.county_official,
        ),
    ):
        answered = await gql.data(operation, {"input": variables}, user=user)
        assert not any(payload["errors"] for payload in answered.values()), answered

    first = await run_to_the_end(gql, world.county_official)
    proposed = await gql.raw(
        "{ matches(first: 10, filter: {status: [PROPOSED]}) "
        "{ edges { node { id origin needItem { id } } } } }",
        user=world.principal,
    )
    # Only the filters: the money would have bought purifiers too.
    [(match_id, origin, item)] = [
        (e["node"]["id"], e["node"]["origin"], e["node"]["needItem"]["id"])
        for e in proposed["data"]["matches"]["edges"]
    ]
    assert (origin, item) == ("ENGINE", filters)
    assert first["proposalsCount"] == 1
    declined = await gql.data(
        "RespondToMatch",
        {"input": {"id": match_id, "accept": False, "reason": "滤芯已由县里配发"}},
        user=world.principal,
    )
    assert declined["respondToMatch"]["errors"] == []

    second = await run_to_the_end(gql, world.county_official)

    assert second["status"] == "SUCCEEDED" and second["proposalsCount"] == 0
    assert await engine_matches(gql, world.principal, "PROPOSED") == []


async def test_goods_that_name_an_item_go_only_to_items_that_name_it_too(
    gql: GraphQLClient, world: World
) -> None:
    # A basketball used to count as a keyboard of the same category: 18 balls "covered"
    # ¥21,600 of keyboards from a pledge worth ¥2,700.
    sports = [
        {"description": d, "category": "SPORTS_ARTS", "quantity": q, "unit": u, "unitValueFen": v}
        for d, q, u, v in (("电子琴", 6, "台", 120000), ("标准篮球（7号）", 10, "个", 15000))
    ]
    need = (
        await post(
            gql, world.principal, water_need(world.school_id, category="SPORTS_ARTS", items=sports)
        )
    )["need"]
    keyboards, balls = need["items"]
    offer = await post_pledge(
        gql,
        world.store_admin,
        pledge(
            world.store_id,
            category="SPORTS_ARTS",
            itemName="篮球",
            quantity=18,
            unit="个",
            unitValueFen=15000,
        ),
    )

    suggested = await gql.data("PledgeSuggestions", {"id": offer["id"]}, user=world.store_admin)
    run = await run_to_the_end(gql, world.county_official)
    proposed = await gql.raw(
        "{ matches(first: 10, filter: {status: [PROPOSED]}) "
        "{ edges { node { itemQuantity valueFen needItem { id } } } } }",
        user=world.principal,
    )

    assert [s["needItem"]["id"] for s in suggested["node"]["suggestions"]] == [balls["id"]]
    assert [
        (e["node"]["needItem"]["id"], e["node"]["itemQuantity"], e["node"]["valueFen"])
        for e in proposed["data"]["matches"]["edges"]
    ] == [(balls["id"], 10, 150000)]
    assert run["proposalsCount"] == 1
    # The keyboards were never within the balls' reach, so no run reports them as short.
    assert keyboards["id"] not in [u["needItem"]["id"] for u in run["unfunded"]]


async def test_a_dry_run_reports_without_storing(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await post_need(gql, world)
    # Goods of the category, no item named: the filters are eligible too, and left unfunded.
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=2, itemName=None))
    matches_before = await count_rows(db, "match")
    started = await start(gql, world.platform_admin, dry_run=True)
    run = await finished(gql, world.platform_admin, started["run"]["id"])
    assert run["status"] == "SUCCEEDED" and run["proposalsCount"] >= 1
    assert await count_rows(db, "match") == matches_before
    # It says which items it would leave unfunded, as a real run does (it listed none).
    assert run["unfundedCount"] >= 1
    assert len(run["unfunded"]) == run["unfundedCount"]


async def test_who_may_start_and_see_runs(gql: GraphQLClient, world: World, db: Database) -> None:
    before = await count_rows(db, "matching_run")
    other = await gql.op(
        "StartMatchingRun", {"input": {"regionCode": FEICHENG}}, user=world.other_county_official
    )
    principal = await gql.op(
        "StartMatchingRun", {"input": {"regionCode": FEICHENG}}, user=world.principal
    )
    anonymous = await gql.op("StartMatchingRun", {"input": {"regionCode": FEICHENG}})
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert principal["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    for bad, code in (("9", "UNKNOWN_REGION"), ("990000", "UNKNOWN_REGION")):
        refused = await start(gql, world.platform_admin, region=bad)
        assert refused["run"] is None and refused["errors"][0]["code"] == code
        assert refused["errors"][0]["field"] == "regionCode"
    assert await count_rows(db, "matching_run") == before

    started = await start(gql, world.county_official)
    run_id = started["run"]["id"]
    await finished(gql, world.county_official, run_id)
    seen = {
        user: [
            e["node"]["id"]
            for e in (await gql.data("MatchingRuns", {"first": 10}, user=user))["matchingRuns"][
                "edges"
            ]
        ]
        for user in (world.provincial_official, world.other_county_official, world.principal)
    }
    assert seen == {
        world.provincial_official: [run_id],
        world.other_county_official: [],
        world.principal: [],
    }
    anonymous_runs = await gql.data("MatchingRuns", {"first": 10})
    assert anonymous_runs["matchingRuns"]["edges"] == []


async def test_suggestions_for_a_new_pledge_are_its_owners_alone(
    gql: GraphQLClient, world: World
) -> None:
    need = await post_need(gql, world)
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))

    mine = await gql.data(
        "PledgeSuggestions", {"id": offer["id"], "first": 3}, user=world.store_admin
    )
    suggestions = mine["node"]["suggestions"]
    assert suggestions, mine
    assert suggestions[0]["need"]["id"] == need["id"]
    assert suggestions[0]["needItem"]["description"] == "直饮水净水器"
    assert int(suggestions[0]["itemQuantity"]) == 3
    assert sum(t["points"] for t in suggestions[0]["explanation"]) == suggestions[0]["score"]
    others = await gql.data("PledgeSuggestions", {"id": offer["id"]}, user=world.principal)
    assert others["node"]["suggestions"] == []
    # A count out of 1 to 20 is refused, naming the bound; it used to return every suggestion.
    for first, bound in ((0, {"minimum": "1"}), (-5, {"minimum": "1"}), (21, {"maximum": "20"})):
        refused = await gql.op(
            "PledgeSuggestions", {"id": offer["id"], "first": first}, user=world.store_admin
        )
        [error] = refused["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first", **bound}


async def test_one_request_has_suggestions_worked_out_for_three_pledges_at_most(
    gql: GraphQLClient, world: World
) -> None:
    """Each pledge's list runs the engine: a page of pledges, or aliases, asking for them all
    would hold the server for seconds."""
    await post_need(gql, world)
    for quantity in (1, 2, 3, 4):
        await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=quantity))
    query = (
        "query ($party: ID!) { pledges(first: 10, filter: {partyId: $party}) "
        "{ edges { node { id suggestions(first: 1) { itemQuantity } } } } }"
    )

    body = await gql.raw(query, {"party": world.store_id}, user=world.store_admin)

    # The list is not nullable, so the error takes the page with it.
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "suggestions",
        "reason": "TOO_MANY",
        "maximum": "3",
    }
    assert "at most 3 pledges a request" in error["message"]
    # Three in one request, as the pledge page asks for one.
    three = await gql.raw(
        query.replace("first: 10", "first: 3"), {"party": world.store_id}, user=world.store_admin
    )
    assert "errors" not in three, three
    assert [len(e["node"]["suggestions"]) for e in three["data"]["pledges"]["edges"]] == [1, 1, 1]


async def test_a_small_money_pledge_is_suggested_items_it_can_buy_whole(
    gql: GraphQLClient, world: World
) -> None:
    need = await post_need(gql, world)  # purifiers at 3,000 yuan, filters at 200 yuan
    small = {"kind": "MONEY", "amountFen": 20000, "category": None, "itemName": None}
    offer = await post_pledge(
        gql,
        world.store_admin,
        pledge(world.store_id, **small, quantity=None, unit=None, unitValueFen=None),
    )
    found = await gql.data(
        "PledgeSuggestions", {"id": offer["id"], "first": 3}, user=world.store_admin
    )
    # 200 yuan went to the purifier, which it cannot buy one of, and the list came back empty.
    assert [
        (s["needItem"]["description"], s["itemQuantity"], s["pledgeQuantity"])
        for s in found["node"]["suggestions"]
    ] == [("滤芯", 1, 20000)]
    assert found["node"]["suggestions"][0]["need"]["id"] == need["id"]


async def capped_pledge_run(
    gql: GraphQLClient, world: World
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The store pledges 10,000 yuan, at most 1,000 a school, to Feicheng, and the county runs
    matching: the pledge and the run's proposals."""
    capped = await post_pledge(
        gql,
        world.store_admin,
        money(world.store_id, 1_000_000, perSchoolCap=100000, restrictRegionCodes=[FEICHENG]),
    )
    run = await run_to_the_end(gql, world.county_official)
    assert run["status"] == "SUCCEEDED", run
    return capped, await engine_matches(gql, world.platform_admin, "PROPOSED")


async def test_capped_money_is_proposed_what_it_can_buy_within_its_cap(
    gql: GraphQLClient, world: World
) -> None:
    # 1,000 yuan at most for the school, which needs 3,000-yuan purifiers and 200-yuan filters:
    # the run sent the money to the purifiers, where it rounded to nothing, and proposed nothing.
    await post_need(gql, world)
    capped, proposed = await capped_pledge_run(gql, world)
    # Five 200-yuan filters: the whole 1,000 yuan the cap allows.
    assert [(p["itemQuantity"], p["pledgeQuantity"]) for p in proposed] == [(5, 100000)], proposed
    found = await gql.data(
        "Matches", {"first": 10, "filter": {"pledgeId": capped["id"]}}, user=world.store_admin
    )
    assert [e["node"]["id"] for e in found["matches"]["edges"]] == [proposed[0]["id"]]


async def test_a_capped_pledges_suggestions_count_its_open_proposals_against_the_cap(
    gql: GraphQLClient, world: World
) -> None:
    await filter_sets_need(gql, world, quantity=20)
    capped, proposed = await capped_pledge_run(gql, world)
    # The run's proposals, unanswered, take the whole 1,000 yuan the school may get.
    assert sum(int(p["pledgeQuantity"]) for p in proposed) == 100000, proposed

    found = await gql.data(
        "PledgeSuggestions", {"id": capped["id"], "first": 5}, user=world.store_admin
    )
    # Each suggestion can be acted on: pledgeToNeed counts the open proposals too, and used
    # to refuse what the suggestions offered (OVER_ALLOCATED).
    for suggestion in found["node"]["suggestions"]:
        taken = await gql.data(
            "PledgeToNeed",
            {
                "input": {
                    "pledgeId": capped["id"],
                    "needItemId": suggestion["needItem"]["id"],
                    "quantity": suggestion["itemQuantity"],
                }
            },
            user=world.store_admin,
        )
        assert taken["pledgeToNeed"]["errors"] == [], taken
    schools = {s["need"]["id"] for s in found["node"]["suggestions"]}
    assert schools == set(), "the only school's cap is taken by the run's proposals"


async def test_bulk_approval_decides_each_match_on_its_own(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = await post_need(gql, world, quantity=4)
    offer = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=5))
    ids = []
    for quantity in (2, 2, 1):
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
        ids.append(made["pledgeToNeed"]["match"]["id"])
        await gql.data(
            "RespondToMatch",
            {"input": {"id": ids[-1], "accept": True}},
            user=world.principal,
        )

    for given, code in [([], "REQUIRED"), ([ids[0]] * 101, "TOO_MANY")]:
        wrong = await gql.data(
            "ApproveMatches", {"input": {"ids": given}}, user=world.county_official
        )
        assert wrong["approveMatches"] == {
            "matches": [],
            "errors": [
                {
                    "field": "ids",
                    "code": code,
                    "message": f"Give 1 to 100 matches; got {len(given)}.",
                }
            ],
        }, wrong
    refused = await gql.data(
        "ApproveMatches", {"input": {"ids": ids}}, user=world.other_county_official
    )
    assert refused["approveMatches"]["matches"] == []
    assert [e["code"] for e in refused["approveMatches"]["errors"]] == ["FORBIDDEN"] * 3

    approval = {"input": {"ids": [*ids, "bm90LWFuLWlk"]}}
    result = (await gql.data("ApproveMatches", approval, user=world.county_official))[
        "approveMatches"
    ]
    # 2 + 2 fill the item of 4: the third no longer fits, so the second approval cancelled it,
    # and its own turn says so.
    assert [m["id"] for m in result["matches"]] == ids[:2]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("ids.2", "STALE"),
        ("ids.3", "INVALID"),
    ]
    assert "CANCELLED (Another match was approved for this item" in result["errors"][0]["message"]
    assert [r["remaining_quantity"] for r in await rows(db, "pledge")] == [1]
    # One that still fits, at another need, for the rejections below.
    other = await post_need(gql, world, quantity=4)
    made = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": offer["id"], "needItemId": other["items"][0]["id"], "quantity": 1}},
        user=world.store_admin,
    )
    ids[2] = made["pledgeToNeed"]["match"]["id"]
    await gql.data(
        "RespondToMatch", {"input": {"id": ids[2], "accept": True}}, user=world.principal
    )

    before = await snapshot(db)
    blank = await gql.data(
        "RejectMatches", {"input": {"ids": ids, "reason": "  "}}, user=world.county_official
    )
    # One error for the one reason, not one per match.
    assert blank["rejectMatches"]["matches"] == []
    assert [(e["field"], e["code"]) for e in blank["rejectMatches"]["errors"]] == [
        ("reason", "REQUIRED")
    ]
    assert await snapshot(db) == before

    rejected = await gql.data(
        "RejectMatches",
        {"input": {"ids": [ids[0], ids[2]], "reason": "数量已满"}},
        user=world.county_official,
    )
    assert [m["id"] for m in rejected["rejectMatches"]["matches"]] == [ids[2]]
    assert rejected["rejectMatches"]["matches"][0]["status"] == "REJECTED"
    assert rejected["rejectMatches"]["matches"][0]["reason"] == "数量已满"
    # The approved one cannot be rejected: the error says which entry of the list it was.
    assert rejected["rejectMatches"]["errors"] == [
        {
            "field": "ids.0",
            "code": "INVALID_TRANSITION",
            "message": "A match that is approved cannot become rejected.",
        }
    ]


async def progress_messages(app: Any, user: int, run_id: str) -> list[dict[str, Any]]:
    """What ``matchingRunProgress`` sends ``user`` over graphql-transport-ws, until it
    completes."""
    transport = websocket_transport(app)
    headers = {TEST_USER_HEADER: str(user)}
    messages: list[dict[str, Any]] = []
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        aconnect_ws(
            "/graphql", client, subprotocols=["graphql-transport-ws"], headers=headers
        ) as ws,
    ):
        await ws.send_json({"type": "connection_init"})
        assert (await ws.receive_json())["type"] == "connection_ack"
        payload = {"query": OPERATIONS["MatchingRunProgress"], "variables": {"runId": run_id}}
        await ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        while (message := await asyncio.wait_for(ws.receive_json(), timeout=30))["type"] != (
            "complete"
        ):
            messages.append(message)
    return messages


async def test_progress_streams_over_a_subscription(
    app: Any, gql: GraphQLClient, world: World
) -> None:
    await post_need(gql, world)
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    started = await start(gql, world.county_official)
    run_id = started["run"]["id"]
    messages = await progress_messages(app, world.county_official, run_id)
    assert all(m["type"] == "next" for m in messages), messages
    seen = [m["payload"]["data"]["matchingRunProgress"] for m in messages]
    assert seen[-1]["status"] == "SUCCEEDED" and seen[-1]["progress"] == 100
    assert [s["progress"] for s in seen] == sorted(s["progress"] for s in seen)


async def test_progress_of_a_run_one_may_not_see_is_refused_with_a_code(
    app: Any, gql: GraphQLClient, world: World
) -> None:
    await post_need(gql, world)
    run = await run_to_the_end(gql, world.county_official)
    answers = [
        (await progress_messages(app, user, run_id))[0]
        for user, run_id in (
            (world.other_county_official, run["id"]),  # another county's official
            (world.county_official, "garbage"),
        )
    ]
    # Over HTTP these carried a code; over the websocket they came bare.
    [forbidden], [malformed] = (a["payload"]["errors"] for a in answers)
    assert forbidden["extensions"] == {"code": "FORBIDDEN"}
    assert malformed["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "runId",
        "reason": "INVALID",
    }


def worker_process(settings: Settings, redis_url: str, queue: str) -> subprocess.Popen[str]:
    """`ecosystem worker` in a process of its own, reading ``queue``; its output in a pipe."""
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": redis_url,
        "JOB_QUEUE": queue,
        "ENVIRONMENT": "test",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "ecosystem.cli", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="needs a real Redis (TEST_REDIS_URL)"
)
async def test_a_run_goes_through_the_worker_process_on_real_redis(
    settings: Settings, world: World
) -> None:
    """The API queues the run on a Redis stream; `ecosystem worker`, another process, runs it."""
    queue = f"hope:test-jobs:{uuid.uuid4().hex}"
    api_settings = settings.model_copy(update={"job_queue": queue, "worker_in_process": False})
    api = create_app(api_settings, authenticate=authenticate_from_test_header)
    worker = worker_process(settings, os.environ["TEST_REDIS_URL"], queue)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=api), base_url="http://testserver"
        ) as http:
            client = GraphQLClient(http)
            await post_need(client, world)
            await post_pledge(client, world.store_admin, pledge(world.store_id, quantity=3))
            started = await start(client, world.platform_admin)
            run = await finished(client, world.platform_admin, started["run"]["id"])
            assert run["status"] == "SUCCEEDED" and run["proposalsCount"] >= 1
            proposals = await engine_matches(client, world.platform_admin, "PROPOSED")
            assert len(proposals) == run["proposalsCount"]
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=20)
        await api.state.jobs.stop()
        await api.state.redis.aclose()
        await api.state.db.dispose()
    assert "Worker reading" in output, output


async def test_of_two_overlapping_runs_started_at_once_one_is_queued(
    settings: Settings, gql: GraphQLClient, world: World, db: Database
) -> None:
    # Both read no run over the region and both were queued (two servers, the same moment).
    # A start now holds the province while it checks and queues: here another start over
    # Tai'an holds it, and the county's start waits, then finds that run.
    if make_url(settings.database_url).get_backend_name() != "postgresql":
        pytest.skip("needs PostgreSQL, where two writing transactions run at once")
    from ecosystem.runs.models import MatchingRun, RunStatus

    async with db.transaction() as session:
        await session.execute(text("SELECT code FROM region WHERE code = '37' FOR NO KEY UPDATE"))
        county = asyncio.ensure_future(start(gql, world.county_official))
        await asyncio.sleep(0.5)
        assert not county.done(), "the start did not wait for the province"
        session.add(
            MatchingRun(
                region_code="3709",
                dry_run=True,
                status=RunStatus.QUEUED,
                requested_by_user_id=world.platform_admin,
            )
        )
    refused = await county
    assert refused["run"] is None
    assert refused["errors"][0]["code"] == "STALE"
    assert "has not finished yet" in refused["errors"][0]["message"]


@pytest.mark.parametrize(
    "left",
    [
        # A dead worker left it RUNNING two hours ago, with one of its two parts stored.
        "status = 'RUNNING', stage = 'solving', parts_total = 2, parts_done = 1, "
        "started_at = :long_ago",
        # Asked for two hours ago and never started: its job went with a Redis that restarted.
        "status = 'QUEUED', stage = 'queued', started_at = NULL, created_at = :long_ago",
    ],
    ids=["worker died", "job lost while queued"],
)
async def test_a_run_that_can_no_longer_finish_is_failed_and_frees_its_region(
    app: Any, gql: GraphQLClient, world: World, db: Database, left: str
) -> None:
    await post_need(gql, world)
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    first = await finished(
        gql, world.county_official, (await start(gql, world.county_official))["run"]["id"]
    )
    async with db.transaction() as session:
        await session.execute(
            text(f"UPDATE matching_run SET finished_at = NULL, {left}"),
            {"long_ago": datetime.now(UTC) - timedelta(hours=2)},
        )
    blocked = await start(gql, world.county_official)
    assert blocked["errors"][0]["code"] == "STALE"
    proposed = await engine_matches(gql, world.platform_admin, "PROPOSED")

    stale = next(t for t in app.state.scheduler.tasks if t.name == "stale-matching-runs")
    await stale.run()

    runs = await gql.data("MatchingRuns", {"first": 5}, user=world.county_official)
    failed = runs["matchingRuns"]["edges"][0]["node"]
    assert failed["id"] == first["id"] and failed["status"] == "FAILED"
    assert (failed["failure"], failed["error"]) == (
        "TIMED_OUT",
        "The run did not finish in time; start it again.",
    )
    # Its unanswered proposals are withdrawn; the region is free again.
    assert await engine_matches(gql, world.platform_admin, "PROPOSED") == []
    assert {m["id"] for m in await engine_matches(gql, world.platform_admin, "CANCELLED")} == {
        m["id"] for m in proposed
    }
    again = await start(gql, world.county_official)
    assert again["errors"] == []
    await finished(gql, world.county_official, again["run"]["id"])


async def test_a_run_its_last_part_finishes_while_the_timeout_fails_it_stays_succeeded(
    app: Any, gql: GraphQLClient, world: World, db: Database
) -> None:
    await post_need(gql, world)
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    run = await finished(
        gql, world.county_official, (await start(gql, world.county_official))["run"]["id"]
    )
    proposed = await engine_matches(gql, world.platform_admin, "PROPOSED")
    assert proposed
    # Its last part is storing, two hours after the run started: the timeout finds it RUNNING.
    async with db.transaction() as session:
        await session.execute(
            text(
                "UPDATE matching_run SET status = 'RUNNING', stage = 'solving', "
                "finished_at = NULL, started_at = :long_ago"
            ),
            {"long_ago": datetime.now(UTC) - timedelta(hours=2)},
        )
    stale = next(t for t in app.state.scheduler.tasks if t.name == "stale-matching-runs")
    async with db.transaction() as session:
        await session.execute(
            text(
                "UPDATE matching_run SET status = 'SUCCEEDED', stage = 'done', finished_at = :now"
            ),
            {"now": datetime.now(UTC)},
        )
        timeout = asyncio.create_task(stale.run())
        await asyncio.sleep(1.0)  # it reads the run as RUNNING and waits for the part's commit
    await timeout

    runs = await gql.data("MatchingRuns", {"first": 5}, user=world.county_official)
    after = runs["matchingRuns"]["edges"][0]["node"]
    assert after["id"] == run["id"] and after["status"] == "SUCCEEDED" and not after["error"]
    assert await engine_matches(gql, world.platform_admin, "PROPOSED") == proposed
    assert await engine_matches(gql, world.platform_admin, "CANCELLED") == []


async def test_runs_the_embedded_server_left_unfinished_are_failed_when_it_starts_again(
    settings: Settings, world: World, db: Database
) -> None:
    # On the embedded default the job queue lives in the server's memory: a run it had not
    # finished when it stopped (a crash, a restart) can never finish, and blocked its region.
    embedded = settings.model_copy(update={"redis_url": None, "worker_in_process": None})
    before = create_app(embedded, authenticate=authenticate_from_test_header)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=before), base_url="http://testserver"
    ) as http:
        client = GraphQLClient(http)
        await post_need(client, world)
        await post_pledge(client, world.store_admin, pledge(world.store_id, quantity=3))
        done = await finished(
            client, world.county_official, (await start(client, world.county_official))["run"]["id"]
        )
        proposed = await engine_matches(client, world.platform_admin, "PROPOSED")
    await before.state.redis.aclose()
    await before.state.db.dispose()
    async with db.transaction() as session:
        await session.execute(
            text(
                "UPDATE matching_run SET status = 'RUNNING', stage = 'solving', "
                "parts_total = 2, parts_done = 1, finished_at = NULL"
            )
        )

    after = create_app(embedded, authenticate=authenticate_from_test_header)
    async with (
        after.router.lifespan_context(after),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=after), base_url="http://testserver"
        ) as http,
    ):
        client = GraphQLClient(http)
        runs = await client.data("MatchingRuns", {"first": 5}, user=world.county_official)
        withdrawn = await engine_matches(client, world.platform_admin, "CANCELLED")
        again = await start(client, world.county_official)
        rerun = await finished(client, world.county_official, again["run"]["id"])

    failed = runs["matchingRuns"]["edges"][0]["node"]
    assert (failed["id"], failed["status"]) == (done["id"], "FAILED")
    assert failed["error"] == "The server restarted before the run finished; start the run again."
    assert failed["failure"] == "RESTARTED"
    assert proposed and {m["id"] for m in withdrawn} == {m["id"] for m in proposed}
    assert again["errors"] == [] and rerun["status"] == "SUCCEEDED"


async def test_a_part_too_large_to_solve_fails_the_run_saying_so_and_stores_nothing(
    app: Any, gql: GraphQLClient, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await post_need(gql, world)
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    matches_before = await rows(db, "match")
    # MATCHING_MAX_ARCS, as the worker holds it: far below what this part needs.
    monkeypatch.setattr(app.state.jobs.runner, "max_arcs", 3)

    started = await start(gql, world.county_official)
    run = await finished(gql, world.county_official, started["run"]["id"])

    assert run["status"] == "FAILED"
    assert "more than 3 arcs" in run["error"] and "smaller regions" in run["error"]
    assert run["failure"] == "TOO_LARGE"
    assert run["proposalsCount"] == 0
    assert await rows(db, "match") == matches_before
    # The region is free again, and with room the same run succeeds.
    monkeypatch.setattr(app.state.jobs.runner, "max_arcs", 1_000_000)
    again = await start(gql, world.county_official)
    assert again["errors"] == []
    done = await finished(gql, world.county_official, again["run"]["id"])
    assert done["status"] == "SUCCEEDED" and done["proposalsCount"] >= 1


async def test_an_item_a_run_left_unfunded_can_still_be_removed_from_its_need(
    gql: GraphQLClient, world: World
) -> None:
    # The run's list of unfunded items named it, and removing it failed as an unexpected error.
    need = await post_need(gql, world)
    # Goods of the category, no item named: the filters are eligible, and left unfunded.
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3, itemName=None))
    run = await finished(
        gql, world.county_official, (await start(gql, world.county_official))["run"]["id"]
    )
    purifiers, filters = need["items"]
    assert [u["needItem"]["id"] for u in run["unfunded"]] == [filters["id"]]
    # A count out of 1 to 100 is refused naming the bound (it was quietly clamped).
    for first, bound in ((0, {"minimum": "1"}), (101, {"maximum": "100"})):
        refused = await gql.raw(
            "query ($id: ID!, $first: Int!) { node(id: $id) { ... on MatchingRun "
            "{ unfunded(first: $first) { pointsShort } } } }",
            {"id": run["id"], "first": first},
            user=world.county_official,
        )
        [error] = refused["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first", **bound}
    fields = ("id", "description", "category", "quantity", "unit", "unitValueFen")

    updated = await gql.data(
        "UpdateNeed",
        {"input": {"id": need["id"], "items": [{k: purifiers[k] for k in fields}]}},
        user=world.principal,
    )

    assert updated["updateNeed"]["errors"] == []
    assert [i["id"] for i in updated["updateNeed"]["need"]["items"]] == [purifiers["id"]]
    runs = await gql.data("MatchingRuns", {"first": 5}, user=world.county_official)
    assert runs["matchingRuns"]["edges"][0]["node"]["unfunded"] == []


async def test_offers_at_once_from_a_capped_pledge_never_give_a_school_more_than_its_cap(
    gql: GraphQLClient, world: World
) -> None:
    purifiers = water_need(world.school_id, items=[water_need(world.school_id)["items"][0]])
    for _ in range(3):
        posted = await gql.data("PostNeed", {"input": purifiers}, user=world.principal)
        need = posted["postNeed"]["need"]  # 4 purifiers
        capped = (
            await gql.data(
                "PostPledge",
                {"input": pledge(world.store_id, quantity=10, perSchoolCap=3)},
                user=world.store_admin,
            )
        )["postPledge"]["pledge"]
        offer = {"pledgeId": capped["id"], "needItemId": need["items"][0]["id"], "quantity": 2}
        # Each offer is within the cap, no two are. Made at once on PostgreSQL, each used to
        # read none of the others and all went through; an offer now holds the pledge's row.
        made = await asyncio.gather(
            *(gql.data("PledgeToNeed", {"input": offer}, user=world.store_admin) for _ in range(6))
        )
        [match] = [m["pledgeToNeed"]["match"] for m in made if m["pledgeToNeed"]["match"]]
        refused = [e["code"] for m in made for e in m["pledgeToNeed"]["errors"]]
        assert refused == ["OVER_ALLOCATED"] * 5

        await gql.data(
            "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
        )
        decided = await gql.data(
            "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
        )
        assert decided["approveMatch"]["errors"] == []
        node = await gql.data("Node", {"id": capped["id"]})
        assert node["node"]["remainingQuantity"] == 8


async def test_a_pledge_never_gives_one_school_more_than_its_cap(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    purifiers = water_need(world.school_id, items=[water_need(world.school_id)["items"][0]])
    posted = await gql.data("PostNeed", {"input": purifiers}, user=world.principal)
    need = posted["postNeed"]["need"]
    capped = (
        await gql.data(
            "PostPledge",
            {"input": pledge(world.store_id, quantity=10, perSchoolCap=3)},
            user=world.store_admin,
        )
    )["postPledge"]["pledge"]
    first = await propose(gql, world, need, capped, 3)
    before = await snapshot(db)
    # Each match alone is within the cap; together they were not, and both went through.
    second = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": capped["id"], "needItemId": need["items"][0]["id"], "quantity": 1}},
        user=world.store_admin,
    )
    assert [(e["field"], e["code"]) for e in second["pledgeToNeed"]["errors"]] == [
        ("quantity", "OVER_ALLOCATED")
    ]
    assert "at most 3" in second["pledgeToNeed"]["errors"][0]["message"]
    assert await snapshot(db) == before

    # A run counts what the pledge holds at the school already: it proposes no more of the
    # pledge there (it proposed the last purifier from it, and the approval was refused).
    await gql.data(
        "RespondToMatch", {"input": {"id": first["id"], "accept": True}}, user=world.principal
    )
    run = await run_to_the_end(gql, world.county_official)
    assert run["status"] == "SUCCEEDED"
    found = await gql.data(
        "Matches",
        {"first": 10, "filter": {"status": ["PROPOSED"], "pledgeId": capped["id"]}},
        user=world.platform_admin,
    )
    assert [e["node"]["origin"] for e in found["matches"]["edges"]] == []
    approved = await gql.data(
        "ApproveMatch", {"input": {"id": first["id"]}}, user=world.county_official
    )
    assert approved["approveMatch"]["errors"] == []
    node = await gql.data("Node", {"id": capped["id"]})
    assert node["node"]["remainingQuantity"] == 7


async def accepted_and_approved(
    gql: GraphQLClient, world: World, proposals: list[dict[str, Any]], donors: dict[str, int]
) -> list[dict[str, Any]]:
    """Each proposal accepted by the school and its donor (``donors``: party id -> user), then
    approved by the county's official: the approvals' answers."""
    decided = []
    for proposal in proposals:
        for user in (world.principal, donors[proposal["donor"]["id"]]):
            answer = await gql.data(
                "RespondToMatch", {"input": {"id": proposal["id"], "accept": True}}, user=user
            )
            assert answer["respondToMatch"]["errors"] == [], answer
        approval = await gql.data(
            "ApproveMatch", {"input": {"id": proposal["id"]}}, user=world.county_official
        )
        decided.append(approval["approveMatch"])
    return decided


async def test_a_co_funding_offer_keeps_to_its_cap_at_each_school(
    gql: GraphQLClient, world: World
) -> None:
    await filter_sets_need(gql, world, quantity=20)  # ¥5,000
    await post_pledge(gql, world.store_admin, money(world.store_id, 300000))
    offer = {
        "partyId": world.enterprise_id,
        "kind": "CO_FUNDING",
        "title": "1:1 配捐，每校至多 500 元",
        "amountFen": 300000,
        "coFundingRatioPercent": 100,
        "coFundingPartyKinds": ["SPECIALTY_STORE"],
        "perSchoolCap": 50000,
    }
    await post_pledge(gql, world.enterprise_admin, offer)
    run = await run_to_the_end(gql, world.platform_admin)
    assert run["status"] == "SUCCEEDED", run
    proposals = await engine_matches(gql, world.platform_admin, "PROPOSED")
    offered = [p for p in proposals if p["donor"]["id"] == world.enterprise_id]
    # ¥3,000 of the store's money would be matched ¥2,000 (what the need still lacks); the
    # cap at the school is ¥500: two sets.
    assert sum(int(p["pledgeQuantity"]) for p in offered) == 50000, offered
    donors = {world.store_id: world.store_admin, world.enterprise_id: world.enterprise_admin}
    decided = await accepted_and_approved(gql, world, proposals, donors)
    assert [d["errors"] for d in decided] == [[] for _ in proposals]

    # What the offer gave the school counts against its cap in the next run: more money
    # brings no more co-funding to this school.
    await post_pledge(gql, world.store_admin, money(world.store_id, 300000))
    run = await run_to_the_end(gql, world.platform_admin)
    assert run["status"] == "SUCCEEDED", run
    again = await engine_matches(gql, world.platform_admin, "PROPOSED")
    assert [p for p in again if p["donor"]["id"] == world.enterprise_id] == []
    assert [p for p in again if p["donor"]["id"] == world.store_id] != []


async def test_co_funding_a_run_proposes_is_approved_with_the_money_it_matches(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await post_need(gql, world, quantity=2)
    await post_pledge(gql, world.store_admin, money(world.store_id, 300000))
    offer = {
        "partyId": world.enterprise_id,
        "kind": "CO_FUNDING",
        "title": "1:1 配捐",
        "amountFen": 300000,
        "coFundingRatioPercent": 100,
        "coFundingPartyKinds": ["SPECIALTY_STORE"],
        "restrictRegionCodes": [FEICHENG],
    }
    await post_pledge(gql, world.enterprise_admin, offer)
    run = await run_to_the_end(gql, world.platform_admin)
    assert run["status"] == "SUCCEEDED", run
    proposals = await engine_matches(gql, world.platform_admin, "PROPOSED")
    donors = {p["donor"]["id"]: world.store_admin for p in proposals}
    assert world.enterprise_id in donors, "the run proposed no co-funding"
    donors[world.enterprise_id] = world.enterprise_admin

    decided = await accepted_and_approved(gql, world, proposals, donors)

    assert [d["errors"] for d in decided] == [[] for _ in proposals]
    assert {d["match"]["status"] for d in decided} == {"APPROVED"}
    # The offer's money fell by what its approved match took.
    async with db.read() as session:
        left = await session.scalar(
            text("SELECT remaining_quantity FROM pledge WHERE kind = 'CO_FUNDING'")
        )
    taken = sum(
        int(p["pledgeQuantity"]) for p in proposals if p["donor"]["id"] == world.enterprise_id
    )
    assert taken > 0 and left == 300000 - taken


async def test_a_need_cancelled_or_a_pledge_withdrawn_while_a_run_solves_gets_no_proposal(
    gql: GraphQLClient, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecosystem.runs import service as runs

    cancelled = await post_need(gql, world)
    kept = await post_need(gql, world)
    await post_pledge(gql, world.enterprise_admin, money(world.enterprise_id, 2_000_000))
    withdrawn = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    solving, go_on = asyncio.Event(), threading.Event()
    loop = asyncio.get_running_loop()
    solve = runs._solve

    def paused(*args: Any) -> Any:
        # The real solver, held after it has the run's instance: the window a large region
        # leaves open for minutes.
        loop.call_soon_threadsafe(solving.set)
        go_on.wait(timeout=30)
        return solve(*args)

    monkeypatch.setattr(runs, "_solve", paused)
    started = await start(gql, world.platform_admin)
    await asyncio.wait_for(solving.wait(), timeout=30)
    cancel = await gql.data("CancelNeed", {"input": {"id": cancelled["id"]}}, user=world.principal)
    withdraw = await gql.data(
        "WithdrawPledge", {"input": {"id": withdrawn["id"]}}, user=world.store_admin
    )
    go_on.set()
    run = await finished(gql, world.platform_admin, started["run"]["id"])

    assert cancel["cancelNeed"]["errors"] == [] and withdraw["withdrawPledge"]["errors"] == []
    assert run["status"] == "SUCCEEDED", run
    found = {}
    for name, by in [
        ("cancelled", {"needId": cancelled["id"]}),
        ("kept", {"needId": kept["id"]}),
        ("withdrawn", {"pledgeId": withdrawn["id"]}),
    ]:
        listed = await gql.data(
            "Matches",
            {"first": 100, "filter": {**by, "status": ["PROPOSED"]}},
            user=world.platform_admin,
        )
        found[name] = len(listed["matches"]["edges"])
    assert found == {"cancelled": 0, "kept": run["proposalsCount"], "withdrawn": 0}
    assert run["proposalsCount"] > 0


async def test_a_run_counts_only_the_pledges_that_may_serve_its_needs(
    gql: GraphQLClient, world: World
) -> None:
    await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
    await post_pledge(gql, world.enterprise_admin, money(world.enterprise_id, 500000))
    # Money for Tai'an's Taishan district, where no school waits for anything.
    await post_pledge(
        gql,
        world.enterprise_admin,
        money(world.enterprise_id, 800000, restrictRegionCodes=["370902"]),
    )

    # No open needs: the run weighs no pledge at all (it counted every free one).
    idle = await run_to_the_end(gql, world.county_official)
    assert idle["status"] == "SUCCEEDED", idle
    assert (idle["needsCount"], idle["itemsCount"], idle["pledgesCount"]) == (0, 0, 0)
    assert (idle["schoolsCount"], idle["proposalsCount"]) == (0, 0)

    # A need in Feicheng: the store's goods and the unrestricted money may serve it; the money
    # kept for Taishan cannot, although Shandong's run loads it.
    await post_need(gql, world)
    started = await start(gql, world.provincial_official, region="37")
    run = await finished(gql, world.provincial_official, started["run"]["id"])
    assert run["status"] == "SUCCEEDED", run
    assert (run["needsCount"], run["itemsCount"], run["pledgesCount"]) == (1, 2, 2)
    assert run["proposalsCount"] >= 2


async def test_a_run_gives_services_to_items_counted_in_time_and_goods_to_things(
    gql: GraphQLClient, world: World
) -> None:
    things = await post_need(gql, world)
    upkeep = (await post(gql, world.principal, upkeep_need(world.school_id)))["need"]
    hours = volunteer_hours(world.store_id, unit_value_fen=10000)
    volunteers = await post_pledge(gql, world.store_admin, hours)
    goods = await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))

    run = await run_to_the_end(gql, world.platform_admin)

    assert run["status"] == "SUCCEEDED", run
    found = {}
    for offer_name, offer in (("volunteers", volunteers), ("goods", goods)):
        for need_name, need in (("upkeep", upkeep), ("things", things)):
            listed = await gql.data(
                "Matches",
                {"first": 100, "filter": {"pledgeId": offer["id"], "needId": need["id"]}},
                user=world.platform_admin,
            )
            found[offer_name, need_name] = len(listed["matches"]["edges"])
    assert found[("volunteers", "things")] == found[("goods", "upkeep")] == 0
    assert found[("volunteers", "upkeep")] > 0 and found[("goods", "things")] > 0


async def test_a_run_proposes_volunteers_who_put_no_price_on_their_time(
    gql: GraphQLClient, world: World
) -> None:
    upkeep = (await post(gql, world.principal, upkeep_need(world.school_id)))["need"]
    volunteers = await post_pledge(gql, world.store_admin, volunteer_hours(world.store_id))
    assert volunteers["unitValueFen"] in (0, "0")
    suggested = await gql.data(
        "PledgeSuggestions", {"id": volunteers["id"]}, user=world.store_admin
    )

    run = await run_to_the_end(gql, world.platform_admin)

    assert run["status"] == "SUCCEEDED", run
    listed = await gql.data(
        "Matches",
        {"first": 10, "filter": {"pledgeId": volunteers["id"], "needId": upkeep["id"]}},
        user=world.platform_admin,
    )
    [match] = [edge["node"] for edge in listed["matches"]["edges"]]
    # All four visits the school asked for, of the twenty hours offered, valued as the school
    # values a visit (200 yuan), whatever the engine weighed an hour at.
    assert (match["origin"], match["status"]) == ("ENGINE", "PROPOSED")
    assert (int(match["itemQuantity"]), int(match["pledgeQuantity"])) == (4, 4)
    assert int(match["valueFen"]) == 4 * 20000
    assert [
        (s["need"]["id"], int(s["itemQuantity"]), int(s["valueFen"]))
        for s in suggested["node"]["suggestions"]
    ] == [(upkeep["id"], 4, 4 * 20000)]
