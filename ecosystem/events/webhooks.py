"""Webhooks: which events each partner's URL receives, and delivering them, signed and retried.

Each delivery is a POST of the event's JSON envelope with headers

- ``X-Hope-Event-Id``: the event id (the same on every attempt and replay: de-duplicate by it),
- ``X-Hope-Timestamp``: Unix seconds when this attempt was signed,
- ``X-Hope-Signature``: hex HMAC-SHA256, keyed with the webhook's secret, of
  ``f"{timestamp}.{body}"`` (the body as sent, UTF-8).

A receiver recomputes the signature, compares in constant time and refuses old timestamps.
Any 2xx answer is success; anything else, or no answer, is retried after an exponentially
growing pause; after the last attempt the delivery is DEAD, and the party may replay it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import logging
import socket
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.database import Database, utcnow
from ecosystem.errors import DomainError, ErrorCode
from ecosystem.events.envelope import Event
from ecosystem.events.models import (
    DeliveryStatus,
    OutboxEvent,
    WebhookDelivery,
    WebhookSubscription,
)
from ecosystem.events.sealing import SealedSecretError, open_sealed
from ecosystem.parties.models import Party, PartyKind
from ecosystem.settings import DEFAULT_SECRET, Settings

log = logging.getLogger(__name__)

EVENT_ID_HEADER = "X-Hope-Event-Id"
EVENT_TYPE_HEADER = "X-Hope-Event-Type"
DELIVERY_ID_HEADER = "X-Hope-Delivery-Id"
TIMESTAMP_HEADER = "X-Hope-Timestamp"
SIGNATURE_HEADER = "X-Hope-Signature"
USER_AGENT = "HopeEcosystem-Webhooks/1"
MAX_URL_LENGTH = 2000
MAX_ERROR_LENGTH = 500


@dataclass(frozen=True)
class WebhookPolicy:
    """How deliveries are attempted. The defaults are safe for production."""

    max_attempts: int = 8
    """Attempts before a delivery is DEAD."""
    backoff_seconds: float = 10.0
    """The pause after the first failed attempt; it doubles after each further one."""
    max_backoff_seconds: float = 3600.0
    timeout_seconds: float = 10.0
    allow_private_addresses: bool = False
    """Whether URLs may point at loopback, private or link-local addresses (development)."""
    batch: int = 100
    concurrency: int = 10
    secret_key: str = DEFAULT_SECRET
    """SECRET_KEY, which opens the stored webhook secrets (``ecosystem.events.sealing``)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookPolicy:
        return cls(
            secret_key=settings.secret_key,
            max_attempts=settings.webhook_max_attempts,
            backoff_seconds=settings.webhook_backoff_seconds,
            max_backoff_seconds=settings.webhook_max_backoff_seconds,
            timeout_seconds=settings.webhook_timeout_seconds,
            allow_private_addresses=settings.webhook_private_addresses_allowed,
        )

    @property
    def share(self) -> int:
        """How many of a pass's deliveries each partner has first: a partner with a backlog
        must not fill the batch and leave the others' deliveries to later passes (what is
        left of the batch goes on in due order)."""
        return max(1, self.batch // self.concurrency)

    @property
    def budget(self) -> timedelta:
        """How long one pass keeps sending to one partner before it leaves the rest to the
        next pass: a slow partner must not hold up the others' next pass for long."""
        return timedelta(seconds=self.timeout_seconds * 2)

    @property
    def lease(self) -> timedelta:
        """How long a claim on a delivery holds: well past one attempt's timeout."""
        return timedelta(seconds=self.timeout_seconds * 3 + 30)

    def pause_after(self, attempts: int) -> timedelta:
        """The pause before the next attempt, after ``attempts`` failed ones."""
        seconds = self.backoff_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.max_backoff_seconds))


def sign(secret: str, timestamp: str, body: str) -> str:
    """The hex HMAC-SHA256 of ``f"{timestamp}.{body}"`` keyed with ``secret``."""
    message = f"{timestamp}.{body}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, event: Event, delivery_id: int, timestamp: int | None = None
) -> dict[str, str]:
    """The headers of one attempt, for the envelope ``event.to_json()``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        EVENT_ID_HEADER: event.event_id,
        EVENT_TYPE_HEADER: event.type,
        DELIVERY_ID_HEADER: str(delivery_id),
        TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: sign(secret, stamp, event.to_json()),
    }


def check_url(url: str, *, allow_private: bool) -> str:
    """A webhook URL: http(s), with a host, no credentials, and (unless allowed) no host
    that names a loopback, private, link-local or otherwise non-public address."""
    cleaned = url.strip()
    invalid = DomainError(ErrorCode.INVALID, "Give an http or https URL with a host.", "url")
    if len(cleaned) > MAX_URL_LENGTH:
        raise DomainError(
            ErrorCode.TOO_LONG,
            f"At most {MAX_URL_LENGTH} characters.",
            "url",
            maximum=str(MAX_URL_LENGTH),
        )
    if any(c.isspace() or not c.isprintable() for c in cleaned):
        raise DomainError(
            ErrorCode.INVALID, "A webhook URL may not contain spaces or control characters.", "url"
        )
    try:
        parts = urlsplit(cleaned)
        port = parts.port
    except ValueError:
        raise invalid from None
    try:
        httpx.URL(cleaned)  # as the client that sends the deliveries takes it
    except httpx.InvalidURL:
        raise DomainError(
            ErrorCode.INVALID, "The URL's host is not a valid domain name or address.", "url"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        raise invalid
    if parts.username is not None or parts.password is not None:
        raise DomainError(ErrorCode.INVALID, "A webhook URL may not carry credentials.", "url")
    if not allow_private and not _public_host(parts.hostname):
        raise DomainError(
            ErrorCode.INVALID, "The URL must point at a public address, not an internal one.", "url"
        )
    return cleaned


def _one_receiver(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A public address of one host: multicast ones (224.0.0.0/4, ff00::/8) count as global
    to Python, but reach every listener of a group on the network instead."""
    return address.is_global and not address.is_multicast


def _public_host(host: str) -> bool:
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        return _one_receiver(ipaddress.ip_address(name))
    except ValueError:
        pass
    try:
        # The shorter forms resolvers take for an IPv4 address: 127.1, 2130706433, 0x7f000001.
        return _one_receiver(ipaddress.IPv4Address(socket.inet_aton(name)))
    except OSError:
        return True  # a name: its addresses are checked when a delivery is sent


async def resolve(host: str, port: int) -> list[str]:
    """The addresses a host name resolves to (the system's resolver)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]).split("%")[0] for info in infos]


@dataclass(frozen=True)
class _Route:
    """Where an attempt connects: ``url`` names the address the host was resolved to once, and
    ``host`` (the Host header) and ``sni`` (the name TLS checks the certificate against) the
    host as registered."""

    url: str
    host: str
    sni: str | None


async def _public_route(url: str) -> _Route | str:
    """The route to a URL whose host resolves to public addresses only; else why not.

    The attempt connects to the very address checked here. Checking the name and then letting
    the client resolve it again left a gap: a name whose records change between the two
    lookups (DNS rebinding) could pass the check and still reach an internal address."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not _public_host(host):
        return "The URL resolves to an address that is not public."
    https = parts.scheme == "https"
    try:
        addresses = [
            ipaddress.ip_address(a)
            for a in await resolve(host, parts.port or (443 if https else 80))
        ]
    except (OSError, ValueError):
        return f"The host {host} could not be resolved."
    if not addresses:
        return f"The host {host} could not be resolved."
    if not all(_one_receiver(address) for address in addresses):
        return "The URL resolves to an address that is not public."
    address = addresses[0]
    netloc = f"[{address}]" if address.version == 6 else str(address)
    if parts.port is not None:
        netloc += f":{parts.port}"
    return _Route(parts._replace(netloc=netloc).geturl(), parts.netloc, host if https else None)


def wants(event_types: Sequence[str], type_: str) -> bool:
    """A webhook's event types cover this type (exactly, ``entity.*`` or ``*``)."""
    entity = type_.partition(".")[0]
    return any(t in ("*", type_, f"{entity}.*") for t in event_types)


def concerns(party: Party, event: Event) -> bool:
    """The event is the party's own business: it is one of its parties, or (for a government)
    it happened within the party's jurisdiction (but a need its school has not published is
    the school's alone)."""
    if party.id in event.party_ids:
        return True
    if event.is_private:
        return False
    return party.kind is PartyKind.GOVERNMENT and event.region_code.startswith(party.region_code)


async def schedule_deliveries(session: AsyncSession, events: Sequence[OutboxEvent]) -> int:
    """Create a PENDING delivery of each event to each active webhook that wants it, in the
    caller's transaction; the number created."""
    if not events:
        return 0
    hooks = (
        await session.execute(
            select(WebhookSubscription, Party)
            .join(Party, col(Party.id) == col(WebhookSubscription.party_id))
            .where(col(WebhookSubscription.active).is_(True))
        )
    ).all()
    if not hooks:
        return 0
    now = utcnow()
    rows = []
    for row in events:
        event = Event.from_row(row)
        for hook, party in hooks:
            if wants(hook.event_types, event.type) and concerns(party, event):
                rows.append(
                    {
                        "outbox_event_id": row.id,
                        "subscription_id": hook.id,
                        "party_id": hook.party_id,
                        "status": DeliveryStatus.PENDING,
                        "attempt_count": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
    if rows:
        await session.execute(insert(WebhookDelivery), rows)
    return len(rows)


@dataclass(frozen=True)
class _Attempt:
    delivery_id: int
    due: datetime
    """When it was due before it was claimed."""
    lease: datetime
    """The claim: the delivery's next attempt was moved to this, and is still while it holds."""
    event: Event
    hook: WebhookSubscription


@dataclass(frozen=True)
class _Outcome:
    response_code: int | None = None
    error: str | None = None
    gone: bool = False
    """The webhook was deleted: give up without sending."""
    unreachable: bool = False
    """No answer: the connection failed or timed out."""

    @property
    def delivered(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


async def deliver_due(
    db: Database,
    http: httpx.AsyncClient,
    policy: WebhookPolicy | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Attempt every delivery that is due (up to ``policy.batch``); the number attempted.
    Each subscription's deliveries in this call go one after another in event order;
    different subscriptions are served side by side (up to ``policy.concurrency``). Another
    process's call may send the same subscription's other deliveries meanwhile.

    Due deliveries are claimed first (their next attempt moved past the attempt's timeout), and
    each claim is renewed just before its attempt, which goes ahead only if the claim still
    holds; so several processes calling this at once never send one delivery twice at once,
    even when a claim lapses while a slow partner's earlier deliveries take their time. If this
    process dies mid-attempt, the claim lapses and the delivery is attempted again. Each
    outcome is recorded as soon as it is known, with the next attempt counted from its end.

    A partner that does not answer (a timeout, a refused connection) is not tried again in this
    call: its later deliveries wait for the failed one's next attempt, so that one dead
    endpoint costs one timeout, not one per delivery, and holds up nobody else for longer. A
    partner that answers slowly is sent no new delivery after ``policy.budget`` of its turn;
    its other deliveries are left to the next call. Each partner has its ``policy.share``
    oldest due deliveries in the batch first."""
    policy = policy or WebhookPolicy()
    began = time.monotonic()
    now = now or utcnow()

    def clock() -> datetime:
        # ``now`` moved on by the time this call has taken (a test may give ``now``).
        return now + timedelta(seconds=time.monotonic() - began)

    claimed = await _claim(db, policy, now)
    if not claimed:
        return 0
    gate = asyncio.Semaphore(policy.concurrency)
    by_subscription: dict[int, list[_Attempt]] = defaultdict(list)
    for item in claimed:
        by_subscription[item.hook.id or 0].append(item)

    async def attempt_in_order(items: list[_Attempt]) -> int:
        # One partner gets its events one after another, in the order they happened.
        attempted = 0
        async with gate:
            started = clock()
            for position, item in enumerate(items):
                if position and clock() - started >= policy.budget:
                    # Slow, though answering: the rest go to the next pass, due as they were
                    # (before any delivery made since, so still in event order).
                    rest = items[position:]
                    await _postpone(db, rest, min(i.due for i in rest))
                    break
                done = await _attempt_claimed(db, http, policy, item, clock)
                if done is None:
                    continue  # its claim lapsed and another process took it over
                attempted += 1
                outcome, next_attempt = done
                if outcome.unreachable:
                    # After its last attempt the failed one has none: the rest still wait.
                    until = next_attempt or clock() + policy.pause_after(1)
                    await _postpone(db, items[position + 1 :], until)
                    break
        return attempted

    # Every partner's sending runs to its end before this call returns, even when one fails
    # (a database error, say): none is left sending beside the next call's.
    results = await asyncio.gather(
        *(attempt_in_order(i) for i in by_subscription.values()), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return sum(r for r in results if isinstance(r, int))


async def _claim(db: Database, policy: WebhookPolicy, now: datetime) -> list[_Attempt]:
    lease = now + policy.lease
    # Each partner's first ``policy.share`` due deliveries, oldest first, then the rest of the
    # batch as they fall due.
    place = (
        func.row_number()
        .over(
            partition_by=col(WebhookDelivery.subscription_id),
            order_by=(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id)),
        )
        .label("place")
    )
    ranked = (
        select(col(WebhookDelivery.id), col(WebhookDelivery.next_attempt_at), place)
        .where(
            col(WebhookDelivery.status) == DeliveryStatus.PENDING,
            col(WebhookDelivery.next_attempt_at) <= now,
        )
        .subquery()
    )
    async with db.transaction() as session:
        due = (
            await session.execute(
                select(ranked.c.id, ranked.c.next_attempt_at)
                .order_by(ranked.c.place > policy.share, ranked.c.next_attempt_at, ranked.c.id)
                .limit(policy.batch)
            )
        ).tuples()
        due_at = {delivery_id: at for delivery_id, at in due if at is not None}
        if not due_at:
            return []
        ids = (
            await session.scalars(
                update(WebhookDelivery)
                .where(
                    col(WebhookDelivery.id).in_(list(due_at)),
                    col(WebhookDelivery.status) == DeliveryStatus.PENDING,
                    col(WebhookDelivery.next_attempt_at) <= now,
                )
                .values(next_attempt_at=lease)
                .returning(col(WebhookDelivery.id))
            )
        ).all()
        rows = (
            await session.execute(
                select(WebhookDelivery, OutboxEvent, WebhookSubscription)
                .join(OutboxEvent, col(OutboxEvent.id) == col(WebhookDelivery.outbox_event_id))
                .join(
                    WebhookSubscription,
                    col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id),
                )
                .where(col(WebhookDelivery.id).in_(list(ids)))
                .order_by(col(WebhookDelivery.id))
            )
        ).all()
    return [
        _Attempt(delivery.id, due_at[delivery.id], lease, Event.from_row(event), hook)
        for delivery, event, hook in rows
        if delivery.id is not None
    ]


def _held(item: _Attempt) -> list[ColumnElement[bool]]:
    """The delivery is still pending and still under this claim."""
    return [
        col(WebhookDelivery.id) == item.delivery_id,
        col(WebhookDelivery.status) == DeliveryStatus.PENDING,
        col(WebhookDelivery.next_attempt_at) == item.lease,
    ]


async def _attempt_claimed(
    db: Database,
    http: httpx.AsyncClient,
    policy: WebhookPolicy,
    item: _Attempt,
    clock: Callable[[], datetime],
) -> tuple[_Outcome, datetime | None] | None:
    """Renew the claim, attempt, record: the outcome and the next attempt (None when there is
    none). None when the claim no longer held: another process took the delivery over."""
    renewed = replace(item, lease=clock() + policy.lease)
    async with db.transaction() as session:
        attempts_before = await session.scalar(
            update(WebhookDelivery)
            .where(*_held(item))
            .values(next_attempt_at=renewed.lease)
            .returning(col(WebhookDelivery.attempt_count))
        )
    if attempts_before is None:
        return None
    started = clock()
    outcome = await _attempt(http, policy, renewed)
    return outcome, await _record(db, policy, renewed, attempts_before, outcome, started, clock())


async def _postpone(db: Database, items: Sequence[_Attempt], until: datetime) -> None:
    """Give up this call's claims on ``items``: due again at ``until``, attempts uncounted."""
    if not items:
        return
    async with db.transaction() as session:
        await session.execute(
            update(WebhookDelivery)
            .where(
                col(WebhookDelivery.id).in_([item.delivery_id for item in items]),
                col(WebhookDelivery.status) == DeliveryStatus.PENDING,
                # One lease for the whole claim: a delivery another process took over since
                # has another.
                col(WebhookDelivery.next_attempt_at) == items[0].lease,
            )
            .values(next_attempt_at=until)
        )


async def _attempt(http: httpx.AsyncClient, policy: WebhookPolicy, item: _Attempt) -> _Outcome:
    """One attempt, whose failure of any kind is its own: the batch's other outcomes are
    recorded all the same (one webhook's URL used to stop delivery to every partner)."""
    try:
        # The whole attempt, the address lookup included: httpx's timeout bounds each read
        # and write alone, and a receiver that trickles its answer a byte at a time could
        # hold the attempt past its claim (and another process would send it too).
        async with asyncio.timeout(policy.timeout_seconds):
            return await _send(http, policy, item)
    except TimeoutError:
        return _Outcome(
            error=f"Timeout: no answer within {policy.timeout_seconds:g} s.", unreachable=True
        )
    except Exception:
        log.exception("webhook delivery %s could not be attempted", item.delivery_id)
        return _Outcome(
            error="The delivery could not be attempted; the operators have the details in "
            "the server log."
        )


async def _send(http: httpx.AsyncClient, policy: WebhookPolicy, item: _Attempt) -> _Outcome:
    if not item.hook.active:
        return _Outcome(error="The webhook was deleted.", gone=True)
    route: _Route | None = None
    if not policy.allow_private_addresses:
        found = await _public_route(item.hook.url)
        if isinstance(found, str):
            return _Outcome(error=found)
        route = found
    try:
        secret = open_sealed(item.hook.secret, policy.secret_key)
    except SealedSecretError as error:
        return _Outcome(error=str(error)[:MAX_ERROR_LENGTH])
    body = item.event.to_json()
    headers = signed_headers(secret, item.event, item.delivery_id)
    try:
        # Only the status counts: the body is never read, so a receiver that answers with an
        # endless (or huge) one costs no memory and holds up no other delivery.
        async with http.stream(
            "POST",
            item.hook.url if route is None else route.url,
            content=body.encode(),
            headers=headers if route is None else {**headers, "Host": route.host},
            timeout=policy.timeout_seconds,
            follow_redirects=False,
            extensions={} if route is None or route.sni is None else {"sni_hostname": route.sni},
        ) as response:
            status = response.status_code
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return _Outcome(
            error=f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH],
            unreachable=isinstance(error, httpx.TransportError),
        )
    if 200 <= status < 300:
        return _Outcome(response_code=status)
    return _Outcome(response_code=status, error=f"The receiver answered {status}.")


async def _record(
    db: Database,
    policy: WebhookPolicy,
    item: _Attempt,
    attempts_before: int,
    outcome: _Outcome,
    started: datetime,
    finished: datetime,
) -> datetime | None:
    """Store one attempt's outcome while the claim holds; the next attempt, if any."""
    attempts = attempts_before + (0 if outcome.gone else 1)
    values: dict[str, object] = {
        "attempt_count": attempts,
        "last_response_code": outcome.response_code,
        "last_error": outcome.error,
        "updated_at": utcnow(),
    }
    next_attempt: datetime | None = None
    if not outcome.gone:
        values["last_attempt_at"] = started
    if outcome.delivered:
        values.update(status=DeliveryStatus.DELIVERED, delivered_at=utcnow(), next_attempt_at=None)
    elif outcome.gone or attempts >= policy.max_attempts:
        values.update(status=DeliveryStatus.DEAD, next_attempt_at=None)
    else:
        # Counted from the attempt's end: after a timeout, the pause is still a whole pause.
        next_attempt = finished + policy.pause_after(attempts)
        values["next_attempt_at"] = next_attempt
    async with db.transaction() as session:
        await session.execute(update(WebhookDelivery).where(*_held(item)).values(**values))
    if not outcome.delivered:
        log.info(
            "Webhook delivery %s failed (attempt %s): %s", item.delivery_id, attempts, outcome.error
        )
    return next_attempt
