"""Invitations, verification, `me` and private details."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import GraphQLClient, World, count_rows, snapshot
from sqlalchemy import select
from sqlmodel import col
from test_cli import ecosystem

from auth.provider import (
    ClientRegistration,
    GrantType,
    ensure_client,
    find_client,
    verify_client_secret,
)
from ecosystem.api.relay import to_global_id
from ecosystem.database import Database
from ecosystem.members.service import LoginIdentity, record_login
from ecosystem.parties import service as parties
from ecosystem.parties.models import Party, Role


async def test_me_lists_memberships_and_jurisdictions(gql: GraphQLClient, world: World) -> None:
    me = (await gql.data("Me", user=world.county_official))["me"]

    assert me["name"] == "county-official"
    assert [(m["role"], m["party"]["name"]) for m in me["memberships"]] == [
        ("GOV_OFFICIAL", "肥城市人民政府")
    ]
    assert me["jurisdictionCodes"] == ["370983"]
    assert me["jurisdictions"] == [{"code": "370983", "name": "肥城市"}]
    assert (await gql.data("Me"))["me"] is None


async def test_official_verifies_a_party_once(gql: GraphQLClient, world: World) -> None:
    first = await gql.data(
        "VerifyParty", {"input": {"partyId": world.store_id}}, user=world.county_official
    )
    again = await gql.data(
        "VerifyParty", {"input": {"partyId": world.store_id}}, user=world.provincial_official
    )

    verified_at = first["verifyParty"]["party"]["verifiedAt"]
    assert verified_at is not None
    assert again["verifyParty"]["party"]["verifiedAt"] == verified_at


async def test_official_cannot_verify_their_own_government(
    gql: GraphQLClient, world: World
) -> None:
    me = (await gql.data("Me", user=world.county_official))["me"]
    own = me["memberships"][0]["party"]["id"]
    body = await gql.op("VerifyParty", {"input": {"partyId": own}}, user=world.county_official)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_contact_details_are_private(gql: GraphQLClient, world: World, db: Database) -> None:
    async with db.transaction() as session:
        store = await session.get(Party, world.store)
        assert store is not None
        store.contact_email = "shop@example.org"
        store.contact_phone = "0538-1234567"
        session.add(store)

    seen = {}
    for who in (
        "anonymous",
        "store_admin",
        "county_official",
        "other_county_official",
        "platform_admin",
        "principal",
    ):
        user = None if who == "anonymous" else getattr(world, who)
        node = (await gql.data("Party", {"id": world.store_id}, user=user))["node"]
        seen[who] = node["contactEmail"]

    assert seen == {
        "anonymous": None,
        "store_admin": "shop@example.org",
        "county_official": "shop@example.org",
        "other_county_official": None,
        "platform_admin": "shop@example.org",
        "principal": None,
    }


async def test_invitation_is_activated_by_a_verified_login_only(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    invited = await gql.data(
        "InviteMember",
        {
            "input": {
                "partyId": world.store_id,
                "email": "Helper@Example.org",
                "role": "DONOR_ADMIN",
            }
        },
        user=world.store_admin,
    )
    assert invited["inviteMember"]["invitation"]["email"] == "helper@example.org"

    async with db.transaction() as session:
        unverified = await record_login(
            session,
            LoginIdentity("https://idp.example", "u-1", "Helper", "helper@example.org", False),
        )
    assert (await gql.data("Me", user=unverified.id))["me"]["memberships"] == []

    async with db.transaction() as session:
        verified = await record_login(
            session,
            LoginIdentity("https://idp.example", "u-1", "Helper", "HELPER@example.org", True),
        )
    me = (await gql.data("Me", user=verified.id))["me"]
    assert [(m["role"], m["party"]["id"]) for m in me["memberships"]] == [
        ("DONOR_ADMIN", world.store_id)
    ]

    async with db.transaction() as session:
        someone_else = await record_login(
            session,
            LoginIdentity("https://idp.example", "u-2", "Other", "helper@example.org", True),
        )
    assert (await gql.data("Me", user=someone_else.id))["me"]["memberships"] == []


async def test_invitation_role_must_fit_the_party(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await snapshot(db)
    result = await gql.data(
        "InviteMember",
        {"input": {"partyId": world.store_id, "email": "x@example.org", "role": "PRINCIPAL"}},
        user=world.platform_admin,
    )
    refused = result["inviteMember"]["errors"][0]
    assert (refused["field"], refused["code"]) == ("role", "INVALID")
    # The roles a store takes, as values a client can offer without reading the message.
    assert refused["allowed"] == ["DONOR_ADMIN"]
    # A control or zero-width character hides in an address pasted from elsewhere.
    for email in (
        "not an email",
        "a\u0001b@example.org",
        "ab\u200b@example.org",
        "<b>x</b>@example.com",
    ):
        bad_email = await gql.data(
            "InviteMember",
            {"input": {"partyId": world.store_id, "email": email, "role": "DONOR_ADMIN"}},
            user=world.platform_admin,
        )
        assert [(e["field"], e["code"]) for e in bad_email["inviteMember"]["errors"]] == [
            ("email", "INVALID")
        ], email
    assert await snapshot(db) == before


async def test_party_admin_cannot_invite_platform_admins(gql: GraphQLClient, world: World) -> None:
    body = await gql.op(
        "InviteMember",
        {"input": {"partyId": world.store_id, "email": "x@example.org", "role": "PLATFORM_ADMIN"}},
        user=world.store_admin,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (
        body["errors"][0]["message"] == "Only a platform admin may invite another platform admin."
    )


async def test_party_admins_invite_to_no_power_they_do_not_hold(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    """A government's donor admin posts its pledges; officials approve and verify. Only
    officials (or the platform) may make officials."""
    async with db.transaction() as session:
        government = await session.scalar(select(Party).where(col(Party.name) == "肥城市人民政府"))
        assert government is not None and government.id is not None
        await parties.grant_role(
            session, user_id=world.outsider, party_id=government.id, role=Role.DONOR_ADMIN
        )
        await parties.grant_role(
            session, user_id=world.outsider, party_id=world.school, role=Role.SCHOOL_STAFF
        )
    party_id = to_global_id("Party", government.id)

    def invitation(party: str, email: str, role: str) -> dict[str, Any]:
        return {"input": {"partyId": party, "email": email, "role": role}}

    before = await snapshot(db)
    as_donor_admin = await gql.op(
        "InviteMember", invitation(party_id, "x@example.org", "GOV_OFFICIAL"), user=world.outsider
    )
    as_staff = await gql.op(
        "InviteMember",
        invitation(world.school_id, "y@example.org", "PRINCIPAL"),
        user=world.outsider,
    )
    unchanged = await snapshot(db)
    colleague = await gql.data(
        "InviteMember", invitation(party_id, "z@example.org", "DONOR_ADMIN"), user=world.outsider
    )
    official = await gql.data(
        "InviteMember",
        invitation(party_id, "o@example.org", "GOV_OFFICIAL"),
        user=world.county_official,
    )

    assert as_donor_admin["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert as_donor_admin["errors"][0]["message"] == (
        "Only a platform admin or the party's GOV_OFFICIAL may invite a GOV_OFFICIAL."
    )
    assert as_staff["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # A role the party cannot hold is said as such to its admins, not as a matter of rights.
    unfit = await gql.data(
        "InviteMember",
        invitation(world.school_id, "d@example.org", "DONOR_ADMIN"),
        user=world.principal,
    )
    assert [(e["field"], e["code"]) for e in unfit["inviteMember"]["errors"]] == [
        ("role", "INVALID")
    ]
    assert unchanged == before
    assert colleague["inviteMember"]["errors"] == []
    assert official["inviteMember"]["errors"] == []
    assert official["inviteMember"]["invitation"]["role"] == "GOV_OFFICIAL"


async def test_operator_invites_from_the_command_line(
    database_url: str, world: World, db: Database, tmp_path: Path
) -> None:
    result = ecosystem(
        "invite",
        "--email",
        "officer@example.org",
        "--party",
        "肥城市人民政府",
        "--role",
        "gov_official",
        database_url=database_url,
        cwd=tmp_path,
    )
    assert "Invited officer@example.org as GOV_OFFICIAL" in result.stdout
    assert await count_rows(db, "invitation") == 1

    refused = ecosystem(
        "invite",
        "--email",
        "x@example.org",
        "--party",
        "不存在的单位",
        "--role",
        "DONOR_ADMIN",
        database_url=database_url,
        cwd=tmp_path,
        check=False,
    )
    assert refused.returncode == 1
    assert "0 parties are named" in refused.stderr
    # A number past any id, and a digit int() refuses, are answered like an unknown party.
    for party, answer in (("99999999999", "There is no party"), ("²", "0 parties are named")):
        unknown = ecosystem(
            *("invite", "--email", "x@example.org", "--party", party, "--role", "DONOR_ADMIN"),
            database_url=database_url,
            cwd=tmp_path,
            check=False,
        )
        assert (unknown.returncode, answer in unknown.stderr) == (1, True), unknown.stderr
    assert await count_rows(db, "invitation") == 1


async def _secret_works(db: Database, client_id: str, secret: str) -> bool:
    async with db.read() as session:
        return await verify_client_secret(await find_client(session, client_id), secret)


async def test_operator_adds_a_role_to_a_partner_system_without_replacing_its_secret(
    database_url: str, world: World, db: Database, tmp_path: Path
) -> None:
    def api_client(*extra: str, client_id: str = "partner-pos", role: str = "DONOR_ADMIN") -> Any:
        return ecosystem(
            *("api-client", "--client-id", client_id, "--role", role, *extra),
            database_url=database_url,
            cwd=tmp_path,
            check=False,
        )

    first = api_client("--party", "泰安特产店")
    assert first.returncode == 0, first.stderr
    secret = first.stdout.rsplit("shown once: ", 1)[1].strip()
    assert await _secret_works(db, "partner-pos", secret)

    # It used to print a new secret and replace the one the partner's system runs with.
    again = api_client("--party", "合作企业")
    assert again.returncode == 0, again.stderr
    assert "secret is unchanged" in again.stdout and "shown once" not in again.stdout
    assert "it now also holds DONOR_ADMIN of party 合作企业" in again.stdout
    assert await _secret_works(db, "partner-pos", secret)
    memberships = await count_rows(db, "membership")
    # The same role once more: said to be held already, and nothing added.
    same = api_client("--party", "合作企业")
    assert same.returncode == 0, same.stderr
    assert same.stdout.startswith(
        "partner-pos was registered already: it already held DONOR_ADMIN of party 合作企业, "
        "and its secret is unchanged"
    ), same.stdout
    assert await count_rows(db, "membership") == memberships
    assert await _secret_works(db, "partner-pos", secret)

    rotated = api_client("--party", "合作企业", "--new-secret")
    assert rotated.stdout.startswith(
        "Replaced the secret of partner-pos, which also holds DONOR_ADMIN of party 合作企业: "
        "the systems using the old secret get no token until they use this one."
    ), rotated.stdout
    fresh = rotated.stdout.rsplit("shown once: ", 1)[1].strip()
    assert await _secret_works(db, "partner-pos", fresh)
    assert not await _secret_works(db, "partner-pos", secret)

    # A client that signs people in (the web app's, say) is not turned into a partner system.
    async with db.transaction() as session:
        await ensure_client(
            session,
            ClientRegistration(
                "web-login",
                None,
                redirect_uris=["http://localhost:8000/auth/callback"],
                grant_types=[GrantType.AUTHORIZATION_CODE],
                scopes=["openid"],
            ),
        )
    refused = api_client("--party", "合作企业", client_id="web-login")
    assert refused.returncode == 1 and "signing people in" in refused.stderr
    async with db.read() as session:
        web = await find_client(session, "web-login")
    assert web is not None and web.grant_types == {GrantType.AUTHORIZATION_CODE}
