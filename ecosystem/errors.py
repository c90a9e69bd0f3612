"""The one error type for business failures, mapped once to GraphQL payload errors."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Why a request was refused; clients branch on these."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    NOT_FOUND = "NOT_FOUND"
    UNKNOWN_REGION = "UNKNOWN_REGION"
    DEADLINE_IN_PAST = "DEADLINE_IN_PAST"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    ALREADY_ALLOCATED = "ALREADY_ALLOCATED"
    TOO_MANY = "TOO_MANY"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    OVER_ALLOCATED = "OVER_ALLOCATED"
    STALE = "STALE"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    FORBIDDEN = "FORBIDDEN"
    """One entry of a bulk request that the user may not act on."""
    UNAVAILABLE = "UNAVAILABLE"
    """A service the request needs cannot be reached; retrying later may succeed."""


class DomainError(Exception):
    """A business rule refused the request; nothing was written."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        field: str | None = None,
        *,
        allowed: tuple[str, ...] | None = None,
        minimum: str | None = None,
        maximum: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        # The values the field takes, when the input named one it does not.
        self.allowed = allowed
        # The bound the input missed, when it was out of range: the smallest value the field
        # takes when the input was below it, the largest when above it (a whole number or a
        # date, as the input writes it). At most one of the two is set.
        self.minimum = minimum
        self.maximum = maximum


class DomainErrors(Exception):
    """Several field errors found together while validating one input."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class NotAuthenticated(Exception):
    """The request has no authenticated subject."""


class Forbidden(Exception):
    """The subject may not do this; also used for 'does not exist' so both answer the same."""


class RateLimited(Exception):
    """Too many requests in a short time; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many requests; try again in {retry_after} seconds.")
        self.retry_after = retry_after
