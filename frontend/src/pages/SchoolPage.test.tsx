import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { EMPTY, proposal } from "../test/fixtures";
import { mockClient, renderPage, viewer } from "../test/mockClient";
import SchoolPage from "./SchoolPage";

const SCHOOL = { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学" };
const PROPOSAL = proposal(1, "图书角建设");

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
      WebMatches: () => ({ data: { matches: { edges: [proposal, bothAccepted, approved].map((node) => ({ cursor: node.id, node })), pageInfo: EMPTY.pageInfo } } }),
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
    const connection = (node: typeof first, hasNextPage: boolean) => ({
      edges: [{ cursor: node.id, node }],
      pageInfo: { hasNextPage, endCursor: node.id },
    });
    const { client, sent } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      WebMatches: () => ({ data: { matches: EMPTY } }),
      WebFulfilment: (v) => ({ data: { matches: v.after === first.id ? connection(second, false) : connection(first, true) } }),
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
    expect(sent("WebFulfilment", "query").map((v) => [v.after ?? null, (v.filter as { schoolId: string }).schoolId])).toEqual([
      [null, SCHOOL.id],
      [first.id, SCHOOL.id],
    ]);
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
      WebFulfilment: () => ({ data: { matches: { edges: [{ cursor: "c", node: row() }], pageInfo: EMPTY.pageInfo } } }),
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
