"""What an event looks like once it leaves the database: one JSON envelope, the same on the
stream, on the live channels and in a webhook's body."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ecosystem.events.models import OutboxEvent

STREAM_FIELD_ID = "event_id"
STREAM_FIELD_TYPE = "type"
STREAM_FIELD_BODY = "body"


@dataclass(frozen=True)
class Event:
    """An event as consumers see it. ``seq`` is its place in the outbox: increasing, but an
    event committed late may carry a lower one than an event already seen."""

    event_id: str
    seq: int
    type: str
    region_code: str
    created_at: str
    data: dict[str, Any]

    @classmethod
    def from_row(cls, row: OutboxEvent) -> Event:
        assert row.id is not None
        return cls(
            event_id=str(row.event_id),
            seq=row.id,
            type=row.type,
            region_code=row.region_code,
            created_at=row.created_at.isoformat(),
            data=dict(row.payload),
        )

    @classmethod
    def from_json(cls, body: str) -> Event:
        raw = json.loads(body)
        return cls(
            event_id=str(raw["id"]),
            seq=int(raw["seq"]),
            type=str(raw["type"]),
            region_code=str(raw["regionCode"]),
            created_at=str(raw["createdAt"]),
            data=dict(raw["data"]),
        )

    def to_json(self) -> str:
        """The envelope as compact JSON, in UTF-8 (Chinese is not escaped)."""
        return json.dumps(
            {
                "id": self.event_id,
                "seq": self.seq,
                "type": self.type,
                "regionCode": self.region_code,
                "createdAt": self.created_at,
                "data": self.data,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @property
    def entity(self) -> str:
        return str(self.data.get("entity", self.type.partition(".")[0]))

    @property
    def party_ids(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.data.get("partyIds", ()))

    @property
    def to_status(self) -> str:
        return str(self.data.get("toStatus", self.type.partition(".")[2]))

    @property
    def from_status(self) -> str | None:
        value = self.data.get("fromStatus")
        return None if value is None else str(value)

    @property
    def is_private(self) -> bool:
        """About a need its school has not published: a draft saved or edited, or a draft
        cancelled without ever being published. Only the school's own party hears of it."""
        return self.entity == "need" and (
            self.to_status == "DRAFT"
            or (self.from_status == "DRAFT" and self.to_status == "CANCELLED")
        )
