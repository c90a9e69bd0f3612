import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../i18n/i18n";
import { parseEntry } from "../lib/ledgerEntries";
import { LanguageSwitch } from "../components/Layout";
import { mockClient, renderPage, switchToEnglish } from "../test/mockClient";
import LedgerPage, { EntrySummary } from "./LedgerPage";

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

function ledgerPage(path = "/ledger", more: Parameters<typeof mockClient>[0] = {}) {
  const entry = (index: number) => ({
    cursor: String(index),
    node: {
      index,
      leafHash: "00",
      entry: JSON.stringify({ entity: "need", id: index, from: null, to: "OPEN", at: 1790000000, index, actor_role: "PRINCIPAL", value_fen: 0, quantity: 0, region: "370983", refs: {} }),
    },
  });
  const api = mockClient({
    Ledger: () => ({ data: { ledger: { publicKey: "pk", keyId: "kid", size: 42, latestCheckpoint: null } } }),
    LedgerEntries: (v) => {
      const from = v.after === null || v.after === undefined ? 0 : Number(v.after) + 1;
      const indexes = Array.from({ length: Math.max(0, Math.min(20, 42 - from)) }, (_, i) => from + i);
      return { data: { ledger: { entries: { edges: indexes.map(entry), pageInfo: { hasNextPage: false, endCursor: null } } } } };
    },
    ...more,
  });
  renderPage(api.client, { path, routes: { "/ledger": <LedgerPage /> }, extra: <LanguageSwitch /> });
  return api;
}

describe("verifying an entry", () => {
  it("brings the result on screen and focuses it, as it shows above the list", async () => {
    const checkpoint = { treeSize: 42, rootHash: "AAAA", timestamp: 1790000000, keyId: "kid", signature: "c2ln", note: "hope-ledger\n42\nAAAA\n1790000000\n" };
    ledgerPage("/ledger", {
      Ledger: () => ({ data: { ledger: { publicKey: "pk", keyId: "kid", size: 42, latestCheckpoint: checkpoint } } }),
      LedgerInclusionProof: () => ({ data: { ledger: { inclusionProof: { index: 41, treeSize: 42, hashes: [] } } } }),
    });
    await userEvent.click(await screen.findByRole("button", { name: "验证第 41 条" }));
    const result = await screen.findByTestId("verification");
    await waitFor(() => expect(result).toHaveFocus());
  });
});

describe("jumping to an entry", () => {
  it("says when the input is not a number", async () => {
    ledgerPage();
    const input = await screen.findByLabelText("跳到序号");
    await userEvent.type(input, "abc");
    await userEvent.click(screen.getByRole("button", { name: "前往" }));
    expect(input).toHaveAccessibleDescription("请输入记录的序号（从 0 开始的整数）。");
    // Focus is back on the box, so the error is read (not left on 前往, where nothing is said).
    expect(input).toHaveFocus();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/ledger$/);
    await switchToEnglish();
    expect(input).toHaveAccessibleDescription("Please enter an entry's index (a whole number from 0).");
  });

  it("says how many entries there are instead of going past the end", async () => {
    ledgerPage();
    const input = await screen.findByLabelText("跳到序号");
    await userEvent.type(input, "999999");
    await userEvent.click(screen.getByRole("button", { name: "前往" }));
    expect(input).toHaveAccessibleDescription("账本只有 42 条记录（序号 0–41）。");
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/ledger$/);
    await switchToEnglish();
    expect(input).toHaveAccessibleDescription("The ledger has only 42 entries (indexes 0 to 41).");
    await userEvent.click(screen.getByRole("button", { name: /中文/ }));

    await userEvent.clear(input);
    await userEvent.type(input, "#5");
    await userEvent.click(screen.getByRole("button", { name: "前往" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/ledger?entry=5");
    expect(input).not.toHaveAttribute("aria-invalid", "true");
  });

  it("shows the newest entries and the size for a link past the end", async () => {
    ledgerPage("/ledger?entry=999999");
    expect(await screen.findByText("账本只有 42 条记录（序号 0–41）。")).toBeInTheDocument();
    expect(await screen.findByText("#41")).toBeInTheDocument();
    expect(screen.queryByText("这里没有记录。")).not.toBeInTheDocument();
  });

  it("does the same for a page that would start past the end", async () => {
    ledgerPage("/ledger?from=99999");
    expect(await screen.findByText("账本只有 42 条记录（序号 0–41）。")).toBeInTheDocument();
    expect(await screen.findByText("#41")).toBeInTheDocument();
    expect(screen.queryByText("这里没有记录。")).not.toBeInTheDocument();
  });
});

describe("an entry's quantity", () => {
  it("is shown as a count for matches, whose quantity is items, not for pledges, whose quantity may be fen", async () => {
    const entries = [
      { entity: "pledge", id: 78, from: "ACTIVE", to: "EXPIRED", value_fen: 50000, quantity: 50000, refs: {} },
      { entity: "pledge", id: 79, from: null, to: "ACTIVE", value_fen: 3500000, quantity: 10, refs: {} },
      { entity: "match", id: 59, from: "ACCEPTED", to: "APPROVED", value_fen: 70000, quantity: 2, refs: { need: 3, needItem: 9, pledge: 79 } },
    ].map((fields, index) => ({
      cursor: String(index),
      node: { index, leafHash: "00", entry: JSON.stringify({ ...fields, index, at: 1790000000, actor_role: "SYSTEM", region: "370983" }) },
    }));
    ledgerPage("/ledger", {
      Ledger: () => ({ data: { ledger: { publicKey: "pk", keyId: "kid", size: 3, latestCheckpoint: null } } }),
      LedgerEntries: () => ({ data: { ledger: { entries: { edges: entries, pageInfo: { hasNextPage: false, endCursor: null } } } } }),
    });
    const list = await screen.findByTestId("ledger-entries");
    const row = (n: number) => within(list).getByText(`#${n}`).closest("li")!;
    expect(row(0)).toHaveTextContent("认捐 #78 可用 → 已过期 · ¥500 · 系统");
    expect(row(0)).not.toHaveTextContent("×");
    expect(row(1)).toHaveTextContent("认捐 #79 新建 → 可用 · ¥35,000 · 系统");
    expect(row(1)).not.toHaveTextContent("×");
    expect(row(2)).toHaveTextContent("对接 #59 双方已接受 → 已批准 · ¥700 · ×2 · 系统");
  });
});

describe("a story's entries", () => {
  it("name the story and its statuses in words", async () => {
    const entries = [
      { entity: "story", id: 6, from: null, to: "PUBLISHED" },
      { entity: "story", id: 6, from: "PUBLISHED", to: "RETRACTED" },
    ].map((fields, index) => ({
      cursor: String(index),
      node: {
        index,
        leafHash: "00",
        entry: JSON.stringify({ ...fields, index, at: 1790000000, actor_role: "MEDIA_EDITOR", value_fen: 0, quantity: 0, region: "370983", refs: {} }),
      },
    }));
    ledgerPage("/ledger", {
      Ledger: () => ({ data: { ledger: { publicKey: "pk", keyId: "kid", size: 2, latestCheckpoint: null } } }),
      LedgerEntries: () => ({ data: { ledger: { entries: { edges: entries, pageInfo: { hasNextPage: false, endCursor: null } } } } }),
    });
    const list = await screen.findByTestId("ledger-entries");
    const row = (n: number) => within(list).getByText(`#${n}`).closest("li")!;
    expect(row(0)).toHaveTextContent("报道 #6 新建 → 已发布");
    expect(row(1)).toHaveTextContent("报道 #6 已发布 → 已撤回");
    expect(list).not.toHaveTextContent(/story|PUBLISHED|RETRACTED/);
    await switchToEnglish();
    expect(row(0)).toHaveTextContent("Story #6 created → Published");
    expect(row(1)).toHaveTextContent("Story #6 Published → Retracted");
  });
});

describe("the list of entries", () => {
  it("counts down with the entries, newest first, each numbered by its index", async () => {
    ledgerPage();
    await screen.findByText("#41");
    const list = screen.getByTestId("ledger-entries");
    // Not read as 1, 2, 3… while the entries go 41, 40, 39…
    expect(list.tagName).toBe("OL");
    expect(list).toHaveAttribute("reversed");
    expect(list).toHaveAttribute("start", "41");
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(20);
    expect(items[0]).toHaveTextContent("#41");
    expect(items[0]).toHaveAttribute("value", "41");
    expect(items[19]).toHaveAttribute("value", "22");
  });

  it("names its pager apart from the section's heading", async () => {
    ledgerPage();
    await screen.findByText("#41");
    expect(screen.getByRole("navigation", { name: "账本翻页" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "记录" })).not.toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByRole("navigation", { name: "Ledger pages" })).toBeInTheDocument();
  });
});
