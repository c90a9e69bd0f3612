"""The public ledger over GraphQL: the signing key, the latest signed checkpoint, the entries
as stored, and inclusion and consistency proofs. Public: no login needed.

Every hash, key and signature is standard base64 with padding (RFC 4648 §4), as in the signed
checkpoint's note; an entry is its canonical JSON text, whose UTF-8 bytes are what is hashed.
"""

from __future__ import annotations

import base64
import logging
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError

from ecosystem.api.relay import Connection, decode_id, page_size, to_connection
from ecosystem.api.scalars import BigInt
from ecosystem.api.types import Ctx
from ecosystem.ledger import service as ledger
from ecosystem.ledger.checkpoints import SignedCheckpoint, key_id, public_key_to_base64
from ecosystem.ledger.models import StoredEntry
from ecosystem.pagination import Page

log = logging.getLogger("ecosystem.api")

HASHES_DOC = "Standard base64 (with padding) of each 32-byte SHA-256 hash."


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _inconsistent(error: ledger.LedgerIntegrityError) -> GraphQLError:
    log.error("The stored ledger does not verify: %s", error)
    return GraphQLError(
        "The stored ledger does not match its signed checkpoints; the operators are alerted.",
        extensions={"code": "LEDGER_INCONSISTENT"},
    )


@strawberry.type(
    name="LedgerCheckpoint",
    description=(
        "A signed tree head: the ledger had `treeSize` entries with this root at this time. "
        "The Ed25519 signature is over `note`."
    ),
)
class LedgerCheckpointType:
    tree_size: int = strawberry.field(description="How many entries it covers.")
    root_hash: str = strawberry.field(description="The RFC 6962 Merkle root, base64.")
    timestamp: BigInt = strawberry.field(description="When it was signed, Unix seconds (UTC).")
    key_id: str = strawberry.field(
        description="The signing key's id: hex of the first 8 bytes of SHA-256 of the key."
    )
    signature: str = strawberry.field(description="The Ed25519 signature over `note`, base64.")
    note: str = strawberry.field(
        description=(
            "The exact text signed: `hope-ledger`, the size, the root (base64) and the time, "
            "each on its own line ending in a newline."
        )
    )

    @classmethod
    def from_signed(cls, signed: SignedCheckpoint) -> LedgerCheckpointType:
        checkpoint = signed.checkpoint
        return cls(
            tree_size=checkpoint.tree_size,
            root_hash=_b64(checkpoint.root_hash),
            timestamp=checkpoint.timestamp,  # type: ignore[arg-type]
            key_id=signed.key_id,
            signature=_b64(signed.signature),
            note=checkpoint.note().decode("ascii"),
        )


@strawberry.type(
    name="LedgerEntry",
    description=(
        "One entry of the public log, exactly as stored. Entry i is leaf i of the Merkle tree."
    ),
)
class LedgerEntryType:
    index: int = strawberry.field(description="Its position, from 0, without gaps.")
    entry: str = strawberry.field(
        description="The canonical JSON text (RFC 8785, integers only); its UTF-8 bytes are hashed."
    )
    leaf_hash: str = strawberry.field(
        description=(
            "SHA-256(0x00 || entry bytes), base64, as stored when the entry was appended (never "
            "recomputed, so an entry changed later no longer matches it)."
        )
    )

    @classmethod
    def from_model(cls, row: StoredEntry) -> LedgerEntryType:
        return cls(index=row.leaf_index, entry=row.entry, leaf_hash=_b64(row.leaf_hash))


@strawberry.type(description="The audit path of one entry in the tree of a given size.")
class InclusionProof:
    index: int = strawberry.field(description="The entry.")
    tree_size: int = strawberry.field(description="The size of the tree it is proven in.")
    leaf_hash: str = strawberry.field(description="The entry's leaf hash, base64.")
    root_hash: str = strawberry.field(
        description="The tree's root at that size, base64; check it against a signed checkpoint."
    )
    hashes: list[str] = strawberry.field(
        description=f"The path, nearest the leaf first (RFC 6962 §2.1.1). {HASHES_DOC}"
    )


@strawberry.type(description="The proof that a smaller tree is a prefix of a larger one.")
class ConsistencyProof:
    from_size: int = strawberry.field(description="The older size.")
    to_size: int = strawberry.field(description="The newer size.")
    from_root: str = strawberry.field(description="The root at the older size, base64.")
    to_root: str = strawberry.field(description="The root at the newer size, base64.")
    hashes: list[str] = strawberry.field(description=f"The proof (RFC 6962 §2.1.2). {HASHES_DOC}")


@strawberry.type(
    description=(
        "The public, verifiable log of every state change of needs, pledges and matches: an "
        "RFC 6962 Merkle tree with Ed25519-signed checkpoints. Hashes, keys and signatures are "
        "standard base64. Check it with `ecosystem ledger verify`, trusting only the public key "
        "published by the operator (not the one this API states)."
    )
)
class Ledger:
    @strawberry.field(description="The Ed25519 public key checkpoints are signed with, base64.")
    async def public_key(self, info: Ctx) -> str:
        key = await ledger.signing_key(info.context.db, info.context.settings)
        return public_key_to_base64(key.public_key())

    @strawberry.field(description="The signing key's id (hex, 16 digits).")
    async def key_id(self, info: Ctx) -> str:
        key = await ledger.signing_key(info.context.db, info.context.settings)
        return key_id(key.public_key())

    @strawberry.field(description="How many entries have been appended so far.")
    async def size(self, info: Ctx) -> int:
        async with info.context.db.read() as session:
            return await ledger.ledger_size(session)

    @strawberry.field(description="The newest signed checkpoint; null before the first.")
    async def latest_checkpoint(self, info: Ctx) -> LedgerCheckpointType | None:
        async with info.context.db.read() as session:
            signed = await ledger.latest_checkpoint(session)
        return LedgerCheckpointType.from_signed(signed) if signed else None

    @strawberry.field(
        description=(
            "The entries in index order. A cursor is the entry's index in decimal, so `after: "
            '"41"` starts at entry 42.'
        )
    )
    async def entries(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="How many: 1 to 100.")] = 100,
        after: Annotated[
            str | None, strawberry.argument(description="Continue after this cursor.")
        ] = None,
        need_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description=(
                    "Only the entries about this need: its own transitions and those of its "
                    "matches, deliveries and receipts."
                )
            ),
        ] = None,
    ) -> Connection[LedgerEntryType]:
        size = page_size(info.context.settings.graphql_max_page_size, first)
        need = decode_id(need_id, "needId", "Need") if need_id is not None else None
        async with info.context.db.read() as session:
            page: Page[Any] = await ledger.entries_page(
                session, first=size, after=after, need_id=need
            )
        return to_connection(page, LedgerEntryType.from_model)

    @strawberry.field(
        description=(
            "The audit path of entry `index` in the tree of `treeSize` entries (any size up to "
            "the latest checkpoint's)."
        )
    )
    async def inclusion_proof(
        self,
        info: Ctx,
        index: Annotated[int, strawberry.argument(description="The entry, from 0.")],
        tree_size: Annotated[
            int, strawberry.argument(description="1 to the latest checkpoint's size.")
        ],
    ) -> InclusionProof:
        try:
            proof = await ledger.inclusion_proof(info.context.db, index, tree_size)
        except ledger.LedgerIntegrityError as error:
            raise _inconsistent(error) from None
        return InclusionProof(
            index=proof.index,
            tree_size=proof.tree_size,
            leaf_hash=_b64(proof.leaf_hash),
            root_hash=_b64(proof.root_hash),
            hashes=[_b64(h) for h in proof.hashes],
        )

    @strawberry.field(
        description=(
            "The proof that the tree of `fromSize` entries is a prefix of the tree of `toSize` "
            "(0 <= fromSize <= toSize <= the latest checkpoint's size)."
        )
    )
    async def consistency_proof(
        self,
        info: Ctx,
        from_size: Annotated[int, strawberry.argument(description="The older size.")],
        to_size: Annotated[int, strawberry.argument(description="The newer size.")],
    ) -> ConsistencyProof:
        try:
            proof = await ledger.consistency_proof(info.context.db, from_size, to_size)
        except ledger.LedgerIntegrityError as error:
            raise _inconsistent(error) from None
        return ConsistencyProof(
            from_size=proof.from_size,
            to_size=proof.to_size,
            from_root=_b64(proof.from_root),
            to_root=_b64(proof.to_root),
            hashes=[_b64(h) for h in proof.hashes],
        )


@strawberry.type
class LedgerQueries:
    @strawberry.field(
        description="The public ledger: signed checkpoints, entries and proofs. Public."
    )
    def ledger(self) -> Ledger:
        return Ledger()
