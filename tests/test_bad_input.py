"""Bad input gets a payload error naming the field, with a code, and writes nothing."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import GraphQLClient, World, snapshot
from test_needs import water_need

from ecosystem.api.relay import to_global_id
from ecosystem.catalogue import Category
from ecosystem.database import Database

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
# A day within the five years a date may be ahead (further is mostly a mistyped year), and one
# past them.
LAST_DAY = date.today().replace(year=date.today().year + 5, day=min(date.today().day, 28))
TOO_FAR = (LAST_DAY + timedelta(days=31)).isoformat()


# A money pledge in place of the default goods: what the goods fields become.
MONEY = {
    "kind": "MONEY",
    "category": None,
    "itemName": None,
    "quantity": None,
    "unit": None,
    "unitValueFen": None,
}


def item(**overrides: Any) -> dict[str, Any]:
    base = {
        "description": "净水器",
        "category": "DRINKING_WATER",
        "quantity": 1,
        "unit": "台",
        "unitValueFen": 350000,
    }
    base.update(overrides)
    return base


NEED_CASES = [
    ("negative quantity", {"items": [item(quantity=-3)]}, "items.0.quantity", "OUT_OF_RANGE"),
    ("zero quantity", {"items": [item(quantity=0)]}, "items.0.quantity", "OUT_OF_RANGE"),
    (
        "huge quantity",
        {"items": [item(quantity="100000000000000000000000")]},
        "items.0.quantity",
        "OUT_OF_RANGE",
    ),
    # Past Python's 4,300-digit limit on turning an int into text (a 500 before).
    (
        "quantity of thousands of digits",
        {"items": [item(quantity="9" * 4301)]},
        "items.0.quantity",
        "OUT_OF_RANGE",
    ),
    ("fractional quantity", {"items": [item(quantity=1.5)]}, "items.0.quantity", "INVALID"),
    (
        "quantity that is not a number",
        {"items": [item(quantity="four")]},
        "items.0.quantity",
        "INVALID",
    ),
    (
        "negative unit value",
        {"items": [item(unitValueFen=-1)]},
        "items.0.unitValueFen",
        "OUT_OF_RANGE",
    ),
    # A need of items worth nothing was published; no run ever proposed anything for it.
    (
        "unit value of nothing",
        {"items": [item(unitValueFen=0)]},
        "items.0.unitValueFen",
        "OUT_OF_RANGE",
    ),
    ("unknown category", {"category": "SPACESHIPS"}, "category", "INVALID"),
    (
        "unknown item category",
        {"items": [item(category="SPACESHIPS")]},
        "items.0.category",
        "INVALID",
    ),
    ("deadline in the past", {"deadline": YESTERDAY}, "deadline", "DEADLINE_IN_PAST"),
    ("deadline more than five years ahead", {"deadline": TOO_FAR}, "deadline", "OUT_OF_RANGE"),
    ("title too long", {"title": "水" * 121}, "title", "TOO_LONG"),
    ("empty title", {"title": "   "}, "title", "REQUIRED"),
    ("title of invisible characters", {"title": "\u200b\u3000\ufeff"}, "title", "REQUIRED"),
    ("story too long", {"story": "故" * 4001}, "story", "TOO_LONG"),
    (
        "item description too long",
        {"items": [item(description="x" * 201)]},
        "items.0.description",
        "TOO_LONG",
    ),
    ("no items", {"items": []}, "items", "REQUIRED"),
    # Each field within its bounds, the product past what a need may ask for (the ledger
    # refused it at commit: "Unexpected error").
    (
        "an item worth more than a need may ask for",
        {"items": [item(quantity=1_000_000, unitValueFen=10_000_000_000)]},
        "items",
        "OUT_OF_RANGE",
    ),
    (
        "items worth more than a need may ask for in all",
        {"items": [item(quantity=10, unitValueFen=10_000_000_000)] * 2},
        "items",
        "OUT_OF_RANGE",
    ),
    ("too many items", {"items": [item()] * 51}, "items", "TOO_MANY"),
    ("malformed school id", {"schoolId": "not-an-id"}, "schoolId", "INVALID"),
    ("global id of another type", {"schoolId": "UGxlZGdlOjE"}, "schoolId", "INVALID"),
    (
        "school id beyond any row",
        {"schoolId": to_global_id("School", 2**31)},
        "schoolId",
        "INVALID",
    ),
    ("malformed item id", {"items": [item(id="%%%")]}, "items.0.id", "INVALID"),
    ("negative beneficiaries", {"beneficiaries": -5}, "beneficiaries", "OUT_OF_RANGE"),
    ("control character in the title", {"title": "净水\x07器"}, "title", "INVALID"),
    # Unseen, a direction override makes a title read other than it is.
    ("direction override in the title", {"title": "净水器\u202e0001"}, "title", "INVALID"),
    ("line break in the title", {"title": "净水\n器"}, "title", "INVALID"),
    (
        "escape sequence in an item's unit",
        {"items": [item(unit="台\x1b[31m")]},
        "items.0.unit",
        "INVALID",
    ),
]


@pytest.mark.parametrize(
    ("case", "overrides", "field", "code"), NEED_CASES, ids=[c[0] for c in NEED_CASES]
)
async def test_bad_need_input_is_a_field_error_and_writes_nothing(
    gql: GraphQLClient,
    world: World,
    db: Database,
    case: str,
    overrides: dict[str, Any],
    field: str,
    code: str,
) -> None:
    before = await snapshot(db)

    payload = (
        await gql.data(
            "PostNeed", {"input": water_need(world.school_id, **overrides)}, user=world.principal
        )
    )["postNeed"]

    assert payload["need"] is None
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in payload["errors"]
    ]
    assert all(e["message"] for e in payload["errors"])
    # A limit passed is named, for the page to word in either language.
    limits = {"title": "120", "story": "4000", "items": "50"}
    if code in ("TOO_LONG", "TOO_MANY") and field in limits:
        [error] = [e for e in payload["errors"] if e["field"] == field]
        assert error["maximum"] == limits[field], error
    assert await snapshot(db) == before


async def test_an_unknown_value_names_the_values_the_field_takes(
    gql: GraphQLClient, world: World
) -> None:
    need = water_need(world.school_id, items=[item(), item(category="SPACESHIPS")])
    payload = (await gql.data("PostNeed", {"input": need}, user=world.principal))["postNeed"]
    [refused] = payload["errors"]
    assert refused["field"] == "items.1.category"
    assert refused["allowed"] == [category.value for category in Category]
    assert "DRINKING_WATER" in refused["allowed"]
    # An error about something else has no list of values.
    short = water_need(world.school_id, title="")
    payload = (await gql.data("PostNeed", {"input": short}, user=world.principal))["postNeed"]
    assert [(e["field"], e["allowed"]) for e in payload["errors"]] == [("title", None)]


async def test_an_out_of_range_value_names_the_bound_it_missed(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)
    need = water_need(
        world.school_id,
        deadline=YESTERDAY,
        items=[item(quantity=0), item(quantity=10_000_001), item(unitValueFen=-1)],
    )
    dear = water_need(world.school_id, items=[item(quantity=10, unitValueFen=10_000_000_000)] * 2)
    too_far = water_need(world.school_id, deadline=TOO_FAR)

    refused = (await gql.data("PostNeed", {"input": need}, user=world.principal))["postNeed"]
    later = (await gql.data("PostNeed", {"input": too_far}, user=world.principal))["postNeed"]

    bounds = {e["field"]: (e["minimum"], e["maximum"]) for e in refused["errors"]}
    assert bounds == {
        "deadline": (date.today().isoformat(), None),
        "items.0.quantity": ("1", None),
        "items.1.quantity": (None, "10000000"),
        "items.2.unitValueFen": ("1", None),
    }
    # The items' total names its bound too, in fen as the items' values are.
    total = (await gql.data("PostNeed", {"input": dear}, user=world.principal))["postNeed"]
    assert [(e["field"], e["minimum"], e["maximum"]) for e in total["errors"]] == [
        ("items", None, "100000000000")
    ]
    [(field, minimum, latest)] = [(e["field"], e["minimum"], e["maximum"]) for e in later["errors"]]
    assert (field, minimum) == ("deadline", None)
    assert LAST_DAY.isoformat() <= latest < TOO_FAR
    # Errors about anything but a range name no bound.
    short = water_need(world.school_id, title="")
    payload = (await gql.data("PostNeed", {"input": short}, user=world.principal))["postNeed"]
    assert [(e["field"], e["minimum"], e["maximum"]) for e in payload["errors"]] == [
        ("title", None, None)
    ]
    assert await snapshot(db) == before


BOUNDS = "errors { field code minimum maximum }"


async def test_lists_counts_and_what_is_left_name_their_bounds(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    """As docs/api.md promises: a list too long, one too many, or more than is left names
    the bound as ``maximum`` (a partner's probe found these four without it)."""
    from test_fulfilment import approved_match, deliver

    def bounds(payload: dict[str, Any]) -> list[tuple[str, str, str | None, str | None]]:
        return [(e["field"], e["code"], e["minimum"], e["maximum"]) for e in payload["errors"]]

    register = (
        "mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { "
        + BOUNDS
        + " } }"
    )

    async def webhook(types: list[str], path: str = "hook") -> dict[str, Any]:
        hook = {
            "partyId": world.store_id,
            "url": f"https://partner.example/{path}",
            "eventTypes": types,
        }
        answer = await gql.raw(register, {"input": hook}, user=world.store_admin)
        return dict(answer["data"]["registerWebhook"])

    assert bounds(await webhook([])) == [("eventTypes", "REQUIRED", None, None)]
    assert bounds(await webhook(["match.*"] * 31)) == [("eventTypes", "TOO_MANY", None, "30")]
    for k in range(10):
        assert (await webhook(["match.*"], f"hook/{k}"))["errors"] == []
    assert bounds(await webhook(["match.*"], "hook/new")) == [(None, "TOO_MANY", None, "10")]

    approve = (
        "mutation($input: ApproveMatchesInput!) { approveMatches(input: $input) { "
        + BOUNDS
        + " } }"
    )
    ids = [to_global_id("Match", k) for k in range(1, 102)]
    answer = await gql.raw(approve, {"input": {"ids": ids}}, user=world.county_official)
    assert bounds(answer["data"]["approveMatches"]) == [("ids", "TOO_MANY", None, "100")]

    match = await approved_match(gql, world)
    assert (await deliver(gql, world, match["id"], 4))["errors"] == []
    again = await gql.op(
        "RecordDelivery",
        {
            "input": {
                "matchId": match["id"],
                "kind": "SHIPPED",
                "deliveredOn": date.today().isoformat(),
                "quantity": 1,
            }
        },
        user=world.store_admin,
    )
    assert bounds(again["data"]["recordDelivery"]) == [("quantity", "OVER_ALLOCATED", None, "0")]


async def test_every_field_error_is_reported_at_once(gql: GraphQLClient, world: World) -> None:
    need = water_need(
        world.school_id,
        title="",
        deadline=YESTERDAY,
        items=[item(quantity=0), item(unitValueFen=-1)],
    )
    payload = (await gql.data("PostNeed", {"input": need}, user=world.principal))["postNeed"]
    assert {e["field"] for e in payload["errors"]} == {
        "title",
        "deadline",
        "items.0.quantity",
        "items.1.unitValueFen",
    }


def pledge(party_id: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "partyId": party_id,
        "kind": "GOODS",
        "title": "净水器捐赠",
        "category": "DRINKING_WATER",
        "itemName": "直饮水净水器",
        "quantity": 10,
        "unit": "台",
        "unitValueFen": 350000,
    }
    base.update(overrides)
    return base


def money(party_id: str, amount_fen: int, **overrides: Any) -> dict[str, Any]:
    """A money pledge of ``amount_fen``, as ``pledge`` gives goods."""
    return pledge(party_id, **MONEY, title="助学捐款", amountFen=amount_fen, **overrides)


PLEDGE_CASES = [
    ("goods without category", {"category": None}, "category", "REQUIRED"),
    ("goods with zero quantity", {"quantity": 0}, "quantity", "OUT_OF_RANGE"),
    ("goods with fractional quantity", {"quantity": "2.5"}, "quantity", "INVALID"),
    ("goods of unknown category", {"category": "SPACESHIPS"}, "category", "INVALID"),
    ("goods with an amount", {"amountFen": 1000}, "amountFen", "INVALID"),
    ("money without amount", MONEY, "amountFen", "REQUIRED"),
    (
        "money of a huge amount",
        {**MONEY, "amountFen": "99999999999999999999"},
        "amountFen",
        "OUT_OF_RANGE",
    ),
    (
        "unknown restricted region",
        {"restrictRegionCodes": ["999999"]},
        "restrictRegionCodes.0",
        "UNKNOWN_REGION",
    ),
    (
        "unknown restricted category",
        {**MONEY, "amountFen": 100000, "restrictCategories": ["SPACESHIPS"]},
        "restrictCategories.0",
        "INVALID",
    ),
    # Goods give their own category: a list of others would have been silently ignored.
    (
        "goods restricted to categories",
        {"restrictCategories": ["LIBRARY"]},
        "restrictCategories",
        "INVALID",
    ),
    ("goods counted in fen", {"unit": "fen"}, "unit", "INVALID"),
    (
        "money of thousands of digits",
        {**MONEY, "amountFen": "9" * 4301},
        "amountFen",
        "OUT_OF_RANGE",
    ),
    ("money written with an exponent", {**MONEY, "amountFen": "1e5"}, "amountFen", "INVALID"),
    ("money written in hexadecimal", {**MONEY, "amountFen": "0x186a0"}, "amountFen", "INVALID"),
    ("valid until in the past", {"validUntil": YESTERDAY}, "validUntil", "DEADLINE_IN_PAST"),
    ("valid until a generation ahead", {"validUntil": "2206-01-01"}, "validUntil", "OUT_OF_RANGE"),
    (
        "service window that has closed",
        {"kind": "SERVICE", "unit": "SESSION", "itemName": None, "availableUntil": YESTERDAY},
        "availableUntil",
        "DEADLINE_IN_PAST",
    ),
    (
        "service window opening more than five years ahead",
        {"kind": "SERVICE", "unit": "SESSION", "itemName": None, "availableFrom": TOO_FAR},
        "availableFrom",
        "OUT_OF_RANGE",
    ),
    ("per-school cap above the quantity", {"perSchoolCap": 11}, "perSchoolCap", "OUT_OF_RANGE"),
    (
        "goods worth more than a pledge may be",
        {"quantity": 10_000_000, "unitValueFen": 10_000_000_000},
        "quantity",
        "OUT_OF_RANGE",
    ),
    (
        "service that expires before its window opens",
        {
            "kind": "SERVICE",
            "unit": "SESSION",
            "itemName": None,
            "serviceRadiusKm": 30,
            "availableFrom": (date.today() + timedelta(days=30)).isoformat(),
            "validUntil": (date.today() + timedelta(days=10)).isoformat(),
        },
        "validUntil",
        "INVALID",
    ),
    (
        "service offered after the pledge expires",
        {
            "kind": "SERVICE",
            "unit": "SESSION",
            "itemName": None,
            "serviceRadiusKm": 30,
            "availableUntil": (date.today() + timedelta(days=60)).isoformat(),
            "validUntil": (date.today() + timedelta(days=15)).isoformat(),
        },
        "validUntil",
        "INVALID",
    ),
    (
        "service without radius",
        {"kind": "SERVICE", "unit": "SESSION", "itemName": None},
        "serviceRadiusKm",
        "REQUIRED",
    ),
    (
        "service in an unknown unit",
        {"kind": "SERVICE", "unit": "DAY", "serviceRadiusKm": 30},
        "unit",
        "INVALID",
    ),
    (
        "co-funding without ratio",
        {
            "kind": "CO_FUNDING",
            "category": None,
            "itemName": None,
            "quantity": None,
            "unit": None,
            "unitValueFen": None,
            "amountFen": 100000,
        },
        "coFundingRatioPercent",
        "REQUIRED",
    ),
    (
        "co-funding of an unknown party kind",
        {
            "kind": "CO_FUNDING",
            "category": None,
            "itemName": None,
            "quantity": None,
            "unit": None,
            "unitValueFen": None,
            "amountFen": 100000,
            "coFundingRatioPercent": 100,
            "coFundingPartyKinds": ["ALIENS"],
        },
        "coFundingPartyKinds.0",
        "INVALID",
    ),
    ("malformed party id", {"partyId": "@@"}, "partyId", "INVALID"),
    ("title too long", {"title": "捐" * 121}, "title", "TOO_LONG"),
    ("tab in the item name", {"itemName": "直饮水\t净水器"}, "itemName", "INVALID"),
    (
        "control character in the description",
        {"description": "说明\x0b其余"},
        "description",
        "INVALID",
    ),
]


@pytest.mark.parametrize(
    ("case", "overrides", "field", "code"), PLEDGE_CASES, ids=[c[0] for c in PLEDGE_CASES]
)
async def test_bad_pledge_input_is_a_field_error_and_writes_nothing(
    gql: GraphQLClient,
    world: World,
    db: Database,
    case: str,
    overrides: dict[str, Any],
    field: str,
    code: str,
) -> None:
    before = await snapshot(db)

    payload = (
        await gql.data(
            "PostPledge", {"input": pledge(world.store_id, **overrides)}, user=world.store_admin
        )
    )["postPledge"]

    assert payload["pledge"] is None
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in payload["errors"]
    ]
    # A message says what to fix; it does not echo thousands of digits.
    assert all(len(e["message"]) < 300 for e in payload["errors"]), payload["errors"]
    assert await snapshot(db) == before


async def test_wrong_typed_values_are_refused_before_anything_runs(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)
    body = await gql.op(
        "PostNeed", {"input": water_need(world.school_id, urgency="WHENEVER")}, user=world.principal
    )
    assert body["data"] is None
    assert "WHENEVER" in body["errors"][0]["message"]
    assert await snapshot(db) == before


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"query":"{me{name}}\xff"}', b'{"query":"\xe4\xbd"}'],
    ids=["not-json", "not-utf8", "cut-utf8"],
)
async def test_malformed_json_body_is_a_client_error(gql: GraphQLClient, body: bytes) -> None:
    response = await gql.http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "Traceback" not in response.text
    # The connection carries on: the next request is answered.
    assert (await gql.http.get("/healthz")).status_code == 200


@pytest.mark.parametrize("depth", [600, 100_000])
async def test_deeply_nested_variables_are_a_client_error(gql: GraphQLClient, depth: int) -> None:
    # 100,000 levels pass the body limit but not the JSON parser's recursion (a 500 before);
    # 600 parse, and every check after parsing copes with them.
    nested = "[" * depth + '"x"' + "]" * depth
    mutation = (
        'mutation ($a: [String!]!) { postPledge(input: {partyId: \\"x\\", kind: MONEY, '
        'title: \\"t\\", restrictRegionCodes: $a}) { errors { code } } }'
    )
    body = f'{{"query": "{mutation}", "variables": {{"a": {nested}}}}}'
    posted = await gql.http.post(
        "/graphql", content=body.encode(), headers={"content-type": "application/json"}
    )
    # A URL holds less (servers refuse request lines over 16 KiB), but enough to nest too deep.
    short = "[" * min(depth, 5000) + "]" * min(depth, 5000)
    query = "query ($a: String) { regions(parentCode: $a) { code } }"
    got = await gql.http.get("/graphql", params={"query": query, "variables": f'{{"a": {short}}}'})

    for response in (posted, got):
        assert response.status_code in (200, 400), response.status_code
        assert "Internal Server Error" not in response.text and "Traceback" not in response.text
        if response.status_code == 200:
            assert response.json()["errors"], response.text[:200]


async def test_a_number_longer_than_python_converts_is_a_client_error(
    gql: GraphQLClient, db: Database
) -> None:
    """Python converts integers of at most 4,300 digits from text; a longer one in the JSON
    body, in a GET's variables or in the query's text used to end in a 500 or an unexpected
    error, with a traceback logged for each."""
    huge = "1" + "0" * 5000
    before = await snapshot(db)
    posted = await gql.http.post(
        "/graphql",
        content=f'{{"query": "{{ me {{ name }} }}", "variables": {{"x": {huge}}}}}'.encode(),
        headers={"content-type": "application/json"},
    )
    got = await gql.http.get(
        "/graphql", params={"query": "{ me { name } }", "variables": f'{{"x": {huge}}}'}
    )
    for response in (posted, got):
        assert response.status_code == 400, response.text[:200]
        assert "Internal Server Error" not in response.text
    literal = await gql.raw(f"{{ needs(first: {huge}) {{ edges {{ cursor }} }} }}")
    [error] = literal["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert "Unexpected" not in error["message"] and len(error["message"]) < 300
    assert await snapshot(db) == before


async def test_a_subscription_in_an_http_request_is_the_clients_mistake(
    gql: GraphQLClient, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Live views run over a websocket. Sent in an HTTP request, a subscription used to be
    executed as a query, answered "Unexpected error." and logged with a traceback."""
    before = await snapshot(db)
    with caplog.at_level(logging.ERROR):
        answer = await gql.raw('subscription { matchEvents(regionCode: "3709") { eventId } }')
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST", error
    assert "websocket" in error["message"]
    assert answer.get("data") is None
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert await snapshot(db) == before


async def test_variables_the_document_never_uses_are_the_documents_fault(
    gql: GraphQLClient,
) -> None:
    """A variable declared and never used, or used and never declared, is a document that
    does not fit the rules (GRAPHQL_VALIDATION_FAILED); a value that does not fit its
    variable's type is bad input."""
    unused = await gql.raw("query ($d: Date!) { __typename }", {"d": "2026-12-01"})
    undeclared = await gql.raw("query { needs(first: $n) { edges { cursor } } }")
    misplaced = await gql.raw(
        "query ($n: String) { needs(first: $n) { edges { cursor } } }", {"n": "5"}
    )
    for answer in (unused, undeclared, misplaced):
        [error] = answer["errors"]
        assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
    for variables in ({"n": "five"}, {"n": None}, {}):
        answer = await gql.raw(
            "query ($n: Int!) { needs(first: $n) { edges { cursor } } }", variables
        )
        [error] = answer["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (variables, error)


async def test_oversized_body_is_refused(gql: GraphQLClient) -> None:
    response = await gql.http.post(
        "/graphql", json={"query": "{ __typename }", "pad": "x" * 1_100_000}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_a_chunked_body_is_counted_as_it_arrives(gql: GraphQLClient) -> None:
    """A body sent in chunks names no length: the limit counts the bytes themselves."""

    async def chunks(body: bytes) -> AsyncIterator[bytes]:
        for start in range(0, len(body), 64_000):
            yield body[start : start + 64_000]

    headers = {"content-type": "application/json"}
    big = json.dumps({"query": "{ __typename }", "variables": {"x": "A" * 1_100_000}})
    refused = await gql.http.post("/graphql", content=chunks(big.encode()), headers=headers)
    small = json.dumps({"query": "{ __typename }", "variables": {"x": "A" * 200_000}})
    answered = await gql.http.post("/graphql", content=chunks(small.encode()), headers=headers)

    assert "content-length" not in refused.request.headers
    assert refused.status_code == 413
    assert refused.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert refused.headers["cache-control"] == "no-store"
    assert answered.status_code == 200
    assert answered.json() == {"data": {"__typename": "Query"}}


async def test_requests_refused_before_graphql_runs_are_answered_as_graphql_errors(
    gql: GraphQLClient, db: Database
) -> None:
    """A batch, another content type, variables that are no object: a client reads the code
    as of any other refusal; and no answer of /graphql may be kept by a cache or sniffed."""
    before = await snapshot(db)
    post = "mutation { __typename }"
    refused = [
        await gql.http.post("/graphql", json=[{"query": "{ __typename }"}]),
        await gql.http.post(
            "/graphql", content=json.dumps({"query": post}), headers={"content-type": "text/plain"}
        ),
        await gql.http.post("/graphql", json={"query": "{ __typename }", "variables": [1]}),
        await gql.http.get("/graphql", params={"query": post}),
    ]
    answered = await gql.http.post("/graphql", json={"query": "{ __typename }"})

    for response in refused:
        assert 400 <= response.status_code < 500, response.text
        assert response.headers["content-type"] == "application/json"
        error = response.json()["errors"][0]
        assert error["message"] and error["extensions"]["code"] in (
            "BAD_REQUEST",
            "METHOD_NOT_ALLOWED",
        )
    assert "Batching" in refused[0].json()["errors"][0]["message"]
    for response in [*refused, answered]:
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
    assert await snapshot(db) == before


async def test_a_variable_refused_is_worded_as_the_json_it_came_in(gql: GraphQLClient) -> None:
    """graphql-core words values as Python shows them (None, True, '5', an echo of the whole
    object); a client sent JSON and reads null, true, "5"."""
    query = "query ($n: Int!, $f: NeedFilter) { needs(first: $n, filter: $f) { edges { cursor } } }"
    cases = [
        ({"n": None}, "not to be null."),
        ({"n": 1, "f": {"status": [None]}}, "at .status[0]: Expected value of non-null type"),
        ({"n": 1, "f": {"regionCode": True}}, "cannot represent a non string value: true"),
        ({"n": "5"}, 'cannot represent non-integer value: "5"'),
        ({"n": 1, "f": {"statu": "x"}}, "not to include unknown field 'statu'."),
        ({"n": {"a": 1}}, 'cannot represent non-integer value: {"a": 1}'),
        ({"n": 1, "f": {"urgency": False}}, "cannot represent non-string value: false."),
    ]
    for variables, wording in cases:
        [error] = (await gql.raw(query, variables))["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert wording in error["message"], error["message"]
        for python in ("None", "True", "'5'", "Found:", "{'"):
            assert python not in error["message"], error["message"]


async def test_line_breaks_are_kept_in_text_of_several_lines(
    gql: GraphQLClient, world: World
) -> None:
    story = "村小的孩子每天喝井水。\n\n\t去年冬天井水浑浊，三十人腹泻。"
    need = (
        await gql.data(
            "PostNeed", {"input": water_need(world.school_id, story=story)}, user=world.principal
        )
    )["postNeed"]
    pledge_payload = (
        await gql.data(
            "PostPledge",
            {"input": pledge(world.store_id, description="第一批：十台。\r\n第二批：开春后。")},
            user=world.store_admin,
        )
    )["postPledge"]

    assert need["errors"] == [] and need["need"]["story"] == story
    assert pledge_payload["errors"] == []


# A lone surrogate ("\\ud800" in the JSON) is half of a pair, not a character: no UTF-8 holds it.
UNSTORABLE_CASES: list[tuple[str, Callable[[World], dict[str, Any]], str, str]] = [
    ("PostPledge", lambda w: pledge(w.store_id, title="捐\0书"), "input.title", "NUL"),
    (
        "PostPledge",
        lambda w: pledge(w.store_id, restrictRegionCodes=["11", "13\0"]),
        "input.restrictRegionCodes.1",
        "NUL",
    ),
    (
        "PostNeed",
        lambda w: water_need(w.school_id, items=[item(unit="\0")]),
        "input.items.0.unit",
        "NUL",
    ),
    ("PostPledge", lambda w: pledge(w.store_id, title="捐\ud800书"), "input.title", "surrogate"),
    (
        "PostNeed",
        lambda w: water_need(w.school_id, idempotencyKey="k\udfff"),
        "input.idempotencyKey",
        "surrogate",
    ),
]


@pytest.mark.parametrize(
    ("operation", "build", "field", "named"),
    UNSTORABLE_CASES,
    ids=[f"{c[2]}-{c[3]}" for c in UNSTORABLE_CASES],
)
async def test_text_no_database_stores_is_refused_before_anything_runs(
    gql: GraphQLClient,
    world: World,
    db: Database,
    operation: str,
    build: Callable[[World], dict[str, Any]],
    field: str,
    named: str,
) -> None:
    # PostgreSQL's text cannot hold U+0000 (SQLite stores it), and neither can hold a lone
    # surrogate: both are refused on both backends alike.
    user = world.principal if operation == "PostNeed" else world.store_admin
    before = await snapshot(db)

    body = await gql.op(operation, {"input": build(world)}, user=user)

    assert body["data"] is None
    assert [error["extensions"] for error in body["errors"]] == [
        {"code": "BAD_USER_INPUT", "field": field, "reason": "INVALID"}
    ]
    assert named in body["errors"][0]["message"]
    assert await snapshot(db) == before


async def test_a_nul_character_in_a_query_literal_or_a_read_is_refused(gql: GraphQLClient) -> None:
    literal = await gql.raw('{ schools(filter: {text: "井\\u0000"}) { __typename } }')
    variable = await gql.raw(
        "query ($text: String) { schools(filter: {text: $text}) { __typename } }",
        {"text": "井\0"},
    )
    plain = await gql.raw('{ schools(filter: {text: "井"}) { __typename } }')

    for body in (literal, variable):
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "NUL" in body["errors"][0]["message"]
    assert literal["errors"][0]["locations"] == [{"line": 1, "column": 26}]
    assert variable["errors"][0]["extensions"]["field"] == "text"
    assert "errors" not in plain


async def test_a_lone_surrogate_echoed_in_an_error_is_no_server_error(
    gql: GraphQLClient,
) -> None:
    # A variable's name or an operationName with one came back in the error's message, and
    # the answer failed to encode: a plain-text 500.
    query = "query A($f: NeedFilter) { needs(filter: $f) { __typename } }"
    bodies = [
        {"query": query, "variables": {"f": {"te\ud800xt": "a"}}},
        {"query": query, "variables": {"f": {"text": "a"}, "\ud800": 1}},
        {"query": query, "operationName": "A\ud800"},
    ]
    for body in bodies:
        response = await gql.http.post(
            "/graphql", content=json.dumps(body), headers={"content-type": "application/json"}
        )
        # Refused as GraphQL errors, or (the operation's name) as a malformed body.
        assert response.status_code == (400 if "operationName" in body else 200), response.text
        if response.status_code == 200:
            answer = response.json()
            assert not answer.get("data"), answer
            # Refused before anything runs, the variable named with its surrogate escaped.
            [error] = answer["errors"]
            assert error["extensions"]["code"] == "BAD_USER_INPUT"
            assert error["extensions"]["field"] in ("f.te\\ud800xt", "\\ud800")


async def test_a_lone_surrogate_in_a_search_is_refused(gql: GraphQLClient) -> None:
    variable = await gql.raw(
        "query ($text: String) { needs(filter: {text: $text}) { __typename } }",
        {"text": "井\ud800"},
    )
    # In the document itself the GraphQL parser refuses it, escaped or not.
    literals = [
        await gql.raw(f'{{ needs(filter: {{text: "{text}"}}) {{ __typename }} }}')
        for text in ("井\\ud800", "井\ud800")
    ]

    assert variable["data"] is None
    assert variable["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "text",
        "reason": "INVALID",
    }
    assert "surrogate" in variable["errors"][0]["message"]
    for literal in literals:
        assert literal["data"] is None
        assert literal["errors"][0]["message"].startswith("Syntax Error")


async def test_a_deadline_up_to_five_years_ahead_is_accepted(
    gql: GraphQLClient, world: World
) -> None:
    payload = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, deadline=LAST_DAY.isoformat())},
            user=world.principal,
        )
    )["postNeed"]
    assert payload["errors"] == []


async def test_every_error_in_the_request_itself_has_a_code(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)
    dated = {**pledge(world.store_id), "validUntil": "2027-02-30"}
    answers = {
        "a variable's value unfit for its type": await gql.op(
            "PostPledge", {"input": dated}, user=world.store_admin
        ),
        "an unknown input field": await gql.op(
            "PostPledge", {"input": {**pledge(world.store_id), "bogus": 1}}, user=world.store_admin
        ),
        "a required variable missing": await gql.op("PostPledge", {}, user=world.store_admin),
        "a document that does not parse": await gql.raw("{ needs(first: 1) { "),
        "a field the schema does not have": await gql.raw("{ needs(first: 1) { nonsense } }"),
    }

    assert {
        what: [e["extensions"]["code"] for e in a["errors"]] for what, a in answers.items()
    } == {
        "a variable's value unfit for its type": ["BAD_USER_INPUT"],
        "an unknown input field": ["BAD_USER_INPUT"],
        "a required variable missing": ["BAD_USER_INPUT"],
        "a document that does not parse": ["GRAPHQL_PARSE_FAILED"],
        "a field the schema does not have": ["GRAPHQL_VALIDATION_FAILED"],
    }
    assert await snapshot(db) == before


@pytest.mark.parametrize("body", [b"null", b"123", b'"{}"', b" true", b"\xef\xbb\xbf[]"])
async def test_a_json_body_that_is_no_operation_is_a_client_error(
    gql: GraphQLClient, body: bytes
) -> None:
    # JSON, but not an object: Strawberry read fields of it and answered a 500 in plain text.
    response = await gql.http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "object" in error["message"] or "Batching" in error["message"]
    assert (await gql.http.get("/healthz")).status_code == 200


@pytest.mark.parametrize("nested", ["[" * 1000 + "]" * 1000, '{"a":' * 3000 + "1" + "}" * 3000])
async def test_a_cursor_nested_past_the_parser_is_refused_as_any_forged_one(
    gql: GraphQLClient, world: World, nested: str
) -> None:
    cursor = base64.urlsafe_b64encode(nested.encode()).decode()
    for list_name in ("needs", "schools", "parties"):
        body = await gql.raw(
            f"query ($a: String) {{ {list_name}(first: 1, after: $a) {{ edges {{ cursor }} }} }}",
            {"a": cursor},
        )
        assert body["data"] is None, body
        assert body["errors"][0]["extensions"] == {
            "code": "BAD_USER_INPUT",
            "field": "after",
            "reason": "INVALID",
        }, body


async def test_a_search_longer_than_any_name_is_refused_before_the_database_sees_it(
    gql: GraphQLClient, world: World
) -> None:
    # SQLite refuses a LIKE pattern over 50,000 bytes, and the query failed with it ("Unexpected
    # error", the SQL in the log); no title is longer than 120 characters, no name than 200.
    await gql.data("PostNeed", {"input": water_need(world.school_id)}, user=world.principal)
    for list_name, longest in (("needs", 120), ("pledges", 120), ("schools", 200)):
        query = (
            f"query ($t: String) {{ {list_name}(first: 1, filter: {{text: $t}}) "
            "{ edges { cursor } } }"
        )
        fits = await gql.raw(query, {"t": "井" * longest}, user=world.platform_admin)
        assert "errors" not in fits, fits
        for text in ("井" * (longest + 1), "%" * 25_001, "x" * 50_000):
            body = await gql.raw(query, {"t": text}, user=world.platform_admin)
            assert body["data"] is None, body
            [error] = body["errors"]
            assert error["extensions"] == {
                "code": "BAD_USER_INPUT",
                "field": "filter.text",
                "reason": "TOO_LONG",
            }, body
            assert f"at most {longest} characters" in error["message"]
