"""The parties list: every kind, filtered, by name; contact details stay private."""

from __future__ import annotations

from conftest import GraphQLClient, World

QUERY = """
query ($first: Int!, $after: String, $filter: PartyFilter) {
  parties(first: $first, after: $after, filter: $filter) {
    edges { node { id kind name regionCode verifiedAt contactEmail } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def names(
    gql: GraphQLClient, filter: dict[str, object], user: int | None = None
) -> list[str]:
    body = await gql.raw(QUERY, {"first": 100, "filter": filter}, user=user)
    assert "errors" not in body, body
    return [e["node"]["name"] for e in body["data"]["parties"]["edges"]]


async def test_parties_by_kind_region_text_and_verification(
    gql: GraphQLClient, world: World
) -> None:
    assert await names(gql, {"kind": "SCHOOL"}) == sorted(await names(gql, {"kind": "SCHOOL"}))
    governments = await names(gql, {"kind": "GOVERNMENT"})
    assert "肥城市人民政府" in governments and "山东省人民政府" in governments
    in_guangxi = await names(gql, {"regionCode": "45"})
    assert in_guangxi and all("肥城" not in n for n in in_guangxi)
    assert await names(gql, {"text": "边院镇"}) == ["肥城市边院镇希望小学"]

    unverified = await names(gql, {"verified": False, "kind": "SCHOOL"})
    verify = await gql.data(
        "VerifyParty", {"input": {"partyId": world.school_id}}, user=world.county_official
    )
    assert verify["verifyParty"]["errors"] == []
    assert await names(gql, {"verified": True, "kind": "SCHOOL"}) == ["肥城市边院镇希望小学"]
    assert "肥城市边院镇希望小学" in unverified
    assert "肥城市边院镇希望小学" not in await names(gql, {"verified": False, "kind": "SCHOOL"})


async def test_pages_bad_codes_and_private_contacts(gql: GraphQLClient, world: World) -> None:
    seen: list[str] = []
    after = None
    while True:
        body = await gql.raw(QUERY, {"first": 3, "after": after})
        page = body["data"]["parties"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    everyone = await gql.raw(QUERY, {"first": 100})
    assert seen == [e["node"]["id"] for e in everyone["data"]["parties"]["edges"]]
    assert all(e["node"]["contactEmail"] is None for e in everyone["data"]["parties"]["edges"])

    bad = await gql.raw(QUERY, {"first": 10, "filter": {"regionCode": "3x"}})
    assert bad["data"] is None or bad["data"]["parties"] is None
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
