"""The provider's signing keys: made on first start, kept in the database, loaded on later ones.

A private key is stored sealed under a key derived from SECRET_KEY (``auth.sealing``), so a copy
of the database alone cannot sign tokens. After SECRET_KEY changes, the stored keys no longer
open: the active one is retired, a new one is made, and tokens signed before stop verifying
(people sign in again; partner systems ask for new access tokens).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from joserfc.jwk import KeySet, RSAKey
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from auth.provider.models import IdpSigningKey
from auth.sealing import SealedSecretError, Sealer

log = logging.getLogger(__name__)

SIGNING_ALGORITHM = "RS256"
RSA_KEY_BITS = 2048
SEALER = Sealer(b"hope-ecosystem idp signing keys v1", b"idp_signing_key.private_jwk")


class SigningKeys:
    """The RSA keys of the provider. The active key signs every token; all keys (the active one
    and any retired ones kept in the table) are published in the JWKS and verify tokens."""

    def __init__(self, secret_key: str) -> None:
        self._secret_key = secret_key
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
            stored = [(row.id, row.kid, row.active, row.private_jwk) for row in rows]
        keys: list[tuple[bool, RSAKey]] = []
        for key_id, kid, active, sealed in stored:
            try:
                jwk = SEALER.open(sealed, self._secret_key)
            except SealedSecretError:
                log.warning(
                    "The identity provider's signing key %s cannot be opened with the current "
                    "SECRET_KEY; it is no longer published%s.",
                    kid,
                    ", and a new key takes its place" if active else "",
                )
                if active:
                    await self._retire(sessions, key_id)
                continue
            keys.append((active, RSAKey.import_key(json.loads(jwk))))
        active_keys = [key for is_active, key in keys if is_active]
        if not active_keys:
            return False
        self._active = active_keys[0]
        self._all = KeySet([key for _, key in keys])
        return True

    async def _create(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        # RSA key generation takes a noticeable moment of CPU: keep it off the event loop.
        key = await asyncio.to_thread(_generate_key)
        sealed = SEALER.seal(json.dumps(key.as_dict(private=True)), self._secret_key)
        row = IdpSigningKey(kid=key.thumbprint(), private_jwk=sealed)
        # If another process stored its active key first (the table allows one), that key is
        # the one read back and used.
        with contextlib.suppress(IntegrityError):
            async with sessions() as session, session.begin():
                session.add(row)

    @staticmethod
    async def _retire(sessions: async_sessionmaker[AsyncSession], key_id: int | None) -> None:
        async with sessions() as session, session.begin():
            await session.execute(
                update(IdpSigningKey).where(col(IdpSigningKey.id) == key_id).values(active=False)
            )


def _generate_key() -> RSAKey:
    key = RSAKey.generate_key(RSA_KEY_BITS, {"use": "sig", "alg": SIGNING_ALGORITHM})
    key.ensure_kid()  # the RFC 7638 thumbprint, the same as the row's kid
    return key
