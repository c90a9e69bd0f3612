"""Mutations: each one input, one transaction, a payload with the object and typed errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types.unset import UnsetType

from ecosystem.access import policy
from ecosystem.api.errors import UserError, user_errors
from ecosystem.api.relay import decode_id
from ecosystem.api.scalars import BigInt
from ecosystem.api.types import Ctx, Invitation, Match, Need, Party, Pledge
from ecosystem.database import run_again_if_aborted
from ecosystem.errors import DomainError, DomainErrors
from ecosystem.idempotency import service as idempotency
from ecosystem.matches import service as matches
from ecosystem.matches.models import Match as MatchRow
from ecosystem.members import service as members
from ecosystem.members.models import Invitation as InvitationRow
from ecosystem.needs import service as needs
from ecosystem.needs.models import Need as NeedRow
from ecosystem.needs.models import Urgency
from ecosystem.parties import service as parties
from ecosystem.parties.models import Party as PartyRow
from ecosystem.parties.models import Role
from ecosystem.pledges import service as pledges
from ecosystem.pledges.models import Pledge as PledgeRow
from ecosystem.pledges.models import PledgeKind
from ecosystem.runs.models import MatchingRun as RunRow

Row = TypeVar("Row", NeedRow, PledgeRow, PartyRow, InvitationRow, MatchRow, RunRow)

IDEMPOTENCY_KEY_DOC = (
    "Optional. Sending the same key and input again returns the first result and writes "
    "nothing new; the same key with a different input is refused."
)


def _plain(value: Any) -> Any:
    """The input as plain JSON-able data, for hashing."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "idempotency_key" and not isinstance(getattr(value, f.name), UnsetType)
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal | date):
        return str(value)
    return value


async def run_mutation(
    info: Ctx,
    operation: str,
    data: Any,
    action: Callable[[AsyncSession], Awaitable[Row]],
    model: type[Row],
) -> tuple[Row | None, list[UserError]]:
    """Run ``action`` in one transaction, honouring the input's idempotency key; a replay
    returns the ``model`` row the first run produced."""
    context = info.context
    subject = policy.require_writer(context.subject)
    await context.limit_mutations(subject)
    try:
        given = getattr(data, "idempotency_key", None)
        key = idempotency.check_key(given) if given is not None else None
        digest = idempotency.request_hash(operation, _plain(data))
    except (DomainError, DomainErrors) as error:
        return None, user_errors(error)

    async def recalled(session: AsyncSession, key: str) -> dict[str, Any] | None:
        """The first result stored under the key, if this request ran before."""
        return await idempotency.recall(
            session, user_id=subject.user_id, key=key, operation=operation, digest=digest
        )

    async def once() -> tuple[Row | None, list[UserError]]:
        async with context.db.transaction() as session:
            if key is not None and (stored := await recalled(session, key)) is not None:
                return await session.get(model, int(stored["id"])), []
            row = await action(session)
            if key is not None:
                await idempotency.remember(
                    session,
                    user_id=subject.user_id,
                    key=key,
                    operation=operation,
                    digest=digest,
                    result={"id": row.id},
                )
        return row, []

    try:
        for attempt in range(2):
            try:
                # Aborted to break a deadlock (an approval crossing a bulk approval's needs and
                # pledges), it runs again: nothing of it was written.
                return await run_again_if_aborted(once)
            except IntegrityError:
                # Two requests with one new key raced; the loser replays the winner's result.
                if key is None or attempt == 1:
                    raise
        raise AssertionError("unreachable")
    except (DomainError, DomainErrors) as error:
        if key is not None:
            # The same request with this key, on another server, may have won the race: it
            # read no key either, took the rows first and committed its result while this one
            # waited, so this one found the match approved already (STALE). Its result is
            # this request's answer too.
            try:
                async with context.db.transaction() as session:
                    if (stored := await recalled(session, key)) is not None:
                        return await session.get(model, int(stored["id"])), []
            except (DomainError, DomainErrors) as reused:
                return None, user_errors(reused)
        return None, user_errors(error)


@strawberry.input(description="One item of a need.")
class NeedItemInput:
    description: str = strawberry.field(description="What is needed (at most 200 characters).")
    category: str = strawberry.field(description="One of the Category values.")
    quantity: BigInt = strawberry.field(description="How many: a whole number from 1.")
    unit: str = strawberry.field(
        description="What the quantity counts, e.g. 套 or 台 (at most 16)."
    )
    unit_value_fen: BigInt = strawberry.field(description="What one unit is worth, in fen.")
    id: strawberry.ID | None = strawberry.field(
        default=None, description="When editing: the existing item this line replaces."
    )

    def draft(self, index: int) -> needs.NeedItemDraft:
        item_id = decode_id(self.id, f"items.{index}.id", "NeedItem") if self.id else None
        return needs.NeedItemDraft(
            description=self.description,
            category=self.category,
            quantity=self.quantity,
            unit=self.unit,
            unit_value_fen=self.unit_value_fen,
            id=item_id,
        )


@strawberry.input(description="A new need, posted by its school's principal or staff.")
class PostNeedInput:
    school_id: strawberry.ID = strawberry.field(description="The school the need is for.")
    title: str = strawberry.field(description="A short title (at most 120 characters).")
    category: str = strawberry.field(description="One of the Category values.")
    urgency: Urgency = strawberry.field(description="How soon it is needed.")
    deadline: date = strawberry.field(description="By when; today or later.")
    items: list[NeedItemInput] = strawberry.field(description="One to 50 items.")
    story: str | None = strawberry.field(default=None, description="Why (at most 4000 characters).")
    beneficiaries: BigInt | None = strawberry.field(default=None, description="Students served.")
    publish: bool = strawberry.field(default=True, description="False keeps it as a private draft.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Changes to a need; omitted fields stay as they are.")
class UpdateNeedInput:
    id: strawberry.ID = strawberry.field(description="The need to change.")
    title: str | None = strawberry.field(default=None, description="A new title.")
    story: str | None = strawberry.field(default=None, description="A new story.")
    category: str | None = strawberry.field(default=None, description="A new category.")
    urgency: Urgency | None = strawberry.field(default=None, description="A new urgency.")
    deadline: date | None = strawberry.field(default=None, description="A new deadline.")
    beneficiaries: BigInt | None = strawberry.field(default=None, description="Students served.")
    items: list[NeedItemInput] | None = strawberry.field(
        default=None,
        description=(
            "The complete new list of items: lines with an id keep that item, lines without one "
            "are added, items not listed are removed. Only while nothing is allocated."
        ),
    )
    publish: bool | None = strawberry.field(
        default=None,
        description="True opens a draft; false keeps a draft one (a published need refuses it).",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Cancel a need.")
class CancelNeedInput:
    id: strawberry.ID = strawberry.field(description="The need to cancel.")
    reason: str | None = strawberry.field(default=None, description="Why (at most 500 characters).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="A new pledge; which fields apply depends on `kind`.")
class PostPledgeInput:
    party_id: strawberry.ID = strawberry.field(
        description="The party pledging; you must be its admin."
    )
    kind: PledgeKind = strawberry.field(description="What sort of offer.")
    title: str = strawberry.field(description="A short title (at most 120 characters).")
    description: str | None = strawberry.field(default=None, description="Details.")
    category: str | None = strawberry.field(
        default=None, description="Required for GOODS, SERVICE and VOLUNTEER; a Category value."
    )
    item_name: str | None = strawberry.field(default=None, description="GOODS: the item offered.")
    amount_fen: BigInt | None = strawberry.field(
        default=None, description="MONEY: the amount; CO_FUNDING: the cap. In fen, at least 100."
    )
    quantity: BigInt | None = strawberry.field(
        default=None,
        description="GOODS: items; SERVICE/VOLUNTEER: sessions or hours; MEDIA: stories.",
    )
    unit: str | None = strawberry.field(
        default=None, description="GOODS: the item unit; SERVICE/VOLUNTEER: SESSION or HOUR."
    )
    unit_value_fen: BigInt | None = strawberry.field(default=None, description="Value of one unit.")
    service_radius_km: float | None = strawberry.field(
        default=None, description="SERVICE/VOLUNTEER: how far from the party's location."
    )
    available_from: date | None = strawberry.field(
        default=None, description="Service window start."
    )
    available_until: date | None = strawberry.field(default=None, description="Service window end.")
    valid_until: date | None = strawberry.field(
        default=None, description="The pledge expires after."
    )
    per_school_cap: BigInt | None = strawberry.field(
        default=None, description="At most this to one school."
    )
    restrict_region_codes: list[str] = strawberry.field(
        default_factory=list, description="Only schools within these region codes."
    )
    restrict_categories: list[str] = strawberry.field(
        default_factory=list, description="MONEY: only needs of these categories."
    )
    co_funding_ratio_percent: BigInt | None = strawberry.field(
        default=None, description="CO_FUNDING: fen added per 100 fen matched (1 to 1000)."
    )
    co_funding_party_kinds: list[str] = strawberry.field(
        default_factory=list, description="CO_FUNDING: whose money it matches (PartyKind values)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Withdraw what remains of a pledge.")
class WithdrawPledgeInput:
    id: strawberry.ID = strawberry.field(description="The pledge to withdraw.")
    reason: str | None = strawberry.field(default=None, description="Why (at most 500 characters).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Invite someone by email to hold a role in a party.")
class InviteMemberInput:
    party_id: strawberry.ID = strawberry.field(description="The party (or school) to join.")
    email: str = strawberry.field(description="Whoever logs in first with this verified email.")
    role: Role = strawberry.field(description="The role offered; it must fit the party's kind.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Vouch for a party in your jurisdiction.")
class VerifyPartyInput:
    party_id: strawberry.ID = strawberry.field(description="The party (or school) to verify.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.type(description="The result of an invitation.")
class InviteMemberPayload:
    invitation: Invitation | None = strawberry.field(description="The open invitation.")
    errors: list[UserError] = strawberry.field(description="Why it failed; empty on success.")


@strawberry.type(description="The result of a verification.")
class VerifyPartyPayload:
    party: Party | None = strawberry.field(description="The verified party.")
    errors: list[UserError] = strawberry.field(description="Why it failed; empty on success.")


@strawberry.input(description="Offer part of your pledge to a need item you chose.")
class PledgeToNeedInput:
    pledge_id: strawberry.ID = strawberry.field(description="Your party's pledge.")
    need_item_id: strawberry.ID = strawberry.field(description="The need item to cover.")
    quantity: BigInt = strawberry.field(description="How many units of the item to cover.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="The school's or the donor's answer to a proposed match.")
class RespondToMatchInput:
    id: strawberry.ID = strawberry.field(description="The match.")
    accept: bool = strawberry.field(description="True accepts, false declines.")
    reason: str | None = strawberry.field(default=None, description="Why, when declining.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Approve an accepted match (officials over the school).")
class ApproveMatchInput:
    id: strawberry.ID = strawberry.field(description="The match.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Reject a match (officials over the school), saying why.")
class RejectMatchInput:
    id: strawberry.ID = strawberry.field(description="The match.")
    reason: str = strawberry.field(description="Why (at most 500 characters).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.type(description="The result of a mutation on a match.")
class MatchPayload:
    match: Match | None = strawberry.field(description="The match, when the mutation succeeded.")
    errors: list[UserError] = strawberry.field(description="Why it did not; empty on success.")


@strawberry.type(description="The result of a mutation on a need.")
class NeedPayload:
    need: Need | None = strawberry.field(description="The need, when the mutation succeeded.")
    errors: list[UserError] = strawberry.field(description="Why it did not; empty on success.")


@strawberry.type(description="The result of a mutation on a pledge.")
class PledgePayload:
    pledge: Pledge | None = strawberry.field(description="The pledge, when the mutation succeeded.")
    errors: list[UserError] = strawberry.field(description="Why it did not; empty on success.")


def _match_payload(result: tuple[MatchRow | None, list[UserError]]) -> MatchPayload:
    row, errors = result
    return MatchPayload(match=Match.from_model(row) if row else None, errors=errors)


def _need_payload(result: tuple[NeedRow | None, list[UserError]]) -> NeedPayload:
    row, errors = result
    return NeedPayload(need=Need.from_model(row) if row else None, errors=errors)


def _pledge_payload(result: tuple[PledgeRow | None, list[UserError]]) -> PledgePayload:
    row, errors = result
    return PledgePayload(pledge=Pledge.from_model(row) if row else None, errors=errors)


def _item_drafts(items: list[NeedItemInput]) -> list[needs.NeedItemDraft]:
    return [item.draft(index) for index, item in enumerate(items)]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Post a need for your school (principal or staff).")
    async def post_need(self, info: Ctx, input: PostNeedInput) -> NeedPayload:
        async def action(session: AsyncSession) -> NeedRow:
            school_id = decode_id(input.school_id, "schoolId", "School", "Party")
            draft = needs.NeedDraft(
                title=input.title,
                story=input.story,
                category=input.category,
                urgency=input.urgency,
                deadline=input.deadline,
                beneficiaries=input.beneficiaries,
                items=_item_drafts(input.items),
                publish=input.publish,
            )
            return await needs.post_need(
                session, info.context.subject, school_id, draft, today=info.context.settings.today()
            )

        return _need_payload(await run_mutation(info, "postNeed", input, action, NeedRow))

    @strawberry.mutation(description="Change a need of your school while it is open to change.")
    async def update_need(self, info: Ctx, input: UpdateNeedInput) -> NeedPayload:
        async def action(session: AsyncSession) -> NeedRow:
            need_id = decode_id(input.id, "id", "Need")
            changes = needs.NeedChanges(
                title=input.title,
                story=input.story,
                category=input.category,
                urgency=input.urgency,
                deadline=input.deadline,
                beneficiaries=input.beneficiaries,
                items=_item_drafts(input.items) if input.items is not None else None,
                publish=input.publish,
            )
            need, changed = await needs.update_need(
                session, info.context.subject, need_id, changes, today=info.context.settings.today()
            )
            await matches.cancel_item_proposals(session, info.context.subject, changed)
            if input.deadline is not None:
                await matches.cancel_late_services(session, info.context.subject, need)
            return need

        return _need_payload(await run_mutation(info, "updateNeed", input, action, NeedRow))

    @strawberry.mutation(description="Cancel a need of your school.")
    async def cancel_need(self, info: Ctx, input: CancelNeedInput) -> NeedPayload:
        async def action(session: AsyncSession) -> NeedRow:
            need_id = decode_id(input.id, "id", "Need")
            need = await needs.cancel_need(session, info.context.subject, need_id, input.reason)
            await matches.cancel_need_proposals(session, info.context.subject, need_id)
            return need

        return _need_payload(await run_mutation(info, "cancelNeed", input, action, NeedRow))

    @strawberry.mutation(description="Post a pledge for your party (donor admin).")
    async def post_pledge(self, info: Ctx, input: PostPledgeInput) -> PledgePayload:
        async def action(session: AsyncSession) -> PledgeRow:
            party_id = decode_id(input.party_id, "partyId", "Party")
            draft = pledges.PledgeDraft(
                kind=input.kind,
                title=input.title,
                description=input.description,
                category=input.category,
                item_name=input.item_name,
                amount_fen=input.amount_fen,
                quantity=input.quantity,
                unit=input.unit,
                unit_value_fen=input.unit_value_fen,
                service_radius_km=input.service_radius_km,
                available_from=input.available_from,
                available_until=input.available_until,
                valid_until=input.valid_until,
                per_school_cap=input.per_school_cap,
                restrict_region_codes=list(input.restrict_region_codes),
                restrict_categories=list(input.restrict_categories),
                co_funding_ratio_percent=input.co_funding_ratio_percent,
                co_funding_party_kinds=list(input.co_funding_party_kinds),
            )
            return await pledges.post_pledge(
                session, info.context.subject, party_id, draft, today=info.context.settings.today()
            )

        return _pledge_payload(await run_mutation(info, "postPledge", input, action, PledgeRow))

    @strawberry.mutation(description="Withdraw what remains of your party's pledge.")
    async def withdraw_pledge(self, info: Ctx, input: WithdrawPledgeInput) -> PledgePayload:
        async def action(session: AsyncSession) -> PledgeRow:
            pledge_id = decode_id(input.id, "id", "Pledge")
            pledge = await pledges.withdraw_pledge(
                session, info.context.subject, pledge_id, input.reason
            )
            await matches.cancel_pledge_proposals(session, info.context.subject, pledge_id)
            return pledge

        return _pledge_payload(await run_mutation(info, "withdrawPledge", input, action, PledgeRow))

    @strawberry.mutation(
        description="Invite a member: platform admins to any party, a party's admins to theirs."
    )
    async def invite_member(self, info: Ctx, input: InviteMemberInput) -> InviteMemberPayload:
        async def action(session: AsyncSession) -> InvitationRow:
            party_id = decode_id(input.party_id, "partyId", "Party", "School")
            return await members.invite(
                session, info.context.subject, email=input.email, party_id=party_id, role=input.role
            )

        row, errors = await run_mutation(info, "inviteMember", input, action, InvitationRow)
        return InviteMemberPayload(
            invitation=Invitation.from_model(row) if row else None, errors=errors
        )

    @strawberry.mutation(description="Verify a party within your jurisdiction (officials).")
    async def verify_party(self, info: Ctx, input: VerifyPartyInput) -> VerifyPartyPayload:
        async def action(session: AsyncSession) -> PartyRow:
            party_id = decode_id(input.party_id, "partyId", "Party", "School")
            return await parties.verify_party(session, info.context.subject, party_id)

        row, errors = await run_mutation(info, "verifyParty", input, action, PartyRow)
        return VerifyPartyPayload(party=Party.from_model(row) if row else None, errors=errors)

    @strawberry.mutation(description="Offer part of your party's pledge to a chosen need item.")
    async def pledge_to_need(self, info: Ctx, input: PledgeToNeedInput) -> MatchPayload:
        async def action(session: AsyncSession) -> MatchRow:
            return await matches.pledge_to_need(
                session,
                info.context.subject,
                pledge_id=decode_id(input.pledge_id, "pledgeId", "Pledge"),
                need_item_id=decode_id(input.need_item_id, "needItemId", "NeedItem"),
                quantity=input.quantity,
                today=info.context.settings.today(),
            )

        return _match_payload(await run_mutation(info, "pledgeToNeed", input, action, MatchRow))

    @strawberry.mutation(description="Accept or decline a proposed match (the school or donor).")
    async def respond_to_match(self, info: Ctx, input: RespondToMatchInput) -> MatchPayload:
        async def action(session: AsyncSession) -> MatchRow:
            match_id = decode_id(input.id, "id", "Match")
            return await matches.respond(
                session, info.context.subject, match_id, accept=input.accept, reason=input.reason
            )

        return _match_payload(await run_mutation(info, "respondToMatch", input, action, MatchRow))

    @strawberry.mutation(
        description="Approve an accepted match in your jurisdiction; commits its quantities."
    )
    async def approve_match(self, info: Ctx, input: ApproveMatchInput) -> MatchPayload:
        async def action(session: AsyncSession) -> MatchRow:
            match_id = decode_id(input.id, "id", "Match")
            return await matches.approve(
                session, info.context.subject, match_id, today=info.context.settings.today()
            )

        return _match_payload(await run_mutation(info, "approveMatch", input, action, MatchRow))

    @strawberry.mutation(description="Reject a match in your jurisdiction, with a reason.")
    async def reject_match(self, info: Ctx, input: RejectMatchInput) -> MatchPayload:
        async def action(session: AsyncSession) -> MatchRow:
            match_id = decode_id(input.id, "id", "Match")
            return await matches.reject(session, info.context.subject, match_id, input.reason)

        return _match_payload(await run_mutation(info, "rejectMatch", input, action, MatchRow))
