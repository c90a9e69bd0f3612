import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { LanguageSwitch } from "../components/Layout";
import type { Locale } from "../i18n/format";
import { EMPTY, HUBEI, SHANDONG, TAIAN, proposal as match } from "../test/fixtures";
import { mockClient, renderPage, switchToEnglish, viewer } from "../test/mockClient";
import { wholeText } from "../test/text";
import DonorPage from "./DonorPage";

const PARTY = { id: "UGFydHk6Nw", kind: "MICROENTERPRISE", name: "桃农合作社" };

function pledge(n: number, title: string, extra: Record<string, unknown>) {
  return {
    id: `UGxlZGdlOj${n}`,
    kind: "MONEY",
    status: "ACTIVE",
    title,
    description: null,
    category: null,
    itemName: null,
    quantity: 100000,
    remainingQuantity: 100000,
    unit: "FEN",
    unitValueFen: 1,
    totalValueFen: 100000,
    validUntil: null,
    perSchoolCap: null,
    restrictCategories: [],
    restrictRegionCodes: [],
    serviceRadiusKm: null,
    availableFrom: null,
    availableUntil: null,
    coFundingRatioPercent: null,
    coFundingPartyKinds: [],
    ...extra,
  };
}

function donorPage({ matches = [], pledges = [], locale = "zh-CN" }: { matches?: unknown[]; pledges?: unknown[]; locale?: Locale }, more: Parameters<typeof mockClient>[0] = {}) {
  const api = mockClient({
    WebMe: () => ({ data: { me: viewer([["DONOR_ADMIN", PARTY]]) } }),
    WebMatches: () => ({ data: { matches: { edges: matches.map((node) => ({ cursor: "c", node })), pageInfo: EMPTY.pageInfo } } }),
    WebFulfilment: () => ({ data: { matches: EMPTY } }),
    Pledges: () => ({ data: { pledges: { ...EMPTY, edges: pledges.map((node) => ({ cursor: "c", node })) } } }),
    ...more,
  });
  renderPage(api.client, { path: "/donor", routes: { "/donor": <DonorPage /> }, locale, extra: <LanguageSwitch /> });
  return api;
}

describe("the donor's proposals", () => {
  it("leave our own direct pledges out of those to answer: they wait for the school", async () => {
    const direct = match(1, "图书角建设", { origin: "DIRECT", donorAcceptedAt: "2026-11-01T00:00:00+00:00" });
    donorPage({ matches: [direct] });
    const toAnswer = await screen.findByRole("region", { name: "待我方回复的对接建议" });
    expect(await within(toAnswer).findByText("目前没有需要回复的对接建议。")).toBeInTheDocument();
    expect(within(toAnswer).queryByTestId("match-card")).not.toBeInTheDocument();
    const waiting = screen.getByRole("region", { name: "已回复、等待学校或官员的对接建议" });
    expect(within(waiting).getByText("图书角建设")).toBeInTheDocument();
    expect(within(waiting).getByText("等待学校回复。")).toBeInTheDocument();
  });

  it("confirm an answer in the language chosen, even after switching", async () => {
    let open: Record<string, unknown>[] = [match(2, "体育器材")];
    donorPage(
      { matches: [] },
      {
        WebMatches: () => ({ data: { matches: { edges: open.map((node) => ({ cursor: "c", node })), pageInfo: EMPTY.pageInfo } } }),
        RespondToMatch: () => {
          open = [{ ...open[0], donorAcceptedAt: "2026-11-02T00:00:00+00:00" }];
          return { data: { respondToMatch: { match: open[0], errors: [] } } };
        },
      },
    );
    const card = await within(await screen.findByTestId("to-answer")).findByTestId("match-card");
    await userEvent.click(within(card).getByRole("button", { name: /^接受/ }));
    expect(await screen.findByText("已接受。 体育器材")).toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByText(wholeText("Accepted. 体育器材"))).toBeInTheDocument();
    expect(screen.queryByText(/已接受。/)).not.toBeInTheDocument();
  });
});

describe("the donor's pledges", () => {
  const service = pledge(2, "心理辅导", { kind: "SERVICE", quantity: 5, remainingQuantity: 5, unit: "SESSION", unitValueFen: 0 });
  const volunteer = pledge(3, "支教", { kind: "VOLUNTEER", quantity: 200, remainingQuantity: 1, unit: "HOUR", unitValueFen: 0 });

  it("say service and volunteer units in words", async () => {
    donorPage({ pledges: [service, volunteer] });
    expect(await screen.findByText("5 次 · 剩余 5 次")).toBeInTheDocument();
    expect(screen.getByText("200 小时 · 剩余 1 小时")).toBeInTheDocument();
    expect(screen.queryByText(/SESSION|HOUR/)).not.toBeInTheDocument();
  });

  it("say them in English, one or more", async () => {
    donorPage({ pledges: [service, volunteer], locale: "en" });
    expect(await screen.findByText("5 sessions · 5 sessions left")).toBeInTheDocument();
    expect(screen.getByText("200 hours · 1 hour left")).toBeInTheDocument();
  });

  it("do not present what a withdrawn or expired pledge never gave as still left", async () => {
    const withdrawn = pledge(4, "助学金", { status: "WITHDRAWN" });
    const expired = pledge(5, "旧助学金", { status: "EXPIRED", quantity: 50000, remainingQuantity: 20000 });
    const active = pledge(6, "新助学金", { remainingQuantity: 30000 });
    donorPage({ pledges: [withdrawn, expired, active] });
    expect(await screen.findByText("¥1,000 · 未用 ¥1,000")).toBeInTheDocument();
    expect(screen.getByText("¥500 · 未用 ¥200")).toBeInTheDocument();
    expect(screen.getByText("¥1,000 · 剩余 ¥300")).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByText(/剩余/)).toHaveLength(1));
  });
});

describe("the donor's pledge list", () => {
  it("shows each pledge's conditions, or that it has none, in the language chosen", async () => {
    const kept = pledge(7, "营养餐助学金", { restrictCategories: ["NUTRITION", "LIBRARY"], restrictRegionCodes: ["3709", "42"] });
    const cofunding = pledge(8, "配捐", { kind: "CO_FUNDING", coFundingRatioPercent: 50, coFundingPartyKinds: ["CUSTOMER"] });
    const free = pledge(9, "不限用途的助学金", {});
    donorPage(
      { pledges: [kept, cofunding, free] },
      {
        Regions: (v) => ({
          data: {
            regions:
              v.parentCode === null
                ? [
                    { id: "UmVnaW9uOjM3", ...SHANDONG, level: 1, parentCode: null },
                    { id: "UmVnaW9uOjQy", ...HUBEI, level: 1, parentCode: null },
                  ]
                : v.parentCode === "37"
                  ? [{ id: "UmVnaW9uOjM3MDk", ...TAIAN, level: 2, parentCode: "37" }]
                  : [],
          },
        }),
      },
    );
    const card = async (title: string) => within((await screen.findByRole("link", { name: title })).closest("article")!);
    expect(await (await card("营养餐助学金")).findByText("使用条件：只用于营养餐、图书馆类需求 · 只限山东省 泰安市、湖北省的学校")).toBeInTheDocument();
    expect((await card("配捐")).getByText("使用条件：每 100 元配捐 50 元 · 只配捐爱心顾客的捐款")).toBeInTheDocument();
    expect((await card("不限用途的助学金")).getByText("无附加条件")).toBeInTheDocument();
    await switchToEnglish();
    // In English, each place by its English name, the smaller first; the places apart by ";".
    expect(
      (await card("营养餐助学金")).getByText("Conditions: Only for Nutrition, Library needs · Only for schools in Tai'an City, Shandong Province; Hubei Province"),
    ).toBeInTheDocument();
    expect((await card("配捐")).getByText("Conditions: Adds 50 yuan per 100 yuan · Only matches money from: Customer")).toBeInTheDocument();
    expect((await card("不限用途的助学金")).getByText("No conditions")).toBeInTheDocument();
  });
});

/** One row of a connection, with more after it or not; its id serves as its cursor. */
function onePage(node: { id: string }, hasNextPage: boolean) {
  return { edges: [{ cursor: node.id, node }], pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: node.id, endCursor: node.id } };
}

describe("a donor with many pledges", () => {
  it("reads our pledges a page at a time: more on asking, the first kept", async () => {
    const newest = pledge(10, "营养餐助学金", {});
    const older = pledge(11, "图书捐赠", {});
    const { sent } = donorPage({}, { Pledges: (v) => ({ data: { pledges: v.after === newest.id ? onePage(older, false) : onePage(newest, true) } }) });
    const list = await screen.findByTestId("pledges");
    expect(await within(list).findByRole("link", { name: "营养餐助学金" })).toBeInTheDocument();
    expect(within(list).queryByRole("link", { name: "图书捐赠" })).not.toBeInTheDocument();
    await userEvent.click(within(list).getByRole("button", { name: "加载更多" }));

    expect(await within(list).findByRole("link", { name: "图书捐赠" })).toBeInTheDocument();
    expect(within(list).getByRole("link", { name: "营养餐助学金" })).toBeInTheDocument();
    expect(within(list).getByText("已显示全部。")).toBeInTheDocument();
    expect(sent("Pledges", "query").map((v) => v.after ?? null)).toEqual([null, newest.id]);
  });

  it("says all is shown only once more than one page was read", async () => {
    const only = pledge(12, "冬衣捐赠", {});
    donorPage({}, { Pledges: () => ({ data: { pledges: onePage(only, false) } }) });
    const list = await screen.findByTestId("pledges");
    expect(await within(list).findByRole("link", { name: "冬衣捐赠" })).toBeInTheDocument();
    expect(within(list).queryByText("已显示全部。")).not.toBeInTheDocument();
    expect(within(list).queryByRole("button", { name: "加载更多" })).not.toBeInTheDocument();
  });

  it("shows the deliveries of every pledge, read by donor a page at a time", async () => {
    const approved = (n: number, title: string, pledgeTitle: string) => ({
      ...match(n, title, { status: "APPROVED", pledge: { id: `UGxlZGdlOj${n}`, title: pledgeTitle, kind: "MONEY", unit: "FEN" } }),
      fulfilment: { quantity: 2, deliveredQuantity: 0, receivedQuantity: 0 },
      deliveries: [],
      receipts: [],
    });
    const first = approved(1, "图书角建设", "助学金");
    // Of a pledge far down the list of pledges.
    const second = approved(2, "体育器材", "第 150 项认捐");
    const { sent } = donorPage({}, { WebFulfilment: (v) => ({ data: { matches: v.after === first.id ? onePage(second, false) : onePage(first, true) } }) });
    const deliveries = await screen.findByTestId("deliveries");
    expect(await within(deliveries).findByText("图书角建设")).toBeInTheDocument();
    await userEvent.click(within(deliveries).getByRole("button", { name: "加载更多" }));

    expect(await within(deliveries).findByText("体育器材")).toBeInTheDocument();
    expect(within(deliveries).getByText("图书角建设")).toBeInTheDocument();
    expect(within(deliveries).getAllByRole("form", { name: "登记送达" })).toHaveLength(2);
    expect(sent("WebFulfilment", "query").map((v) => ({ after: v.after ?? null, filter: v.filter }))).toEqual([
      { after: null, filter: { donorId: PARTY.id, status: ["APPROVED", "IN_DELIVERY", "DELIVERED", "CONFIRMED"] } },
      { after: first.id, filter: { donorId: PARTY.id, status: ["APPROVED", "IN_DELIVERY", "DELIVERED", "CONFIRMED"] } },
    ]);
  });
});

describe("recording a delivery with the keyboard", () => {
  it("takes focus to the word that it was recorded, the card's form having started again", async () => {
    let delivered = 0;
    const row = () => ({
      ...match(1, "图书角建设", { status: delivered ? "IN_DELIVERY" : "APPROVED", pledge: { id: "UGxlZGdlOjE", title: "助学金", kind: "GOODS", unit: "个" } }),
      fulfilment: { quantity: 2, deliveredQuantity: delivered, receivedQuantity: 0 },
      deliveries: [],
      receipts: [],
    });
    donorPage({}, {
      WebFulfilment: () => ({ data: { matches: onePage(row(), false) } }),
      WebRecordDelivery: () => {
        delivered = 1;
        return { data: { recordDelivery: { delivery: { id: "RGVsaXZlcnk6MQ" }, errors: [] } } };
      },
    });
    const deliveries = await screen.findByRole("region", { name: "我方的配送" });
    const status = within(deliveries).getAllByRole("status")[0];
    const before = await within(deliveries).findByRole("form", { name: "登记送达" });
    const form = within(before);
    await userEvent.clear(form.getByLabelText("数量（个）"));
    await userEvent.type(form.getByLabelText("数量（个）"), "1");
    await userEvent.click(form.getByRole("button", { name: "登记送达" }));
    // The page read again: the form starts over, for what is left.
    await waitFor(() => expect(within(deliveries).getByRole("form", { name: "登记送达" })).not.toBe(before));
    await waitFor(() => expect(status).toHaveTextContent("已登记送达。 图书角建设"));
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toContainElement(status);
  });
});
