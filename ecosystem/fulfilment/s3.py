"""Evidence photos in an S3-compatible object store (AWS S3, MinIO, Ceph, R2, ...).

Objects are addressed path-style, ``{endpoint}/{bucket}/{key}``, which every S3-compatible
server understands, and every request is signed with AWS Signature Version 4 as S3 wants it:
the payload's SHA-256 in ``x-amz-content-sha256``, the path encoded once and never normalised.
The signer is here rather than in botocore so the server needs no AWS SDK; it is checked
against the examples AWS publishes (tests/test_evidence_s3.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, datetime
from urllib.parse import quote, unquote

import httpx

from ecosystem.settings import Settings

ALGORITHM = "AWS4-HMAC-SHA256"
# Headers a proxy or the HTTP client may rewrite (Accept-Encoding, Connection, User-Agent)
# are left out of the signature; these are the ones S3 cares about.
SIGNED_HEADERS = frozenset({"host", "content-type", "content-md5", "date", "range"})
# Connecting fails fast when the store is down; reading and writing leave room for 5 MiB.
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=2.0)


class EvidenceStoreUnavailable(Exception):
    """The object store could not be reached or refused a request; the message says which
    request and why, without any credential."""


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def uri_encode(text: str) -> str:
    """SigV4's encoding: every byte but the unreserved ``A-Z a-z 0-9 - _ . ~`` as %XX."""
    return quote(text, safe="-_.~")


def signing_key(secret_key: str, date: str, region: str, service: str) -> bytes:
    """The key of one day, region and service, derived from the secret by an HMAC chain."""
    key = _hmac(f"AWS4{secret_key}".encode(), date)
    key = _hmac(key, region)
    key = _hmac(key, service)
    return _hmac(key, "aws4_request")


def _canonical_path(raw_path: str) -> str:
    # S3 signs the object key as it is: each segment encoded once, "." and ".." kept.
    return "/".join(uri_encode(unquote(segment)) for segment in raw_path.split("/")) or "/"


def _canonical_query(raw_query: str) -> str:
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        name, _, value = part.partition("=")
        pairs.append((uri_encode(unquote(name)), uri_encode(unquote(value))))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def _canonical_headers(headers: httpx.Headers) -> tuple[str, str]:
    values: dict[str, list[str]] = {}
    for name, value in headers.multi_items():
        name = name.lower()
        if name in SIGNED_HEADERS or name.startswith("x-amz-"):
            values.setdefault(name, []).append(" ".join(value.split()))
    names = sorted(values)
    lines = "".join(f"{name}:{','.join(values[name])}\n" for name in names)
    return lines, ";".join(names)


def canonical_request(request: httpx.Request) -> tuple[str, str]:
    """The canonical form of ``request`` and the names of the headers it signs."""
    path, _, query = request.url.raw_path.decode("ascii").partition("?")
    headers, signed = _canonical_headers(request.headers)
    form = "\n".join(
        [
            request.method.upper(),
            _canonical_path(path),
            _canonical_query(query),
            headers,
            signed,
            _sha256(request.content),
        ]
    )
    return form, signed


def sign(
    request: httpx.Request,
    *,
    access_key: str,
    secret_key: str,
    region: str,
    service: str = "s3",
    now: datetime | None = None,
) -> None:
    """Add ``x-amz-date`` and a SigV4 ``Authorization`` header to ``request``, whose body must
    already be in memory. Headers set afterwards are not signed."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    amz_date = moment.strftime("%Y%m%dT%H%M%SZ")
    request.headers["x-amz-date"] = amz_date
    form, signed = canonical_request(request)
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join([ALGORITHM, amz_date, scope, _sha256(form.encode())])
    key = signing_key(secret_key, amz_date[:8], region, service)
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    request.headers["authorization"] = (
        f"{ALGORITHM} Credential={access_key}/{scope},SignedHeaders={signed},Signature={signature}"
    )


def _s3_error(body: bytes) -> str:
    """``Code: Message`` of an S3 error document, or the start of whatever came back."""
    text = body.decode("utf-8", "replace")
    code = re.search(r"<Code>([^<]*)</Code>", text)
    message = re.search(r"<Message>([^<]*)</Message>", text)
    if code is None:
        return text[:200].strip() or "(no body)"
    return f"{code.group(1)}: {message.group(1) if message else ''}".rstrip(": ")


def _no_such_object(response: httpx.Response) -> bool:
    # A missing bucket is a broken configuration, not a missing photo.
    return response.status_code == 404 and b"NoSuchBucket" not in response.content


class S3Store:
    """Photos as objects of one bucket of an S3-compatible store (EVIDENCE_S3_*).

    Each call opens its own HTTP client: the store is made per request, and nothing would
    close a longer-lived one.
    """

    def __init__(
        self,
        *,
        endpoint: str,
        bucket: str,
        region: str,
        access_key: str,
        secret_key: str,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.bucket = bucket
        self.region = region
        self._access_key = access_key
        self._secret_key = secret_key
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Store:
        endpoint = settings.evidence_s3_endpoint
        bucket = settings.evidence_s3_bucket
        access_key = settings.evidence_s3_access_key
        secret_key = settings.evidence_s3_secret_key
        if not (endpoint and bucket and access_key and secret_key):
            raise ValueError("the S3 evidence store needs EVIDENCE_S3_ENDPOINT, _BUCKET and keys")
        return cls(
            endpoint=endpoint,
            bucket=bucket,
            region=settings.evidence_s3_region,
            access_key=access_key,
            secret_key=secret_key,
        )

    def _url(self, key: str) -> str:
        segments = key.split("/")
        # A "." or ".." segment could be resolved away by a proxy and reach another object.
        if any(segment in ("", ".", "..") for segment in segments):
            raise ValueError(f"storage key not usable as an object name: {key!r}")
        path = "/".join(uri_encode(segment) for segment in segments)
        return f"{self.endpoint}/{uri_encode(self.bucket)}/{path}"

    async def _send(self, method: str, key: str, data: bytes = b"") -> httpx.Response:
        request = httpx.Request(
            method,
            self._url(key),
            content=data,
            headers={"x-amz-content-sha256": _sha256(data)},
        )
        sign(
            request,
            access_key=self._access_key,
            secret_key=self._secret_key,
            region=self.region,
        )
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.send(request)
                await response.aread()
        except httpx.HTTPError as error:
            raise EvidenceStoreUnavailable(
                f"S3 {method} {self.bucket}/{key}: cannot reach {self.endpoint}: "
                f"{type(error).__name__} {error}"
            ) from error
        return response

    def _refused(self, method: str, key: str, response: httpx.Response) -> Exception:
        return EvidenceStoreUnavailable(
            f"S3 {method} {self.bucket}/{key} at {self.endpoint} answered "
            f"{response.status_code}: {_s3_error(response.content)}"
        )

    async def put(self, key: str, data: bytes) -> None:
        response = await self._send("PUT", key, data)
        if response.status_code != 200:
            raise self._refused("PUT", key, response)

    async def get(self, key: str) -> bytes | None:
        response = await self._send("GET", key)
        if response.status_code == 200:
            return response.content
        if _no_such_object(response):
            return None
        raise self._refused("GET", key, response)

    async def delete(self, key: str) -> None:
        response = await self._send("DELETE", key)
        # S3 answers 204 whether or not the object was there; some servers say 404.
        if response.status_code not in (200, 204) and not _no_such_object(response):
            raise self._refused("DELETE", key, response)
