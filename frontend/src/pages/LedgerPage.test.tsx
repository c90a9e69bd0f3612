import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../i18n/i18n";
import { parseEntry } from "../lib/ledgerEntries";
import { EntrySummary } from "./LedgerPage";

describe("ledger entries", () => {
  it("name the matching engine and the system in words", () => {
    const entry = (role: string) =>
      parseEntry({
        index: 1,
        leafHash: "00",
        entry: JSON.stringify({ entity: "match", id: 59, from: "PROPOSED", to: "SUPERSEDED", at: 1790000000, index: 1, actor_role: role, value_fen: 700000, quantity: 2, region: "370983", refs: {} }),
      });
    render(
      <I18nProvider>
        <EntrySummary entry={entry("MATCHING_ENGINE")} />
        <EntrySummary entry={entry("SYSTEM")} />
      </I18nProvider>,
    );
    expect(screen.getByText(/智能匹配引擎/)).toBeInTheDocument();
    expect(screen.getByText(/· 系统 ·/)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent("MATCHING_ENGINE");
  });
});
