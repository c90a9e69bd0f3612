"""One settings object, read from environment variables."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-in-production"
# The drivers the server runs on: the async ones, since the database layer is async.
DATABASE_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
REDIS_SCHEMES = ("redis", "rediss", "unix")


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class OIDCProviderSettings(BaseModel):
    """An OpenID provider users may log in with (a government's, Keycloak, ...)."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")
    display_name: str
    issuer: str
    client_id: str
    client_secret: str | None = None
    # Where to read the discovery document when the server reaches the provider by another
    # address than browsers do (containers); defaults to {issuer}/.well-known/...
    discovery_url: str | None = None


class Settings(BaseSettings):
    """Configuration of a server, CLI command or worker process."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    # The calendar of the marketplace's dates (deadlines, validity, deliveries): a principal in
    # Yunnan posting at 07:00 means that day, whatever zone the server's clock runs in.
    time_zone: str = "Asia/Shanghai"
    database_url: str = "sqlite+aiosqlite:///./var/ecosystem.db"
    # Unset means an in-process fakeredis: the embedded default.
    redis_url: str | None = None
    secret_key: str = DEFAULT_SECRET
    # Redis calls give up quickly so a dead Redis costs milliseconds, not seconds.
    redis_timeout_seconds: float = Field(default=0.25, gt=0)
    redis_retries: int = Field(default=1, ge=0)
    database_echo: bool = False

    # Fulfilment. Evidence photos are kept under EVIDENCE_DIR, at most EVIDENCE_MAX_BYTES each
    # (5 MiB) and EVIDENCE_MAX_PIXELS pixels; proposals nobody took to approval expire after
    # PROPOSAL_MAX_AGE_DAYS.
    evidence_dir: Path = Path("var/evidence")
    evidence_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    # At most Pillow's own bound, past which it refuses to open an image at all.
    evidence_max_pixels: int = Field(default=40_000_000, ge=1, le=89_478_485)
    proposal_max_age_days: int = Field(default=30, ge=1)
    # A photo uploaded but never used by a delivery or receipt (a form left unsent) is removed,
    # row and file, once it is EVIDENCE_UNUSED_DAYS old.
    evidence_unused_days: int = Field(default=7, ge=1)
    # ... and a party keeps at most EVIDENCE_MAX_UNUSED such photos at once: one that uploads
    # without end (120 a minute of 5 MiB each) would otherwise fill the disk within the week.
    evidence_max_unused: int = Field(default=100, ge=1)
    # Evidence in an S3-compatible store instead of EVIDENCE_DIR, when EVIDENCE_S3_ENDPOINT is
    # set (http(s)://host[:port]; objects at {endpoint}/{bucket}/{key}): the endpoint, bucket
    # and both keys go together.
    evidence_s3_endpoint: str | None = None
    evidence_s3_bucket: str | None = None
    evidence_s3_region: str = Field(default="us-east-1", min_length=1)
    evidence_s3_access_key: str | None = None
    evidence_s3_secret_key: str | None = None

    # GraphQL limits.
    graphql_max_depth: int = Field(default=10, ge=1)
    graphql_max_aliases: int = Field(default=15, ge=1)
    graphql_max_tokens: int = Field(default=2000, ge=1)
    graphql_max_page_size: int = Field(default=100, ge=1)

    # Identity. PUBLIC_URL is where browsers reach this server; cookie-authenticated mutations
    # are accepted only from its origin and ALLOWED_ORIGINS.
    public_url: str = "http://localhost:8000"
    allowed_origins: list[str] = []
    oidc_providers: list[OIDCProviderSettings] = []
    # The embedded provider at /idp: on by default outside production; in production only
    # when EMBEDDED_IDP=true is set on purpose.
    embedded_idp: bool | None = None
    api_audience: str = "hope-ecosystem-api"
    session_idle_seconds: int = Field(default=12 * 3600, ge=1)
    login_rate_per_minute: int = Field(default=20, ge=1)
    mutation_rate_per_minute: int = Field(default=120, ge=1)
    # Open websockets (live views) one client address may hold in one server process.
    websockets_per_address: int = Field(default=32, ge=1)
    frontend_dist: Path = Path("frontend/dist")
    # Matching runs are jobs on a Redis stream of this name; `ecosystem worker` runs them.
    job_queue: str = "hope:jobs"
    # A worker holds a lease on each job it has taken, renewed every third of this while the
    # job runs. A job whose worker stopped renewing (killed, paused, cut off from Redis) is
    # claimed by another worker with a free slot within 1.5 times this. Keep it well above the
    # longest part solve: the solver holds the worker's event loop, leases included, while it
    # runs, and a lease that lapses meanwhile has the part solved twice (stored once).
    job_lease_seconds: float = Field(default=600.0, gt=0)
    # Whether the server process runs jobs itself. Unset: yes on the embedded default (no
    # REDIS_URL), no when a real Redis is configured and workers run separately.
    worker_in_process: bool | None = None
    # A run is cut into independent parts (no shared pledge), solved as up to this many jobs.
    matching_max_parts: int = Field(default=4, ge=1, le=32)
    # A part whose flow network would pass this many arcs is refused before it is built (about
    # 240 bytes an arc in all: 50M is about 12 GB): the run fails saying so, not the worker.
    matching_max_arcs: int = Field(default=50_000_000, ge=1)
    # A run still RUNNING this long after it started is failed (its worker died).
    matching_run_timeout_seconds: int = Field(default=3600, ge=60)

    # Events (docs/events.md): the stream the outbox relay writes, and webhook deliveries.
    events_stream: str = "hope:events"
    webhook_max_attempts: int = Field(default=8, ge=1, le=50)
    webhook_backoff_seconds: float = Field(default=10.0, gt=0)
    webhook_max_backoff_seconds: float = Field(default=3600.0, gt=0)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    # Whether webhook URLs may point at loopback or private addresses. Unset: yes, except in
    # production, where a partner's URL must be a public address.
    webhook_private_addresses: bool | None = None

    # The public ledger. LEDGER_SIGNING_KEY is an Ed25519 private key (PKCS#8 PEM, or the base64
    # of its 32-byte seed); unset, one is generated on first use and kept in the database. A
    # checkpoint is signed after EVERY_ENTRIES new entries or EVERY_SECONDS with any new entry.
    ledger_signing_key: str | None = None
    ledger_checkpoint_every_entries: int = Field(default=100, ge=1)
    ledger_checkpoint_every_seconds: int = Field(default=60, ge=1)

    @field_validator("database_url")
    @classmethod
    def _usable_database_url(cls, url: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            driver = make_url(url).drivername
        except (ArgumentError, ValueError):
            driver = None
        if driver not in DATABASE_DRIVERS:
            # Only the scheme is named: the rest of the URL may hold a password.
            given = f" (it starts {driver}://)" if driver else ""
            raise ValueError(
                f"DATABASE_URL is not a database URL the server can use{given}: use "
                "sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER@HOST/DATABASE"
            )
        return url

    @field_validator("redis_url")
    @classmethod
    def _usable_redis_url(cls, url: str | None) -> str | None:
        if url is not None and urlsplit(url).scheme not in REDIS_SCHEMES:
            raise ValueError(
                "REDIS_URL must start with redis://, rediss:// or unix://, as in "
                "redis://127.0.0.1:6379/0 (unset, the server keeps Redis in process)"
            )
        return url

    @field_validator("public_url")
    @classmethod
    def _absolute_public_url(cls, url: str) -> str:
        if not _is_http_url(url):
            raise ValueError(
                "PUBLIC_URL must be the absolute http(s) URL browsers reach the server at, "
                f"such as https://hope.example.org, not {url!r}"
            )
        return url

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            if not _is_http_url(origin):
                raise ValueError(
                    f"ALLOWED_ORIGINS holds {origin!r}, not an origin such as "
                    "https://partner.example.org"
                )
        return origins

    @field_validator("ledger_signing_key")
    @classmethod
    def _usable_signing_key(cls, key: str | None) -> str | None:
        if key is not None:
            from ecosystem.ledger.checkpoints import load_private_key

            try:
                load_private_key(key)
            except ValueError as error:
                raise ValueError(
                    "LEDGER_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM, or the "
                    f"base64 of its 32-byte seed): {error}"
                ) from None
        return key

    @model_validator(mode="after")
    def _known_time_zone(self) -> Settings:
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"TIME_ZONE must name an IANA time zone such as Asia/Shanghai, not "
                f"{self.time_zone!r}"
            ) from None
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The marketplace's time zone (ZoneInfo keeps each zone it loaded)."""
        return ZoneInfo(self.time_zone)

    def today(self) -> date:
        """Today in the marketplace's calendar."""
        return datetime.now(self.zone).date()

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is Environment.PRODUCTION and self.secret_key == DEFAULT_SECRET:
            raise ValueError("SECRET_KEY must be set to a real secret when ENVIRONMENT=production")
        return self

    @model_validator(mode="after")
    def _embedded_issuer_is_secure(self) -> Settings:
        from authlib.common.security import is_secure_transport

        # The embedded provider's issuer is PUBLIC_URL/idp, and OpenID wants it on TLS.
        if self.embedded_idp_enabled and not is_secure_transport(self.public_url):
            raise ValueError(
                "PUBLIC_URL must use https while the embedded provider is on (http only on "
                "localhost or a loopback address)"
            )
        return self

    @model_validator(mode="after")
    def _evidence_s3_all_or_none(self) -> Settings:
        given = {
            "EVIDENCE_S3_ENDPOINT": self.evidence_s3_endpoint,
            "EVIDENCE_S3_BUCKET": self.evidence_s3_bucket,
            "EVIDENCE_S3_ACCESS_KEY": self.evidence_s3_access_key,
            "EVIDENCE_S3_SECRET_KEY": self.evidence_s3_secret_key,
        }
        missing = [name for name, value in given.items() if not value]
        if missing and len(missing) < len(given):
            raise ValueError(
                "The S3 evidence store needs EVIDENCE_S3_ENDPOINT, EVIDENCE_S3_BUCKET, "
                f"EVIDENCE_S3_ACCESS_KEY and EVIDENCE_S3_SECRET_KEY together; missing: "
                f"{', '.join(missing)} (set none of them to keep photos in EVIDENCE_DIR)"
            )
        endpoint = self.evidence_s3_endpoint
        if endpoint and not endpoint.startswith(("http://", "https://")):
            raise ValueError(
                f"EVIDENCE_S3_ENDPOINT must start with http:// or https://, not {endpoint!r}"
            )
        return self

    @property
    def embedded_idp_enabled(self) -> bool:
        if self.embedded_idp is None:
            return not self.is_production
        return self.embedded_idp

    @property
    def embedded_issuer(self) -> str:
        return self.public_url.rstrip("/") + "/idp"

    @property
    def other_issuers(self) -> tuple[str, ...]:
        """The issuers of the other providers people sign in with: never the embedded
        provider's earlier addresses, whatever their URLs end with."""
        return tuple(provider.issuer for provider in self.oidc_providers)

    @property
    def runs_jobs_in_process(self) -> bool:
        if self.worker_in_process is None:
            return self.redis_url is None
        return self.worker_in_process

    @property
    def webhook_private_addresses_allowed(self) -> bool:
        if self.webhook_private_addresses is None:
            return not self.is_production
        return self.webhook_private_addresses

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL, without query or fragment."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not parts.query
        and not parts.fragment
    )


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
