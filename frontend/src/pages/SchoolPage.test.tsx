import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderPage, viewer } from "../test/mockClient";
import SchoolPage from "./SchoolPage";

const SCHOOL = { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学" };
const PROPOSAL = {
  id: "TWF0Y2g6MQ",
  status: "PROPOSED",
  origin: "ENGINE",
  pledgeQuantity: 70000,
  itemQuantity: 2,
  valueFen: 70000,
  score: 120,
  explanation: [],
  regionCode: "370983",
  schoolAcceptedAt: null,
  donorAcceptedAt: null,
  decidedAt: null,
  reason: null,
  createdAt: "2026-11-01T00:00:00+00:00",
  school: { id: SCHOOL.id, name: SCHOOL.name, region: null },
  donor: { id: "UGFydHk6Nw", name: "桃农合作社", kind: "MICROENTERPRISE", verifiedAt: null },
  need: { id: "TmVlZDox", title: "图书角建设" },
  needItem: { id: "TmVlZEl0ZW06MQ", description: "书架", unit: "个", quantity: 4, remainingQuantity: 4 },
  pledge: { id: "UGxlZGdlOjE", title: "助学金", kind: "MONEY", unit: "FEN" },
};
const EMPTY = { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

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
    await userEvent.click(within(card).getByRole("button", { name: "婉拒" }));
    await userEvent.type(within(card).getByLabelText("婉拒理由（选填）"), "已有捐赠");
    await userEvent.click(within(card).getByRole("button", { name: "婉拒" }));

    expect(await screen.findByText("已婉拒。 图书角建设")).toBeInTheDocument();
    expect(screen.queryByTestId("match-card")).not.toBeInTheDocument();
    expect(sent("RespondToMatch")[0].input).toMatchObject({ id: PROPOSAL.id, accept: false, reason: "已有捐赠" });
  });
});
