import type { Client, OperationResult } from "urql";
import { NeedLedgerEntriesDocument, type NeedLedgerEntriesQuery } from "../gql/graphql";
import { concernsNeed, type LedgerEntryFields } from "./ledger";

export interface ParsedEntry {
  index: number;
  entry: string;
  leafHash: string;
  fields: LedgerEntryFields | null;
}

export function parseEntry(node: { index: number; entry: string; leafHash: string }): ParsedEntry {
  let fields: LedgerEntryFields | null = null;
  try {
    fields = JSON.parse(node.entry) as LedgerEntryFields;
  } catch {
    // Shown raw; verifying it will say it is malformed.
  }
  return { ...node, fields };
}

const PAGE = 100;

/**
 * The ledger entries about one need, newest first, paged from the server's filter. Each entry's
 * own JSON must name the need: the filter is an index beside the log, not part of what is
 * hashed, so an entry that does not is left out.
 */
export async function entriesForNeed(
  client: Client,
  needId: string,
  needKey: number,
  onProgress?: (scanned: number) => void,
): Promise<{ entries: ParsedEntry[]; scanned: number }> {
  const found: ParsedEntry[] = [];
  let scanned = 0;
  let after: string | null = null;
  for (;;) {
    const result: OperationResult<NeedLedgerEntriesQuery> = await client
      .query(NeedLedgerEntriesDocument, { needId, first: PAGE, after }, { requestPolicy: "network-only" })
      .toPromise();
    if (result.error) throw result.error;
    const entries: NeedLedgerEntriesQuery["ledger"]["entries"] | undefined = result.data?.ledger.entries;
    const nodes = entries?.edges.map((e) => parseEntry(e.node)) ?? [];
    scanned += nodes.length;
    onProgress?.(scanned);
    for (const node of nodes) if (node.fields && concernsNeed(node.fields, needKey)) found.push(node);
    if (!entries?.pageInfo.hasNextPage || !entries.pageInfo.endCursor) break;
    after = entries.pageInfo.endCursor;
  }
  return { entries: found.reverse(), scanned };
}
