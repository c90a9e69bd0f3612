import type { Client } from "urql";
import { LedgerDocument, LedgerEntriesDocument } from "../gql/graphql";
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
const MAX_PAGES = 50;
// Entries are appended in commit order, and `at` is the commit's time: nothing about a need can
// come before it was created. A day of slack covers clocks and long transactions.
const SLACK_SECONDS = 86400;

/**
 * The ledger entries about one need, newest first. The API has no filter on entries, so this
 * pages backwards from the newest entry until the pages are older than the need (at most
 * MAX_PAGES pages); a server-side filter (entries(needId:)) would be better.
 */
export async function entriesForNeed(
  client: Client,
  needKey: number,
  createdAt: string,
  onProgress?: (scanned: number) => void,
): Promise<{ entries: ParsedEntry[]; scanned: number; complete: boolean }> {
  const head = await client.query(LedgerDocument, {}, { requestPolicy: "network-only" }).toPromise();
  if (head.error) throw head.error;
  const size = head.data?.ledger.size ?? 0;
  const since = Math.floor(new Date(createdAt).getTime() / 1000) - SLACK_SECONDS;
  const found: ParsedEntry[] = [];
  let scanned = 0;
  let end = size;
  for (let page = 0; page < MAX_PAGES && end > 0; page++) {
    const start = Math.max(0, end - PAGE);
    const result = await client
      .query(LedgerEntriesDocument, { first: end - start, after: start === 0 ? null : String(start - 1) }, { requestPolicy: "network-only" })
      .toPromise();
    if (result.error) throw result.error;
    const nodes = result.data?.ledger.entries.edges.map((e) => parseEntry(e.node)) ?? [];
    scanned += nodes.length;
    onProgress?.(scanned);
    for (const node of nodes.reverse()) if (node.fields && concernsNeed(node.fields, needKey)) found.push(node);
    const newest = Math.max(...nodes.map((n) => n.fields?.at ?? 0));
    end = start;
    if (nodes.length === 0 || newest < since) return { entries: found, scanned, complete: true };
  }
  return { entries: found, scanned, complete: end === 0 };
}
