import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Locale } from "../i18n/format";
import { HUBEI, SHANDONG } from "../test/fixtures";
import { mockClient, renderPage } from "../test/mockClient";
import { HomePage } from "./HomePage";

const PAGE_INFO = { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: "c3" };

/** A published story about matches of two schools; the second school's two matches are for one need. */
const STORY = {
  id: "U3Rvcnk6MQ",
  title: "新书架到了边院镇",
  body: `桃农合作社的助学金到了。\n\n${"孩子们有了新书架，".repeat(20)}最后一句不在摘要里。`,
  publishedAt: "2026-11-06T02:00:00+00:00",
  party: { id: "UGFydHk6MzA", name: "乡村教育观察融媒体" },
  matches: [
    { id: "TWF0Y2g6MQ", school: { id: "U2Nob29sOjE", name: "边院镇希望小学" }, need: { id: "TmVlZDox", title: "图书角建设" } },
    { id: "TWF0Y2g6Mg", school: { id: "U2Nob29sOjI", name: "石横镇中学" }, need: { id: "TmVlZDoy", title: "体育器材" } },
    { id: "TWF0Y2g6Mw", school: { id: "U2Nob29sOjI", name: "石横镇中学" }, need: { id: "TmVlZDoy", title: "体育器材" } },
  ],
};

const FIGURES = {
  regionCode: null,
  pledgedValueFen: 0,
  proposedValueFen: 0,
  approvedValueFen: 0,
  deliveredValueFen: 0,
  confirmedValueFen: 0,
  neededValueFen: 0,
  schools: 0,
  needs: 0,
  parties: 0,
  fillRate: 0,
  medianDaysToApproval: null,
  medianDaysToReceipt: null,
  povertyShare: 0,
  leftBehindShare: 0,
  byProvince: [],
  byCategory: [],
  byPartyKind: [],
  byMonth: [],
  computedAt: "2026-11-06T02:00:00+00:00",
};

function home(stories: (typeof STORY)[]) {
  const api = mockClient({
    WebMe: () => ({ data: { me: null } }),
    Regions: () => ({ data: { regions: [] } }),
    Transparency: () => ({ data: { transparency: FIGURES } }),
    WebStories: () => ({ data: { stories: { edges: stories.map((node) => ({ cursor: node.id, node })), pageInfo: PAGE_INFO } } }),
  });
  renderPage(api.client, { path: "/", routes: { "/": <HomePage />, "/needs/:id": <p>need page</p> } });
  return api;
}

describe("the home page's stories", () => {
  it("show the latest few: headline, media, date, the start of the story and the needs told of", async () => {
    const { sent } = home([STORY]);
    const section = await screen.findByRole("region", { name: "最新媒体报道" });
    const story = await within(section).findByTestId("story");
    expect(within(story).getByRole("heading", { name: "新书架到了边院镇" })).toBeInTheDocument();
    expect(story).toHaveTextContent("乡村教育观察融媒体 · 2026年11月6日");
    // An excerpt on one line, cut with "…".
    const excerpt = within(story).getByText(/^桃农合作社的助学金到了。 孩子们有了新书架/);
    expect(excerpt.textContent).toMatch(/…$/);
    expect(excerpt).not.toHaveTextContent("最后一句");
    // Each need once, with its school, linking to its page; no "more" on the home page.
    const links = within(story).getAllByRole("link");
    expect(links.map((a) => a.textContent)).toEqual(["边院镇希望小学 · 图书角建设", "石横镇中学 · 体育器材"]);
    expect(sent("WebStories", "query")[0]).toMatchObject({ first: 3, after: null, filter: {} });
    expect(within(section).queryByRole("button", { name: "加载更多" })).not.toBeInTheDocument();
    await userEvent.click(links[1]);
    expect(screen.getByTestId("location")).toHaveTextContent("/needs/TmVlZDoy");
  });

  it("say so when there are none yet", async () => {
    home([]);
    expect(await screen.findByText("还没有媒体报道。学校确认收到捐赠后，媒体可以在这里讲述它们的故事。")).toBeInTheDocument();
  });
});

describe("the home page's monthly chart", () => {
  it("labels only every 6th of 24 months, on one line, and titles every column", async () => {
    const byMonth = Array.from({ length: 24 }, (_, i) => ({
      key: `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`,
      approvedValueFen: (i + 1) * 10000,
      matches: 1,
    }));
    const api = mockClient({
      WebMe: () => ({ data: { me: null } }),
      Regions: () => ({ data: { regions: [] } }),
      Transparency: () => ({ data: { transparency: { ...FIGURES, byMonth } } }),
      WebStories: () => ({ data: { stories: { edges: [], pageInfo: PAGE_INFO } } }),
    });
    renderPage(api.client, { path: "/", routes: { "/": <HomePage /> } });
    const card = await screen.findByRole("region", { name: "每月已批准金额" });
    const columns = within(card).getAllByTitle(/^\d{4}年\d{1,2}月: ¥/);
    expect(columns).toHaveLength(24);
    expect(columns[0]).toHaveAttribute("title", "2025年1月: ¥100");
    expect(columns[23]).toHaveAttribute("title", "2026年12月: ¥2,400");
    expect(columns.map((column) => column.textContent)).toEqual(
      byMonth.map((_, i) => (i % 6 === 0 ? `${2025 + Math.floor(i / 12)}年${(i % 12) + 1}月` : "")),
    );
    // The table below names every month.
    expect(within(card).getAllByRole("row", { hidden: true })).toHaveLength(25);
  });
});

/** The home page at `path` in `locale`, with two provinces known. */
function homeAt(path: string, locale: Locale = "zh-CN") {
  const api = mockClient({
    WebMe: () => ({ data: { me: null } }),
    Regions: () => ({ data: { regions: [SHANDONG, HUBEI] } }),
    Transparency: () => ({ data: { transparency: FIGURES } }),
    WebStories: () => ({ data: { stories: { edges: [], pageInfo: PAGE_INFO } } }),
  });
  renderPage(api.client, { path, routes: { "/": <HomePage /> }, locale });
  return api;
}

/** The names the province select offers, in order. */
const provinceOptions = (label: string) => within(screen.getByLabelText(label)).getAllByRole("option").map((o) => o.textContent);

describe("the home page's province", () => {
  it("is named in Chinese in the select and over the figures", async () => {
    homeAt("/?province=37");
    expect(await screen.findByRole("heading", { name: "山东省的数据" })).toBeInTheDocument();
    expect(provinceOptions("查看范围（省份）")).toEqual(["全国", "山东省", "湖北省"]);
    expect(screen.getByLabelText("查看范围（省份）")).toHaveDisplayValue("山东省");
  });

  it("is named in English in the select and over the figures", async () => {
    homeAt("/?province=37", "en");
    expect(await screen.findByRole("heading", { name: "Figures for Shandong Province" })).toBeInTheDocument();
    expect(provinceOptions("Figures for (province)")).toEqual(["All of China", "Shandong Province", "Hubei Province"]);
    expect(screen.getByLabelText("Figures for (province)")).toHaveDisplayValue("Shandong Province");
    expect(screen.queryByText(/山东省/)).not.toBeInTheDocument();
  });

  it("shows all of China for a province that does not exist, and says so", async () => {
    const api = homeAt("/?province=99");
    expect(await screen.findByText("链接中的省份代码不存在，下面显示的是全国的数据。")).toBeInTheDocument();
    await waitFor(() => expect(api.sent("Transparency", "query").at(-1)).toEqual({ regionCode: null }));
  });

  it("says the stories come from all over China when a province is chosen", async () => {
    const api = homeAt("/?province=37");
    expect(await screen.findByText("报道来自全国各地。")).toBeInTheDocument();
    expect(screen.queryByText("链接中的省份代码不存在，下面显示的是全国的数据。")).not.toBeInTheDocument();
    expect(api.sent("Transparency", "query").at(-1)).toEqual({ regionCode: "37" });
  });
});
