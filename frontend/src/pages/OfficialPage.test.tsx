import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "urql";
import { describe, expect, it } from "vitest";
import { LanguageSwitch } from "../components/Layout";
import { EMPTY, FEICHENG, SHANDONG, TAIAN, XINTAI, proposal } from "../test/fixtures";
import { mockClient, renderPage, switchToEnglish, viewer } from "../test/mockClient";
import { wholeText } from "../test/text";
import OfficialPage from "./OfficialPage";


/** An accepted direct offer of two goods shelves, two still needed after it. */
function match(n: number, title: string) {
  return proposal(n, title, {
    status: "ACCEPTED",
    origin: "DIRECT",
    pledgeQuantity: 2,
    valueFen: 700000,
    score: 0,
    schoolAcceptedAt: "2026-11-02T00:00:00+00:00",
    donorAcceptedAt: "2026-11-01T00:00:00+00:00",
    needItem: { id: `TmVlZEl0ZW06${n}`, description: "书架", unit: "个", quantity: 4, remainingQuantity: 2 },
    pledge: { id: "UGxlZGdlOjE", title: "助学金", kind: "GOODS", unit: "个" },
  });
}

/** An official of 肥城市 with `queue` to decide. `answers` are bulk decisions: what they decide
 * leaves the queue, and so do the refused ones listed in `leave` (cancelled meanwhile); `more`
 * answers other operations as they are. */
function official(
  queue: ReturnType<typeof match>[],
  answers: Record<string, (v: Record<string, unknown>) => unknown>,
  { leave = [], more = {} }: { leave?: string[]; more?: Parameters<typeof mockClient>[0] } = {},
) {
  const me = { ...viewer([["GOV_OFFICIAL", { id: "UGFydHk6OQ", kind: "GOVERNMENT", name: "肥城市教育局" }]]), jurisdictions: [FEICHENG] };
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
          open = open.filter((m) => !ids.includes(m.id) || (failed.includes(m.id) && !leave.includes(m.id)));
          return result;
        },
      ]),
    ),
    ...more,
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

    expect(sent("ApproveMatches")[0].input).toEqual({ ids: QUEUE.map((m) => m.id), idempotencyKey: expect.any(String) });
    const summary = await screen.findByTestId("bulk-failures");
    expect(summary).toHaveTextContent("“冬季校服”：认捐剩余的数量或金额已不够");
    expect(screen.getByText(/已批准 2 项，1 项未能批准。/)).toBeInTheDocument();
    // The failed one is still in the queue, with its reason, and still selected.
    const card = await screen.findByTestId("match-card");
    expect(card).toHaveTextContent("冬季校服");
    expect(within(card).getByTestId("match-failure")).toHaveTextContent("未能处理：认捐剩余的数量或金额已不够");
    expect(within(card).getByRole("checkbox", { name: /选择/ })).toBeChecked();
    expect(screen.getByRole("button", { name: "批准选中的 1 项" })).not.toHaveAttribute("aria-disabled");
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

    expect(sent("RejectMatches")[0].input).toEqual({ ids: [QUEUE[0].id, QUEUE[1].id], reason: "重复的认捐", idempotencyKey: expect.any(String) });
    expect(await screen.findByTestId("bulk-failures")).toHaveTextContent("“图书角建设”：在此期间已由他人处理，或已被取消");
    expect(screen.getByText(/已驳回 1 项，1 项未能驳回。/)).toBeInTheDocument();
    const failed = screen.getAllByTestId("match-card").find((c) => c.textContent?.includes("图书角建设"))!;
    expect(within(failed).getByTestId("match-failure")).toBeInTheDocument();
  });
});

/** The page of `rows` a keyset connection answers for `first` and `after` (a row's id serves as
 * its cursor), in the order of `order`, every row there was: a row gone since keeps its place. */
function page<T extends { id: string }>(rows: T[], v: Record<string, unknown>, order: T[] = rows) {
  const rank = (id: unknown) => order.findIndex((r) => r.id === id);
  const from = v.after ? rank(v.after) : -1;
  const rest = rows.filter((r) => rank(r.id) > from);
  const edges = rest.slice(0, v.first as number);
  return {
    edges: edges.map((node) => ({ cursor: node.id, node })),
    pageInfo: { hasNextPage: rest.length > edges.length, endCursor: edges.at(-1)?.id ?? null },
  };
}

describe("a queue longer than a page", () => {
  it("shows its first page and appends the next on asking; select all takes those shown and says so", async () => {
    const { sent } = official([], {}, {
      more: {
        ApproveMatches: (v) => ({ data: { approveMatches: { matches: (v.input as { ids: string[] }).ids.map((id) => ({ id, status: "APPROVED" })), errors: [] } } }),
        // Pages of two, whatever the page asks for.
        WebMatches: (v) => ({ data: { matches: page(QUEUE, { ...v, first: 2 }) } }),
      },
    });
    expect(await screen.findAllByTestId("match-card")).toHaveLength(2);
    const selectShown = screen.getByRole("checkbox", { name: "全选已显示的 2 项" });
    expect(selectShown).toHaveAccessibleDescription("还有更多待审批的对接未显示：全选只选中已显示的，加载更多后才能选择其余的。");
    expect(screen.getByText("已显示 2 项，还有更多。")).toBeInTheDocument();
    await userEvent.click(selectShown);
    expect(screen.getByRole("button", { name: "批准选中的 2 项" })).not.toHaveAttribute("aria-disabled");

    await userEvent.click(screen.getByRole("button", { name: "加载更多" }));
    await waitFor(() => expect(screen.getAllByTestId("match-card")).toHaveLength(3));
    const cards = screen.getAllByTestId("match-card");
    expect(cards.map((c) => c.querySelector("h3")?.textContent)).toEqual(["图书角建设", "体育器材", "冬季校服"]);
    // Those selected stay selected; the whole queue is shown now.
    expect(within(cards[0]).getByRole("checkbox", { name: /选择/ })).toBeChecked();
    expect(within(cards[2]).getByRole("checkbox", { name: /选择/ })).not.toBeChecked();
    expect(screen.getByText("已显示全部。")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "全选" }));
    await userEvent.click(screen.getByRole("button", { name: "批准选中的 3 项" }));
    expect(sent("ApproveMatches")[0].input).toEqual({ ids: QUEUE.map((m) => m.id), idempotencyKey: expect.any(String) });
    expect(sent("WebMatches", "query").every((v) => v.first === 50)).toBe(true);
  });

  it("keeps a failure's card when the match is still waiting on a page not read yet, instead of calling it gone", async () => {
    const older = { ...match(1, "图书角建设"), createdAt: "2026-11-01T00:00:00+00:00" };
    // Accepted meanwhile, newer: a whole page of them comes before the failed one.
    const newer = Array.from({ length: 50 }, (_, k) => ({ ...match(100 + k, `新需求${k}`), createdAt: "2026-11-05T00:00:00+00:00" }));
    let rows = [older];
    official([], {}, {
      more: {
        WebMatches: (v) => ({ data: { matches: page(rows, v, [...newer, older]) } }),
        ApproveMatches: () => {
          rows = [...newer, older];
          return { data: { approveMatches: { matches: [], errors: [{ field: "ids.0", code: "OVER_ALLOCATED", message: "The pledge no longer has enough left." }] } } };
        },
      },
    });
    await screen.findByTestId("match-card");
    await userEvent.click(screen.getByLabelText("全选"));
    await userEvent.click(screen.getByRole("button", { name: "批准选中的 1 项" }));

    expect(await screen.findByText(/已批准 0 项，1 项未能批准。/)).toBeInTheDocument();
    // The failed one is no longer on the first page: the second is read to find it.
    await waitFor(() => expect(screen.getAllByTestId("match-card")).toHaveLength(51));
    const card = screen.getAllByTestId("match-card").find((c) => c.textContent?.includes("图书角建设"))!;
    expect(within(card).getByTestId("match-failure")).toHaveTextContent("未能处理：认捐剩余的数量或金额已不够");
    expect(within(card).getByRole("checkbox", { name: /选择/ })).toBeChecked();
    expect(screen.queryByTestId("match-gone")).not.toBeInTheDocument();
    expect(screen.getByText("这些对接仍保持选中，原因也显示在各自的卡片上。")).toBeInTheDocument();
  });

  it("decides at most 100 at once, and says so when more are selected", async () => {
    const many = Array.from({ length: 110 }, (_, k) => match(k + 1, `需求${k + 1}`));
    official([], {}, { more: { WebMatches: (v) => ({ data: { matches: page(many, { ...v, first: 60 }) } }) } });
    await screen.findAllByTestId("match-card");
    await userEvent.click(screen.getByRole("button", { name: "加载更多" }));
    await waitFor(() => expect(screen.getAllByTestId("match-card")).toHaveLength(110));
    await userEvent.click(screen.getByRole("checkbox", { name: "全选" }));
    expect(screen.getByRole("button", { name: "批准选中的 110 项" })).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByRole("button", { name: "驳回选中的 110 项" })).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByText("一次最多批量处理 100 项，当前选中 110 项：请减少选择。")).toBeInTheDocument();
    await userEvent.click(within(screen.getAllByTestId("match-card")[0]).getByRole("checkbox", { name: /选择/ }));
    await userEvent.click(within(screen.getAllByTestId("match-card")[1]).getByRole("checkbox", { name: /选择/ }));
    expect(screen.queryByText(/一次最多批量处理/)).toHaveTextContent("当前选中 108 项");
  });
});

describe("a match that moved on meanwhile", () => {
  // Five basketballs needed; two accepted offers of four each: approving one cancels the other.
  const ball = (n: number) => ({
    ...match(n, "体育器材"),
    itemQuantity: 4,
    pledgeQuantity: 4,
    donor: { id: `UGFydHk6${n}`, name: n === 1 ? "体育用品店" : "桃农合作社", kind: "SPECIALTY_STORE", verifiedAt: null },
    needItem: { id: "TmVlZEl0ZW06OQ", description: "篮球", unit: "个", quantity: 5, remainingQuantity: 5 },
  });
  const BALLS = [ball(1), ball(2)];

  it("says why a bulk approval refused one, in the reader's words, and keeps its card as promised", async () => {
    official(
      BALLS,
      {
        ApproveMatches: (v) => {
          const ids = (v.input as { ids: string[] }).ids;
          return {
            data: {
              approveMatches: {
                matches: [{ id: ids[0], status: "APPROVED" }],
                errors: [
                  {
                    field: "ids.1",
                    code: "STALE",
                    message: "The match is CANCELLED (The need item has been cancelled: the item needs only 1 more.); it can no longer be approved.",
                  },
                ],
              },
            },
          };
        },
      },
      // The refused one was cancelled: it leaves the queue with the approved one.
      { leave: [BALLS[1].id] },
    );
    await screen.findAllByTestId("match-card");
    await userEvent.click(screen.getByLabelText("全选"));
    await userEvent.click(screen.getByRole("button", { name: "批准选中的 2 项" }));

    expect(await screen.findByText(/已批准 1 项，1 项未能批准。/)).toBeInTheDocument();
    const summary = screen.getByTestId("bulk-failures");
    expect(summary).toHaveTextContent("“体育器材”：在此期间已由他人处理，或已被取消");
    expect(summary).not.toHaveTextContent("请刷新");
    // The queue is empty now, but the refused one keeps its card with the reason, as the notice says.
    await waitFor(() => expect(screen.queryAllByTestId("match-card")).toHaveLength(0));
    const gone = screen.getByTestId("match-gone");
    expect(gone).toHaveTextContent("体育器材");
    expect(gone).toHaveTextContent("桃农合作社");
    expect(within(gone).getByTestId("match-failure")).toHaveTextContent("未能处理：在此期间已由他人处理，或已被取消");
    expect(gone).toHaveTextContent("已不在待审批列表中，无需再处理。");
    expect(screen.getByText(/其中 1 项已不在待审批列表中/)).toBeInTheDocument();
    expect(screen.queryByText("这些对接仍保持选中，原因也显示在各自的卡片上。")).not.toBeInTheDocument();
  });

  it("says another official decided it first, and refreshes the queue", async () => {
    let open = [BALLS[0]];
    const { sent } = official([], {}, {
      more: {
        WebMatches: () => ({ data: { matches: { edges: open.map((node) => ({ cursor: node.id, node })), pageInfo: EMPTY.pageInfo } } }),
        // Another official approved it meanwhile: it cannot be rejected any more.
        RejectMatch: () => {
          open = [];
          return { data: { rejectMatch: { match: null, errors: [{ field: null, code: "INVALID_TRANSITION", message: "A match cannot go from APPROVED to REJECTED." }] } } };
        },
      },
    });
    const card = await screen.findByTestId("match-card");
    await userEvent.click(within(card).getByRole("button", { name: /^驳回 / }));
    await userEvent.type(within(card).getByLabelText("驳回理由"), "重复");
    await userEvent.click(within(card).getByRole("button", { name: /^确认驳回/ }));

    expect(sent("RejectMatch")).toHaveLength(1);
    expect(await screen.findByText("“体育器材”未能处理，列表已刷新： 已不在待审批状态，可能已由他人批准或驳回。")).toBeInTheDocument();
    expect(screen.queryByText("当前状态下不能这样操作。")).not.toBeInTheDocument();
    // The list was asked again, and the card is gone.
    await waitFor(() => expect(screen.queryByTestId("match-card")).not.toBeInTheDocument());
    expect(screen.getByText("辖区内没有待审批的对接。")).toBeInTheDocument();
  });
});

const REGIONS: Record<string, { code: string; name: string; nameEn: string }[]> = {
  "": [SHANDONG],
  "37": [TAIAN],
  "3709": [FEICHENG, XINTAI],
};

/** An official of 泰安市 (3709), with the API's answers for the rest of the page. */
function cityOfficial(more: Parameters<typeof mockClient>[0] = {}, extra?: React.ReactNode) {
  const me = { ...viewer([["GOV_OFFICIAL", { id: "UGFydHk6OQ", kind: "GOVERNMENT", name: "泰安市人民政府" }]]), jurisdictions: [{ ...TAIAN, level: 2 }] };
  const api = mockClient({
    WebMe: () => ({ data: { me } }),
    WebMatches: () => ({ data: { matches: { edges: [], pageInfo: EMPTY.pageInfo } } }),
    WebParties: () => ({ data: { parties: EMPTY } }),
    Regions: (v) => ({ data: { regions: (REGIONS[(v.parentCode as string | null) ?? ""] ?? []).map((r) => ({ ...r, id: r.code, level: r.code.length / 2, parentCode: null })) } }),
    WebMatchingRuns: () => ({ data: { matchingRuns: { edges: [], pageInfo: { hasNextPage: false } } } }),
    StartMatchingRun: (v) => ({
      data: { startMatchingRun: { run: { id: "UnVuOjk", regionCode: (v.input as { regionCode: string }).regionCode, dryRun: true, status: "QUEUED", progress: 0 }, errors: [] } },
    }),
    MatchingRunProgress: () => ({
      data: { matchingRunProgress: { id: "UnVuOjk", status: "RUNNING", stage: "solving", progress: 40, partsTotal: 2, partsDone: 1, proposalsCount: 0, error: null } },
    }),
    ...more,
  });
  renderPage(api.client, { path: "/official", routes: { "/official": <OfficialPage /> }, extra });
  return api;
}

describe("a matching run started by an official", () => {
  it("covers the jurisdiction or a county in it, dry or not, and shows its progress live", async () => {
    const { sent } = cityOfficial();
    const section = within(await screen.findByRole("region", { name: "运行智能匹配" }));
    expect(section.getByText("匹配范围：泰安市")).toBeInTheDocument();
    // Nothing above the jurisdiction to choose.
    expect(section.queryByLabelText("省份", { exact: true })).not.toBeInTheDocument();
    await userEvent.click(section.getByRole("button", { name: "开始匹配" }));
    expect(sent("StartMatchingRun")[0].input).toMatchObject({ regionCode: "3709", dryRun: false });

    await userEvent.selectOptions(await section.findByLabelText("区县", { exact: true }), "370983");
    await userEvent.click(section.getByLabelText("仅试算，不保存对接建议"));
    await userEvent.click(section.getByRole("button", { name: "开始匹配" }));
    expect(sent("StartMatchingRun")[1].input).toMatchObject({ regionCode: "370983", dryRun: true });
    const progress = await section.findByTestId("run-progress");
    expect(progress).toHaveTextContent("运行中 阶段：计算中 · 已算完 1/2 部分");
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "40");
  });

  it("shows the server's refusal of the region beside it", async () => {
    cityOfficial({
      StartMatchingRun: () => ({
        data: { startMatchingRun: { run: null, errors: [{ field: "regionCode", code: "FORBIDDEN", message: "The region is outside your jurisdiction." }] } },
      }),
    });
    const section = within(await screen.findByRole("region", { name: "运行智能匹配" }));
    await userEvent.click(section.getByRole("button", { name: "开始匹配" }));
    expect(await section.findByText("您无权执行此操作。")).toBeInTheDocument();
  });
});

describe("the jurisdiction's region", () => {
  it("is named in Chinese, and in English once chosen: the queue's heading, its cards, the parties and the run", async () => {
    const party = { id: "UGFydHk6MTE", name: "桃农合作社", kind: "MICROENTERPRISE", verifiedAt: null, region: FEICHENG };
    cityOfficial(
      {
        WebMatches: () => ({ data: { matches: { edges: [{ cursor: "c1", node: match(1, "图书角建设") }], pageInfo: EMPTY.pageInfo } } }),
        WebParties: () => ({ data: { parties: { ...EMPTY, edges: [{ cursor: party.id, node: party }] } } }),
      },
      <LanguageSwitch />,
    );
    const queue = await screen.findByRole("region", { name: "待审批的对接（泰安市）" });
    expect(within(queue).getByRole("heading", { level: 2 })).toHaveTextContent("待审批的对接（泰安市）");
    expect(await within(queue).findByText(wholeText("肥城市边院镇希望小学 · 肥城市"))).toBeInTheDocument();
    const parties = await screen.findByTestId("parties");
    expect(parties).toHaveTextContent("桃农合作社 · 小微企业 肥城市");
    const run = within(screen.getByRole("region", { name: "运行智能匹配" }));
    expect(run.getByText("匹配范围：泰安市")).toBeInTheDocument();
    expect(await within(await run.findByLabelText("区县", { exact: true })).findByRole("option", { name: "肥城市" })).toBeInTheDocument();

    await switchToEnglish();
    const english = screen.getByRole("region", { name: "Matches awaiting approval (Tai'an City)" });
    expect(within(english).getByRole("heading", { level: 2 })).toHaveTextContent("Matches awaiting approval (Tai'an City)");
    expect(within(english).getByText(wholeText("肥城市边院镇希望小学 · Feicheng City"))).toBeInTheDocument();
    // The school's name, as typed, is read as Chinese among the English words.
    expect(within(english).getByText("肥城市边院镇希望小学")).toHaveAttribute("lang", "zh-CN");
    expect(parties).toHaveTextContent("桃农合作社 · Microenterprise Feicheng City");
    const englishRun = within(screen.getByRole("region", { name: "Run matching" }));
    expect(englishRun.getByText("Region: Tai'an City")).toBeInTheDocument();
    expect(englishRun.getAllByRole("option").map((o) => o.textContent)).toEqual(["All", "Feicheng City", "Xintai City"]);
  });
});

describe("verifying a party", () => {
  it("shows more parties on asking, then asks to narrow the list", async () => {
    const parties = Array.from({ length: 120 }, (_, k) => ({
      id: `UGFydHk6${k}`,
      name: `合作社${k}`,
      kind: "MICROENTERPRISE",
      verifiedAt: null,
      region: FEICHENG,
    }));
    cityOfficial({
      WebParties: (v) => ({
        data: {
          parties: {
            edges: parties.slice(0, v.first as number).map((node) => ({ cursor: node.id, node })),
            pageInfo: { ...EMPTY.pageInfo, hasNextPage: parties.length > (v.first as number) },
          },
        },
      }),
    });
    expect(await screen.findByRole("button", { name: "核验 合作社49" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "核验 合作社50" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "显示更多参与方" }));
    expect(await screen.findByRole("button", { name: "核验 合作社99" })).toBeInTheDocument();
    expect(screen.getByText("还有更多参与方：请用类型或名称筛选缩小范围。")).toBeInTheDocument();
  });


  it("keeps its notice in the language chosen after it appeared", async () => {
    const party = { id: "UGFydHk6MTE", name: "桃农合作社", kind: "MICROENTERPRISE", verifiedAt: null, region: FEICHENG };
    let verified = false;
    cityOfficial(
      {
        WebParties: () => ({
          data: { parties: { ...EMPTY, edges: verified ? [] : [{ cursor: party.id, node: party }] } },
        }),
        VerifyParty: () => {
          verified = true;
          return { data: { verifyParty: { party: { ...party, verifiedAt: "2026-11-02T00:00:00+00:00" }, errors: [] } } };
        },
      },
      <LanguageSwitch />,
    );
    await userEvent.click(await screen.findByRole("button", { name: "核验 桃农合作社" }));
    // It cannot be undone, so it asks first; "not now" leaves it unverified.
    expect(screen.getByText("确认已核实「桃农合作社」的身份和资料？核验后不能撤销。")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "先不核验" }));
    expect(verified).toBe(false);
    // Escape says "not now" too.
    await userEvent.click(screen.getByRole("button", { name: "核验 桃农合作社" }));
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("button", { name: "确认核验 桃农合作社" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "核验 桃农合作社" }));
    await userEvent.click(screen.getByRole("button", { name: "确认核验 桃农合作社" }));
    expect(await screen.findByText("已核验：桃农合作社")).toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByText(wholeText("Verified: 桃农合作社"))).toBeInTheDocument();
    expect(screen.queryByText("已核验：桃农合作社")).not.toBeInTheDocument();
  });
});

/** The queue's section, where its live regions are (empty ones are on the page always). */
const queueSection = () => screen.getByRole("region", { name: "待审批的对接（肥城市）" });

describe("keyboard focus in the queue", () => {
  it("takes focus into a card's reason form, and back to its 驳回 when cancelled", async () => {
    official(QUEUE, {});
    const card = (await screen.findAllByTestId("match-card"))[0];
    await userEvent.click(within(card).getByRole("button", { name: /^驳回/ }));
    expect(within(card).getByLabelText("驳回理由")).toHaveFocus();
    await userEvent.click(within(card).getByRole("button", { name: "取消" }));
    expect(within(card).getByRole("button", { name: /^驳回/ })).toHaveFocus();
  });

  it("takes focus into the bulk reason form, and back to its button when cancelled", async () => {
    official(QUEUE, {});
    await screen.findAllByTestId("match-card");
    await userEvent.click(screen.getByLabelText("全选"));
    await userEvent.click(screen.getByRole("button", { name: "驳回选中的 3 项" }));
    expect(screen.getByLabelText("驳回理由（用于选中的 3 项）")).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "取消" }));
    expect(screen.getByRole("button", { name: "驳回选中的 3 项" })).toHaveFocus();
  });

  it("closes a card's reason form and the bulk one with Escape, focus back on the button that opened it", async () => {
    const { sent } = official(QUEUE, {});
    const card = (await screen.findAllByTestId("match-card"))[0];
    await userEvent.click(within(card).getByRole("button", { name: /^驳回/ }));
    await userEvent.type(within(card).getByLabelText("驳回理由"), "重复{Escape}");
    expect(within(card).queryByLabelText("驳回理由")).not.toBeInTheDocument();
    expect(within(card).getByRole("button", { name: /^驳回/ })).toHaveFocus();

    await userEvent.click(screen.getByLabelText("全选"));
    await userEvent.click(screen.getByRole("button", { name: "驳回选中的 3 项" }));
    expect(screen.getByLabelText("驳回理由（用于选中的 3 项）")).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByLabelText("驳回理由（用于选中的 3 项）")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "驳回选中的 3 项" })).toHaveFocus();
    expect(sent("RejectMatch")).toHaveLength(0);
    expect(sent("RejectMatches")).toHaveLength(0);
  });

  it("takes focus to the reason when a bulk rejection is refused for want of one", async () => {
    official(QUEUE, {
      RejectMatches: () => ({ data: { rejectMatches: { matches: [], errors: [{ field: "reason", code: "REQUIRED", message: "reason is required." }] } } }),
    });
    await screen.findAllByTestId("match-card");
    await userEvent.click(screen.getByLabelText("全选"));
    await userEvent.click(screen.getByRole("button", { name: "驳回选中的 3 项" }));
    const reason = screen.getByLabelText("驳回理由（用于选中的 3 项）");
    await userEvent.click(screen.getByRole("button", { name: "确认驳回" }));
    await waitFor(() => expect(reason).toHaveAttribute("aria-invalid", "true"));
    expect(reason).toHaveFocus();
  });

  it("takes focus to what was decided once an approved card has left the queue", async () => {
    let open = [QUEUE[0]];
    official([], {}, {
      more: {
        WebMatches: () => ({ data: { matches: { edges: open.map((node) => ({ cursor: node.id, node })), pageInfo: EMPTY.pageInfo } } }),
        ApproveMatch: () => {
          open = [];
          return { data: { approveMatch: { match: { id: QUEUE[0].id, status: "APPROVED" }, errors: [] } } };
        },
      },
    });
    const card = await screen.findByTestId("match-card");
    await userEvent.click(within(card).getByRole("button", { name: /^批准/ }));
    await waitFor(() => expect(screen.queryByTestId("match-card")).not.toBeInTheDocument());
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toHaveTextContent("已批准。 图书角建设");
  });

  it("takes focus to what a bulk approval did, the approve button having nothing left to approve", async () => {
    official(QUEUE, {
      ApproveMatches: (v) => ({ data: { approveMatches: { matches: (v.input as { ids: string[] }).ids.map((id) => ({ id, status: "APPROVED" })), errors: [] } } }),
    });
    await screen.findAllByTestId("match-card");
    await userEvent.click(screen.getByLabelText("全选"));
    await userEvent.click(screen.getByRole("button", { name: "批准选中的 3 项" }));
    await within(queueSection()).findByText(/已批准 3 项，0 项未能批准。/);
    // Not on <body>, nor on the approve button (in a browser, a button disabled while focused
    // drops its focus to <body>).
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toHaveTextContent("已批准 3 项，0 项未能批准。");
  });

  it("renders the queue's live regions before there is anything to say, then fills them", async () => {
    official(QUEUE, {
      ApproveMatches: (v) => ({ data: { approveMatches: { matches: (v.input as { ids: string[] }).ids.map((id) => ({ id, status: "APPROVED" })), errors: [] } } }),
    });
    await screen.findAllByTestId("match-card");
    const status = within(queueSection()).getAllByRole("status").find((r) => r.textContent === "" && !r.id)!;
    expect(status).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText("全选"));
    await userEvent.click(screen.getByRole("button", { name: "批准选中的 3 项" }));
    await waitFor(() => expect(status).toHaveTextContent("已批准 3 项"));
  });
});

describe("the same controls on every card", () => {
  it("are told apart by the match they are about, even two offers to one need", async () => {
    // Another donor's offer to the same need.
    const shelves = { ...match(4, "图书角建设"), donor: { id: "UGFydHk6Mg", name: "书店", kind: "SPECIALTY_STORE", verifiedAt: null } };
    official([QUEUE[0], shelves, QUEUE[1]], {});
    const cards = await screen.findAllByTestId("match-card");
    for (const role of ["批准", "驳回"]) {
      const names = cards.map((c) => within(c).getByRole("button", { name: new RegExp(`^${role} `) }).textContent);
      expect(new Set(names).size).toBe(3);
    }
    const boxes = cards.map((c) => within(c).getByRole("checkbox"));
    const names = boxes.map((b) => screen.getByRole("checkbox", { name: b.closest("label")!.textContent! }));
    expect(new Set(names).size).toBe(3);
    expect(within(cards[1]).getByRole("button", { name: "批准 图书角建设 · 书架 · 助学金 · 书店" })).toBeInTheDocument();
  });
});

describe("the idempotency key of a bulk decision", () => {
  it("is sent with each, the same on a retry after a lost answer, and new for the next decision", async () => {
    let lost = true;
    const { sent } = official(QUEUE, {}, {
      more: {
        ApproveMatches: (v) => {
          if (lost) {
            lost = false;
            return { error: new CombinedError({ networkError: new Error("offline") }) };
          }
          const ids = (v.input as { ids: string[] }).ids;
          return { data: { approveMatches: { matches: [], errors: ids.map((_, i) => ({ field: `ids.${i}`, code: "OVER_ALLOCATED", message: "" })) } } };
        },
        RejectMatches: () => ({ error: new CombinedError({ networkError: new Error("offline") }) }),
      },
    });
    await screen.findAllByTestId("match-card");
    await userEvent.click(screen.getByLabelText("全选"));
    const approve = screen.getByRole("button", { name: "批准选中的 3 项" });
    await userEvent.click(approve);
    await within(queueSection()).findByText(/无法连接|网络/);
    // Pressed again: the same decision, the same key.
    await userEvent.click(approve);
    await within(queueSection()).findByText(/已批准 0 项，3 项未能批准。/);
    // Answered: pressing again (the same three stay selected) is a new decision.
    await userEvent.click(screen.getByRole("button", { name: "批准选中的 3 项" }));
    const keys = sent("ApproveMatches").map((v) => (v.input as { idempotencyKey?: string }).idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toEqual(expect.any(String));
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);

    // A rejection: its own key, kept on a retry, new with another reason.
    await userEvent.click(screen.getByRole("button", { name: "驳回选中的 3 项" }));
    await userEvent.type(screen.getByLabelText("驳回理由（用于选中的 3 项）"), "重复");
    await userEvent.click(screen.getByRole("button", { name: "确认驳回" }));
    await waitFor(() => expect(sent("RejectMatches")).toHaveLength(1));
    await userEvent.click(screen.getByRole("button", { name: "确认驳回" }));
    await waitFor(() => expect(sent("RejectMatches")).toHaveLength(2));
    await userEvent.type(screen.getByLabelText("驳回理由（用于选中的 3 项）"), "的认捐");
    await userEvent.click(screen.getByRole("button", { name: "确认驳回" }));
    await waitFor(() => expect(sent("RejectMatches")).toHaveLength(3));
    const rejects = sent("RejectMatches").map((v) => v.input as { idempotencyKey?: string; reason: string });
    expect(rejects[0].idempotencyKey).toEqual(expect.any(String));
    expect(rejects[1].idempotencyKey).toBe(rejects[0].idempotencyKey);
    expect(rejects[2].reason).toBe("重复的认捐");
    expect(rejects[2].idempotencyKey).not.toBe(rejects[0].idempotencyKey);
    expect(new Set([...keys, rejects[0].idempotencyKey]).size).toBe(3);
  });
});

describe("keyboard focus when verifying a party", () => {
  const party = { id: "UGFydHk6MTE", name: "桃农合作社", kind: "MICROENTERPRISE", verifiedAt: null, region: FEICHENG };

  it("goes back to 核验 after 先不核验 or Escape, and to the result once verified", async () => {
    let verified = false;
    cityOfficial({
      WebParties: () => ({ data: { parties: { ...EMPTY, edges: verified ? [] : [{ cursor: party.id, node: party }] } } }),
      VerifyParty: () => {
        verified = true;
        return { data: { verifyParty: { party: { ...party, verifiedAt: "2026-11-02T00:00:00+00:00" }, errors: [] } } };
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "核验 桃农合作社" }));
    expect(screen.getByRole("button", { name: "确认核验 桃农合作社" })).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "先不核验" }));
    expect(screen.getByRole("button", { name: "核验 桃农合作社" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(screen.getByRole("button", { name: "确认核验 桃农合作社" })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.getByRole("button", { name: "核验 桃农合作社" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByRole("button", { name: /核验 桃农合作社/ })).not.toBeInTheDocument());
    expect(document.activeElement).toHaveTextContent("已核验：桃农合作社");
  });
});
