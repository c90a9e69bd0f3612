import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderPage, viewer } from "../test/mockClient";
import OfficialPage from "./OfficialPage";

const EMPTY = { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

function match(n: number, title: string) {
  return {
    id: `TWF0Y2g6${n}`,
    status: "ACCEPTED",
    origin: "DIRECT",
    pledgeQuantity: 2,
    itemQuantity: 2,
    valueFen: 700000,
    score: 0,
    explanation: [],
    regionCode: "370983",
    schoolAcceptedAt: "2026-11-02T00:00:00+00:00",
    donorAcceptedAt: "2026-11-01T00:00:00+00:00",
    decidedAt: null,
    reason: null,
    createdAt: "2026-11-01T00:00:00+00:00",
    school: { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学", region: null },
    donor: { id: "UGFydHk6Nw", name: "桃农合作社", kind: "MICROENTERPRISE", verifiedAt: null },
    need: { id: `TmVlZDo${n}`, title },
    needItem: { id: `TmVlZEl0ZW06${n}`, description: "书架", unit: "个", quantity: 4, remainingQuantity: 2 },
    pledge: { id: "UGxlZGdlOjE", title: "助学金", kind: "GOODS", unit: "个" },
  };
}

function official(queue: ReturnType<typeof match>[], answers: Record<string, (v: Record<string, unknown>) => unknown>) {
  const me = { ...viewer([["GOV_OFFICIAL", { id: "UGFydHk6OQ", kind: "GOVERNMENT", name: "肥城市教育局" }]]), jurisdictions: [{ code: "370983", name: "肥城市" }] };
  let open = queue;
  const api = mockClient({
    WebMe: () => ({ data: { me } }),
    WebMatches: () => ({ data: { matches: { edges: open.map((node) => ({ cursor: node.id, node })), pageInfo: EMPTY.pageInfo } } }),
    WebParties: () => ({ data: { parties: EMPTY } }),
    ...Object.fromEntries(
      Object.entries(answers).map(([name, answer]) => [
        name,
        (v: Record<string, unknown>) => {
          const ids = (v.input as { ids: string[] }).ids;
          const result = answer(v) as { data: Record<string, { errors: { field: string }[] }> };
          // What the server decided leaves the queue; the failed ones stay.
          const failed = Object.values(result.data)[0].errors.map((e) => ids[Number(e.field.split(".")[1])]);
          open = open.filter((m) => !ids.includes(m.id) || failed.includes(m.id));
          return result;
        },
      ]),
    ),
  });
  renderPage(api.client, { path: "/official", routes: { "/official": <OfficialPage /> } });
  return api;
}

const QUEUE = [match(1, "图书角建设"), match(2, "体育器材"), match(3, "冬季校服")];

describe("bulk decisions", () => {
  it("name the match that could not be approved, say why on its card, and keep it selected", async () => {
    const { sent } = official(QUEUE, {
      ApproveMatches: (v) => {
        const ids = (v.input as { ids: string[] }).ids;
        return {
          data: {
            approveMatches: {
              matches: ids.slice(0, 2).map((id) => ({ id, status: "APPROVED" })),
              errors: [{ field: "ids.2", code: "OVER_ALLOCATED", message: "The pledge no longer has enough left." }],
            },
          },
        };
      },
    });
    await screen.findAllByTestId("match-card");
    await userEvent.click(screen.getByLabelText("全选"));
    await userEvent.click(screen.getByRole("button", { name: "批准选中的 3 项" }));

    expect(sent("ApproveMatches")[0].input).toEqual({ ids: QUEUE.map((m) => m.id) });
    const summary = await screen.findByTestId("bulk-failures");
    expect(summary).toHaveTextContent("“冬季校服”：认捐剩余的数量或金额已不够");
    expect(screen.getByText(/已批准 2 项，1 项未能批准。/)).toBeInTheDocument();
    // The failed one is still in the queue, with its reason, and still selected.
    const card = await screen.findByTestId("match-card");
    expect(card).toHaveTextContent("冬季校服");
    expect(within(card).getByTestId("match-failure")).toHaveTextContent("未能处理：认捐剩余的数量或金额已不够");
    expect(within(card).getByRole("checkbox", { name: /选择/ })).toBeChecked();
    expect(screen.getByRole("button", { name: "批准选中的 1 项" })).toBeEnabled();
  });

  it("reject the selected with one reason and tie a failure to its match", async () => {
    const { sent } = official(QUEUE, {
      RejectMatches: (v) => {
        const ids = (v.input as { ids: string[] }).ids;
        return {
          data: {
            rejectMatches: {
              matches: [{ id: ids[1], status: "REJECTED", reason: "重复的认捐" }],
              errors: [{ field: "ids.0", code: "STALE", message: "Someone else decided first." }],
            },
          },
        };
      },
    });
    const cards = await screen.findAllByTestId("match-card");
    await userEvent.click(within(cards[0]).getByRole("checkbox"));
    await userEvent.click(within(cards[1]).getByRole("checkbox"));
    await userEvent.click(screen.getByRole("button", { name: "驳回选中的 2 项" }));
    await userEvent.type(screen.getByLabelText("驳回理由（用于选中的 2 项）"), "重复的认捐");
    await userEvent.click(screen.getByRole("button", { name: "确认驳回" }));

    expect(sent("RejectMatches")[0].input).toEqual({ ids: [QUEUE[0].id, QUEUE[1].id], reason: "重复的认捐" });
    expect(await screen.findByTestId("bulk-failures")).toHaveTextContent("“图书角建设”：已被他人处理，请刷新。");
    expect(screen.getByText(/已驳回 1 项，1 项未能驳回。/)).toBeInTheDocument();
    const failed = screen.getAllByTestId("match-card").find((c) => c.textContent?.includes("图书角建设"))!;
    expect(within(failed).getByTestId("match-failure")).toBeInTheDocument();
  });
});
