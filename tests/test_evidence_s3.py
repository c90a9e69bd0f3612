"""Evidence photos in an S3-compatible store: uploads land in the bucket, are served back only
to those allowed, and a store that is down is a clear 503 with nothing written. The store is a
real moto S3 server on a free port; moto checks no signatures, so the signer is checked
separately against the examples AWS publishes for Signature Version 4."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest
from conftest import World, authenticate_from_test_header, count_rows
from PIL import Image
from pydantic import ValidationError
from sqlalchemy import text
from test_fulfilment import GPS_IFD, fetch, photo_with_location, upload

from ecosystem.app import create_app
from ecosystem.database import Database
from ecosystem.fulfilment.s3 import canonical_request, sign, signing_key
from ecosystem.settings import Environment, Settings

REGION = "eu-central-1"
S3_NAMESPACE = "{http://s3.amazonaws.com/doc/2006-03-01/}"
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# The credentials of AWS's signing examples (they sign nothing real).
SUITE_KEY, SUITE_SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
S3_DOCS_KEY, S3_DOCS_SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A moto S3 server of its own, on a free port, for this module."""
    pytest.importorskip("moto.server", reason="moto[server] is not installed")
    port = free_port()
    # Its request log goes to a file: a pipe nobody reads would fill up and stall it.
    log_path = tmp_path_factory.mktemp("moto") / "server.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                output = log_path.read_text(errors="replace")
                pytest.fail(f"moto_server exited with {server.returncode}: {output}")
            try:
                httpx.get(endpoint, timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("moto_server did not answer within 30 seconds")
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def s3(method: str, url: str, content: bytes = b"") -> httpx.Response:
    """The test's own look at the bucket, with plain signed requests (moto treats unsigned
    ones as anonymous, which private objects refuse)."""
    request = httpx.Request(
        method,
        url,
        content=content,
        headers={"x-amz-content-sha256": hashlib.sha256(content).hexdigest()},
    )
    sign(request, access_key="test-reader", secret_key="test-secret", region=REGION)
    with httpx.Client(timeout=5.0) as client:
        return client.send(request)


@pytest.fixture
def bucket(s3_endpoint: str) -> str:
    """A fresh, empty bucket for each test."""
    name = f"evidence-{uuid.uuid4().hex[:12]}"
    created = s3(
        "PUT",
        f"{s3_endpoint}/{name}",
        b"<CreateBucketConfiguration><LocationConstraint>"
        + REGION.encode()
        + b"</LocationConstraint></CreateBucketConfiguration>",
    )
    assert created.status_code == 200, created.text
    return name


def s3_settings(settings: Settings, endpoint: str, bucket: str, evidence_dir: Path) -> Settings:
    return settings.model_copy(
        update={
            "evidence_dir": evidence_dir,
            "evidence_s3_endpoint": endpoint,
            "evidence_s3_bucket": bucket,
            "evidence_s3_region": REGION,
            "evidence_s3_access_key": "test-access-key",
            "evidence_s3_secret_key": "test-secret-key",
        }
    )


@asynccontextmanager
async def serving(configured: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app built with ``configured``, closed with it."""
    app = create_app(configured, authenticate=authenticate_from_test_header)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
    finally:
        await app.state.redis.aclose()
        await app.state.db.dispose()


@pytest.fixture
def local_dir(tmp_path: Path) -> Path:
    """EVIDENCE_DIR of the S3-configured app: nothing may land there."""
    return tmp_path / "evidence"


@pytest.fixture
async def s3_http(
    settings: Settings, s3_endpoint: str, bucket: str, local_dir: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its evidence in ``bucket`` of the moto server."""
    async with serving(s3_settings(settings, s3_endpoint, bucket, local_dir)) as client:
        yield client


def bucket_keys(endpoint: str, bucket: str) -> list[str]:
    listing = s3("GET", f"{endpoint}/{bucket}?list-type=2")
    assert listing.status_code == 200, listing.text
    root = ElementTree.fromstring(listing.content)
    return sorted(key.text or "" for key in root.iter(f"{S3_NAMESPACE}Key"))


async def storage_keys(db: Database) -> list[str]:
    async with db.read() as session:
        rows = await session.execute(text("SELECT storage_key FROM evidence"))
        return sorted(row[0] for row in rows)


async def test_a_photo_lands_in_the_bucket_and_is_served_only_to_those_allowed(
    world: World,
    db: Database,
    s3_http: httpx.AsyncClient,
    s3_endpoint: str,
    bucket: str,
    local_dir: Path,
) -> None:
    response = await upload(s3_http, world.principal, photo_with_location())
    assert response.status_code == 201, response.text
    body = response.json()

    keys = bucket_keys(s3_endpoint, bucket)
    assert keys == await storage_keys(db)
    assert len(keys) == 1 and keys[0].endswith(".jpg")
    stored = s3("GET", f"{s3_endpoint}/{bucket}/{keys[0]}").content
    assert hashlib.sha256(stored).hexdigest() == body["sha256"]
    assert len(stored) == body["sizeBytes"]
    assert not Image.open(BytesIO(stored)).getexif().get_ifd(GPS_IFD), "location must be gone"
    assert not local_dir.exists(), "nothing is written to EVIDENCE_DIR"

    for user in (world.principal, world.platform_admin):
        served = await fetch(s3_http, user, body["id"])
        assert served.status_code == 200, (user, served.text)
        assert served.content == stored
        assert served.headers["content-type"] == "image/jpeg"
        assert served.headers["cache-control"] == "private, no-store"
    for user in (world.other_principal, world.store_admin, world.outsider):
        refused = await fetch(s3_http, user, body["id"])
        assert refused.status_code == 404, (user, refused.text)
        assert refused.content != stored
    assert (await fetch(s3_http, None, body["id"])).status_code == 401


async def test_a_store_that_is_down_answers_503_and_keeps_no_row(
    world: World, db: Database, settings: Settings, tmp_path: Path
) -> None:
    nobody_listens = f"http://127.0.0.1:{free_port()}"
    configured = s3_settings(settings, nobody_listens, "evidence", tmp_path / "evidence")
    async with serving(configured) as client:
        started = time.monotonic()
        response = await upload(client, world.principal, photo_with_location())
        assert time.monotonic() - started < 5, "a dead store must fail fast"
    assert response.status_code == 503, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAVAILABLE"
    assert "photo store" in error["message"]
    assert nobody_listens not in response.text, "no configuration is disclosed"
    assert await count_rows(db, "evidence") == 0
    assert not (tmp_path / "evidence").exists()


async def test_a_bucket_that_does_not_exist_is_a_503_not_a_lost_photo(
    world: World,
    db: Database,
    settings: Settings,
    s3_endpoint: str,
    s3_http: httpx.AsyncClient,
    bucket: str,
    tmp_path: Path,
) -> None:
    configured = s3_settings(settings, s3_endpoint, "no-such-bucket", tmp_path / "evidence")
    async with serving(configured) as client:
        refused = await upload(client, world.principal, photo_with_location())
    assert refused.status_code == 503, refused.text
    assert await count_rows(db, "evidence") == 0

    # A photo whose object is gone is not found; once its bucket is gone, the store is broken.
    body = (await upload(s3_http, world.principal, photo_with_location())).json()
    (key,) = bucket_keys(s3_endpoint, bucket)
    assert s3("DELETE", f"{s3_endpoint}/{bucket}/{key}").status_code == 204
    assert (await fetch(s3_http, world.principal, body["id"])).status_code == 404
    assert s3("DELETE", f"{s3_endpoint}/{bucket}").status_code == 204
    broken = await fetch(s3_http, world.principal, body["id"])
    assert broken.status_code == 503, broken.text
    assert broken.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"


def test_s3_settings_go_together_or_not_at_all() -> None:
    complete: dict[str, Any] = {
        "evidence_s3_endpoint": "https://s3.example.org",
        "evidence_s3_bucket": "evidence",
        "evidence_s3_access_key": "key",
        "evidence_s3_secret_key": "secret",
    }
    assert Settings(environment=Environment.TEST, **complete).evidence_s3_region == "us-east-1"
    assert Settings(environment=Environment.TEST).evidence_s3_endpoint is None
    with pytest.raises(ValidationError, match="missing: EVIDENCE_S3_ACCESS_KEY"):
        Settings(
            environment=Environment.TEST,
            **{**complete, "evidence_s3_access_key": None},
        )
    with pytest.raises(ValidationError, match="must start with http"):
        Settings(environment=Environment.TEST, **{**complete, "evidence_s3_endpoint": "s3.org"})


# The signer, on the published AWS Signature Version 4 examples.


def signed(request: httpx.Request, key: str, secret: str, service: str, at: datetime) -> str:
    sign(request, access_key=key, secret_key=secret, region="us-east-1", service=service, now=at)
    return request.headers["authorization"]


SUITE_TIME = datetime(2015, 8, 30, 12, 36, tzinfo=UTC)
S3_DOCS_TIME = datetime(2013, 5, 24, tzinfo=UTC)


def test_the_signing_key_is_the_one_aws_documents() -> None:
    key = signing_key(SUITE_SECRET, "20120215", "us-east-1", "iam")
    assert key.hex() == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"


@pytest.mark.parametrize(
    ("method", "url", "signature"),
    [
        # get-vanilla, get-vanilla-query-order-key-case and post-vanilla of the test suite.
        ("GET", "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        (
            "GET",
            "/?Param2=value2&Param1=value1",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        ),
        ("POST", "/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
    ],
)
def test_the_signature_v4_test_suite(method: str, url: str, signature: str) -> None:
    request = httpx.Request(method, f"https://example.amazonaws.com{url}")
    assert signed(request, SUITE_KEY, SUITE_SECRET, "service", SUITE_TIME) == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
        f"SignedHeaders=host;x-amz-date,Signature={signature}"
    )


def s3_docs_request(method: str, path: str, **extra: Any) -> httpx.Request:
    headers = extra.pop("headers", {})
    content = extra.pop("content", b"")
    return httpx.Request(
        method,
        f"https://examplebucket.s3.amazonaws.com{path}",
        content=content,
        headers={"x-amz-content-sha256": hashlib.sha256(content).hexdigest(), **headers},
    )


def test_the_s3_get_object_example() -> None:
    request = s3_docs_request("GET", "/test.txt", headers={"Range": "bytes=0-9"})
    assert signed(request, S3_DOCS_KEY, S3_DOCS_SECRET, "s3", S3_DOCS_TIME) == (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )
    form, _ = canonical_request(request)
    assert form == "\n".join(
        [
            "GET",
            "/test.txt",
            "",
            "host:examplebucket.s3.amazonaws.com",
            "range:bytes=0-9",
            f"x-amz-content-sha256:{EMPTY_SHA256}",
            "x-amz-date:20130524T000000Z",
            "",
            "host;range;x-amz-content-sha256;x-amz-date",
            EMPTY_SHA256,
        ]
    )


def test_the_s3_put_object_example_encodes_the_key_once() -> None:
    request = s3_docs_request(
        "PUT",
        "/test$file.text",
        content=b"Welcome to Amazon S3.",
        headers={
            "Date": "Fri, 24 May 2013 00:00:00 GMT",
            "x-amz-storage-class": "REDUCED_REDUNDANCY",
        },
    )
    assert signed(request, S3_DOCS_KEY, S3_DOCS_SECRET, "s3", S3_DOCS_TIME).endswith(
        "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
        "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
    )
    assert canonical_request(request)[0].split("\n")[1] == "/test%24file.text"


@pytest.mark.parametrize(
    ("query", "signature"),
    [
        (
            "?max-keys=2&prefix=J",
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
        ),
        ("?lifecycle", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
    ],
)
def test_the_s3_bucket_examples_with_a_query(query: str, signature: str) -> None:
    request = s3_docs_request("GET", f"/{query}")
    assert signed(request, S3_DOCS_KEY, S3_DOCS_SECRET, "s3", S3_DOCS_TIME).endswith(
        f"SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature={signature}"
    )
