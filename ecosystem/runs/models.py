"""A matching run, its parts, and the items it could not fund."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow


class RunStatus(StrEnum):
    """Where a run is."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


FINISHED = (RunStatus.SUCCEEDED, RunStatus.FAILED)


class RunFailure(StrEnum):
    """Why a run failed, for a client to word (``error`` says it in English)."""

    TOO_LARGE = "TOO_LARGE"  # the region's network passed MATCHING_MAX_ARCS
    RESTARTED = "RESTARTED"  # the process holding its jobs stopped
    TIMED_OUT = "TIMED_OUT"  # it did not finish in MATCHING_RUN_TIMEOUT_SECONDS
    QUEUE_UNAVAILABLE = "QUEUE_UNAVAILABLE"  # the job queue could not be reached
    INTERNAL = "INTERNAL"  # anything else: logged for the operators


class MatchingRun(SQLModel, table=True):
    """One run of the engine over a region. Parts are independent components solved as
    separate jobs; the run finishes when the last part does."""

    __tablename__ = "matching_run"
    __table_args__ = (
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
        sa.CheckConstraint("parts_done >= 0 AND parts_done <= parts_total", name="parts"),
        sa.Index("ix_matching_run_created", "created_at", "id"),
        sa.Index("ix_matching_run_status_region", "status", "region_code"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    # A region code prefix: 2 (province), 4 (city) or 6 (county) digits.
    region_code: str = Field(max_length=6)
    dry_run: bool = False
    status: RunStatus = Field(sa_type=sa.Enum(RunStatus, native_enum=False, length=16))
    stage: str = Field(default="queued", max_length=32)
    progress: int = 0
    requested_by_user_id: int = Field(foreign_key="app_user.id")
    parts_total: int = 0
    parts_done: int = 0
    # Bit k is set once part k is stored, so that a job delivered twice is applied once.
    parts_mask: int = Field(default=0, sa_type=sa.BigInteger)
    # The parts as planned, JSON [[item ids], [pledge ids]] each, until the run finishes: a plan
    # delivered again queues those not stored yet (its worker died before queueing them all).
    parts_plan: str | None = Field(default=None, sa_type=sa.Text)
    needs_count: int = 0
    items_count: int = 0
    pledges_count: int = 0
    schools_count: int = 0
    proposals_count: int = 0
    proposed_value_fen: int = Field(default=0, sa_type=sa.BigInteger)
    unfunded_count: int = 0
    superseded_count: int = 0
    objective: int = Field(default=0, sa_type=sa.BigInteger)
    # The engine's optimum before rounding to whole items; objective <= bound.
    bound: int = Field(default=0, sa_type=sa.BigInteger)
    load_seconds: float = 0.0
    solve_seconds: float = 0.0
    persist_seconds: float = 0.0
    error: str | None = Field(default=None, max_length=500)
    failure: RunFailure | None = Field(
        default=None, sa_type=sa.Enum(RunFailure, native_enum=False, length=24)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class UnfundedItem(SQLModel, table=True):
    """A need item some pledge could have funded that a run left out, and by how many points
    per value unit its score fell short of what the optimum would have needed."""

    __tablename__ = "unfunded_item"

    run_id: int = Field(foreign_key="matching_run.id", primary_key=True)
    need_item_id: int = Field(foreign_key="need_item.id", primary_key=True, index=True)
    need_id: int = Field(foreign_key="need.id")
    points_short: int
