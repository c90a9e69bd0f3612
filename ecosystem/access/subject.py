"""Who is acting: a user and the roles the server has granted them."""

from __future__ import annotations

from dataclasses import dataclass

from ecosystem.parties.models import PartyKind, Role


@dataclass(frozen=True)
class Grant:
    """One membership: a role in a party, with what the rules need to know of the party."""

    party_id: int
    party_kind: PartyKind
    region_code: str
    role: Role


@dataclass(frozen=True)
class Subject:
    """An authenticated user with the grants loaded from server-side records."""

    user_id: int
    name: str
    grants: tuple[Grant, ...]
    # Why this request may not change anything, when it may not: a bearer token without the
    # write scope, or a cookie-authenticated request from another site.
    read_only_reason: str | None = None

    def has_role(self, party_id: int, *roles: Role) -> bool:
        return any(g.party_id == party_id and g.role in roles for g in self.grants)

    @property
    def is_platform_admin(self) -> bool:
        return any(g.role is Role.PLATFORM_ADMIN for g in self.grants)
