"""A small OpenID provider for tests, run in process: the remote party that the relying party and
the bearer-token verifier talk to. It is a test double of someone else's server, not a mock of
our code: it speaks HTTP (discovery, JWKS, authorize, token) and each test can make it misbehave
through :class:`Behaviour`.

/authorize signs the configured test user in at once and redirects back with a code; /token
checks the client secret, the redirect URI, single use of the code and the PKCE S256 challenge,
and returns an ID token shaped by the current behaviour.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

ISSUER = "https://idp.example"
CLIENT_ID = "hope-web"
CLIENT_SECRET = "test-client-secret"

Signing = Literal["RS256", "none", "HS256-public-key", "unknown-key"]


@functools.cache
def signing_key(kid: str) -> RSAKey:
    """An RSA key for ``kid``, generated once per test run (RSA generation is slow)."""
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


@dataclass
class ProviderUser:
    """Who the provider signs in."""

    subject: str = "user-42"
    name: str = "王老师"
    email: str = "wang@school.example"


@dataclass
class Behaviour:
    """How the provider answers. The defaults are a correct provider."""

    # Claims of the ID token; None means the correct value.
    id_token_issuer: str | None = None
    audience: str | list[str] | None = None
    azp: str | None = None
    nonce: str | None = None
    lifetime_seconds: int = 300
    signing: Signing = "RS256"
    # RFC 9207: the iss parameter of the redirect back (None: the correct one, unless left
    # out), and whether the discovery document advertises it.
    iss_parameter: str | None = None
    omit_iss_parameter: bool = False
    advertise_iss_parameter: bool = True
    discovery_issuer: str | None = None


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    code_challenge: str


@dataclass
class OIDCTestProvider:
    """The provider at ``issuer`` with one client (a public one without ``client_secret``) and
    one user."""

    issuer: str = ISSUER
    client_id: str = CLIENT_ID
    client_secret: str | None = CLIENT_SECRET
    user: ProviderUser = field(default_factory=ProviderUser)
    behaviour: Behaviour = field(default_factory=Behaviour)
    # Requests per path and every URL asked for, to assert what was (not) fetched and where.
    requests: Counter[str] = field(default_factory=Counter)
    urls: list[str] = field(default_factory=list)
    pkce_failures: int = 0
    key: RSAKey = field(default_factory=lambda: signing_key("key-1"))
    _grants: dict[str, _Grant] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.app = Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/jwks", self._jwks),
                Route("/authorize", self._authorize),
                Route("/token", self._token, methods=["POST"]),
            ]
        )

    def http_client(self) -> httpx.AsyncClient:
        """A client whose every request reaches this provider, whatever the host."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app))

    def rotate_key(self, kid: str) -> None:
        """Publish and sign with a new key from now on, as a provider does when rotating."""
        self.key = signing_key(kid)

    def sign(self, claims: dict[str, Any], signing: Signing = "RS256") -> str:
        """A JWT of ``claims``, signed correctly or in one of the forged ways."""
        kid = self.key.kid
        if signing == "RS256":
            return jwt.encode({"alg": "RS256", "kid": kid}, claims, self.key)
        if signing == "unknown-key":
            other = signing_key("never-published")
            return jwt.encode({"alg": "RS256", "kid": other.kid}, claims, other)
        if signing == "none":
            return _compact({"alg": "none", "typ": "JWT"}, claims, lambda _: b"")
        # The classic key-confusion forgery: HMAC keyed with the public key anyone can fetch.
        public_pem = self.key.as_pem(private=False)
        return _compact(
            {"alg": "HS256", "typ": "JWT", "kid": kid},
            claims,
            lambda data: hmac.new(public_pem, data, hashlib.sha256).digest(),
        )

    def _seen(self, request: Request) -> None:
        self.requests[request.url.path] += 1
        self.urls.append(str(request.url))

    async def _discovery(self, request: Request) -> Response:
        self._seen(request)
        return JSONResponse(
            {
                "issuer": self.behaviour.discovery_issuer or self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "authorization_response_iss_parameter_supported": (
                    self.behaviour.advertise_iss_parameter
                ),
            }
        )

    async def _jwks(self, request: Request) -> Response:
        self._seen(request)
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def _authorize(self, request: Request) -> Response:
        self._seen(request)
        params = request.query_params
        if (
            params.get("response_type") != "code"
            or params.get("client_id") != self.client_id
            or params.get("code_challenge_method") != "S256"
            or not params.get("code_challenge")
            or not params.get("redirect_uri")
        ):
            return PlainTextResponse("invalid authorization request", status_code=400)
        code = secrets.token_urlsafe(16)
        self._grants[code] = _Grant(
            client_id=self.client_id,
            redirect_uri=params["redirect_uri"],
            nonce=params.get("nonce", ""),
            code_challenge=params["code_challenge"],
        )
        answer = {"code": code, "state": params.get("state", "")}
        if not self.behaviour.omit_iss_parameter:
            answer["iss"] = self.behaviour.iss_parameter or self.issuer
        return RedirectResponse(f"{params['redirect_uri']}?{urlencode(answer)}", status_code=302)

    async def _token(self, request: Request) -> Response:
        self._seen(request)
        form = await request.form()
        if self.client_secret is None:
            authenticated = "authorization" not in request.headers and (
                form.get("client_id") == self.client_id
            )
        else:
            authenticated = _basic_credentials(request) == (self.client_id, self.client_secret)
        if not authenticated:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        # A code is used once: popped whatever happens next.
        grant = self._grants.pop(str(form.get("code", "")), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or form.get("redirect_uri") != grant.redirect_uri
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if create_s256_code_challenge(str(form.get("code_verifier", ""))) != grant.code_challenge:
            self.pkce_failures += 1
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.sign(self._id_token_claims(grant), self.behaviour.signing),
            }
        )

    def _id_token_claims(self, grant: _Grant) -> dict[str, Any]:
        now = int(time.time())
        behaviour = self.behaviour
        claims: dict[str, Any] = {
            "iss": behaviour.id_token_issuer or self.issuer,
            "sub": self.user.subject,
            "aud": behaviour.audience if behaviour.audience is not None else grant.client_id,
            "iat": now - 5,
            "exp": now + behaviour.lifetime_seconds,
            "nonce": behaviour.nonce if behaviour.nonce is not None else grant.nonce,
            "name": self.user.name,
            "email": self.user.email,
            "email_verified": True,
        }
        if behaviour.azp is not None:
            claims["azp"] = behaviour.azp
        return claims


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    client_id, _, secret = base64.b64decode(value).decode().partition(":")
    return client_id, secret


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _compact(header: dict[str, Any], claims: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    return f"{signing_input}.{_b64(sign(signing_input.encode()))}"
