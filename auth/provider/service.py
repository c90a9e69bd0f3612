"""Accounts and clients of the embedded provider: creating them, finding them, checking secrets.

Functions taking a session never commit: the caller owns the transaction. Rows are returned as
frozen views (:class:`Account`, :class:`Client`) read inside the session, so they stay usable
after it closes whatever the session maker's ``expire_on_commit`` says.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass

from authlib.oauth2.rfc6749.util import list_to_scope, scope_to_list
from authlib.oidc.core import UserInfo
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from auth.provider.config import ClientRegistration, GrantType, TokenEndpointAuthMethod
from auth.provider.models import IdpAccount, IdpClient, now_utc
from auth.provider.passwords import hash_secret_async, verify_secret_async

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
MAX_USERNAME_LENGTH = 64


@dataclass(frozen=True)
class Account:
    """A person who can sign in, as the tokens describe them."""

    subject: str
    username: str
    name: str
    email: str | None
    email_verified: bool
    locale: str

    def claims(self) -> UserInfo:
        """Every standard claim the provider knows about this person; filter it by scope."""
        info = UserInfo(sub=self.subject, name=self.name, locale=self.locale)
        if self.email is not None:
            info.update(email=self.email, email_verified=self.email_verified)
        return info


@dataclass(frozen=True)
class Client:
    """A registered client. ``get_client_id`` and ``get_allowed_scope`` are the part of
    Authlib's ``ClientMixin`` that its token generators call."""

    client_id: str
    secret_hash: str | None
    redirect_uris: tuple[str, ...]
    grant_types: frozenset[GrantType]
    scopes: tuple[str, ...]
    auth_method: TokenEndpointAuthMethod
    audience: str | None

    def get_client_id(self) -> str:
        """The client id, for Authlib."""
        return self.client_id

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """The requested scopes this client may have, in the order asked; None when none is."""
        allowed = [s for s in dict.fromkeys(scope_to_list(scope) or []) if s in self.scopes]
        return list_to_scope(allowed) if allowed else None


def normalize_username(username: str) -> str:
    """The form a username is stored and looked up in: full-width letters, stray spaces and
    letter case do not make another account."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


async def ensure_account(
    session: AsyncSession,
    username: str,
    password: str,
    name: str,
    email: str | None,
    email_verified: bool = True,
    locale: str = "zh-CN",
) -> str:
    """Create the account, or bring an existing one (same username) up to date, and return its
    subject. The subject of an existing account never changes; its password hash is replaced
    only when the password changed. Does not commit."""
    login = normalize_username(username)
    if not login or len(login) > MAX_USERNAME_LENGTH:
        raise ValueError(f"a username has 1 to {MAX_USERNAME_LENGTH} characters")
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ValueError(
            f"a password has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters"
        )
    if not name.strip():
        raise ValueError("an account needs a name")
    account = await session.scalar(select(IdpAccount).where(col(IdpAccount.username) == login))
    if account is None:
        account = IdpAccount(
            subject=str(uuid.uuid4()),
            username=login,
            password_hash=await hash_secret_async(password),
            name=name,
            email=email,
            email_verified=email_verified,
            locale=locale,
        )
        session.add(account)
    else:
        if not await verify_secret_async(password, account.password_hash):
            account.password_hash = await hash_secret_async(password)
        account.name = name
        account.email = email
        account.email_verified = email_verified
        account.locale = locale
        account.updated_at = now_utc()
    await session.flush()
    return account.subject


async def ensure_client(session: AsyncSession, registration: ClientRegistration) -> Client:
    """Register the client, or update the registered one with the same client id to match.
    A secret is re-hashed only when it changed. Does not commit."""
    client = await session.scalar(
        select(IdpClient).where(col(IdpClient.client_id) == registration.client_id)
    )
    secret_hash: str | None = None
    if registration.secret is not None:
        current = client.client_secret_hash if client is not None else None
        if current is not None and await verify_secret_async(registration.secret, current):
            secret_hash = current
        else:
            secret_hash = await hash_secret_async(registration.secret)
    values = {
        "client_secret_hash": secret_hash,
        "redirect_uris": list(registration.redirect_uris),
        "grant_types": [str(grant) for grant in registration.grant_types],
        "scopes": list_to_scope(list(registration.scopes)),
        "token_endpoint_auth_method": str(registration.auth_method),
        "audience": registration.audience,
    }
    if client is None:
        client = IdpClient(client_id=registration.client_id, **values)
        session.add(client)
    else:
        for attribute, value in values.items():
            setattr(client, attribute, value)
        client.updated_at = now_utc()
    await session.flush()
    return _client_view(client)


async def find_client(session: AsyncSession, client_id: str) -> Client | None:
    """The registered client with this id, if there is one."""
    client = await session.scalar(select(IdpClient).where(col(IdpClient.client_id) == client_id))
    return None if client is None else _client_view(client)


async def find_account(session: AsyncSession, subject: str) -> Account | None:
    """The account with this subject (``sub``), if there is one."""
    account = await session.scalar(select(IdpAccount).where(col(IdpAccount.subject) == subject))
    return None if account is None else _account_view(account)


async def authenticate_account(
    sessions: async_sessionmaker[AsyncSession], username: str, password: str
) -> Account | None:
    """The account whose username and password these are, or None. Takes the same time whether
    the username exists or not. The database session is closed before the slow hash runs."""
    login = normalize_username(username)
    found: tuple[Account, str] | None = None
    if login and len(login) <= MAX_USERNAME_LENGTH and len(password) <= MAX_PASSWORD_LENGTH:
        async with sessions() as session:
            row = await session.scalar(select(IdpAccount).where(col(IdpAccount.username) == login))
            if row is not None:
                found = (_account_view(row), row.password_hash)
    matches = await verify_secret_async(password, found[1] if found else None)
    return found[0] if found is not None and matches else None


async def verify_client_secret(client: Client | None, secret: str) -> bool:
    """Whether ``secret`` is the secret of ``client``; as slow for an unknown client."""
    return await verify_secret_async(secret, client.secret_hash if client else None)


def _client_view(client: IdpClient) -> Client:
    return Client(
        client_id=client.client_id,
        secret_hash=client.client_secret_hash,
        redirect_uris=tuple(client.redirect_uris),
        grant_types=frozenset(GrantType(grant) for grant in client.grant_types),
        scopes=tuple(scope_to_list(client.scopes)),
        auth_method=TokenEndpointAuthMethod(client.token_endpoint_auth_method),
        audience=client.audience,
    )


def _account_view(account: IdpAccount) -> Account:
    return Account(
        subject=account.subject,
        username=account.username,
        name=account.name,
        email=account.email,
        email_verified=account.email_verified,
        locale=account.locale,
    )
