"""The public transparency figures over GraphQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Self

import strawberry
from graphql import GraphQLError

from ecosystem.api.scalars import BigInt
from ecosystem.api.types import Ctx, Region, load_region
from ecosystem.errors import DomainError
from ecosystem.regions.service import check_region_prefix
from ecosystem.transparency import service as transparency
from ecosystem.transparency.service import Figures, Slice


@strawberry.type(description="Approved value for one province, category, party kind or month.")
class TransparencySlice:
    key: str = strawberry.field(
        description="A province code (2 digits), a Category, a PartyKind or a month (YYYY-MM)."
    )
    approved_value_fen: BigInt = strawberry.field(description="Approved value, in fen.")
    matches: int = strawberry.field(description="How many approved matches.")

    @classmethod
    def from_slice(cls, part: Slice) -> Self:
        return cls(
            key=part.key,
            approved_value_fen=part.approved_value_fen,  # type: ignore[arg-type]
            matches=part.matches,
        )


@strawberry.type(description="A province's slice, with the province.")
class ProvinceSlice(TransparencySlice):
    @strawberry.field(description="The province.")
    def region(self, info: Ctx) -> Region | None:
        return load_region(info, self.key)


@strawberry.type(
    description=(
        "Where the value is, from pledge to confirmed receipt. Public; matches count in their "
        "school's region."
    )
)
class Transparency:
    region_code: str = strawberry.field(description="The region (empty: all of China).")
    pledged_value_fen: BigInt = strawberry.field(
        description="Pledges of parties in the region, in fen; of a withdrawn or expired pledge, "
        "what it gave (its approved matches) before it ended."
    )
    proposed_value_fen: BigInt = strawberry.field(
        description="Matches waiting for answers or approval."
    )
    approved_value_fen: BigInt = strawberry.field(description="Approved matches and later.")
    delivered_value_fen: BigInt = strawberry.field(
        description="Value delivered so far, in fen: partial deliveries count for what they "
        "handed over, and what the schools confirmed is included."
    )
    confirmed_value_fen: BigInt = strawberry.field(
        description="Value the schools confirmed receiving, partial receipts included, in fen."
    )
    needed_value_fen: BigInt = strawberry.field(
        description="Value of the public needs, in fen; of a cancelled or expired need, the part "
        "approved before it ended (its approved matches go on to delivery), so approved value "
        "never exceeds it."
    )
    schools: int = strawberry.field(description="Schools in the region.")
    needs: int = strawberry.field(
        description="Public needs in the region (cancelled and expired ones excepted)."
    )
    parties: int = strawberry.field(description="Other parties in the region.")
    fill_rate: float = strawberry.field(
        description="Approved over needed value, 0 to 1: a cancelled or expired need counts in "
        "both for what was approved of it before it ended."
    )
    median_days_to_approval: float | None = strawberry.field(
        description="Median days from a need's opening to a match's approval."
    )
    median_days_to_receipt: float | None = strawberry.field(
        description="Median days from a need's opening to the confirmed receipt."
    )
    poverty_share: float = strawberry.field(
        description="Share of approved value reaching schools in poverty counties."
    )
    left_behind_share: float = strawberry.field(
        description="Share of approved value reaching schools where 30% or more of the pupils "
        "are left-behind children."
    )
    by_province: list[ProvinceSlice] = strawberry.field(description="Largest first.")
    by_category: list[TransparencySlice] = strawberry.field(description="Largest first.")
    by_party_kind: list[TransparencySlice] = strawberry.field(
        description="By the donor's kind of party, largest first."
    )
    by_month: list[TransparencySlice] = strawberry.field(
        description="By the month of approval, oldest first."
    )
    computed_at: datetime = strawberry.field(
        description=(
            "When the figures were computed. Right after a change, while newer figures are "
            "being computed, the last ones answer: this says how old they are."
        )
    )

    @classmethod
    def from_figures(cls, f: Figures) -> Transparency:
        return cls(
            region_code=f.region_code,
            pledged_value_fen=f.pledged_value_fen,  # type: ignore[arg-type]
            proposed_value_fen=f.proposed_value_fen,  # type: ignore[arg-type]
            approved_value_fen=f.approved_value_fen,  # type: ignore[arg-type]
            delivered_value_fen=f.delivered_value_fen,  # type: ignore[arg-type]
            confirmed_value_fen=f.confirmed_value_fen,  # type: ignore[arg-type]
            needed_value_fen=f.needed_value_fen,  # type: ignore[arg-type]
            schools=f.schools,
            needs=f.needs,
            parties=f.parties,
            fill_rate=f.fill_rate,
            median_days_to_approval=f.median_days_to_approval,
            median_days_to_receipt=f.median_days_to_receipt,
            poverty_share=f.poverty_share,
            left_behind_share=f.left_behind_share,
            by_province=[ProvinceSlice.from_slice(s) for s in f.by_province],
            by_category=[TransparencySlice.from_slice(s) for s in f.by_category],
            by_party_kind=[TransparencySlice.from_slice(s) for s in f.by_party_kind],
            by_month=[TransparencySlice.from_slice(s) for s in f.by_month],
            computed_at=datetime.fromisoformat(f.computed_at),
        )


@strawberry.type
class TransparencyQueries:
    @strawberry.field(
        description="Public figures for a region (2, 4 or 6 digits) or, without one, all of China."
    )
    async def transparency(self, info: Ctx, region_code: str | None = None) -> Transparency:
        prefix = ""
        if region_code:
            try:
                prefix = check_region_prefix(region_code, "regionCode")
            except DomainError as error:
                raise GraphQLError(
                    error.message, extensions={"code": "BAD_USER_INPUT", "field": "regionCode"}
                ) from None
        context = info.context
        async with context.db.read() as session:
            found = await transparency.figures(
                session, context.redis, prefix, datetime.now(UTC), context.settings.zone
            )
        return Transparency.from_figures(found)
