"""A ``LedgerSource`` over the GraphQL API, for the outside verifier.

It sends the named operations of ``graphql/operations/Ledger*.graphql`` (the same text, kept
here so that an installed ``ecosystem`` command does not need the repository) and turns the
answers into bytes. It trusts nothing it reads: the verifier checks all of it against the
public key. An entry whose leaf hash is not valid base64 is passed on with an empty hash, so
the verifier names that entry rather than the transport failing.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Any

import httpx

from ecosystem.ledger.checkpoints import CheckpointError, SignedCheckpoint
from ecosystem.ledger.verify import LedgerEntry

LEDGER_QUERY = """\
query Ledger {
  ledger {
    publicKey
    keyId
    size
    latestCheckpoint {
      treeSize
      rootHash
      timestamp
      keyId
      signature
      note
    }
  }
}
"""

ENTRIES_QUERY = """\
query LedgerEntries($first: Int!, $after: String) {
  ledger {
    entries(first: $first, after: $after) {
      edges {
        cursor
        node {
          index
          entry
          leafHash
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
"""

CONSISTENCY_QUERY = """\
query LedgerConsistencyProof($fromSize: Int!, $toSize: Int!) {
  ledger {
    consistencyProof(fromSize: $fromSize, toSize: $toSize) {
      fromSize
      toSize
      fromRoot
      toRoot
      hashes
    }
  }
}
"""

PAGE_SIZE = 100


class LedgerSourceError(Exception):
    """The ledger could not be read: the server is unreachable, answered with an error, or
    sent something that is not the ledger's API."""


class LedgerInconsistent(LedgerSourceError):
    """The server itself found that its stored ledger does not build its signed checkpoints
    (entries rewritten in its database): a failed verification, not an outage."""


class GraphQLLedgerSource:
    """Reads a ledger from a server's GraphQL endpoint (``http://host:8000/graphql``)."""

    def __init__(
        self,
        url: str,
        *,
        client: httpx.Client | None = None,
        timeout: float = 30.0,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.url = url
        self._client = client or httpx.Client(timeout=timeout)
        self._owns_client = client is None
        self._page_size = page_size

    def __enter__(self) -> GraphQLLedgerSource:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client, if this source made it."""
        if self._owns_client:
            self._client.close()

    def latest_checkpoint(self) -> SignedCheckpoint:
        """The newest signed checkpoint the server states."""
        ledger = self._ledger(LEDGER_QUERY, {})
        found = ledger.get("latestCheckpoint")
        if found is None:
            raise LedgerSourceError(f"{self.url} has no signed checkpoint yet")
        try:
            return SignedCheckpoint.from_dict(
                {
                    "tree_size": found["treeSize"],
                    "root_hash": found["rootHash"],
                    "timestamp": found["timestamp"],
                    "key_id": found["keyId"],
                    "signature": found["signature"],
                }
            )
        except (CheckpointError, KeyError, TypeError) as error:
            raise LedgerSourceError(f"the latest checkpoint is malformed: {error}") from None

    def entries(self, start: int) -> Iterator[LedgerEntry]:
        """The entries from ``start`` on, a page at a time, as long as they are read."""
        after = str(start - 1) if start > 0 else None
        while True:
            ledger = self._ledger(ENTRIES_QUERY, {"first": self._page_size, "after": after})
            try:
                connection = ledger["entries"]
                edges = connection["edges"]
                for edge in edges:
                    node = edge["node"]
                    yield LedgerEntry(
                        index=int(node["index"]),
                        data=str(node["entry"]).encode("utf-8"),
                        leaf_hash=_hash_or_empty(node["leafHash"]),
                    )
                info = connection["pageInfo"]
                if not info["hasNextPage"] or not edges:
                    return
                after = info["endCursor"]
            except (KeyError, TypeError, ValueError) as error:
                raise LedgerSourceError(f"a page of entries is malformed: {error!r}") from None

    def consistency_proof(self, old_size: int, new_size: int) -> Sequence[bytes]:
        """The server's consistency proof between two sizes."""
        ledger = self._ledger(CONSISTENCY_QUERY, {"fromSize": old_size, "toSize": new_size})
        try:
            return [_decode(value) for value in ledger["consistencyProof"]["hashes"]]
        except (KeyError, TypeError, ValueError) as error:
            raise LedgerSourceError(f"the consistency proof is malformed: {error!r}") from None

    def _ledger(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self._client.post(self.url, json={"query": query, "variables": variables})
        except httpx.HTTPError as error:
            raise LedgerSourceError(f"cannot reach {self.url}: {error}") from None
        try:
            body = response.json()
        except ValueError:
            raise LedgerSourceError(
                f"{self.url} answered HTTP {response.status_code}, not GraphQL"
            ) from None
        if not isinstance(body, dict):
            raise LedgerSourceError(f"{self.url} answered something that is not GraphQL")
        errors = body.get("errors")
        if errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            code = (first.get("extensions") or {}).get("code", "ERROR")
            if code == "LEDGER_INCONSISTENT":
                raise LedgerInconsistent(f"{self.url} says: {first.get('message')}")
            raise LedgerSourceError(f"{self.url} refused: {first.get('message')} ({code})")
        data = body.get("data")
        ledger = data.get("ledger") if isinstance(data, dict) else None
        if not isinstance(ledger, dict):
            hint = "" if response.is_success else "; is it the GraphQL endpoint (.../graphql)?"
            raise LedgerSourceError(
                f"{self.url} sent no ledger (HTTP {response.status_code}){hint}"
            )
        return ledger


def _decode(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error as error:
        raise ValueError(f"{value!r} is not base64: {error}") from None


def _hash_or_empty(value: Any) -> bytes:
    try:
        return _decode(value)
    except ValueError:
        return b""
