"""The GB/T 2260 divisions: provinces, cities and counties, browsable by parent."""

from __future__ import annotations

import re

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


async def test_regions_have_english_names(gql: GraphQLClient) -> None:
    provinces = {p["code"]: p["nameEn"] for p in (await gql.data("Regions"))["regions"]}
    assert provinces["37"] == "Shandong Province"
    assert provinces["15"] == "Inner Mongolia Autonomous Region"
    assert provinces["11"] == "Beijing Municipality"
    english = {}
    for parent in ("37", "3709", "22", "2224", "15", "1505", "34", "3415", "4502", "14", "1404"):
        regions = (await gql.data("Regions", {"parentCode": parent}))["regions"]
        english.update({r["name"]: r["nameEn"] for r in regions})
    # Apostrophes between syllables, and the division's term in English.
    assert english["泰安市"] == "Tai'an City"
    assert english["肥城市"] == "Feicheng City"
    assert english["岱岳区"] == "Daiyue District"
    assert english["东平县"] == "Dongping County"
    assert english["延边朝鲜族自治州"] == "Yanbian Korean Autonomous Prefecture"
    # Place names read as places (长 is chang, 六安 Lu'an, 长子 Zhangzi), banners as banners.
    assert english["长春市"] == "Changchun City"
    assert english["六安市"] == "Lu'an City"
    assert english["长子县"] == "Zhangzi County"
    assert english["科尔沁左翼中旗"] == "Horqin Left Wing Middle Banner"
    # 融水: the place's 水, not the Sui people's.
    assert english["融水苗族自治县"] == "Rongshui Miao Autonomous County"


def test_every_division_has_an_english_name_of_its_own() -> None:
    # The shipped files: each division has a name in Latin letters, and no two divisions of
    # one parent with different Chinese names share their English one.
    from ecosystem.regions.service import english_names, read_region_file

    english = english_names()
    rows = read_region_file()
    assert set(english) == {row["code"] for row in rows}
    by_parent: dict[tuple[str | None, str], set[str]] = {}
    for row in rows:
        name = english[row["code"]]
        assert re.fullmatch(r"[A-Z][A-Za-zü' ,-]+", name), row
        by_parent.setdefault((row["parent_code"], name), set()).add(row["name"])
    assert all(len(names) == 1 for names in by_parent.values())


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
