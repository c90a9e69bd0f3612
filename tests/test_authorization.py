"""Every mutation for every role: allowed, or refused as designed, with nothing written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import GraphQLClient, World, snapshot
from test_bad_input import pledge
from test_needs import water_need

from ecosystem.database import Database

ROLES = [
    "anonymous",
    "principal",
    "other_principal",
    "store_admin",
    "enterprise_admin",
    "county_official",
    "other_county_official",
    "provincial_official",
    "platform_admin",
]


@dataclass(frozen=True)
class Case:
    """A mutation, how to build its input for a world, and the roles allowed to run it."""

    operation: str
    build: Callable[[GraphQLClient, World], Awaitable[dict[str, Any]]]
    allowed: frozenset[str]


async def _need_id(gql: GraphQLClient, world: World) -> str:
    posted = await gql.data(
        "PostNeed", {"input": water_need(world.school_id)}, user=world.principal
    )
    return str(posted["postNeed"]["need"]["id"])


async def _pledge_id(gql: GraphQLClient, world: World) -> str:
    posted = await gql.data("PostPledge", {"input": pledge(world.store_id)}, user=world.store_admin)
    return str(posted["postPledge"]["pledge"]["id"])


async def _post_need(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return water_need(world.school_id)


async def _update_need(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return {"id": await _need_id(gql, world), "title": "改过的标题"}


async def _cancel_need(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return {"id": await _need_id(gql, world), "reason": "测试"}


async def _post_pledge(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return pledge(world.store_id)


async def _withdraw_pledge(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return {"id": await _pledge_id(gql, world)}


async def _verify_store(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return {"partyId": world.store_id}


async def _invite_to_store(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return {"partyId": world.store_id, "email": "new.admin@example.org", "role": "DONOR_ADMIN"}


async def _proposal(gql: GraphQLClient, world: World, *, accepted: bool) -> str:
    need = await gql.data("PostNeed", {"input": water_need(world.school_id)}, user=world.principal)
    item = need["postNeed"]["need"]["items"][0]["id"]
    pledge_id = await _pledge_id(gql, world)
    proposed = await gql.data(
        "PledgeToNeed",
        {"input": {"pledgeId": pledge_id, "needItemId": item, "quantity": 1}},
        user=world.store_admin,
    )
    match_id = str(proposed["pledgeToNeed"]["match"]["id"])
    if accepted:
        await gql.data(
            "RespondToMatch", {"input": {"id": match_id, "accept": True}}, user=world.principal
        )
    return match_id


async def _pledge_to_need(gql: GraphQLClient, world: World) -> dict[str, Any]:
    need = await gql.data("PostNeed", {"input": water_need(world.school_id)}, user=world.principal)
    item = need["postNeed"]["need"]["items"][0]["id"]
    return {"pledgeId": await _pledge_id(gql, world), "needItemId": item, "quantity": 1}


async def _respond(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return {"id": await _proposal(gql, world, accepted=False), "accept": True}


async def _approve(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return {"id": await _proposal(gql, world, accepted=True)}


async def _reject(gql: GraphQLClient, world: World) -> dict[str, Any]:
    return {"id": await _proposal(gql, world, accepted=True), "reason": "不符合本县安排"}


OFFICIALS_OVER_FEICHENG = frozenset({"county_official", "provincial_official"})

CASES = [
    Case("PostNeed", _post_need, frozenset({"principal"})),
    Case("UpdateNeed", _update_need, frozenset({"principal"})),
    Case("CancelNeed", _cancel_need, frozenset({"principal"})),
    Case("PostPledge", _post_pledge, frozenset({"store_admin"})),
    Case("WithdrawPledge", _withdraw_pledge, frozenset({"store_admin"})),
    # The store is in Feicheng (370983): its county and its province govern it, Sanjiang does not.
    Case("VerifyParty", _verify_store, OFFICIALS_OVER_FEICHENG),
    Case("InviteMember", _invite_to_store, frozenset({"store_admin", "platform_admin"})),
    Case("PledgeToNeed", _pledge_to_need, frozenset({"store_admin"})),
    # The school answers a proposal, and so may the donor (whose proposal it is).
    Case("RespondToMatch", _respond, frozenset({"principal", "store_admin"})),
    Case("ApproveMatch", _approve, OFFICIALS_OVER_FEICHENG),
    Case("RejectMatch", _reject, OFFICIALS_OVER_FEICHENG),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.operation for c in CASES])
async def test_mutation_is_allowed_only_for_its_roles(
    gql: GraphQLClient, world: World, db: Database, case: Case, role: str
) -> None:
    variables = {"input": await case.build(gql, world)}
    before = await snapshot(db)
    user = None if role == "anonymous" else getattr(world, role)

    body = await gql.op(case.operation, variables, user=user)

    if role in case.allowed:
        assert "errors" not in body, body
        payload = next(iter(body["data"].values()))
        assert payload["errors"] == []
        return
    expected = "UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == [expected]
    assert await snapshot(db) == before
