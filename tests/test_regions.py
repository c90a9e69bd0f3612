"""The GB/T 2260 divisions: provinces, cities and counties, browsable by parent."""

from __future__ import annotations

from conftest import GraphQLClient


async def test_without_a_code_the_provinces_are_listed(gql: GraphQLClient) -> None:
    provinces = (await gql.data("Regions"))["regions"]
    assert len(provinces) == 31
    assert {"code": "37", "name": "山东省", "level": 1, "parentCode": None} in [
        {k: p[k] for k in ("code", "name", "level", "parentCode")} for p in provinces
    ]


async def test_children_of_taian_include_feicheng(gql: GraphQLClient) -> None:
    counties = (await gql.data("Regions", {"parentCode": "3709"}))["regions"]
    assert ("370983", "肥城市") in [(c["code"], c["name"]) for c in counties]
    assert all(c["level"] == 3 and c["parentCode"] == "3709" for c in counties)


async def test_the_programme_counties_exist(gql: GraphQLClient) -> None:
    found = {}
    for city, county in (("4502", "450226"), ("5205", "520525"), ("5002", "500233")):
        found.update(
            {
                c["code"]: c["name"]
                for c in (await gql.data("Regions", {"parentCode": city}))["regions"]
            }
        )
        assert county in found
    assert found["450226"] == "三江侗族自治县"
    assert found["520525"] == "纳雍县"
    assert found["500233"] == "忠县"


async def test_region_is_a_node(gql: GraphQLClient) -> None:
    feicheng = next(
        c
        for c in (await gql.data("Regions", {"parentCode": "3709"}))["regions"]
        if c["code"] == "370983"
    )
    node = (await gql.data("Node", {"id": feicheng["id"]}))["node"]
    assert node == {
        "id": feicheng["id"],
        "__typename": "Region",
        "code": "370983",
        "name": "肥城市",
    }


async def test_a_malformed_parent_code_is_refused(gql: GraphQLClient) -> None:
    body = await gql.op("Regions", {"parentCode": "shandong"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "parentCode"


async def test_unknown_or_malformed_node_ids_are_null(gql: GraphQLClient) -> None:
    for global_id in ("", "!!!", "TmVlZDo5OTk5OTk", "Rm9vOjE"):
        assert (await gql.data("Node", {"id": global_id}))["node"] is None


async def test_every_county_level_division_is_there(gql: GraphQLClient) -> None:
    from ecosystem.regions.service import read_region_file

    rows = read_region_file()
    assert sum(1 for r in rows if r["level"] == 3) >= 2800
    assert sum(1 for r in rows if r["level"] == 1) == 31
