"""Evidence photos over HTTP: POST /evidence (multipart) stores one, GET /evidence/{id} serves it
to those allowed. Authentication is the same as GraphQL's (session cookie or bearer token).

Errors answer in the shape GraphQL errors have: ``{"errors": [{"message", "extensions":
{"code", "field", "reason"}}]}``; nothing internal is ever sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.api.context import Authenticator, Limiter
from ecosystem.api.errors import CANNOT_SAVE, database_cannot_write
from ecosystem.api.relay import decode_id, from_global_id, to_global_id
from ecosystem.database import Database, row_id
from ecosystem.errors import DomainError, DomainErrors, Forbidden, NotAuthenticated, RateLimited
from ecosystem.fulfilment import service
from ecosystem.fulfilment.evidence import (
    CleanImage,
    EvidenceStore,
    EvidenceStoreRefused,
    UnsupportedImage,
    clean_image,
    new_storage_key,
)
from ecosystem.fulfilment.s3 import EvidenceStoreUnavailable
from ecosystem.fulfilment.unused import evidence_store
from ecosystem.settings import Settings

log = logging.getLogger("ecosystem.evidence")

# Room for the multipart framing and the small form fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
# Photos cleaned at once in this process (each may hold EVIDENCE_MAX_PIXELS pixels decoded).
_cleaning = asyncio.Semaphore(2)
NOT_FOUND = "There is no such photo that you may see."
STORE_DOWN = "The photo store cannot be reached; try again shortly."
STORE_REFUSED = "The photo store cannot keep photos right now; try again later."


class _TooLarge(Exception):
    pass


def _error(
    status: int,
    code: str,
    message: str,
    *,
    field: str | None = None,
    reason: str | None = None,
    maximum: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    extensions: dict[str, str] = {"code": code}
    if field is not None:
        extensions["field"] = field
    if reason is not None:
        extensions["reason"] = reason
    if maximum is not None:
        # The bound the upload missed (pixels), as GraphQL errors name it.
        extensions["maximum"] = maximum
    return JSONResponse(
        {"errors": [{"message": message, "extensions": extensions}]},
        status_code=status,
        headers=headers,
    )


def _too_large(limit: int) -> JSONResponse:
    return _error(
        413,
        "PAYLOAD_TOO_LARGE",
        f"A photo may be at most {limit // (1024 * 1024)} MB ({limit} bytes).",
        field="file",
    )


async def _capped(stream: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    """The request body, stopped as soon as it grows past ``limit``."""
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > limit:
            raise _TooLarge
        yield chunk


def evidence_router(
    settings: Settings,
    db: Database,
    authenticate: Authenticator,
    limit: Limiter | None = None,
) -> APIRouter:
    """The evidence routes, authenticating like GraphQL does."""
    router = APIRouter(prefix="/evidence", tags=["evidence"])

    def store() -> EvidenceStore:
        # Read per request: the directory or bucket is configuration, not state.
        return evidence_store(settings)

    @router.post("", status_code=201)
    async def upload_evidence(request: Request) -> Response:
        """Store one photo: form field ``file``, and ``partyId`` when you act for several
        parties. Answers 201 with the photo's ``id``, to give as an evidence id."""
        max_bytes = settings.evidence_max_bytes
        try:
            subject = await authenticate(request, db)
            if subject is None:
                raise NotAuthenticated("Log in to upload evidence.")
            # Everything that needs no body is refused before the body is read.
            policy.ensure_uploads_some_evidence(subject)
            if limit is not None:
                await limit(f"evidence:user:{subject.user_id}", settings.mutation_rate_per_minute)
            declared = request.headers.get("content-length")
            if declared is not None and (
                not declared.isdigit() or int(declared) > max_bytes + FORM_OVERHEAD_BYTES
            ):
                return _too_large(max_bytes)
            if not request.headers.get("content-type", "").startswith("multipart/form-data"):
                return _error(
                    415,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "Send the photo as multipart/form-data with the field `file`.",
                    field="file",
                )
            data, named_party = await _read_form(request, max_bytes)
            if data is None:
                return _error(400, "BAD_USER_INPUT", "The form has no file field.", field="file")
            if len(data) > max_bytes:
                return _too_large(max_bytes)
            party_id = service.uploader_party(subject, _party_id(named_party))
            async with _cleaning:
                # Decoding and re-encoding a large photo takes seconds of CPU: off the loop, so
                # other requests go on meanwhile, and two at a time, to bound the memory.
                image = await asyncio.to_thread(
                    clean_image, data, max_pixels=settings.evidence_max_pixels
                )
            return await _keep(subject, party_id, image)
        except _TooLarge:
            return _too_large(max_bytes)
        except MultiPartException as error:
            return _error(400, "BAD_USER_INPUT", f"The form could not be read: {error.message}")
        except UnsupportedImage as error:
            return _error(
                415, "UNSUPPORTED_MEDIA_TYPE", error.message, field="file", maximum=error.maximum
            )
        except (DomainError, DomainErrors) as error:
            first = error.errors[0] if isinstance(error, DomainErrors) else error
            return _error(
                400,
                "BAD_USER_INPUT",
                first.message,
                field=first.field,
                reason=first.code.value,
                maximum=first.maximum,
            )
        except NotAuthenticated as error:
            return _error(401, "UNAUTHENTICATED", str(error))
        except Forbidden as error:
            return _error(403, "FORBIDDEN", str(error))
        except RateLimited as error:
            return _error(
                429, "RATE_LIMITED", str(error), headers={"Retry-After": str(error.retry_after)}
            )
        except EvidenceStoreUnavailable as error:
            log.error("evidence upload not stored: %s", error)
            return _error(503, "UNAVAILABLE", STORE_DOWN)
        except EvidenceStoreRefused as error:
            log.error("evidence upload not stored: %s", error)
            return _error(503, "UNAVAILABLE", STORE_REFUSED)
        except DBAPIError as error:
            if not database_cannot_write(error):
                raise
            log.error("evidence upload not stored: %r", error.orig)
            return _error(503, "UNAVAILABLE", CANNOT_SAVE)

    async def _keep(subject: Subject, party_id: int, image: CleanImage) -> JSONResponse:
        key = new_storage_key(image.extension)
        # The row first, then the file. A crash between the two leaves a row without a file,
        # unused, which the unused-photo cleanup removes in time; the file first left a file
        # that no row names, which nothing would ever find.
        async with db.transaction() as session:
            evidence = await service.add_evidence(
                session, subject, party_id, image, key, max_unused=settings.evidence_max_unused
            )
        assert evidence.id is not None
        try:
            await store().put(key, image.data)
        except BaseException:
            # The file was not stored: the row must not outlive it.
            try:
                async with db.transaction() as session:
                    await service.remove_evidence(session, evidence.id)
            except Exception as error:
                log.error("evidence %s kept without its file: %r", evidence.id, error)
            raise
        return JSONResponse(
            {
                "id": to_global_id("Evidence", evidence.id),
                "contentType": evidence.content_type,
                "sizeBytes": evidence.size_bytes,
                "width": evidence.width,
                "height": evidence.height,
                "sha256": evidence.sha256,
            },
            status_code=201,
        )

    @router.get("/{evidence_id}")
    async def get_evidence(evidence_id: str, request: Request) -> Response:
        """The photo, to the members of the school and donor of its match, the officials over
        the school, the party it was uploaded for and platform admins; never cached."""
        subject = await authenticate(request, db)
        if subject is None:
            return _error(401, "UNAUTHENTICATED", "Log in to see evidence.")
        try:
            type_name, key = from_global_id(evidence_id)
        except ValueError:
            return _error(404, "NOT_FOUND", NOT_FOUND)
        number = row_id(key)
        if type_name != "Evidence" or number is None:
            return _error(404, "NOT_FOUND", NOT_FOUND)
        async with db.read() as session:
            found = await service.evidence_with_match(session, number)
        if found is None or not service.sees_evidence(subject, *found):
            return _error(404, "NOT_FOUND", NOT_FOUND)
        evidence = found[0]
        try:
            data = await store().get(evidence.storage_key)
        except EvidenceStoreUnavailable as error:
            log.error("evidence %s not served: %s", evidence.id, error)
            return _error(503, "UNAVAILABLE", STORE_DOWN)
        if data is None:
            log.error("evidence %s has no file at %s", evidence.id, evidence.storage_key)
            return _error(404, "NOT_FOUND", NOT_FOUND)
        extension = evidence.storage_key.rsplit(".", 1)[-1]
        return Response(
            content=data,
            media_type=evidence.content_type,
            headers={
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
                "Content-Disposition": f'inline; filename="evidence-{evidence.id}.{extension}"',
                "Content-Security-Policy": "default-src 'none'",
            },
        )

    return router


async def _read_form(request: Request, max_bytes: int) -> tuple[bytes | None, str | None]:
    """The file (at most ``max_bytes`` + 1 bytes of it) and the partyId of the form; the body
    is read only up to the limit, whatever the client declared."""
    form = await MultiPartParser(
        request.headers,
        _capped(request.stream(), max_bytes + FORM_OVERHEAD_BYTES),
        max_files=1,
        max_fields=4,
    ).parse()
    try:
        upload = form.get("file")
        party = form.get("partyId")
        data = await upload.read(max_bytes + 1) if isinstance(upload, UploadFile) else None
        return data, party if isinstance(party, str) else None
    finally:
        await form.close()


def _party_id(global_id: str | None) -> int | None:
    if not global_id:
        return None
    return decode_id(global_id, "partyId", "Party", "School")
