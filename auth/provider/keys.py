"""The provider's signing keys: made on first start, kept in the database, loaded on later ones."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from joserfc.jwk import KeySet, RSAKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from auth.provider.models import IdpSigningKey

SIGNING_ALGORITHM = "RS256"
RSA_KEY_BITS = 2048


class SigningKeys:
    """The RSA keys of the provider. The active key signs every token; all keys (the active one
    and any retired ones kept in the table) are published in the JWKS and verify tokens."""

    def __init__(self) -> None:
        self._active: RSAKey | None = None
        self._all = KeySet([])

    async def load(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Load the keys from the database, creating the active key first if there is none."""
        if not await self._read(sessions):
            await self._create(sessions)
            if not await self._read(sessions):
                raise RuntimeError("the signing key that was just stored cannot be read back")

    @property
    def active(self) -> RSAKey:
        """The key that signs tokens now."""
        if self._active is None:
            raise RuntimeError("the signing keys have not been loaded")
        return self._active

    def signing_key_set(self) -> KeySet:
        """The active key alone, as a set: joserfc then writes its ``kid`` into the header."""
        return KeySet([self.active])

    def verification_key_set(self) -> KeySet:
        """Every published key, to verify a token signed by any of them."""
        return self._all

    def public_jwks(self) -> dict[str, Any]:
        """The JWK Set document: public parts only."""
        return dict(self._all.as_dict(private=False))

    async def _read(self, sessions: async_sessionmaker[AsyncSession]) -> bool:
        async with sessions() as session:
            rows = (
                await session.scalars(select(IdpSigningKey).order_by(col(IdpSigningKey.id)))
            ).all()
            stored = [(row.active, row.private_jwk) for row in rows]
        keys = [(active, RSAKey.import_key(json.loads(jwk))) for active, jwk in stored]
        active = [key for is_active, key in keys if is_active]
        if not active:
            return False
        self._active = active[0]
        self._all = KeySet([key for _, key in keys])
        return True

    async def _create(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        # RSA key generation takes a noticeable moment of CPU: keep it off the event loop.
        key = await asyncio.to_thread(_generate_key)
        row = IdpSigningKey(kid=key.thumbprint(), private_jwk=json.dumps(key.as_dict(private=True)))
        # If another process stored its active key first (the table allows one), that key is
        # the one read back and used.
        with contextlib.suppress(IntegrityError):
            async with sessions() as session, session.begin():
                session.add(row)


def _generate_key() -> RSAKey:
    key = RSAKey.generate_key(RSA_KEY_BITS, {"use": "sig", "alg": SIGNING_ALGORITHM})
    key.ensure_kid()  # the RFC 7638 thumbprint, the same as the row's kid
    return key
