"""Every table, imported once so the metadata is complete (migrations, tests)."""

from sqlmodel import SQLModel

# The embedded identity provider's tables are made by the same migrations.
import auth.provider.models  # noqa: F401
from ecosystem.events.models import OutboxEvent, WebhookDelivery, WebhookSubscription
from ecosystem.fulfilment.models import (
    Delivery,
    Evidence,
    MatchFulfilment,
    Receipt,
    Story,
    StoryMatch,
)
from ecosystem.idempotency.models import IdempotencyRecord
from ecosystem.ledger.models import LedgerHead, LedgerSigningKey, StoredCheckpoint, StoredEntry
from ecosystem.lifecycle.models import StatusChange
from ecosystem.matches.models import Match
from ecosystem.members.models import Invitation
from ecosystem.needs.models import Need, NeedItem
from ecosystem.parties.models import Membership, Party, SchoolProfile, User
from ecosystem.pledges.models import Pledge
from ecosystem.regions.models import Region
from ecosystem.runs.models import MatchingRun, UnfundedItem

metadata = SQLModel.metadata

__all__ = [
    "Delivery",
    "Evidence",
    "IdempotencyRecord",
    "Invitation",
    "LedgerHead",
    "LedgerSigningKey",
    "Match",
    "MatchFulfilment",
    "MatchingRun",
    "Membership",
    "Need",
    "NeedItem",
    "OutboxEvent",
    "Party",
    "Pledge",
    "Receipt",
    "Region",
    "SchoolProfile",
    "StatusChange",
    "StoredCheckpoint",
    "StoredEntry",
    "Story",
    "StoryMatch",
    "UnfundedItem",
    "User",
    "WebhookDelivery",
    "WebhookSubscription",
    "metadata",
]
