"""Photos uploaded for a delivery or receipt that was never sent.

An upload stores the file and its row at once (the form shows the photo before it is sent), so
a form left unsent leaves both behind, up to 120 a minute per user. Once a photo is
``EVIDENCE_UNUSED_DAYS`` old and still no record uses it, its row is deleted, then its file.
The row goes first, in a statement that only deletes it while it is still unused, so a record
attaching it at the same moment wins and keeps it; a file whose delete fails afterwards is an
orphan file (logged), never a record without its photo. Safe in several processes at once.
An upload writes its row before its file, so one cut short (a crash, a full disk) leaves at
most a row, found and removed here like any unused photo, never a file that no row names.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlmodel import col

from ecosystem.database import Database
from ecosystem.fulfilment.evidence import DirectoryStore, EvidenceStore
from ecosystem.fulfilment.models import Evidence
from ecosystem.fulfilment.s3 import EvidenceStoreUnavailable, S3Store
from ecosystem.fulfilment.service import unused_evidence
from ecosystem.settings import Settings

log = logging.getLogger(__name__)
BATCH = 200


def evidence_store(settings: Settings) -> EvidenceStore:
    """The configured photo store: the S3-compatible bucket, else the directory."""
    if settings.evidence_s3_endpoint:
        return S3Store.from_settings(settings)
    return DirectoryStore(settings.evidence_dir)


def unused_before(settings: Settings, today: date) -> datetime:
    """Photos uploaded before this instant are old enough to go: the start of the day
    ``EVIDENCE_UNUSED_DAYS`` before ``today``, in the marketplace's calendar."""
    day = today - timedelta(days=settings.evidence_unused_days)
    return datetime.combine(day, time.min, tzinfo=settings.zone)


async def discard_unused_evidence(db: Database, store: EvidenceStore, before: datetime) -> int:
    """Delete the photos uploaded before ``before`` that no delivery or receipt uses; how
    many were deleted."""
    discarded = 0
    after_id = 0
    while True:
        async with db.read() as session:
            batch = list(
                (
                    await session.execute(
                        select(col(Evidence.id), col(Evidence.storage_key))
                        .where(
                            unused_evidence(),
                            col(Evidence.created_at) < before,
                            col(Evidence.id) > after_id,
                        )
                        .order_by(col(Evidence.id))
                        .limit(BATCH)
                    )
                ).tuples()
            )
        if not batch:
            return discarded
        after_id = int(batch[-1][0] or 0)
        for evidence_id, key in batch:
            async with db.transaction() as session:
                gone = await session.execute(
                    delete(Evidence).where(col(Evidence.id) == evidence_id, unused_evidence())
                )
            if gone.rowcount != 1:  # type: ignore[attr-defined]
                continue  # a delivery or receipt took it meanwhile
            discarded += 1
            try:
                await store.delete(key)
            except (EvidenceStoreUnavailable, OSError) as error:
                log.error("unused photo %s: row deleted, file left behind: %s", key, error)
