import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Link, type InitialEntry } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Locale } from "../i18n/format";
import { HUBEI, JINGZHOU, SONGZI, openNeed } from "../test/fixtures";
import { mockClient, renderPage } from "../test/mockClient";
import NeedPage from "./NeedPage";
import { NeedsPage } from "./NeedsPage";

function needNode(n: number) {
  return openNeed(`need-${n}`, `需求 ${n}`);
}

/** The needs browser over `pages` pages of two needs each (page N follows cursor `cN-1`), with
 * each need's page and, as `extra`, a plain link to the unfiltered list. */
function needsBrowser(path: InitialEntry = "/needs", pages = 0) {
  const api = mockClient({
    WebMe: () => ({ data: { me: null } }),
    Regions: () => ({ data: { regions: [] } }),
    Needs: (v) => {
      const page = v.after ? Number(String(v.after).slice(1)) + 1 : 1;
      const numbers = page <= pages ? [2 * page - 1, 2 * page] : [];
      return {
        data: {
          needs: {
            edges: numbers.map((n) => ({ cursor: `n${n}`, node: needNode(n) })),
            pageInfo: { hasNextPage: page < pages, hasPreviousPage: page > 1, startCursor: null, endCursor: `c${page}` },
          },
        },
      };
    },
    WebNeed: (v) => ({ data: { node: needNode(Number(String(v.id).split("-")[1])), matches: { edges: [] } } }),
    NeedLedgerEntries: () => ({ data: { ledger: { entries: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } } }),
  });
  const view = renderPage(api.client, {
    path,
    routes: { "/needs": <NeedsPage />, "/needs/:id": <NeedPage /> },
    extra: <Link to="/needs?category=LIBRARY">图书需求</Link>,
  });
  const lastFilter = () => {
    const all = api.sent("Needs", "query");
    return all[all.length - 1] as { filter: Record<string, unknown>; orderBy: string; after: string | null };
  };
  return { ...api, ...view, lastFilter };
}

/** Reads the next pages with the list's "load more" button (jsdom has no IntersectionObserver). */
async function loadMore(times: number) {
  for (let i = 0; i < times; i++) await userEvent.click(await screen.findByRole("button", { name: "加载更多" }));
}

/** The titles of the needs on screen, in order. */
function titles() {
  return screen.queryAllByRole("heading", { level: 3 }).map((h) => h.textContent);
}

describe("the needs browser", () => {
  it("says how many needs a filter found, and how many more a further page added, in a line of its own", async () => {
    needsBrowser("/needs", 2);
    await screen.findByText("需求 1");
    // The list itself is not live: each change would read every card again.
    expect(screen.getByTestId("needs-list")).not.toHaveAttribute("aria-live");
    const status = screen.getByTestId("results-status");
    expect(status).toHaveAttribute("role", "status");
    await waitFor(() => expect(status).toHaveTextContent("已显示 2 条需求，还有更多。"));
    await loadMore(1);
    await waitFor(() => expect(status).toHaveTextContent("又加载了 2 条需求，共 4 条，已全部显示。"));
  });

  it("searches no more than any title holds, whatever a link carries, and takes no more in its box", async () => {
    const long = "图".repeat(119) + "😀" + "书".repeat(10);
    const { lastFilter } = needsBrowser(`/needs?q=${encodeURIComponent(long)}`);
    await screen.findByTestId("results-status");
    // 120 characters, the emoji whole (half of it the server would refuse as no text).
    expect(lastFilter().filter.text).toBe("图".repeat(119) + "😀");
    expect(screen.getByLabelText("搜索标题")).toHaveAttribute("maxLength", "120");
  });

  it("says how many it found when one page holds them all", async () => {
    needsBrowser("/needs", 1);
    await waitFor(() => expect(screen.getByTestId("results-status")).toHaveTextContent("找到 2 条需求。"));
  });

  it("keeps a filter chosen while the search is still waiting to apply", async () => {
    const { lastFilter } = needsBrowser();
    await userEvent.type(await screen.findByLabelText("搜索标题"), "图书");
    // Straight away, within the search's pause.
    await userEvent.selectOptions(screen.getByLabelText("类别"), "LIBRARY");

    await waitFor(() => expect(lastFilter().filter).toMatchObject({ text: "图书" }), { timeout: 2000 });
    expect(lastFilter().filter).toMatchObject({ text: "图书", category: "LIBRARY" });
    const location = screen.getByTestId("location").textContent ?? "";
    expect(new URLSearchParams(location.split("?")[1]).get("category")).toBe("LIBRARY");
    expect(new URLSearchParams(location.split("?")[1]).get("q")).toBe("图书");
    expect(screen.getByLabelText("类别")).toHaveValue("LIBRARY");
  });

  it("ignores filter values from the address that the API does not know", async () => {
    const { lastFilter } = needsBrowser("/needs?order=FOO&category=XYZ&urgency=SOON&region=abc");
    await screen.findByText("没有符合条件的需求，试试放宽筛选条件。");
    expect(lastFilter().orderBy).toBe("NEWEST");
    expect(lastFilter().filter).toMatchObject({ category: null, urgency: null, regionCode: null });
    expect(screen.queryByRole("button", { name: "重试" })).not.toBeInTheDocument();
  });
});

describe("going back to the needs list from a need", () => {
  let scrollTo: MockInstance<typeof window.scrollTo>;
  beforeEach(() => {
    scrollTo = vi.spyOn(window, "scrollTo").mockImplementation(() => {});
  });
  afterEach(() => {
    scrollTo.mockRestore();
    window.scrollY = 0;
  });

  it("shows the same filters and pages, scrolled where they were; another filter starts from the top", async () => {
    const { lastFilter } = needsBrowser("/needs?category=LIBRARY", 4);
    await loadMore(2);
    await screen.findByRole("link", { name: "需求 6" });
    window.scrollY = 640;
    await userEvent.click(screen.getByRole("link", { name: "需求 5" }));
    await screen.findByRole("heading", { level: 1, name: "需求 5" });

    await userEvent.click(screen.getByRole("link", { name: "← 返回需求列表" }));
    await waitFor(() => expect(titles()).toEqual(["需求 1", "需求 2", "需求 3", "需求 4", "需求 5", "需求 6"]));
    // The pages it comes back with are shown, not "loaded more".
    await waitFor(() => expect(screen.getByTestId("results-status")).toHaveTextContent("已显示 6 条需求，还有更多。"));
    expect(screen.getByTestId("location")).toHaveTextContent("/needs?category=LIBRARY");
    expect(screen.getByLabelText("类别")).toHaveValue("LIBRARY");
    await waitFor(() => expect(scrollTo).toHaveBeenCalledWith(0, 640));
    expect(scrollTo).toHaveBeenCalledOnce();
    // The list goes on from there.
    await loadMore(1);
    await screen.findByRole("link", { name: "需求 8" });

    // Another filter starts from the top, and is not scrolled back.
    await userEvent.selectOptions(screen.getByLabelText("紧急程度"), "HIGH");
    await waitFor(() => expect(titles()).toEqual(["需求 1", "需求 2"]));
    expect(lastFilter()).toMatchObject({ after: null, filter: { category: "LIBRARY", urgency: "HIGH" } });
    expect(scrollTo).toHaveBeenCalledOnce();
  });

  it("puts focus back on the link of the need one comes back from, by the page's link or the browser's Back", async () => {
    needsBrowser("/needs?category=LIBRARY", 3);
    await loadMore(2);
    await userEvent.click(await screen.findByRole("link", { name: "需求 5" }));
    await screen.findByRole("heading", { level: 1, name: "需求 5" });
    await userEvent.click(screen.getByRole("link", { name: "← 返回需求列表" }));
    await waitFor(() => expect(screen.getByRole("link", { name: "需求 5" })).toHaveFocus());

    // By the keyboard, to another need, and back through the history.
    screen.getByRole("link", { name: "需求 2" }).focus();
    await userEvent.keyboard("{Enter}");
    await screen.findByRole("heading", { level: 1, name: "需求 2" });
    await userEvent.click(screen.getByRole("link", { name: "← 返回需求列表" }));
    await waitFor(() => expect(screen.getByRole("link", { name: "需求 2" })).toHaveFocus());
    expect(scrollTo).toHaveBeenCalledTimes(2);
  });

  it("starts from the top on a new visit to the same list", async () => {
    needsBrowser("/needs?category=LIBRARY", 3);
    await loadMore(2);
    window.scrollY = 640;
    await userEvent.click(await screen.findByRole("link", { name: "需求 5" }));
    await screen.findByRole("heading", { level: 1, name: "需求 5" });

    await userEvent.click(screen.getByRole("link", { name: "图书需求" }));
    await waitFor(() => expect(titles()).toEqual(["需求 1", "需求 2"]));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(scrollTo).not.toHaveBeenCalled();
  });

  it("reads the same pages again when its history entry comes back (a reload) with the same filters, not with others", async () => {
    const entry = (search: string) => ({ pathname: "/needs", search, key: "list" });
    const first = needsBrowser(entry("?category=LIBRARY"), 3);
    await loadMore(2);
    await screen.findByRole("link", { name: "需求 6" });
    window.scrollY = 480;
    first.unmount();

    const other = needsBrowser(entry("?category=SPORTS_ARTS"), 3);
    await waitFor(() => expect(titles()).toEqual(["需求 1", "需求 2"]));
    expect(other.sent("Needs", "query").map((v) => v.after)).toEqual([null]);
    other.unmount();
    // A new visit to the same address is a new entry.
    const visit = needsBrowser("/needs?category=LIBRARY", 3);
    await waitFor(() => expect(titles()).toEqual(["需求 1", "需求 2"]));
    visit.unmount();
    expect(scrollTo).not.toHaveBeenCalled();

    const again = needsBrowser(entry("?category=LIBRARY"), 3);
    await waitFor(() => expect(titles()).toEqual(["需求 1", "需求 2", "需求 3", "需求 4", "需求 5", "需求 6"]));
    expect(again.sent("Needs", "query").map((v) => v.after)).toEqual([null, "c1", "c2"]);
    await waitFor(() => expect(scrollTo).toHaveBeenCalledWith(0, 480));
  });
});

describe("a need's region", () => {
  /** A need of the Songzi school (in 新江口镇), listed, and its page. */
  function needIn(locale: Locale) {
    const need = openNeed("need-1", "需求 1");
    const api = mockClient({
      WebMe: () => ({ data: { me: null } }),
      Regions: () => ({ data: { regions: [] } }),
      Needs: () => ({ data: { needs: { edges: [{ cursor: "n1", node: need }], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: "c1" } } } }),
      WebNeed: () => ({
        data: {
          node: { ...need, school: { ...need.school, town: "新江口镇", region: { ...SONGZI, parent: { ...JINGZHOU, parent: HUBEI } } } },
          matches: { edges: [] },
        },
      }),
      NeedLedgerEntries: () => ({ data: { ledger: { entries: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } } }),
    });
    renderPage(api.client, { path: "/needs", routes: { "/needs": <NeedsPage />, "/needs/:id": <NeedPage /> }, locale });
  }

  /** The need card's line with its school and region, then the need page's place of the school. */
  async function shown() {
    const link = await screen.findByRole("link", { name: "需求 1" });
    const card = link.closest("article")!.querySelector(".meta")!.textContent;
    await userEvent.click(link);
    const school = await screen.findByRole("region", { name: /学校概况|The school/ });
    return [card, school.querySelector(".meta")!.textContent];
  }

  it("is named in Chinese on the need's card and page, from the province down", async () => {
    needIn("zh-CN");
    expect(await shown()).toEqual(["松滋市希望小学 · 荆州市 松滋市", "湖北省 荆州市 松滋市 新江口镇"]);
  });

  it("is named in English on the need's card and page, the smaller place first", async () => {
    needIn("en");
    expect(await shown()).toEqual(["松滋市希望小学 · Songzi City, Jingzhou City", "新江口镇, Songzi City, Jingzhou City, Hubei Province"]);
  });
});
