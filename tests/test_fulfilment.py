"""Fulfilment: the donor records deliveries, the school confirms receipt with a photo (or reports
a problem), the match is CONFIRMED and the need FULFILLED; evidence photos are checked, cleaned
of location data and served only to those allowed; overdue needs and proposals expire through
the CLI; media stories about confirmed matches are public."""

from __future__ import annotations

import asyncio
import json
import resource
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from conftest import TEST_USER_HEADER, GraphQLClient, World, count_rows, snapshot
from PIL import Image
from sqlalchemy import text
from test_cli import ecosystem
from test_ledger import entries as ledger_entries
from test_matches import need_and_pledge, propose
from test_needs import post, water_need

from ecosystem.api.relay import from_global_id, to_global_id
from ecosystem.database import Database
from ecosystem.fulfilment.evidence import DirectoryStore, EvidenceStoreRefused, new_storage_key
from ecosystem.parties import service as parties
from ecosystem.parties.models import Party, PartyKind, Role
from ecosystem.settings import Settings

TODAY = date.today().isoformat()
GPS_IFD = 0x8825
CAMERA_MAKE = 0x010F


@pytest.fixture(autouse=True)
def evidence_dir(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps its photos in a directory of its own."""
    folder = tmp_path / "evidence"
    monkeypatch.setattr(settings, "evidence_dir", folder)
    return folder


def photo_with_location(size: tuple[int, int] = (64, 48), fmt: str = "JPEG") -> bytes:
    """A real photo whose EXIF says where and with what it was taken."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[CAMERA_MAKE] = "TestCam"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (36.0, 6.0, 0.0), 3: "E", 4: (116.0, 36.0, 0.0)})
    out = BytesIO()
    image.save(out, fmt, exif=exif)
    data = out.getvalue()
    assert Image.open(BytesIO(data)).getexif().get_ifd(GPS_IFD), "the fixture must carry GPS"
    return data


async def upload(
    http: httpx.AsyncClient,
    user: int | None,
    data: bytes,
    *,
    filename: str = "photo.jpg",
    content_type: str = "image/jpeg",
    party_id: str | None = None,
) -> httpx.Response:
    headers = {TEST_USER_HEADER: str(user)} if user is not None else {}
    return await http.post(
        "/evidence",
        files={"file": (filename, data, content_type)},
        data={"partyId": party_id} if party_id else None,
        headers=headers,
    )


async def photo_id(http: httpx.AsyncClient, user: int) -> str:
    response = await upload(http, user, photo_with_location())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def fetch(http: httpx.AsyncClient, user: int | None, evidence_id: str) -> httpx.Response:
    headers = {TEST_USER_HEADER: str(user)} if user is not None else {}
    return await http.get(f"/evidence/{evidence_id}", headers=headers)


async def approved_match(
    gql: GraphQLClient, world: World, *, item_quantity: int = 4, quantity: int = 4
) -> dict[str, Any]:
    """A direct pledge both sides accepted and the county approved."""
    need, offer = await need_and_pledge(gql, world, item_quantity=item_quantity)
    match = await propose(gql, world, need, offer, quantity)
    await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    approved = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
    )
    assert approved["approveMatch"]["errors"] == [], approved
    return {**match, "need": need, "pledge": offer}


async def deliver(
    gql: GraphQLClient, world: World, match_id: str, quantity: int, **extra: Any
) -> dict[str, Any]:
    """The donor's admin records a delivery; ``extra`` overrides input fields."""
    result = await gql.data(
        "RecordDelivery",
        {
            "input": {
                "matchId": match_id,
                "kind": "SHIPPED",
                "deliveredOn": TODAY,
                "quantity": quantity,
                **extra,
            }
        },
        user=world.store_admin,
    )
    return dict(result["recordDelivery"])


async def confirm(
    gql: GraphQLClient, user: int, match_id: str, quantity: int, evidence: list[str] | None = None
) -> dict[str, Any]:
    result = await gql.data(
        "ConfirmReceipt",
        {
            "input": {
                "matchId": match_id,
                "quantity": quantity,
                "thankYouNote": "谢谢你们！孩子们喝上了干净的水。",
                "evidenceIds": evidence or [],
            }
        },
        user=user,
    )
    return dict(result["confirmReceipt"])


async def transitions(db: Database, entity: str, global_id: str) -> list[tuple[Any, ...]]:
    key = int(from_global_id(global_id)[1])
    async with db.read() as session:
        rows = await session.execute(
            text(
                "SELECT from_status, to_status, actor_user_id, reason FROM status_change "
                "WHERE entity = :entity AND entity_id = :id ORDER BY id"
            ),
            {"entity": entity, "id": key},
        )
        return [tuple(row) for row in rows]


def stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


async def test_delivery_and_receipt_with_a_photo_confirm_the_match_and_fulfil_the_need(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> None:
    match = await approved_match(gql, world)

    shipping_photo = await photo_id(http, world.store_admin)
    delivered = await deliver(
        gql, world, match["id"], 4, note="顺丰 SF1234567890", evidenceIds=[shipping_photo]
    )
    assert delivered["errors"] == []
    assert [e["id"] for e in delivered["delivery"]["evidence"]] == [shipping_photo]
    assert (await fetch(http, world.principal, shipping_photo)).status_code == 200
    assert delivered["match"]["status"] == "DELIVERED"
    assert delivered["match"]["fulfilment"] == {
        "quantity": 4,
        "deliveredQuantity": 4,
        "receivedQuantity": 0,
    }
    assert delivered["delivery"]["note"] == "顺丰 SF1234567890"

    uploaded = await upload(http, world.principal, photo_with_location())
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["contentType"] == "image/jpeg" and (body["width"], body["height"]) == (64, 48)

    confirmed = await confirm(gql, world.principal, match["id"], 4, [body["id"]])

    assert confirmed["errors"] == []
    assert confirmed["receipt"]["completesMatch"] is True
    assert confirmed["receipt"]["evidence"][0]["id"] == body["id"]
    assert confirmed["match"]["status"] == "CONFIRMED"
    assert confirmed["match"]["need"]["status"] == "FULFILLED"
    assert await transitions(db, "match", match["id"]) == [
        (None, "PROPOSED", world.store_admin, None),
        ("PROPOSED", "ACCEPTED", world.principal, None),
        ("ACCEPTED", "APPROVED", world.county_official, None),
        ("APPROVED", "IN_DELIVERY", world.store_admin, None),
        ("IN_DELIVERY", "DELIVERED", world.store_admin, None),
        ("DELIVERED", "CONFIRMED", world.principal, None),
    ]
    assert (await transitions(db, "need", match["need"]["id"]))[-1][:2] == (
        "MATCHED",
        "FULFILLED",
    )

    served = await fetch(http, world.store_admin, body["id"])
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert "no-store" in served.headers["cache-control"]
    assert served.headers["x-content-type-options"] == "nosniff"
    image = Image.open(BytesIO(served.content))
    assert image.format == "JPEG" and image.size == (64, 48)
    assert not image.getexif() and "exif" not in image.info
    assert b"TestCam" not in served.content and b"Exif" not in served.content

    public = (await gql.data("MatchFulfilment", {"id": match["id"]}))["node"]
    assert public["status"] == "CONFIRMED"
    assert [d["quantity"] for d in public["deliveries"]] == [4]
    assert public["receipts"][0]["thankYouNote"].startswith("谢谢")
    assert public["receipts"][0]["evidence"] == []  # photos are not public
    assert public["pledge"]["fulfilment"] == {
        "deliveredQuantity": 4,
        "deliveredValueFen": 4 * 350000,
        "confirmedQuantity": 4,
        "confirmedValueFen": 4 * 350000,
    }
    donor_view = await gql.data("MatchFulfilment", {"id": match["id"]}, user=world.store_admin)
    assert donor_view["node"]["receipts"][0]["evidence"][0]["url"] == f"/evidence/{body['id']}"


async def test_partial_deliveries_and_receipts_add_up_and_never_exceed(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> None:
    match = await approved_match(gql, world)

    async def handed_over() -> tuple[int, int]:
        """The public figures of the school's county: value delivered, and confirmed."""
        figures = (await gql.data("Transparency", {"regionCode": "370983"}))["transparency"]
        return int(figures["deliveredValueFen"]), int(figures["confirmedValueFen"])

    assert await handed_over() == (0, 0)
    first = await deliver(gql, world, match["id"], 2)
    assert first["match"]["status"] == "IN_DELIVERY"
    # Half the purifiers are at the school: the public figures say so, though the match is
    # still in delivery (they counted whole DELIVERED matches only).
    assert await handed_over() == (2 * 350000, 0)
    partial = await confirm(gql, world.principal, match["id"], 1)
    assert partial["errors"] == [] and partial["receipt"]["completesMatch"] is False
    assert partial["match"]["status"] == "IN_DELIVERY"
    # A receipt moves no status; the figures follow it all the same.
    assert await handed_over() == (2 * 350000, 350000)
    before = await snapshot(db)

    too_many_received = await confirm(gql, world.principal, match["id"], 2)
    too_many_delivered = await deliver(gql, world, match["id"], 3)

    # Each names how many it could have taken: 1 delivered and unconfirmed, 2 undelivered.
    refusals = [too_many_received["errors"], too_many_delivered["errors"]]
    assert [[(e["field"], e["code"], e["maximum"]) for e in errors] for errors in refusals] == [
        [("quantity", "OVER_ALLOCATED", "1")],
        [("quantity", "OVER_ALLOCATED", "2")],
    ]
    assert await snapshot(db) == before

    rest = await deliver(gql, world, match["id"], 2)
    assert rest["match"]["status"] == "DELIVERED"
    assert rest["match"]["fulfilment"]["deliveredQuantity"] == 4
    no_photo = await confirm(gql, world.principal, match["id"], 3)
    assert no_photo["errors"][0]["field"] == "evidenceIds"
    assert no_photo["errors"][0]["code"] == "REQUIRED"

    done = await confirm(
        gql, world.principal, match["id"], 3, [await photo_id(http, world.principal)]
    )
    assert done["match"]["status"] == "CONFIRMED"
    assert done["match"]["fulfilment"]["receivedQuantity"] == 4
    assert done["match"]["need"]["status"] == "FULFILLED"
    node = (await gql.data("MatchFulfilment", {"id": match["id"]}))["node"]
    assert [r["quantity"] for r in node["receipts"]] == [1, 3]
    assert await handed_over() == (4 * 350000, 4 * 350000)


async def test_need_is_fulfilled_only_when_every_match_of_it_is_confirmed(
    gql: GraphQLClient, world: World, http: httpx.AsyncClient
) -> None:
    need, offer = await need_and_pledge(gql, world, item_quantity=4)
    ids = []
    for _ in range(2):
        match = await propose(gql, world, need, offer, 2)
        await gql.data(
            "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
        )
        await gql.data("ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official)
        await deliver(gql, world, match["id"], 2)
        ids.append(match["id"])

    first = await confirm(gql, world.principal, ids[0], 2, [await photo_id(http, world.principal)])
    assert first["match"]["status"] == "CONFIRMED"
    assert first["match"]["need"]["status"] == "MATCHED"
    second = await confirm(gql, world.principal, ids[1], 2, [await photo_id(http, world.principal)])
    assert second["match"]["need"]["status"] == "FULFILLED"


async def test_a_problem_report_sends_the_units_back_to_be_delivered_again(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> None:
    match = await approved_match(gql, world)
    await deliver(gql, world, match["id"], 4)
    before = await snapshot(db)

    no_description = await gql.data(
        "ReportProblem",
        {"input": {"matchId": match["id"], "problem": "MISSING", "quantity": 1, "description": ""}},
        user=world.principal,
    )
    too_many = await gql.data(
        "ReportProblem",
        {
            "input": {
                "matchId": match["id"],
                "problem": "DAMAGED",
                "quantity": 5,
                "description": "x",
            }
        },
        user=world.principal,
    )
    assert no_description["reportProblem"]["errors"][0]["field"] == "description"
    assert too_many["reportProblem"]["errors"][0]["code"] == "OVER_ALLOCATED"
    assert await snapshot(db) == before

    damaged_photo = await photo_id(http, world.principal)
    reported = (
        await gql.data(
            "ReportProblem",
            {
                "input": {
                    "matchId": match["id"],
                    "problem": "DAMAGED",
                    "quantity": 1,
                    "description": "一台净水器外壳破裂。",
                    "evidenceIds": [damaged_photo],
                }
            },
            user=world.principal,
        )
    )["reportProblem"]

    assert reported["errors"] == []
    assert reported["receipt"]["kind"] == "PROBLEM" and reported["receipt"]["problem"] == "DAMAGED"
    assert reported["match"]["status"] == "IN_DELIVERY"
    assert reported["match"]["fulfilment"]["deliveredQuantity"] == 3
    assert (await transitions(db, "match", match["id"]))[-1] == (
        "DELIVERED",
        "IN_DELIVERY",
        world.principal,
        "DAMAGED",
    )
    again = await deliver(gql, world, match["id"], 1, note="补发一台")
    assert again["match"]["status"] == "DELIVERED"
    done = await confirm(
        gql, world.principal, match["id"], 4, [await photo_id(http, world.principal)]
    )
    assert done["match"]["status"] == "CONFIRMED"


async def test_bad_deliveries_are_refused_field_by_field_and_change_nothing(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    match = await approved_match(gql, world)
    need, offer = await need_and_pledge(gql, world)
    proposal = await propose(gql, world, need, offer, 1)
    before = await snapshot(db)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()

    future = await deliver(gql, world, match["id"], 1, deliveredOn=tomorrow)
    wrong_kind = await deliver(gql, world, match["id"], 1, kind="SERVICE_HELD")
    none = await deliver(gql, world, match["id"], 0)
    unapproved = await deliver(gql, world, proposal["id"], 1)
    long_note = await deliver(gql, world, match["id"], 1, note="x" * 1001)

    # The latest day a delivery may carry is named, for the form to say so.
    assert [(e["field"], e["maximum"]) for e in future["errors"]] == [("deliveredOn", TODAY)]
    assert wrong_kind["errors"][0] == {
        "field": "kind",
        "code": "INVALID",
        "message": "A GOODS pledge is delivered as SHIPPED, not SERVICE_HELD.",
        "minimum": None,
        "maximum": None,
    }
    assert none["errors"][0]["field"] == "quantity"
    assert unapproved["errors"][0]["code"] == "INVALID_TRANSITION"
    assert long_note["errors"][0]["code"] == "TOO_LONG"
    assert await snapshot(db) == before
    nothing_yet = await confirm(gql, world.principal, match["id"], 1)
    assert nothing_yet["errors"][0]["code"] == "INVALID_TRANSITION"


@pytest.mark.parametrize("zone", ["Etc/GMT-14", "Etc/GMT+12"], ids=["UTC+14", "UTC-12"])
async def test_a_delivery_is_dated_in_the_marketplace_s_calendar(
    gql: GraphQLClient,
    world: World,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    zone: str,
) -> None:
    # Twenty-six hours apart, these two zones never share a date with each other, and at any
    # hour at least one of them has a date other than this process's clock: a donor's "today"
    # was refused as in the future, or as before an approval made the same day.
    monkeypatch.setattr(settings, "time_zone", zone)
    there = datetime.now(ZoneInfo(zone)).date()
    match = await approved_match(gql, world)

    tomorrow = await deliver(gql, world, match["id"], 1, deliveredOn=str(there + timedelta(1)))
    assert [(e["field"], e["code"], e["maximum"]) for e in tomorrow["errors"]] == [
        ("deliveredOn", "OUT_OF_RANGE", there.isoformat())
    ]
    today = await deliver(gql, world, match["id"], 1, deliveredOn=there.isoformat())
    assert today["errors"] == []
    assert today["delivery"]["deliveredOn"] == there.isoformat()


async def test_only_the_donor_records_and_only_the_school_confirms(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> None:
    match = await approved_match(gql, world)
    delivery = {"matchId": match["id"], "kind": "SHIPPED", "deliveredOn": TODAY, "quantity": 1}
    before = await snapshot(db)

    for user in (world.principal, world.enterprise_admin, world.county_official):
        body = await gql.op("RecordDelivery", {"input": delivery}, user=user)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user
        # A match that does not exist is refused in the very same words: nobody learns
        # from the answer that someone else's match exists.
        missing = {**delivery, "matchId": to_global_id("Match", 999_999)}
        unknown = await gql.op("RecordDelivery", {"input": missing}, user=user)
        assert unknown["errors"] == body["errors"], user
    anonymous = await gql.op("RecordDelivery", {"input": delivery})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await snapshot(db) == before

    await deliver(gql, world, match["id"], 4)
    receipt = {"matchId": match["id"], "quantity": 1}
    for user in (world.store_admin, world.other_principal, world.other_county_official):
        body = await gql.op("ConfirmReceipt", {"input": receipt}, user=user)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user
        missing = {**receipt, "matchId": to_global_id("Match", 999_999)}
        unknown = await gql.op("ConfirmReceipt", {"input": missing}, user=user)
        assert unknown["errors"] == body["errors"], user
        body = await gql.op(
            "ReportProblem",
            {"input": {**receipt, "problem": "MISSING", "description": "?"}},
            user=user,
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user

    donors_photo = await photo_id(http, world.store_admin)
    borrowed = await confirm(gql, world.principal, match["id"], 4, [donors_photo])
    assert borrowed["errors"][0]["field"] == "evidenceIds.0"
    assert borrowed["errors"][0]["code"] == "NOT_FOUND"


async def test_refused_uploads_say_why_and_store_nothing(
    world: World, db: Database, http: httpx.AsyncClient, evidence_dir: Path
) -> None:
    fake_png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    text_as_jpeg = "这不是照片，只是一段文字。".encode() * 10
    huge = b"\xff\xd8\xff\xe0" + b"\0" * (6 * 1024 * 1024)
    vast = BytesIO()  # 8000 × 6000 pixels of one colour: a few kilobytes
    Image.new("1", (8000, 6000)).save(vast, format="PNG")
    vaster = BytesIO()  # past Pillow's own bound, which refuses to open it at all
    Image.new("1", (20000, 20000)).save(vaster, format="PNG")

    garbage = await upload(
        http, world.principal, fake_png, filename="a.png", content_type="image/png"
    )
    renamed = await upload(http, world.principal, text_as_jpeg, filename="photo.jpg")
    too_big = await upload(http, world.principal, huge)
    too_many_pixels = await upload(
        http, world.principal, vast.getvalue(), filename="vast.png", content_type="image/png"
    )
    far_too_many_pixels = await upload(
        http, world.principal, vaster.getvalue(), filename="vaster.png", content_type="image/png"
    )
    anonymous = await upload(http, None, photo_with_location())
    no_party = await upload(http, world.outsider, photo_with_location())
    official = await upload(http, world.county_official, photo_with_location())
    not_theirs = await upload(
        http, world.principal, photo_with_location(), party_id=world.other_school_id
    )

    assert garbage.status_code == 415
    assert garbage.json()["errors"][0]["extensions"] == {
        "code": "UNSUPPORTED_MEDIA_TYPE",
        "field": "file",
    }
    assert "does not decode" in garbage.json()["errors"][0]["message"]
    assert renamed.status_code == 415
    assert "not a JPEG, PNG or WebP" in renamed.json()["errors"][0]["message"]
    assert too_big.status_code == 413
    assert too_big.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert too_many_pixels.status_code == 415
    assert too_many_pixels.json()["errors"][0]["extensions"] == {
        "code": "UNSUPPORTED_MEDIA_TYPE",
        "field": "file",
        "maximum": "40000000",  # the bound in pixels, for the page to word
    }
    assert "8000×6000" in too_many_pixels.json()["errors"][0]["message"]
    assert far_too_many_pixels.status_code == 415
    assert far_too_many_pixels.json()["errors"][0]["extensions"]["maximum"] == "40000000"
    assert "more than 40000000 pixels" in far_too_many_pixels.json()["errors"][0]["message"]
    assert anonymous.status_code == 401
    assert no_party.status_code == 403 and official.status_code == 403
    assert not_theirs.status_code == 403
    assert await count_rows(db, "evidence") == 0
    assert stored_files(evidence_dir) == []


async def test_a_party_keeps_a_bounded_number_of_photos_it_has_not_sent(
    gql: GraphQLClient,
    world: World,
    db: Database,
    http: httpx.AsyncClient,
    evidence_dir: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Uploads left unsent stay a week; a party uploading without end (120 a minute of 5 MiB)
    would fill the disk meanwhile."""
    monkeypatch.setattr(settings, "evidence_max_unused", 2)
    match = await approved_match(gql, world)
    first, _ = [await photo_id(http, world.store_admin) for _ in range(2)]
    # Another party's photos are its own count.
    assert (await upload(http, world.principal, photo_with_location())).status_code == 201

    refused = await upload(http, world.store_admin, photo_with_location())

    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "file",
        "reason": "TOO_MANY",
        "maximum": "2",
    }
    assert "2 photos uploaded for this party are not in any delivery" in error["message"]
    assert await count_rows(db, "evidence") == 3
    assert len(stored_files(evidence_dir)) == 3
    # A photo sent with a delivery no longer counts: the next upload is taken.
    await deliver(gql, world, match["id"], 1, evidenceIds=[first])
    assert (await upload(http, world.store_admin, photo_with_location())).status_code == 201


async def test_other_requests_are_answered_while_a_photo_is_cleaned(
    world: World, http: httpx.AsyncClient
) -> None:
    """Cleaning a large photo takes a second or more of CPU; it must not hold up the server."""
    large = BytesIO()
    Image.new("RGB", (6000, 4000), (90, 140, 60)).save(large, format="PNG")
    uploading = asyncio.create_task(
        upload(http, world.principal, large.getvalue(), filename="a.png", content_type="image/png")
    )
    answered_meanwhile = 0
    while not uploading.done():
        health = await http.get("/healthz")
        assert health.status_code == 200
        if not uploading.done():
            answered_meanwhile += 1
        await asyncio.sleep(0.02)

    assert (await uploading).status_code == 201
    assert answered_meanwhile >= 3


async def test_a_photo_the_store_cannot_write_is_a_503_that_keeps_no_row(
    world: World, db: Database, http: httpx.AsyncClient, evidence_dir: Path
) -> None:
    # A regular file where the store's directory should be: every write under it fails, for
    # root too (chmod would not stop root), as a read-only or broken disk makes them fail.
    evidence_dir.write_bytes(b"not a directory")
    before = await snapshot(db)

    response = await upload(http, world.principal, photo_with_location())

    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "errors": [
            {
                "message": "The photo store cannot keep photos right now; try again later.",
                "extensions": {"code": "UNAVAILABLE"},
            }
        ]
    }
    assert str(evidence_dir) not in response.text, "no path is disclosed"
    assert await snapshot(db) == before
    assert evidence_dir.read_bytes() == b"not a directory"


def test_a_photo_cut_short_by_a_full_disk_leaves_no_partial_file(tmp_path: Path) -> None:
    """The write fails half-way, as on a full disk: here at the process's file size limit
    (EFBIG; Python ignores SIGXFSZ), the one way to fill a disk without being root. Tested on
    the store, as over HTTP the database's own files would hit the limit too."""
    store = DirectoryStore(tmp_path / "evidence")
    key = new_storage_key("jpg")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        with pytest.raises(EvidenceStoreRefused):
            asyncio.run(store.put(key, b"\xff" * 65536))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    assert stored_files(tmp_path / "evidence") == []
    asyncio.run(store.put(key, b"\xff" * 65536))
    assert asyncio.run(store.get(key)) == b"\xff" * 65536


async def test_an_upload_without_a_length_is_cut_off_at_the_limit(
    world: World, db: Database, http: httpx.AsyncClient, evidence_dir: Path
) -> None:
    boundary = "photo-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        'filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    ).encode()
    sent = 0

    async def body() -> Any:
        nonlocal sent
        yield head + b"\xff\xd8\xff\xe0"
        for _ in range(100):  # 100 × 64 KiB = 6.25 MiB, never finished
            sent += 1
            yield b"\0" * 65536

    response = await http.post(
        "/evidence",
        content=body(),
        headers={
            TEST_USER_HEADER: str(world.principal),
            "content-type": f"multipart/form-data; boundary={boundary}",
        },
    )

    assert response.status_code == 413
    assert sent < 100
    assert await count_rows(db, "evidence") == 0
    assert stored_files(evidence_dir) == []


async def test_png_and_webp_are_accepted_and_cleaned(
    world: World, http: httpx.AsyncClient, evidence_dir: Path
) -> None:
    for fmt, content_type in (("PNG", "image/png"), ("WEBP", "image/webp")):
        data = photo_with_location(fmt=fmt)
        response = await upload(
            http, world.store_admin, data, filename="x.bin", content_type="text/plain"
        )
        assert response.status_code == 201, response.text
        assert response.json()["contentType"] == content_type
        served = await fetch(http, world.store_admin, response.json()["id"])
        assert served.headers["content-type"] == content_type
        image = Image.open(BytesIO(served.content))
        assert image.format == fmt and not image.getexif()
    assert len(stored_files(evidence_dir)) == 2


async def test_evidence_is_served_only_to_the_parties_officials_and_admins(
    gql: GraphQLClient, world: World, http: httpx.AsyncClient
) -> None:
    match = await approved_match(gql, world)
    await deliver(gql, world, match["id"], 4)
    evidence = await photo_id(http, world.principal)
    assert (await fetch(http, world.principal, evidence)).status_code == 200
    # Until it is part of a receipt, only the school (and admins) see it.
    assert (await fetch(http, world.store_admin, evidence)).status_code == 404
    await confirm(gql, world.principal, match["id"], 4, [evidence])

    allowed = (
        world.principal,
        world.store_admin,
        world.county_official,
        world.provincial_official,
        world.platform_admin,
    )
    for user in allowed:
        assert (await fetch(http, user, evidence)).status_code == 200, user
    for user in (world.other_county_official, world.other_principal, world.enterprise_admin):
        refused = await fetch(http, user, evidence)
        assert refused.status_code == 404, user
        assert refused.headers["content-type"] == "application/json"
    assert (await fetch(http, None, evidence)).status_code == 401
    assert (await fetch(http, world.principal, to_global_id("Evidence", 999999))).status_code == 404
    assert (await fetch(http, world.principal, "not-an-id")).status_code == 404
    # Keys no id column holds, and digits int() refuses, name no photo either.
    for key in (2**31, 10**30, "²"):
        assert (
            await fetch(http, world.principal, to_global_id("Evidence", key))
        ).status_code == 404


async def test_concurrent_deliveries_never_exceed_the_approved_quantity(
    gql: GraphQLClient, world: World
) -> None:
    match = await approved_match(gql, world)

    results = await asyncio.gather(*(deliver(gql, world, match["id"], 1) for _ in range(8)))

    succeeded = [r for r in results if not r["errors"]]
    refused = [r["errors"][0]["code"] for r in results if r["errors"]]
    assert len(succeeded) == 4
    assert set(refused) <= {"OVER_ALLOCATED", "STALE"} and len(refused) == 4
    node = (await gql.data("MatchFulfilment", {"id": match["id"]}))["node"]
    assert node["status"] == "DELIVERED"
    assert node["fulfilment"]["deliveredQuantity"] == 4
    assert len(node["deliveries"]) == 4


async def test_expire_command_expires_only_what_is_overdue(
    gql: GraphQLClient, world: World, db: Database, database_url: str, tmp_path: Path
) -> None:
    today = date.today()
    soon = (today + timedelta(days=10)).isoformat()
    later = (today + timedelta(days=60)).isoformat()
    item = {
        "description": "直饮水净水器",
        "category": "DRINKING_WATER",
        "quantity": 4,
        "unit": "台",
        "unitValueFen": 350000,
    }
    offer = (
        await gql.data(
            "PostPledge",
            {"input": {**_goods(world.store_id), "quantity": 10}},
            user=world.store_admin,
        )
    )["postPledge"]["pledge"]
    due_soon = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, deadline=soon, items=[item])},
            user=world.principal,
        )
    )["postNeed"]["need"]
    due_later = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, deadline=later, items=[item])},
            user=world.principal,
        )
    )["postNeed"]["need"]
    approved = await propose(gql, world, due_soon, offer, 2)
    await gql.data(
        "RespondToMatch", {"input": {"id": approved["id"], "accept": True}}, user=world.principal
    )
    await gql.data("ApproveMatch", {"input": {"id": approved["id"]}}, user=world.county_official)
    proposal_soon = await propose(gql, world, due_soon, offer, 1)
    proposal_later = await propose(gql, world, due_later, offer, 1)

    day20 = (today + timedelta(days=20)).isoformat()
    first = ecosystem(
        "expire",
        "--today",
        day20,
        "--allow-future",
        database_url=database_url,
        cwd=tmp_path,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    after_first = await snapshot(db)
    second = ecosystem(
        "expire", "--today", day20, "--allow-future", database_url=database_url, cwd=tmp_path
    )

    assert f"Expired 2 needs, pledges and proposals overdue on {day20}" in first.stdout
    assert "Expired 0" in second.stdout
    assert await snapshot(db) == after_first

    async def status(global_id: str) -> str:
        operation = "Node" if from_global_id(global_id)[0] == "Need" else "MatchFulfilment"
        node = (await gql.data(operation, {"id": global_id}, user=world.platform_admin))["node"]
        return str(node["status"])

    assert await status(due_soon["id"]) == "EXPIRED"
    assert await status(proposal_soon["id"]) == "EXPIRED"
    assert await status(approved["id"]) == "APPROVED"
    assert await status(due_later["id"]) == "OPEN"
    assert await status(proposal_later["id"]) == "PROPOSED"
    need_history = await transitions(db, "need", due_soon["id"])
    assert need_history[-1] == (
        "PARTIALLY_MATCHED",
        "EXPIRED",
        None,
        f"The deadline {soon} has passed.",
    )
    assert (await transitions(db, "match", proposal_soon["id"]))[-1] == (
        "PROPOSED",
        "EXPIRED",
        None,
        "Its need has expired.",
    )

    day40 = (today + timedelta(days=40)).isoformat()
    aged = ecosystem(
        "expire", "--today", day40, "--allow-future", database_url=database_url, cwd=tmp_path
    )
    assert "Expired 1 " in aged.stdout
    assert await status(proposal_later["id"]) == "EXPIRED"
    assert await status(due_later["id"]) == "OPEN"
    bad = ecosystem(
        "expire", "--today", "tomorrow", database_url=database_url, cwd=tmp_path, check=False
    )
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


async def test_a_proposal_ages_by_the_marketplace_calendar_not_utc(
    gql: GraphQLClient, world: World, db: Database, database_url: str, tmp_path: Path
) -> None:
    """Made at 01:25 on day D in Beijing (17:25 UTC the day before), a proposal is 30 days old
    on D + 30, and expires (after PROPOSAL_MAX_AGE_DAYS = 30) on D + 31."""
    far = (date.today() + timedelta(days=120)).isoformat()
    need = (await post(gql, world.principal, water_need(world.school_id, deadline=far)))["need"]
    offer = (
        await gql.data(
            "PostPledge",
            {"input": {**_goods(world.store_id), "quantity": 2}},
            user=world.store_admin,
        )
    )["postPledge"]["pledge"]
    proposal = await propose(gql, world, need, offer, 1)
    day = date.today() + timedelta(days=2)
    made = datetime.combine(day - timedelta(days=1), time(17, 25), tzinfo=UTC)
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE match SET created_at = :made WHERE id = :id"),
            {"made": made, "id": int(from_global_id(proposal["id"])[1])},
        )

    async def status() -> str:
        node = (
            await gql.data("MatchFulfilment", {"id": proposal["id"]}, user=world.platform_admin)
        )["node"]
        return str(node["status"])

    on_day_30 = (day + timedelta(days=30)).isoformat()
    on_day_31 = (day + timedelta(days=31)).isoformat()
    ecosystem(
        "expire", "--today", on_day_30, "--allow-future", database_url=database_url, cwd=tmp_path
    )
    assert await status() == "PROPOSED"
    ecosystem(
        "expire", "--today", on_day_31, "--allow-future", database_url=database_url, cwd=tmp_path
    )
    assert await status() == "EXPIRED"


async def test_photos_never_used_are_removed_after_a_week_and_used_ones_stay(
    gql: GraphQLClient,
    world: World,
    db: Database,
    http: httpx.AsyncClient,
    evidence_dir: Path,
    database_url: str,
    tmp_path: Path,
) -> None:
    """A receipt form left unsent leaves its photo behind; EVIDENCE_UNUSED_DAYS (7) days on,
    `ecosystem expire` (and the schedule) removes it, row and file. A photo a receipt uses
    stays, however old."""
    match = await approved_match(gql, world)
    await deliver(gql, world, match["id"], 4)
    used = await photo_id(http, world.principal)
    await confirm(gql, world.principal, match["id"], 4, [used])
    left = await photo_id(http, world.principal)
    fresh = await photo_id(http, world.principal)
    # Both uploaded a while ago (the third today, so still within its week).
    long_ago = datetime.now(UTC) - timedelta(days=9)
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE evidence SET created_at = :at WHERE id IN (:a, :b)"),
            {"at": long_ago, "a": int(from_global_id(used)[1]), "b": int(from_global_id(left)[1])},
        )
    assert len(stored_files(evidence_dir)) == 3
    env = {"EVIDENCE_DIR": str(evidence_dir)}

    first = ecosystem("expire", database_url=database_url, cwd=tmp_path, env=env)
    again = ecosystem("expire", database_url=database_url, cwd=tmp_path, env=env)

    assert "Removed 1 photos uploaded before" in first.stdout, first.stdout
    assert "Removed" not in again.stdout
    async with db.read() as session:
        kept = {row[0] for row in (await session.execute(text("SELECT id FROM evidence"))).all()}
    assert kept == {int(from_global_id(used)[1]), int(from_global_id(fresh)[1])}
    assert len(stored_files(evidence_dir)) == 2
    assert (await fetch(http, world.principal, used)).status_code == 200
    assert (await fetch(http, world.principal, left)).status_code == 404


async def test_a_pledge_past_its_validity_expires_with_its_open_proposals(
    gql: GraphQLClient, world: World, db: Database, database_url: str, tmp_path: Path
) -> None:
    today = date.today()
    valid_until = (today + timedelta(days=10)).isoformat()
    offer = (
        await gql.data(
            "PostPledge",
            {"input": {**_goods(world.store_id), "quantity": 10, "validUntil": valid_until}},
            user=world.store_admin,
        )
    )["postPledge"]["pledge"]
    need = (
        await gql.data("PostNeed", {"input": water_need(world.school_id)}, user=world.principal)
    )["postNeed"]["need"]
    approved = await propose(gql, world, need, offer, 2)
    await gql.data(
        "RespondToMatch", {"input": {"id": approved["id"], "accept": True}}, user=world.principal
    )
    await gql.data("ApproveMatch", {"input": {"id": approved["id"]}}, user=world.county_official)
    accepted = await propose(gql, world, need, offer, 1)
    await gql.data(
        "RespondToMatch", {"input": {"id": accepted["id"], "accept": True}}, user=world.principal
    )
    open_proposal = await propose(gql, world, need, offer, 1)

    # Its last valid day passes before the expiry job runs: an approval then is refused.
    key = int(from_global_id(offer["id"])[1])
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE pledge SET valid_until = :day WHERE id = :id"),
            {"day": today - timedelta(days=1), "id": key},
        )
    late = await gql.data(
        "ApproveMatch", {"input": {"id": accepted["id"]}}, user=world.county_official
    )
    assert late["approveMatch"]["errors"] == [
        {
            "field": "id",
            "code": "STALE",
            "message": f"The pledge was valid until {today - timedelta(days=1)}; its matches "
            "can no longer be approved.",
        }
    ]
    run = ecosystem("expire", database_url=database_url, cwd=tmp_path)

    assert f"Expired 3 needs, pledges and proposals overdue on {today}" in run.stdout
    node = (await gql.data("Node", {"id": offer["id"]}))["node"]
    assert (node["pledgeStatus"], node["remainingQuantity"]) == ("EXPIRED", 8)
    assert (await transitions(db, "pledge", offer["id"]))[-1] == (
        "ACTIVE",
        "EXPIRED",
        None,
        f"It was valid until {today - timedelta(days=1)}.",
    )
    for proposal in (accepted, open_proposal):
        assert (await transitions(db, "match", proposal["id"]))[-1][1:] == (
            "EXPIRED",
            None,
            "Its pledge has expired.",
        )
    assert (await transitions(db, "match", approved["id"]))[-1][1] == "APPROVED"


def _goods(party_id: str) -> dict[str, Any]:
    return {
        "partyId": party_id,
        "kind": "GOODS",
        "title": "净水器捐赠",
        "category": "DRINKING_WATER",
        "itemName": "直饮水净水器",
        "unit": "台",
        "unitValueFen": 350000,
    }


async def media_editor(db: Database) -> tuple[int, str]:
    """A media party with one editor: (editor user id, party global id)."""
    async with db.transaction() as session:
        media = await parties.create_party(
            session, Party(kind=PartyKind.MEDIA, name="泰安日报", region_code="3709")
        )
        user = await parties.ensure_user(
            session, issuer="urn:test", subject="editor", name="editor", email=None
        )
        assert media.id is not None and user.id is not None
        await parties.grant_role(
            session, user_id=user.id, party_id=media.id, role=Role.MEDIA_EDITOR
        )
        return user.id, to_global_id("Party", media.id)


async def test_media_editor_publishes_a_public_story_about_confirmed_matches(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> None:
    editor, media_id = await media_editor(db)
    confirmed = await approved_match(gql, world)
    await deliver(gql, world, confirmed["id"], 4)
    await confirm(gql, world.principal, confirmed["id"], 4, [await photo_id(http, world.principal)])
    only_approved = await approved_match(gql, world)
    story = {
        "partyId": media_id,
        "title": "边院镇希望小学喝上了干净水",
        "body": "四台净水器已安装到位。",
        "matchIds": [confirmed["id"]],
    }

    not_confirmed = await gql.data(
        "PublishStory",
        {"input": {**story, "matchIds": [confirmed["id"], only_approved["id"]]}},
        user=editor,
    )
    malformed = await gql.data(
        "PublishStory",
        {"input": {**story, "matchIds": ["garbage", confirmed["id"], "TWF0Y2g6"]}},
        user=editor,
    )
    not_media = await gql.op("PublishStory", {"input": story}, user=world.store_admin)
    published = await gql.data("PublishStory", {"input": story}, user=editor)

    assert not_confirmed["publishStory"]["errors"] == [
        {
            "field": "matchIds.1",
            "code": "NOT_ELIGIBLE",
            "message": "Stories tell of confirmed matches only; this is not one.",
        }
    ]
    # Every malformed id is said at once, each on its place in the list.
    assert [(e["field"], e["code"]) for e in malformed["publishStory"]["errors"]] == [
        ("matchIds.0", "INVALID"),
        ("matchIds.2", "INVALID"),
    ]
    assert not_media["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert published["publishStory"]["errors"] == []
    public = (await gql.data("Stories", {"first": 10}))["stories"]["edges"]
    assert [e["node"]["title"] for e in public] == [story["title"]]
    assert public[0]["node"]["party"]["name"] == "泰安日报"
    assert [m["id"] for m in public[0]["node"]["matches"]] == [confirmed["id"]]
    by_match = await gql.data("Stories", {"first": 10, "filter": {"matchId": only_approved["id"]}})
    assert by_match["stories"]["edges"] == []
    for need, titles in ((confirmed["need"], [story["title"]]), (only_approved["need"], [])):
        by_need = await gql.data("Stories", {"first": 10, "filter": {"needId": need["id"]}})
        assert [e["node"]["title"] for e in by_need["stories"]["edges"]] == titles


async def published_story(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """A media editor's story about a confirmed match: (editor, story, match)."""
    editor, media_id = await media_editor(db)
    confirmed = await approved_match(gql, world)
    await deliver(gql, world, confirmed["id"], 4)
    await confirm(gql, world.principal, confirmed["id"], 4, [await photo_id(http, world.principal)])
    story = {
        "partyId": media_id,
        "title": "边院镇希望小学喝上了干净水",
        "body": "四台净水器已安装到位，三年级的小明第一个喝上了水。",
        "matchIds": [confirmed["id"]],
    }
    published = await gql.data("PublishStory", {"input": story}, user=editor)
    assert published["publishStory"]["errors"] == []
    return editor, published["publishStory"]["story"], confirmed


async def test_a_story_is_published_and_retracted_in_the_ledger(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> None:
    editor, story, confirmed = await published_story(gql, world, db, http)
    reason = "文中写了学生的名字，未经家长同意。"

    def retract(why: str) -> dict[str, Any]:
        return {"input": {"id": story["id"], "reason": why}}

    before = await snapshot(db)
    no_reason = await gql.data("RetractStory", retract("  "), user=editor)
    not_theirs = [
        await gql.op("RetractStory", retract(reason), user=user)
        for user in (world.store_admin, world.principal, world.county_official, None)
    ]
    unchanged = await snapshot(db)
    retracted = await gql.data("RetractStory", retract(reason), user=editor)
    again = await gql.data("RetractStory", retract(reason), user=world.platform_admin)
    listed = (await gql.data("Stories", {"first": 10}))["stories"]["edges"]
    entries = [json.loads(node["entry"]) for node in await ledger_entries(gql)]

    assert [(e["field"], e["code"]) for e in no_reason["retractStory"]["errors"]] == [
        ("reason", "REQUIRED")
    ]
    for answer in not_theirs:
        assert answer["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "UNAUTHENTICATED")
    assert unchanged == before
    done = retracted["retractStory"]
    assert done["errors"] == []
    assert done["story"]["status"] == "RETRACTED"
    assert done["story"]["retractionReason"] == reason
    assert done["story"]["title"] == "边院镇希望小学喝上了干净水"
    assert done["story"]["body"] == ""  # what it said is no longer shown
    assert again["retractStory"]["errors"][0]["code"] == "INVALID_TRANSITION"
    assert listed == []
    told = [e for e in entries if e["entity"] == "story"]
    assert [(e["from"], e["to"], e["actor_role"]) for e in told] == [
        (None, "PUBLISHED", "MEDIA_EDITOR"),
        ("PUBLISHED", "RETRACTED", "MEDIA_EDITOR"),
    ]
    match_key = int(from_global_id(confirmed["id"])[1])
    assert all(e["refs"]["match"] == match_key and e["region"] == "370983" for e in told)
    async with db.read() as session:
        events = (
            await session.execute(text("SELECT type FROM outbox_event WHERE type LIKE 'story.%'"))
        ).scalars()
        assert sorted(events) == ["story.PUBLISHED", "story.RETRACTED"]
    # The ledger holds facts, never the words: not the story's, not the reason's.
    assert all("小明" not in json.dumps(e, ensure_ascii=False) for e in entries)
    assert all(reason not in json.dumps(e, ensure_ascii=False) for e in entries)


async def test_a_platform_admin_may_retract_any_story(
    gql: GraphQLClient, world: World, db: Database, http: httpx.AsyncClient
) -> None:
    _, story, _ = await published_story(gql, world, db, http)
    retracted = await gql.data(
        "RetractStory",
        {"input": {"id": story["id"], "reason": "Reported by the school as inaccurate."}},
        user=world.platform_admin,
    )
    assert retracted["retractStory"]["errors"] == []
    assert retracted["retractStory"]["story"]["status"] == "RETRACTED"
