"""One DataLoader per relation, per request; each batch reads in a short session of its own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from ecosystem.access.subject import Subject
from ecosystem.database import Database
from ecosystem.matches import service as matches
from ecosystem.matches.models import Match
from ecosystem.needs import service as needs
from ecosystem.needs.models import Need, NeedItem
from ecosystem.parties import service as parties
from ecosystem.parties.models import Party, SchoolProfile
from ecosystem.pledges import service as pledges
from ecosystem.pledges.models import Pledge

K = TypeVar("K")
V = TypeVar("V")


def _loader(
    db: Database,
    fetch: Callable[[AsyncSession, Sequence[K]], Awaitable[dict[K, V]]],
    missing: Callable[[], V | None] = lambda: None,
) -> DataLoader[K, V | None]:
    async def batch(keys: list[K]) -> list[V | None]:
        async with db.read() as session:
            found = await fetch(session, keys)
        return [found.get(key, missing()) for key in keys]

    return DataLoader(load_fn=batch)


class Loaders:
    """The loaders of one request."""

    def __init__(self, db: Database, subject: Subject | None) -> None:
        self.party: DataLoader[int, Party | None] = _loader(db, parties.parties_by_id)
        self.school: DataLoader[int, tuple[Party, SchoolProfile | None] | None] = _loader(
            db, parties.schools_by_id
        )
        self.need: DataLoader[int, Need | None] = _loader(
            db, lambda session, ids: needs.visible_needs_by_id(session, subject, ids)
        )
        self.need_items: DataLoader[int, list[NeedItem] | None] = _loader(
            db, needs.items_by_need, missing=list
        )
        self.need_item: DataLoader[int, NeedItem | None] = _loader(db, needs.need_items_by_id)
        self.pledge: DataLoader[int, Pledge | None] = _loader(db, pledges.pledges_by_id)
        self.match: DataLoader[int, Match | None] = _loader(
            db, lambda session, ids: matches.visible_matches_by_id(session, subject, ids)
        )
