"""Fulfilment over GraphQL: deliveries, receipts and problem reports with evidence photos, and
media stories. Photos themselves travel over HTTP (POST and GET /evidence)."""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from ecosystem.api.context import Context
from ecosystem.api.errors import UserError
from ecosystem.api.mutations import IDEMPOTENCY_KEY_DOC, run_mutation
from ecosystem.api.relay import (
    Connection,
    Node,
    decode_id,
    decode_ids,
    node_loader,
    page_size,
    to_connection,
    to_global_id,
)
from ecosystem.api.scalars import BigInt
from ecosystem.api.types import Ctx, Match, Party, load_party
from ecosystem.database import Database
from ecosystem.fulfilment import service
from ecosystem.fulfilment.models import Delivery as DeliveryRow
from ecosystem.fulfilment.models import DeliveryKind, ProblemKind, ReceiptKind, StoryStatus
from ecosystem.fulfilment.models import Evidence as EvidenceRow
from ecosystem.fulfilment.models import Receipt as ReceiptRow
from ecosystem.fulfilment.models import Story as StoryRow
from ecosystem.matches.models import Match as MatchRow

strawberry.enum(DeliveryKind, description="How a delivery was made; it follows the pledge's kind.")
strawberry.enum(ReceiptKind, description="What the school said of what arrived.")
strawberry.enum(ProblemKind, description="What went wrong with a delivery.")
strawberry.enum(StoryStatus, description="Whether a story stands or was retracted.")

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R", DeliveryRow, ReceiptRow, StoryRow)


def _loader(
    db: Database, fetch: Callable[[AsyncSession, Sequence[K]], Awaitable[dict[K, V]]]
) -> DataLoader[K, V | None]:
    async def batch(keys: list[K]) -> list[V | None]:
        async with db.read() as session:
            found = await fetch(session, keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=batch)


class FulfilmentLoaders:
    """The loaders of one request for the fulfilment relations."""

    def __init__(self, db: Database) -> None:
        self.tally: DataLoader[int, service.MatchFulfilment | None] = _loader(
            db, service.fulfilment_by_match
        )
        self.deliveries: DataLoader[int, list[DeliveryRow] | None] = _loader(
            db, service.deliveries_by_match
        )
        self.receipts: DataLoader[int, list[ReceiptRow] | None] = _loader(
            db, service.receipts_by_match
        )
        self.evidence: DataLoader[service.RecordKey, list[EvidenceRow] | None] = _loader(
            db, service.evidence_by_record
        )
        self.pledge: DataLoader[int, service.PledgeFulfilment | None] = _loader(
            db, service.pledge_fulfilment
        )
        self.story_matches: DataLoader[int, list[int] | None] = _loader(db, service.story_match_ids)
        self.delivery: DataLoader[int, DeliveryRow | None] = _loader(db, service.deliveries_by_id)
        self.receipt: DataLoader[int, ReceiptRow | None] = _loader(db, service.receipts_by_id)
        self.story: DataLoader[int, StoryRow | None] = _loader(db, service.stories_by_id)


_LOADERS: weakref.WeakKeyDictionary[Context, FulfilmentLoaders] = weakref.WeakKeyDictionary()


def loaders(info: Ctx) -> FulfilmentLoaders:
    """This request's fulfilment loaders, made on first use and gone with the request."""
    found = _LOADERS.get(info.context)
    if found is None:
        found = _LOADERS[info.context] = FulfilmentLoaders(info.context.db)
    return found


@strawberry.type(description="A photo uploaded as evidence of a delivery or receipt.")
class Evidence(Node):
    content_type: str = strawberry.field(description="image/jpeg, image/png or image/webp.")
    size_bytes: int = strawberry.field(description="Size of the stored file.")
    width: int = strawberry.field(description="Width in pixels.")
    height: int = strawberry.field(description="Height in pixels.")
    sha256: str = strawberry.field(description="SHA-256 of the stored file, in hex.")
    url: str = strawberry.field(
        description="Where the photo is served (GET, logged in); its location data was removed."
    )
    uploaded_at: datetime = strawberry.field(description="When it was uploaded.")

    @classmethod
    def from_model(cls, row: EvidenceRow) -> Evidence:
        assert row.id is not None
        global_id = to_global_id("Evidence", row.id)
        return cls(
            id=global_id,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            width=row.width,
            height=row.height,
            sha256=row.sha256,
            url=f"/evidence/{global_id}",
            uploaded_at=row.created_at,
        )


async def _evidence(info: Ctx, key: service.RecordKey, match: MatchRow) -> list[Evidence]:
    """Photos of a record, for those who may see them; an empty list for anyone else."""
    rows = await loaders(info).evidence.load(key) or []
    subject = info.context.subject
    return [Evidence.from_model(row) for row in rows if service.sees_evidence(subject, row, match)]


@strawberry.type(description="The donor's record that part or all of a match was delivered.")
class Delivery(Node):
    row: strawberry.Private[DeliveryRow]
    match_row: strawberry.Private[MatchRow]
    kind: DeliveryKind = strawberry.field(description="Shipped, service held, or transferred.")
    delivered_on: date = strawberry.field(description="The day it was shipped, held or paid.")
    quantity: BigInt = strawberry.field(description="Units of the need item delivered.")
    note: str = strawberry.field(description="The donor's note (tracking number, details).")
    recorded_at: datetime = strawberry.field(description="When it was recorded.")

    @classmethod
    def from_model(cls, row: DeliveryRow, match: MatchRow) -> Delivery:
        assert row.id is not None
        return cls(
            row=row,
            match_row=match,
            id=to_global_id("Delivery", row.id),
            kind=row.kind,
            delivered_on=row.delivered_on,
            quantity=row.quantity,  # type: ignore[arg-type]
            note=row.note,
            recorded_at=row.created_at,
        )

    @strawberry.field(
        description="Photos of the delivery; only for the match's parties, officials and admins."
    )
    async def evidence(self, info: Ctx) -> list[Evidence]:
        assert self.row.id is not None
        return await _evidence(info, service.RecordKey("delivery", self.row.id), self.match_row)

    @strawberry.field(description="The match delivered.")
    def match(self) -> Match:
        return Match.from_model(self.match_row)


@strawberry.type(
    description="The school's word on what arrived: units received, or a problem with some."
)
class Receipt(Node):
    row: strawberry.Private[ReceiptRow]
    match_row: strawberry.Private[MatchRow]
    kind: ReceiptKind = strawberry.field(description="RECEIVED, or PROBLEM.")
    problem: ProblemKind | None = strawberry.field(description="What went wrong, for a PROBLEM.")
    quantity: BigInt = strawberry.field(
        description="Units received, or units affected by the problem (to be delivered again)."
    )
    completes_match: bool = strawberry.field(description="This receipt confirmed the whole match.")
    thank_you_note: str = strawberry.field(description="The school's thanks to the donor.")
    description: str = strawberry.field(description="What went wrong, in the school's words.")
    recorded_at: datetime = strawberry.field(description="When it was recorded.")

    @classmethod
    def from_model(cls, row: ReceiptRow, match: MatchRow) -> Receipt:
        assert row.id is not None
        return cls(
            row=row,
            match_row=match,
            id=to_global_id("Receipt", row.id),
            kind=row.kind,
            problem=row.problem,
            quantity=row.quantity,  # type: ignore[arg-type]
            completes_match=row.completes_match,
            thank_you_note=row.thank_you_note,
            description=row.description,
            recorded_at=row.created_at,
        )

    @strawberry.field(
        description="Photos of what arrived; only for the match's parties, officials and admins."
    )
    async def evidence(self, info: Ctx) -> list[Evidence]:
        assert self.row.id is not None
        return await _evidence(info, service.RecordKey("receipt", self.row.id), self.match_row)

    @strawberry.field(description="The match received.")
    def match(self) -> Match:
        return Match.from_model(self.match_row)


@strawberry.type(description="A media party's story about confirmed matches; public.")
class Story(Node):
    row: strawberry.Private[StoryRow]
    title: str = strawberry.field(description="The headline.")
    body: str = strawberry.field(description="The story; empty once it is retracted.")
    published_at: datetime = strawberry.field(description="When it was published.")
    status: StoryStatus = strawberry.field(description="PUBLISHED, or RETRACTED.")
    retracted_at: datetime | None = strawberry.field(description="When it was retracted.")
    retraction_reason: str | None = strawberry.field(
        description="Why it was retracted, as its editor (or the platform) said; public."
    )

    @classmethod
    def from_model(cls, row: StoryRow) -> Story:
        assert row.id is not None
        return cls(
            row=row,
            id=to_global_id("Story", row.id),
            title=row.title,
            # A retraction may be for what the story said (a child named, say): not shown.
            body=row.body if row.retracted_at is None else "",
            published_at=row.published_at,
            status=row.status,
            retracted_at=row.retracted_at,
            retraction_reason=row.retraction_reason,
        )

    @strawberry.field(description="The media party that published it.")
    async def party(self, info: Ctx) -> Party | None:
        return await load_party(info, self.row.party_id)

    @strawberry.field(description="The confirmed matches it tells of, in the editor's order.")
    async def matches(self, info: Ctx) -> list[Match]:
        assert self.row.id is not None
        ids = await loaders(info).story_matches.load(self.row.id) or []
        rows = await info.context.loaders.match.load_many(ids)
        return [Match.from_model(row) for row in rows if row is not None]


Record = TypeVar("Record", DeliveryRow, ReceiptRow)


async def _with_its_match(
    info: Ctx, row: Record | None, build: Callable[[Record, MatchRow], Node]
) -> Node | None:
    """A delivery or receipt is visible exactly when its match is."""
    match = await info.context.loaders.match.load(row.match_id) if row else None
    return build(row, match) if row and match else None


@node_loader("Delivery")
async def _delivery_node(info: Ctx, key: str) -> Node | None:
    return await _with_its_match(
        info, await loaders(info).delivery.load(int(key)), Delivery.from_model
    )


@node_loader("Receipt")
async def _receipt_node(info: Ctx, key: str) -> Node | None:
    return await _with_its_match(
        info, await loaders(info).receipt.load(int(key)), Receipt.from_model
    )


@node_loader("Evidence")
async def _evidence_node(info: Ctx, key: str) -> Node | None:
    async with info.context.db.read() as session:
        found = await service.evidence_with_match(session, int(key))
    # The rule of GET /evidence/{id}, which the records' `evidence` fields apply too.
    if found is None or not service.sees_evidence(info.context.subject, *found):
        return None
    return Evidence.from_model(found[0])


@node_loader("Story")
async def _story_node(info: Ctx, key: str) -> Node | None:
    row = await loaders(info).story.load(int(key))
    return Story.from_model(row) if row else None


@strawberry.type(
    name="MatchFulfilment", description="How much of a match was delivered and received."
)
class MatchProgress:
    quantity: BigInt = strawberry.field(description="Units of the need item the match covers.")
    delivered_quantity: BigInt = strawberry.field(
        description="Units the donor delivered (less those reported as a problem)."
    )
    received_quantity: BigInt = strawberry.field(
        description="Units the school confirmed receiving."
    )


@strawberry.type(
    name="PledgeFulfilment",
    description="What a pledge delivered and what schools confirmed, over all its matches.",
)
class PledgeProgress:
    delivered_quantity: BigInt = strawberry.field(description="Delivered, in the pledge's unit.")
    delivered_value_fen: BigInt = strawberry.field(description="Value delivered, in fen.")
    confirmed_quantity: BigInt = strawberry.field(
        description="Confirmed received by the schools, in the pledge's unit."
    )
    confirmed_value_fen: BigInt = strawberry.field(
        description="Value confirmed received by the schools, in fen."
    )


# Fields of Match and Pledge (declared in ecosystem/api/types.py, resolved here).


async def match_deliveries(info: Ctx, match: MatchRow) -> list[Delivery]:
    assert match.id is not None
    rows = await loaders(info).deliveries.load(match.id) or []
    return [Delivery.from_model(row, match) for row in rows]


async def match_receipts(info: Ctx, match: MatchRow) -> list[Receipt]:
    assert match.id is not None
    rows = await loaders(info).receipts.load(match.id) or []
    return [Receipt.from_model(row, match) for row in rows]


async def match_progress(info: Ctx, match: MatchRow) -> MatchProgress:
    assert match.id is not None
    tally = await loaders(info).tally.load(match.id)
    return MatchProgress(
        quantity=match.item_quantity,  # type: ignore[arg-type]
        delivered_quantity=tally.delivered_quantity if tally else 0,  # type: ignore[arg-type]
        received_quantity=tally.received_quantity if tally else 0,  # type: ignore[arg-type]
    )


async def pledge_progress(info: Ctx, pledge_id: int) -> PledgeProgress:
    totals = await loaders(info).pledge.load(pledge_id) or service.PledgeFulfilment()
    return PledgeProgress(
        delivered_quantity=totals.delivered_quantity,  # type: ignore[arg-type]
        delivered_value_fen=totals.delivered_value_fen,  # type: ignore[arg-type]
        confirmed_quantity=totals.confirmed_quantity,  # type: ignore[arg-type]
        confirmed_value_fen=totals.confirmed_value_fen,  # type: ignore[arg-type]
    )


def _evidence_ids(ids: list[strawberry.ID]) -> list[int]:
    return decode_ids(ids, "evidenceIds", "Evidence")


EVIDENCE_IDS_DOC = "Photos uploaded with POST /evidence for your party (at most 10)."


@strawberry.input(description="Record that part or all of an approved match was delivered.")
class RecordDeliveryInput:
    match_id: strawberry.ID = strawberry.field(description="The approved match.")
    kind: DeliveryKind = strawberry.field(
        description="SHIPPED for goods, SERVICE_HELD for services and volunteers, "
        "TRANSFERRED for money."
    )
    delivered_on: date = strawberry.field(description="The day; not in the future.")
    quantity: BigInt = strawberry.field(
        description="Units of the need item delivered, at most what remains to deliver."
    )
    note: str | None = strawberry.field(
        default=None, description="A note for the school (at most 1000 characters)."
    )
    evidence_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description=EVIDENCE_IDS_DOC
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Confirm receiving some or all of what was delivered.")
class ConfirmReceiptInput:
    match_id: strawberry.ID = strawberry.field(description="The match.")
    quantity: BigInt = strawberry.field(
        description="Units received, at most what was delivered and not yet confirmed."
    )
    thank_you_note: str | None = strawberry.field(
        default=None, description="Thanks to the donor (at most 1000 characters)."
    )
    evidence_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description=EVIDENCE_IDS_DOC + " At least one when this confirms the whole match.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Report that delivered units arrived damaged, missing or wrong.")
class ReportProblemInput:
    match_id: strawberry.ID = strawberry.field(description="The match.")
    problem: ProblemKind = strawberry.field(description="What went wrong.")
    quantity: BigInt = strawberry.field(
        description="Units affected, at most what was delivered and not yet confirmed; they "
        "are taken off what was delivered, to be delivered again."
    )
    description: str = strawberry.field(description="What happened (at most 1000 characters).")
    evidence_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description=EVIDENCE_IDS_DOC
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Publish a story about confirmed matches (media editors).")
class PublishStoryInput:
    party_id: strawberry.ID = strawberry.field(description="Your media party.")
    title: str = strawberry.field(description="The headline (at most 120 characters).")
    body: str = strawberry.field(description="The story (at most 20000 characters).")
    match_ids: list[strawberry.ID] = strawberry.field(
        description="The confirmed matches it tells of (1 to 20)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Retract a published story (its editors, or a platform admin).")
class RetractStoryInput:
    id: strawberry.ID = strawberry.field(description="The story.")
    reason: str = strawberry.field(
        description="Why, shown with the story from now on (at most 500 characters)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.type(description="The result of recordDelivery.")
class DeliveryPayload:
    delivery: Delivery | None = strawberry.field(description="The delivery, on success.")
    match: Match | None = strawberry.field(description="The match as it is now, on success.")
    errors: list[UserError] = strawberry.field(description="Why it failed; empty on success.")


@strawberry.type(description="The result of confirmReceipt or reportProblem.")
class ReceiptPayload:
    receipt: Receipt | None = strawberry.field(description="The receipt, on success.")
    match: Match | None = strawberry.field(description="The match as it is now, on success.")
    errors: list[UserError] = strawberry.field(description="Why it failed; empty on success.")


@strawberry.type(description="The result of publishStory or retractStory.")
class StoryPayload:
    story: Story | None = strawberry.field(description="The published story, on success.")
    errors: list[UserError] = strawberry.field(description="Why it failed; empty on success.")


@strawberry.input(description="Which stories to list.")
class StoryFilter:
    party_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this media party's."
    )
    match_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those telling of this match."
    )
    need_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those telling of a match for this need."
    )


async def _mutate(
    info: Ctx,
    operation: str,
    data: Any,
    action: Callable[[AsyncSession], Awaitable[R]],
    model: type[R],
) -> tuple[R | None, list[UserError]]:
    # run_mutation's row type lists the rows of the modules that came before this one.
    return await run_mutation(info, operation, data, action, model)  # type: ignore[type-var]


async def _current_match(info: Ctx, match_id: int) -> MatchRow | None:
    async with info.context.db.read() as session:
        return await session.get(MatchRow, match_id)


@strawberry.type
class FulfilmentQueries:
    @strawberry.field(description="Published stories, newest first; public.")
    async def stories(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="How many: 1 to 100.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="A page's endCursor.")] = None,
        filter: StoryFilter | None = None,
    ) -> Connection[Story]:
        size = page_size(info.context.settings.graphql_max_page_size, first)
        f = filter or StoryFilter()
        filters = service.StoryFilter(
            party_id=decode_id(f.party_id, "filter.partyId", "Party") if f.party_id else None,
            match_id=decode_id(f.match_id, "filter.matchId", "Match") if f.match_id else None,
            need_id=decode_id(f.need_id, "filter.needId", "Need") if f.need_id else None,
        )
        async with info.context.db.read() as session:
            page: Any = await service.list_stories(session, filters, first=size, after=after)
        return to_connection(page, Story.from_model)


@strawberry.type
class FulfilmentMutations:
    @strawberry.mutation(
        description=(
            "Record a delivery against an approved match of your party's pledge (donor admins). "
            "The first moves the match to IN_DELIVERY, the one completing it to DELIVERED."
        )
    )
    async def record_delivery(self, info: Ctx, input: RecordDeliveryInput) -> DeliveryPayload:
        async def action(session: AsyncSession) -> DeliveryRow:
            draft = service.DeliveryDraft(
                kind=input.kind.value,
                delivered_on=input.delivered_on,
                quantity=input.quantity,
                note=input.note,
                evidence_ids=_evidence_ids(input.evidence_ids),
            )
            return await service.record_delivery(
                session,
                info.context.subject,
                decode_id(input.match_id, "matchId", "Match"),
                draft,
                today=info.context.settings.today(),
                zone=info.context.settings.zone,
            )

        row, errors = await _mutate(info, "recordDelivery", input, action, DeliveryRow)
        match = await _current_match(info, row.match_id) if row else None
        if row is None or match is None:
            return DeliveryPayload(delivery=None, match=None, errors=errors)
        return DeliveryPayload(
            delivery=Delivery.from_model(row, match), match=Match.from_model(match), errors=[]
        )

    @strawberry.mutation(
        description=(
            "Confirm receiving delivered units (the school's principal or staff), with photos "
            "and a thank-you note. Confirming the whole match makes it CONFIRMED; the need is "
            "FULFILLED when all its matches are."
        )
    )
    async def confirm_receipt(self, info: Ctx, input: ConfirmReceiptInput) -> ReceiptPayload:
        async def action(session: AsyncSession) -> ReceiptRow:
            draft = service.ReceiptDraft(
                quantity=input.quantity,
                thank_you_note=input.thank_you_note,
                evidence_ids=_evidence_ids(input.evidence_ids),
            )
            return await service.confirm_receipt(
                session,
                info.context.subject,
                decode_id(input.match_id, "matchId", "Match"),
                draft,
            )

        return await _receipt_payload(
            info, await _mutate(info, "confirmReceipt", input, action, ReceiptRow)
        )

    @strawberry.mutation(
        description=(
            "Report delivered units damaged, missing or wrong (the school's principal or staff); "
            "they are taken off what was delivered so the donor delivers them again."
        )
    )
    async def report_problem(self, info: Ctx, input: ReportProblemInput) -> ReceiptPayload:
        async def action(session: AsyncSession) -> ReceiptRow:
            draft = service.ProblemDraft(
                problem=input.problem.value,
                quantity=input.quantity,
                description=input.description,
                evidence_ids=_evidence_ids(input.evidence_ids),
            )
            return await service.report_problem(
                session,
                info.context.subject,
                decode_id(input.match_id, "matchId", "Match"),
                draft,
            )

        return await _receipt_payload(
            info, await _mutate(info, "reportProblem", input, action, ReceiptRow)
        )

    @strawberry.mutation(description="Publish a story about confirmed matches (media editors).")
    async def publish_story(self, info: Ctx, input: PublishStoryInput) -> StoryPayload:
        async def action(session: AsyncSession) -> StoryRow:
            draft = service.StoryDraft(
                title=input.title,
                body=input.body,
                match_ids=decode_ids(input.match_ids, "matchIds", "Match"),
            )
            return await service.publish_story(
                session,
                info.context.subject,
                decode_id(input.party_id, "partyId", "Party"),
                draft,
            )

        row, errors = await _mutate(info, "publishStory", input, action, StoryRow)
        return StoryPayload(story=Story.from_model(row) if row else None, errors=errors)

    @strawberry.mutation(
        description=(
            "Retract a published story, with a public reason (its media party's editors, or a "
            "platform admin). It leaves the lists of stories; its page shows the title, when "
            "and why it was retracted, and no longer the body. The ledger records it."
        )
    )
    async def retract_story(self, info: Ctx, input: RetractStoryInput) -> StoryPayload:
        async def action(session: AsyncSession) -> StoryRow:
            story_id = decode_id(input.id, "id", "Story")
            return await service.retract_story(
                session, info.context.subject, story_id, input.reason
            )

        row, errors = await _mutate(info, "retractStory", input, action, StoryRow)
        return StoryPayload(story=Story.from_model(row) if row else None, errors=errors)


async def _receipt_payload(
    info: Ctx, result: tuple[ReceiptRow | None, list[UserError]]
) -> ReceiptPayload:
    row, errors = result
    match = await _current_match(info, row.match_id) if row else None
    if row is None or match is None:
        return ReceiptPayload(receipt=None, match=None, errors=errors)
    return ReceiptPayload(
        receipt=Receipt.from_model(row, match), match=Match.from_model(match), errors=[]
    )
