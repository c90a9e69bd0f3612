"""The ledger's rules: append an entry for every public transition, sign checkpoints, and answer
for the tree (roots and proofs) from the leaf hashes stored at append time.

Entries. One canonical JSON object per transition, appended in the transaction that makes the
change, so the log holds exactly the changes that committed. An entry says what changed and
its public facts, nothing about people: the entity and its id, the status before and after,
the region, the parties' ids, the role the actor acted in (never who), amounts in fen, the
quantity, related ids, and the time in Unix seconds. A need's life as a draft is private: a
transition into DRAFT, or a draft cancelled before publication, appends nothing.

Indexes. The next index comes from the single ``ledger_head`` row, moved by an upsert with
``RETURNING`` in the appender's transaction: see ``ecosystem.ledger.models``.

The tree. Each process keeps, per database, a ``MerkleTree`` of the stored leaf hashes and
extends it from the database when asked for a larger size. Before trusting it, it checks the
stored leaf at the size asked for (a cache of another ledger, say a wiped test database, is
rebuilt), and answers only up to the latest signed checkpoint, whose root it must reproduce.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from auth.sealing import SealedSecretError, Sealer
from ecosystem.database import Database, insert_rows, utcnow
from ecosystem.errors import DomainError, ErrorCode
from ecosystem.ledger.canonical import canonical_json
from ecosystem.ledger.checkpoints import (
    Checkpoint,
    CheckpointPolicy,
    SignedCheckpoint,
    generate_private_key,
    key_id,
    load_private_key,
    private_key_to_pem,
    sign_checkpoint,
)
from ecosystem.ledger.merkle import MerkleTree, leaf_hash
from ecosystem.ledger.models import HEAD_ID, LedgerSigningKey, StoredCheckpoint, StoredEntry
from ecosystem.pagination import Page
from ecosystem.settings import Settings

if TYPE_CHECKING:
    # The lifecycle calls this module; importing it at run time would be circular.
    from ecosystem.lifecycle.record import Transition

log = logging.getLogger(__name__)

ENTRY_VERSION = 1
PRIVATE_STATUS = "DRAFT"
CANCELLED_STATUS = "CANCELLED"
# Leaf hashes read per statement when the tree is built or extended.
LEAVES_PER_READ = 10_000

# Counts ``n`` more entries and returns the new size: an update of the one head row (made on the
# first append), whose row lock serialises appenders until their transactions end.
_ADVANCE_HEAD = text(
    "INSERT INTO ledger_head (id, size) VALUES (:id, :n) "
    "ON CONFLICT (id) DO UPDATE SET size = ledger_head.size + excluded.size "
    "RETURNING size"
)


class LedgerIntegrityError(RuntimeError):
    """The stored leaf hashes no longer give a root the ledger signed, or an entry is missing:
    someone changed the stored log behind the application. Nothing more is signed."""


PREPARE_BEFORE_HEAD = 100
"""Batches of at least this many entries are written and hashed before the head is taken."""

LEDGER_KEYS = Sealer(b"hope-ecosystem ledger signing keys v1", b"ledger_signing_key.private_key")
"""Seals the stored checkpoint key (see ``auth.sealing``)."""


class LedgerKeyError(RuntimeError):
    """LEDGER_SIGNING_KEY is set but is not an Ed25519 private key."""


# ---- entries ---------------------------------------------------------------------------------


def is_public(transition: Transition) -> bool:
    """Whether a transition belongs in the public log: not a draft's private life."""
    if transition.to_status == PRIVATE_STATUS:
        return False
    return not (
        transition.from_status == PRIVATE_STATUS and transition.to_status == CANCELLED_STATUS
    )


def entry_for(index: int, transition: Transition) -> dict[str, Any]:
    """The public entry for a transition at ``index``: ids, statuses, region, parties, the
    actor's role, amounts and time. Nothing here may name or describe a person."""
    facts = transition.facts
    return {
        "v": ENTRY_VERSION,
        "index": index,
        "entity": transition.entity,
        "id": transition.entity_id,
        "from": transition.from_status,
        "to": transition.to_status,
        "at": int(transition.at.timestamp()),
        "region": facts.region_code,
        "parties": list(facts.party_ids),
        "actor_role": facts.actor_role,
        "value_fen": facts.value_fen,
        "quantity": facts.quantity,
        "refs": dict(facts.refs),
    }


def need_of(transition: Transition) -> int | None:
    """The need an entry concerns: the need's own id, or the one its refs name."""
    if transition.entity == "need":
        return transition.entity_id
    return transition.facts.refs.get("need")


async def append_transitions(session: AsyncSession, transitions: Sequence[Transition]) -> None:
    """Append one entry per public transition, in order, in the caller's transaction.

    Advancing the head locks its row until the caller commits, and every other append waits
    for it. So a large batch (a run's proposals) is written and hashed before, at the indexes
    the committed head gives, and again after only when another append took those indexes
    meanwhile; a small one (a single change) is not worth the extra read of the head.
    """
    public = [t for t in transitions if is_public(t)]
    if not public:
        return
    now = utcnow()
    guess, rows = -1, []
    if len(public) >= PREPARE_BEFORE_HEAD:
        guess = await ledger_size(session)
        rows = _entry_rows(guess, public, now)
    size = (await session.execute(_ADVANCE_HEAD, {"id": HEAD_ID, "n": len(public)})).scalar_one()
    start = int(size) - len(public)
    if start != guess:
        rows = _entry_rows(start, public, now)
    await insert_rows(session, StoredEntry, rows)


def _entry_rows(start: int, public: Sequence[Transition], now: datetime) -> list[dict[str, Any]]:
    """The stored rows of ``public`` transitions appended from index ``start``."""
    rows = []
    for offset, transition in enumerate(public):
        data = canonical_json(entry_for(start + offset, transition))
        rows.append(
            {
                "leaf_index": start + offset,
                "entry": data.decode("utf-8"),
                "leaf_hash": leaf_hash(data),
                "created_at": now,
                "need_id": need_of(transition),
            }
        )
    return rows


async def ledger_size(session: AsyncSession) -> int:
    """How many entries have been appended (and committed, as the session sees it)."""
    size = await session.scalar(
        text("SELECT size FROM ledger_head WHERE id = :id"), {"id": HEAD_ID}
    )
    return int(size or 0)


def entry_cursor(index: int) -> str:
    """The cursor after an entry: its index in decimal (public, and easy to resume from)."""
    return str(index)


def _after_index(after: str | None) -> int:
    if after is None:
        return -1
    # ASCII digits only ('²' is a digit to isdigit but not to int), within a BIGINT index.
    if not (after.isascii() and after.isdigit()) or after != str(int(after)):
        raise DomainError(ErrorCode.INVALID, "after is not a ledger entry cursor.", "after")
    return min(int(after), 2**63 - 2)


async def entries_page(
    session: AsyncSession, *, first: int, after: str | None, need_id: int | None = None
) -> Page[StoredEntry]:
    """Entries in index order, ``first`` of them after the cursor ``after``; given ``need_id``,
    only those about that need."""
    start = _after_index(after) + 1
    query = select(StoredEntry).where(col(StoredEntry.leaf_index) >= start)
    if need_id is not None:
        query = query.where(col(StoredEntry.need_id) == need_id)
    rows = list(
        (await session.scalars(query.order_by(col(StoredEntry.leaf_index)).limit(first + 1))).all()
    )
    has_next = len(rows) > first
    rows = rows[:first]
    return Page(
        rows=rows,
        cursors=[entry_cursor(row.leaf_index) for row in rows],
        has_next_page=has_next,
        has_previous_page=after is not None,
    )


# ---- keys -----------------------------------------------------------------------------------


@dataclass
class _LedgerState:
    """What one process keeps for one database: the tree of stored leaf hashes and the key."""

    tree: MerkleTree = field(default_factory=MerkleTree)
    key: Ed25519PrivateKey | None = None


_states: weakref.WeakKeyDictionary[Database, _LedgerState] = weakref.WeakKeyDictionary()


def _state(db: Database) -> _LedgerState:
    state = _states.get(db)
    if state is None:
        state = _states[db] = _LedgerState()
    return state


async def signing_key(db: Database, settings: Settings) -> Ed25519PrivateKey:
    """The key checkpoints are signed with: LEDGER_SIGNING_KEY if set, else the one kept in
    the database, sealed under SECRET_KEY (made on first use; if two processes make one at
    once, the first stored wins). A stored key this SECRET_KEY cannot open is LedgerKeyError:
    verifiers know the ledger by its key, so it is never replaced silently.
    """
    if settings.ledger_signing_key:
        try:
            return load_private_key(settings.ledger_signing_key)
        except ValueError as error:
            raise LedgerKeyError(f"LEDGER_SIGNING_KEY cannot be used: {error}") from None
    state = _state(db)
    if state.key is None:
        key = await _stored_key(db, settings.secret_key)
        if key is None:
            made = generate_private_key()
            row = LedgerSigningKey(
                key_id=key_id(made.public_key()),
                private_key=LEDGER_KEYS.seal(private_key_to_pem(made), settings.secret_key),
            )
            with contextlib.suppress(IntegrityError):
                async with db.transaction() as session:
                    session.add(row)
            key = await _stored_key(db, settings.secret_key)
            if key is None:
                raise RuntimeError("the ledger signing key that was just stored cannot be read")
        state.key = key
    return state.key


async def _stored_key(db: Database, secret_key: str) -> Ed25519PrivateKey | None:
    async with db.read() as session:
        row = await session.scalar(select(LedgerSigningKey).where(col(LedgerSigningKey.active)))
    if row is None:
        return None
    try:
        return load_private_key(LEDGER_KEYS.open(row.private_key, secret_key))
    except SealedSecretError:
        raise LedgerKeyError(
            f"The ledger's signing key {row.key_id} cannot be opened with the current "
            "SECRET_KEY. Start with the SECRET_KEY it was stored under, or give the key "
            "itself as LEDGER_SIGNING_KEY."
        ) from None


# ---- checkpoints ----------------------------------------------------------------------------


def _signed(row: StoredCheckpoint) -> SignedCheckpoint:
    return SignedCheckpoint(
        Checkpoint(tree_size=row.tree_size, root_hash=row.root_hash, timestamp=row.timestamp),
        row.key_id,
        row.signature,
    )


async def latest_checkpoint(session: AsyncSession) -> SignedCheckpoint | None:
    """The signed checkpoint of the largest size, if any was made."""
    row = await session.scalar(
        select(StoredCheckpoint).order_by(col(StoredCheckpoint.tree_size).desc()).limit(1)
    )
    return _signed(row) if row is not None else None


async def checkpoint_if_due(
    db: Database, settings: Settings, now: datetime | None = None
) -> Checkpoint | None:
    """Sign a checkpoint of the ledger as it is if the policy says one is due (after
    LEDGER_CHECKPOINT_EVERY_ENTRIES new entries or LEDGER_CHECKPOINT_EVERY_SECONDS with any;
    always for the first); the checkpoint signed, or None. Safe to call from several processes
    at once: a size is signed once."""
    policy = CheckpointPolicy(
        settings.ledger_checkpoint_every_entries, settings.ledger_checkpoint_every_seconds
    )
    return await _checkpoint(db, settings, now, policy)


async def checkpoint_now(
    db: Database, settings: Settings, now: datetime | None = None
) -> Checkpoint | None:
    """Sign a checkpoint now if there is anything new since the last one (or none was made);
    the checkpoint signed, or None when the latest already covers every entry."""
    return await _checkpoint(db, settings, now, None)


async def _checkpoint(
    db: Database, settings: Settings, now: datetime | None, policy: CheckpointPolicy | None
) -> Checkpoint | None:
    seconds = int((now or utcnow()).timestamp())
    # First, so that a key that cannot be used shows at once, not at the next due checkpoint.
    key = await signing_key(db, settings)
    async with db.read() as session:
        last_signed = await latest_checkpoint(session)
        size = await ledger_size(session)
    last = last_signed.checkpoint if last_signed else None
    if policy is not None:
        due = policy.due(last, size, seconds)
    else:
        due = last is None or size > last.tree_size
    if not due:
        return None
    tree = await tree_at(db, size, last)
    checkpoint = Checkpoint(
        tree_size=size,
        root_hash=tree.root(size),
        # Never earlier than the last one, whatever the clocks of several processes say.
        timestamp=max(seconds, last.timestamp) if last else seconds,
    )
    signed = sign_checkpoint(checkpoint, key)
    try:
        async with db.transaction() as session:
            session.add(
                StoredCheckpoint(
                    tree_size=checkpoint.tree_size,
                    root_hash=checkpoint.root_hash,
                    timestamp=checkpoint.timestamp,
                    key_id=signed.key_id,
                    signature=signed.signature,
                )
            )
    except IntegrityError:
        # Another process signed this size first; its checkpoint stands.
        return None
    log.info("Signed ledger checkpoint of size %d", checkpoint.tree_size)
    return checkpoint


# ---- the tree and its proofs ----------------------------------------------------------------


async def tree_at(db: Database, size: int, signed: Checkpoint | None = None) -> MerkleTree:
    """This process's tree of the stored leaf hashes, holding at least ``size`` leaves; if
    ``signed`` is given, its root at that checkpoint's size must be the signed one."""
    state = _state(db)
    for _attempt in range(2):
        tree = await _extend(db, state, size)
        if signed is None or tree.root(signed.tree_size) == signed.root_hash:
            return tree
        # Perhaps built from another ledger in this database (a test wiped it): read it anew.
        state.tree = MerkleTree()
    assert signed is not None
    raise LedgerIntegrityError(
        f"the stored leaf hashes no longer give the signed root of the checkpoint of size "
        f"{signed.tree_size}"
    )


async def _extend(db: Database, state: _LedgerState, size: int) -> MerkleTree:
    """Extend the cached tree to ``size`` leaves from the database; the stored leaf just before
    the new ones (or the last one asked for) must be the cached one, else the cache is rebuilt.
    Several coroutines may extend at once: one that finds the tree moved on reads again."""
    while True:
        tree = state.tree
        start = tree.size
        # Read from the last leaf both have, to check that the cache is of this ledger.
        lo = min(start, size) - 1
        leaves = await _read_leaves(db, max(lo, 0), size) if size else []
        if state.tree is not tree or tree.size != start:
            continue
        if lo >= 0 and (not leaves or leaves[0] != tree.leaf(lo)):
            state.tree = MerkleTree()
            continue
        tree.extend(leaves[1:] if lo >= 0 else leaves)
        return tree


async def _read_leaves(db: Database, lo: int, hi: int) -> list[bytes]:
    """The stored leaf hashes of entries ``lo`` to ``hi - 1``, every one of them."""
    leaves: list[bytes] = []
    async with db.read() as session:
        while lo + len(leaves) < hi:
            first = lo + len(leaves)
            rows = (
                await session.execute(
                    select(col(StoredEntry.leaf_index), col(StoredEntry.leaf_hash))
                    .where(col(StoredEntry.leaf_index) >= first)
                    .where(col(StoredEntry.leaf_index) < min(hi, first + LEAVES_PER_READ))
                    .order_by(col(StoredEntry.leaf_index))
                )
            ).all()
            for expected, (index, hashed) in enumerate(rows, start=first):
                if index != expected:
                    raise LedgerIntegrityError(f"ledger entry {expected} is missing")
                leaves.append(bytes(hashed))
            if not rows:
                raise LedgerIntegrityError(f"ledger entry {first} is missing")
    return leaves


@dataclass(frozen=True)
class InclusionProof:
    """Entry ``index`` is leaf ``index`` of the tree of ``tree_size`` leaves with this root."""

    index: int
    tree_size: int
    leaf_hash: bytes
    root_hash: bytes
    hashes: list[bytes]


@dataclass(frozen=True)
class ConsistencyProof:
    """The tree of ``from_size`` leaves is a prefix of the tree of ``to_size`` leaves."""

    from_size: int
    to_size: int
    from_root: bytes
    to_root: bytes
    hashes: list[bytes]


async def _signed_tree(db: Database) -> tuple[MerkleTree, int]:
    async with db.read() as session:
        latest = await latest_checkpoint(session)
    if latest is None:
        raise DomainError(ErrorCode.NOT_FOUND, "The ledger has no signed checkpoint yet.")
    checkpoint = latest.checkpoint
    return await tree_at(db, checkpoint.tree_size, checkpoint), checkpoint.tree_size


def _out_of_range(field_name: str, value: int, low: int, high: int, what: str) -> DomainError:
    return DomainError(
        ErrorCode.OUT_OF_RANGE,
        f"{field_name} must be from {low} to {high} ({what}); got {value}.",
        field_name,
        minimum=str(low) if value < low else None,
        maximum=str(high) if value > high else None,
    )


async def inclusion_proof(db: Database, index: int, tree_size: int) -> InclusionProof:
    """The audit path of entry ``index`` in the tree of ``tree_size`` entries, for any size up
    to the latest signed checkpoint's."""
    tree, signed_size = await _signed_tree(db)
    if not 1 <= tree_size <= signed_size:
        raise _out_of_range("treeSize", tree_size, 1, signed_size, "the latest checkpoint's size")
    if not 0 <= index < tree_size:
        raise _out_of_range("index", index, 0, tree_size - 1, "an entry of that tree")
    return InclusionProof(
        index=index,
        tree_size=tree_size,
        leaf_hash=tree.leaf(index),
        root_hash=tree.root(tree_size),
        hashes=tree.inclusion_proof(index, tree_size),
    )


async def consistency_proof(db: Database, from_size: int, to_size: int) -> ConsistencyProof:
    """The proof that the tree of ``from_size`` entries is a prefix of the tree of ``to_size``,
    for sizes up to the latest signed checkpoint's."""
    tree, signed_size = await _signed_tree(db)
    if not 0 <= to_size <= signed_size:
        raise _out_of_range("toSize", to_size, 0, signed_size, "the latest checkpoint's size")
    if not 0 <= from_size <= to_size:
        raise _out_of_range("fromSize", from_size, 0, to_size, "at most toSize")
    return ConsistencyProof(
        from_size=from_size,
        to_size=to_size,
        from_root=tree.root(from_size),
        to_root=tree.root(to_size),
        hashes=tree.consistency_proof(from_size, to_size),
    )
