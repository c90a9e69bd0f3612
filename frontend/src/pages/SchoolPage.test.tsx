import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { EMPTY, proposal } from "../test/fixtures";
import { mockClient, renderPage, viewer } from "../test/mockClient";
import SchoolPage from "./SchoolPage";

const SCHOOL = { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学" };
const PROPOSAL = proposal(1, "图书角建设");

/** The statuses a list of matches asks for. */
function statuses(v: Record<string, unknown>): string[] {
  return (v.filter as { status?: string[] } | undefined)?.status ?? [];
}

/** A connection of the `rows` of the statuses asked for, all on one page. */
function connection(rows: { id: string; status: string }[], v: Record<string, unknown>) {
  const edges = rows.filter((r) => statuses(v).includes(r.status)).map((node) => ({ cursor: node.id, node }));
  return { edges, pageInfo: EMPTY.pageInfo };
}

describe("answering a proposal", () => {
  it("confirms a decline in the list, after its card is gone", async () => {
    let open = [PROPOSAL];
    const { client, sent } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      WebMatches: () => ({ data: { matches: { edges: open.map((node) => ({ cursor: node.id, node })), pageInfo: EMPTY.pageInfo } } }),
      WebFulfilment: () => ({ data: { matches: EMPTY } }),
      Needs: () => ({ data: { needs: EMPTY } }),
      RespondToMatch: () => {
        open = [];
        return { data: { respondToMatch: { match: { ...PROPOSAL, status: "DECLINED" }, errors: [] } } };
      },
    });
    renderPage(client, { path: "/school", routes: { "/school": <SchoolPage /> } });
    const card = await screen.findByTestId("match-card");
    await userEvent.click(within(card).getByRole("button", { name: /^婉拒/ }));
    await userEvent.type(within(card).getByLabelText("婉拒理由（选填）"), "已有捐赠");
    await userEvent.click(within(card).getByRole("button", { name: /^婉拒/ }));

    expect(await screen.findByText("已婉拒。 图书角建设")).toBeInTheDocument();
    // The list is read again (from the server: a moment later) without the declined one.
    await waitFor(() => expect(screen.queryByTestId("match-card")).not.toBeInTheDocument());
    expect(sent("RespondToMatch")[0].input).toMatchObject({ id: PROPOSAL.id, accept: false, reason: "已有捐赠" });
  });
});

describe("answered proposals", () => {
  it("leave the proposals to answer once accepted, and wait apart for the donor or an official", async () => {
    let proposal: typeof PROPOSAL = PROPOSAL;
    const bothAccepted = { ...PROPOSAL, id: "TWF0Y2g6Mg", status: "ACCEPTED", schoolAcceptedAt: "2026-11-02T00:00:00+00:00", donorAcceptedAt: "2026-11-01T00:00:00+00:00", need: { id: "TmVlZDoy", title: "体育器材" } };
    // An approved one the list may still hold (a stale answer) is in neither section.
    const approved = { ...bothAccepted, id: "TWF0Y2g6Mw", status: "APPROVED", need: { id: "TmVlZDoz", title: "冬季校服" } };
    const { client } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      WebMatches: (v) => ({ data: { matches: connection([proposal, bothAccepted, approved], v) } }),
      WebFulfilment: () => ({ data: { matches: EMPTY } }),
      Needs: () => ({ data: { needs: EMPTY } }),
      RespondToMatch: () => {
        proposal = { ...PROPOSAL, schoolAcceptedAt: "2026-11-03T00:00:00+00:00" } as unknown as typeof PROPOSAL;
        return { data: { respondToMatch: { match: proposal, errors: [] } } };
      },
    });
    renderPage(client, { path: "/school", routes: { "/school": <SchoolPage /> } });
    const toAnswer = await screen.findByTestId("to-answer");
    expect(within(toAnswer).getAllByTestId("match-card")).toHaveLength(1);
    const waiting = screen.getByRole("region", { name: "已回复、等待捐赠方或官员的对接建议" });
    expect(within(waiting).getByText("体育器材")).toBeInTheDocument();
    expect(within(waiting).getByText("双方已接受，等待政府工作人员审批。")).toBeInTheDocument();
    expect(screen.queryByText("冬季校服")).not.toBeInTheDocument();

    await userEvent.click(within(toAnswer).getByRole("button", { name: /^接受/ }));
    expect(await screen.findByText("已接受。 图书角建设")).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByTestId("to-answer")).queryByTestId("match-card")).not.toBeInTheDocument());
    expect(screen.getByText("目前没有需要回复的对接建议。")).toBeInTheDocument();
    const answered = within(screen.getByTestId("waiting"))
      .getAllByTestId("match-card")
      .find((card) => card.textContent?.includes("图书角建设"))!;
    expect(answered).toHaveTextContent("等待捐赠方回复。");
    expect(screen.queryByText("已回复，等待中")).not.toBeInTheDocument();
  });
});

describe("the school's needs", () => {
  it("leave out the students served when none were given", async () => {
    const node = (id: string, title: string, beneficiaries: number) => ({
      id,
      title,
      story: "",
      category: "LIBRARY",
      urgency: "MEDIUM",
      deadline: "2027-06-30",
      beneficiaries,
      status: "OPEN",
      totalValueFen: 100000,
      regionCode: "370983",
      createdAt: "2026-11-01T00:00:00+00:00",
      school: { ...SCHOOL, town: null, students: 300, leftBehindChildren: 40, hopeSchool: true, povertyTier: "NONE", region: null },
      region: null,
      items: [],
    });
    const { client } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      WebMatches: () => ({ data: { matches: EMPTY } }),
      WebFulfilment: () => ({ data: { matches: EMPTY } }),
      Needs: () => ({ data: { needs: { ...EMPTY, edges: [node("TmVlZDox", "操场修缮", 0), node("TmVlZDoy", "图书角", 120)].map((n) => ({ cursor: n.id, node: n })) } } }),
    });
    renderPage(client, { path: "/school", routes: { "/school": <SchoolPage /> } });
    await screen.findByText("操场修缮");
    expect(screen.getAllByText(/受益学生/)).toHaveLength(1);
    expect(screen.getByText(/受益学生 120 人/)).toBeInTheDocument();
  });
});

describe("the school's deliveries to confirm", () => {
  it("are read a page at a time: more on asking, the first kept", async () => {
    const delivered = (n: number, title: string) => ({
      ...proposal(n, title, { status: "DELIVERED", schoolAcceptedAt: "2026-11-02T00:00:00+00:00", donorAcceptedAt: "2026-11-01T00:00:00+00:00" }),
      fulfilment: { quantity: 2, deliveredQuantity: 2, receivedQuantity: 2 },
      deliveries: [],
      receipts: [],
    });
    const first = delivered(1, "图书角建设");
    const second = delivered(2, "体育器材");
    const onePage = (node: typeof first, hasNextPage: boolean) => ({
      edges: [{ cursor: node.id, node }],
      pageInfo: { hasNextPage, endCursor: node.id },
    });
    const { client, sent } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      WebMatches: () => ({ data: { matches: EMPTY } }),
      WebFulfilment: (v) => ({
        data: { matches: !statuses(v).includes("DELIVERED") ? EMPTY : v.after === first.id ? onePage(second, false) : onePage(first, true) },
      }),
      Needs: () => ({ data: { needs: EMPTY } }),
    });
    renderPage(client, { path: "/school", routes: { "/school": <SchoolPage /> } });
    const receipts = await screen.findByTestId("receipts");
    expect(await within(receipts).findByText("图书角建设")).toBeInTheDocument();
    expect(within(receipts).queryByText("体育器材")).not.toBeInTheDocument();
    await userEvent.click(within(receipts).getByRole("button", { name: "加载更多" }));

    expect(await within(receipts).findByText("体育器材")).toBeInTheDocument();
    expect(within(receipts).getByText("图书角建设")).toBeInTheDocument();
    expect(within(receipts).getByText("已显示全部。")).toBeInTheDocument();
    const waiting = sent("WebFulfilment", "query").filter((v) => statuses(v).includes("DELIVERED"));
    expect(waiting.map((v) => [v.after ?? null, (v.filter as { schoolId: string }).schoolId])).toEqual([
      [null, SCHOOL.id],
      [first.id, SCHOOL.id],
    ]);
  });
});

describe("the school's deliveries waiting for its receipt", () => {
  it("come first, with the receipt form, however many other approved matches are newer", async () => {
    const fulfilment = (n: number, title: string, status: string, delivered: number, received: number) => ({
      ...proposal(n, title, { status, schoolAcceptedAt: "2026-11-02T00:00:00+00:00", donorAcceptedAt: "2026-11-01T00:00:00+00:00" }),
      fulfilment: { quantity: 2, deliveredQuantity: delivered, receivedQuantity: received },
      deliveries: [],
      receipts: [],
    });
    // A first page of newer matches waiting for a delivery or done, with more after it.
    const others = [fulfilment(1, "体育器材", "APPROVED", 0, 0), fulfilment(2, "冬季校服", "CONFIRMED", 2, 2)];
    const delivered = fulfilment(9, "图书角建设", "DELIVERED", 2, 0);
    const { client } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      WebMatches: () => ({ data: { matches: EMPTY } }),
      WebFulfilment: (v) =>
        statuses(v).includes("APPROVED")
          ? { data: { matches: { edges: others.map((node) => ({ cursor: node.id, node })), pageInfo: { ...EMPTY.pageInfo, hasNextPage: true, endCursor: others[1].id } } } }
          : { data: { matches: { edges: [{ cursor: delivered.id, node: delivered }], pageInfo: EMPTY.pageInfo } } },
      Needs: () => ({ data: { needs: EMPTY } }),
    });
    renderPage(client, { path: "/school", routes: { "/school": <SchoolPage /> } });
    const receipts = await screen.findByRole("region", { name: "收货确认" });
    // No "load more" needed: the form is there at once, in the list of those waiting.
    const form = await within(receipts).findByRole("form", { name: "确认收到" });
    expect(within(screen.getByTestId("receipts-waiting")).getByTestId("match-card")).toContainElement(form);
    expect(within(receipts).queryByText("目前没有待确认的配送。")).not.toBeInTheDocument();
    expect(within(receipts).queryByRole("button", { name: "加载更多" })).not.toBeInTheDocument();
    // The others follow, apart, with their own "load more".
    const rest = screen.getByRole("region", { name: "其他已批准的对接：等待配送或已完成" });
    expect(receipts.compareDocumentPosition(rest) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(rest).getByText("体育器材")).toBeInTheDocument();
    expect(within(rest).getByText("已全部确认。")).toBeInTheDocument();
    expect(within(rest).getByText("已显示 2 项，还有更多。")).toBeInTheDocument();
    expect(within(rest).getByRole("button", { name: "加载更多" })).toBeInTheDocument();
  });
});

describe("a receipt that completes a match", () => {
  it("moves its card to the other approved matches, both lists read again", async () => {
    let row = { ...proposal(1, "图书角建设", { status: "DELIVERED" }), fulfilment: { quantity: 2, deliveredQuantity: 2, receivedQuantity: 1 }, deliveries: [], receipts: [] };
    const { client } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      WebMatches: () => ({ data: { matches: EMPTY } }),
      WebFulfilment: (v) => ({ data: { matches: connection([row], v) } }),
      Needs: () => ({ data: { needs: EMPTY } }),
      WebConfirmReceipt: () => {
        row = { ...row, status: "CONFIRMED", fulfilment: { ...row.fulfilment, receivedQuantity: 2 } };
        return { data: { confirmReceipt: { receipt: { id: "UmVjZWlwdDox" }, errors: [] } } };
      },
    });
    renderPage(client, { path: "/school", routes: { "/school": <SchoolPage /> } });
    const receipts = await screen.findByRole("region", { name: "收货确认" });
    const form = await within(receipts).findByRole("form", { name: "确认收到" });
    expect(screen.queryByRole("region", { name: "其他已批准的对接：等待配送或已完成" })).not.toBeInTheDocument();
    await userEvent.click(within(form).getByRole("button", { name: "提交收货确认" }));

    const rest = await screen.findByRole("region", { name: "其他已批准的对接：等待配送或已完成" });
    expect(await within(rest).findByText("已全部确认。")).toBeInTheDocument();
    await waitFor(() => expect(within(receipts).queryByTestId("match-card")).not.toBeInTheDocument());
    expect(within(receipts).getByText("目前没有待确认的配送。")).toBeInTheDocument();
    expect(document.activeElement).toHaveTextContent("已确认收到，谢谢！ 图书角建设");
  });
});

describe("confirming receipt with the keyboard", () => {
  it("takes focus to the word that it was confirmed, the card's form having started again", async () => {
    let received = 0;
    const row = () => ({
      ...proposal(1, "图书角建设", { status: "DELIVERED" }),
      fulfilment: { quantity: 2, deliveredQuantity: 2, receivedQuantity: received },
      deliveries: [],
      receipts: [],
    });
    const { client } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      WebMatches: () => ({ data: { matches: EMPTY } }),
      WebFulfilment: (v) => ({ data: { matches: connection([row()], v) } }),
      Needs: () => ({ data: { needs: EMPTY } }),
      WebConfirmReceipt: () => {
        received = 1;
        return { data: { confirmReceipt: { receipt: { id: "UmVjZWlwdDox" }, errors: [] } } };
      },
    });
    renderPage(client, { path: "/school", routes: { "/school": <SchoolPage /> } });
    const receipts = await screen.findByRole("region", { name: "收货确认" });
    const status = within(receipts).getAllByRole("status")[0];
    const before = await within(receipts).findByRole("form", { name: "确认收到" });
    const quantity = within(before).getByLabelText("收到的数量（个）");
    await userEvent.clear(quantity);
    await userEvent.type(quantity, "1");
    await userEvent.click(within(before).getByRole("button", { name: "提交收货确认" }));
    // The page read again: the form starts over, for what is left to confirm.
    await waitFor(() => expect(within(receipts).getByRole("form", { name: "确认收到" })).not.toBe(before));
    await waitFor(() => expect(status).toHaveTextContent("已确认收到，谢谢！ 图书角建设"));
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toContainElement(status);
  });
});
