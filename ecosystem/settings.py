"""One settings object, read from environment variables."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-in-production"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Configuration of a server, CLI command or worker process."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = "sqlite+aiosqlite:///./var/ecosystem.db"
    # Unset means an in-process fakeredis: the embedded default.
    redis_url: str | None = None
    secret_key: str = DEFAULT_SECRET
    # Redis calls give up quickly so a dead Redis costs milliseconds, not seconds.
    redis_timeout_seconds: float = 0.25
    redis_retries: int = 1
    database_echo: bool = False

    # GraphQL limits.
    graphql_max_depth: int = 10
    graphql_max_aliases: int = 15
    graphql_max_tokens: int = 2000
    graphql_max_page_size: int = 100
    graphql_max_list_input: int = 50

    idempotency_ttl_hours: int = 24
    frontend_dist: Path = Path("frontend/dist")

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is Environment.PRODUCTION and self.secret_key == DEFAULT_SECRET:
            raise ValueError("SECRET_KEY must be set to a real secret when ENVIRONMENT=production")
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
