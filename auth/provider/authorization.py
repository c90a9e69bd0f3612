"""The authorization request (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2.1, RFC 7636 PKCE).

The same checks run when the login form is shown and when it is submitted, so a request that was
valid then but no longer is (a client or redirect URI removed meanwhile) is still refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from authlib.oauth2.rfc6749.errors import (
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    UnauthorizedClientError,
    UnsupportedResponseTypeError,
)
from authlib.oauth2.rfc7636.challenge import CODE_CHALLENGE_PATTERN
from authlib.oidc.core.errors import (
    LoginRequiredError,
    RequestNotSupportedError,
    RequestURINotSupportedError,
)

from auth.provider.config import GrantType
from auth.provider.parameters import Parameters
from auth.provider.service import Client

CODE_CHALLENGE_METHOD = "S256"
# Values the client sends and gets back (state) or finds in the ID token (nonce); capped so a
# request cannot make the provider store or echo arbitrarily much.
MAX_ECHOED_LENGTH = 512
AUTHORIZATION_PARAMETERS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
    "prompt",
    "request",
    "request_uri",
)


class Problem(StrEnum):
    """Why a sign-in request is answered with a page for the person instead of a redirect."""

    INVALID_REQUEST = "invalid_request"
    UNKNOWN_CLIENT = "unknown_client"
    INVALID_REDIRECT_URI = "invalid_redirect_uri"
    EXPIRED_FORM = "expired_form"
    UNAVAILABLE = "unavailable"


class Unanswerable(Exception):
    """The client or its redirect URI cannot be trusted, so the error is shown to the person
    and never sent to the URI (RFC 6749 §4.1.2.1: no open redirector)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class ErrorForClient(Exception):
    """An OAuth error for the client, delivered at its verified redirect URI."""

    def __init__(self, error: OAuth2Error, redirect_uri: str, state: str | None) -> None:
        super().__init__(error.error)
        self.error = error
        self.redirect_uri = redirect_uri
        self.state = state


@dataclass(frozen=True)
class AuthorizationRequest:
    """A checked authorization request; ``scope`` is what the client is granted."""

    client_id: str
    redirect_uri: str
    scope: str
    state: str | None
    nonce: str | None
    code_challenge: str

    def fields(self) -> dict[str, str]:
        """The request as parameters: what the login form carries and signs."""
        fields = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": self.scope,
            "code_challenge": self.code_challenge,
            "code_challenge_method": CODE_CHALLENGE_METHOD,
        }
        if self.state is not None:
            fields["state"] = self.state
        if self.nonce is not None:
            fields["nonce"] = self.nonce
        return fields


def check_authorization_request(params: Parameters, client: Client | None) -> AuthorizationRequest:
    """Check a request for the client ``client`` (looked up from ``params``'s client_id).

    Raises :class:`Unanswerable` while the client and redirect URI are not established, and
    :class:`ErrorForClient` for every later problem.
    """
    if params.repeated(("client_id", "redirect_uri")):
        raise Unanswerable(Problem.INVALID_REQUEST)
    if params.get("client_id") is None:
        raise Unanswerable(Problem.INVALID_REQUEST)
    if client is None:
        raise Unanswerable(Problem.UNKNOWN_CLIENT)
    redirect_uri = params.get("redirect_uri")
    # Exact string comparison with a registered URI (OpenID Connect requires the parameter).
    if redirect_uri is None or redirect_uri not in client.redirect_uris:
        raise Unanswerable(Problem.INVALID_REDIRECT_URI)
    state = params.get("state")
    try:
        return _check_verified_client_request(params, client, redirect_uri)
    except OAuth2Error as error:
        raise ErrorForClient(error, redirect_uri, state) from error


def _check_verified_client_request(
    params: Parameters, client: Client, redirect_uri: str
) -> AuthorizationRequest:
    repeated = params.repeated(AUTHORIZATION_PARAMETERS)
    if repeated:
        raise InvalidRequestError(f"The parameter {repeated} was sent more than once.")
    if GrantType.AUTHORIZATION_CODE not in client.grant_types:
        raise UnauthorizedClientError("This client may not use the authorization code grant.")
    response_type = params.get("response_type")
    if response_type is None:
        raise InvalidRequestError("The response_type parameter is required.")
    if response_type != "code":
        raise UnsupportedResponseTypeError(response_type)
    if params.get("request") is not None:
        raise RequestNotSupportedError("Request objects are not supported.")
    if params.get("request_uri") is not None:
        raise RequestURINotSupportedError("Request objects are not supported.")
    if params.get("response_mode") not in (None, "query"):
        raise InvalidRequestError("Only the query response mode is supported.")
    state, nonce = params.get("state"), params.get("nonce")
    if max(len(state or ""), len(nonce or "")) > MAX_ECHOED_LENGTH:
        raise InvalidRequestError(f"state and nonce are limited to {MAX_ECHOED_LENGTH} characters.")
    requested = (params.get("scope") or "").split()
    if "openid" not in requested:
        raise InvalidScopeError("The scope must include openid.")
    code_challenge = _check_code_challenge(params)
    # The provider keeps no sign-in session, so it can never answer without showing the form.
    if "none" in (params.get("prompt") or "").split():
        raise LoginRequiredError("The person must sign in.")
    granted = client.get_allowed_scope(" ".join(requested))
    if granted is None:
        raise InvalidScopeError()
    return AuthorizationRequest(
        client_id=client.client_id,
        redirect_uri=redirect_uri,
        scope=granted,
        state=state,
        nonce=nonce,
        code_challenge=code_challenge,
    )


def _check_code_challenge(params: Parameters) -> str:
    # PKCE with S256 is required of every client: "plain" would hand the verifier to anyone who
    # sees the authorization request, and a missing method means "plain" (RFC 7636 §4.3).
    code_challenge = params.get("code_challenge")
    if code_challenge is None:
        raise InvalidRequestError("PKCE is required: send code_challenge with method S256.")
    if params.get("code_challenge_method") != CODE_CHALLENGE_METHOD:
        raise InvalidRequestError("The code_challenge_method must be S256.")
    if not CODE_CHALLENGE_PATTERN.fullmatch(code_challenge):
        raise InvalidRequestError("The code_challenge is malformed.")
    return code_challenge
