import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FEICHENG, TAIAN, XINTAI } from "../test/fixtures";
import { mockClient, renderPage, switchToEnglish } from "../test/mockClient";
import { LanguageSwitch } from "./Layout";
import { MatchingRun } from "./MatchingRun";

const TOO_LARGE =
  "The flow network would have more than 10 arcs, more than this server solves at once. Run matching for smaller regions (a province, or a city) instead.";
const RESTARTED = "The server restarted before the run finished; start the run again.";
const FAILED = "The run failed; the operators have the details in the server log.";

/** A run over 肥城市 started from the page, which fails with `failure` and `error`. */
async function failedRun(failure: string, error: string) {
  const api = mockClient({
    WebMatchingRuns: () => ({ data: { matchingRuns: { edges: [], pageInfo: { hasNextPage: false } } } }),
    StartMatchingRun: () => ({
      data: { startMatchingRun: { run: { id: "UnVuOjk", regionCode: "370983", dryRun: false, status: "QUEUED", progress: 0 }, errors: [] } },
    }),
    MatchingRunProgress: () => ({
      data: { matchingRunProgress: { id: "UnVuOjk", status: "FAILED", stage: "failed", progress: 0, partsTotal: 1, partsDone: 0, proposalsCount: 0, error, failure } },
    }),
  });
  renderPage(api.client, {
    path: "/",
    routes: { "/": <MatchingRun within={[FEICHENG]} /> },
    extra: <LanguageSwitch />,
  });
  await userEvent.click(screen.getByRole("button", { name: "开始匹配" }));
  return within(await screen.findByTestId("run-progress"));
}

describe("a failed matching run", () => {
  it("says why in Chinese to Chinese readers, and the server's words to English ones", async () => {
    const progress = await failedRun("TOO_LARGE", TOO_LARGE);
    const notice = progress.getByRole("alert");
    expect(notice).toHaveTextContent("匹配运行失败：这个范围太大，服务器无法一次算完。请改为按较小的区域（如其中的城市或区县）分别运行。");
    expect(notice).not.toHaveTextContent(/flow network/);
    await switchToEnglish();
    expect(progress.getByRole("alert")).toHaveTextContent(`The run failed: ${TOO_LARGE}`);
  });

  it("says a restart, or any other failure, without English", async () => {
    const restarted = await failedRun("RESTARTED", RESTARTED);
    expect(restarted.getByRole("alert")).toHaveTextContent("匹配运行失败：服务器在运行结束前重启了，请重新开始匹配。");
  });

  it("words a run that timed out, or found the queue down, by its code", async () => {
    const timedOut = await failedRun("TIMED_OUT", "The run did not finish in time; start it again.");
    expect(timedOut.getByRole("alert")).toHaveTextContent("匹配运行失败：运行没有在限定时间内完成，请重新开始匹配。");
  });

  it("explains a failure it cannot tell apart in general words", async () => {
    const progress = await failedRun("INTERNAL", FAILED);
    const notice = progress.getByRole("alert");
    expect(notice).toHaveTextContent("匹配运行失败，请稍后重试；如果一再失败，请联系平台管理员。");
    expect(notice).not.toHaveTextContent(/[A-Za-z]/);
  });
});

describe("a run's progress", () => {
  it("makes only a short status and stage live, not the whole panel with its bar", async () => {
    const api = mockClient({
      WebMatchingRuns: () => ({ data: { matchingRuns: { edges: [], pageInfo: { hasNextPage: false } } } }),
      StartMatchingRun: () => ({
        data: { startMatchingRun: { run: { id: "UnVuOjk", regionCode: "370983", dryRun: false, status: "QUEUED", progress: 0 }, errors: [] } },
      }),
      MatchingRunProgress: () => ({
        data: { matchingRunProgress: { id: "UnVuOjk", status: "RUNNING", stage: "solving", progress: 40, partsTotal: 5, partsDone: 2, proposalsCount: 7, error: null, failure: null } },
      }),
    });
    renderPage(api.client, { path: "/", routes: { "/": <MatchingRun within={[FEICHENG]} /> } });
    await userEvent.click(screen.getByRole("button", { name: "开始匹配" }));
    const panel = await screen.findByTestId("run-progress");
    expect(panel).not.toHaveAttribute("aria-live");
    const bar = within(panel).getByRole("progressbar");
    expect(bar.closest("[aria-live], [role=status], [role=alert]")).toBeNull();
    const live = within(panel).getByTestId("run-stage");
    expect(live).toHaveAttribute("role", "status");
    expect(live).toHaveTextContent("运行中 · 阶段：计算中");
    expect(live).not.toHaveTextContent(/部分|对接建议/);
  });
});

describe("the region of a run", () => {
  it("ties a refusal of a county-level jurisdiction to the group, its choice marked invalid", async () => {
    const api = mockClient({
      WebMatchingRuns: () => ({ data: { matchingRuns: { edges: [], pageInfo: { hasNextPage: false } } } }),
      StartMatchingRun: () => ({
        data: { startMatchingRun: { run: null, errors: [{ field: "regionCode", code: "FORBIDDEN", message: "Not your jurisdiction." }] } },
      }),
    });
    const within2 = [FEICHENG, XINTAI];
    renderPage(api.client, { path: "/", routes: { "/": <MatchingRun within={within2} /> } });
    await userEvent.click(screen.getByRole("button", { name: "开始匹配" }));
    const group = await screen.findByRole("group", { name: "匹配范围" });
    const error = await within(group).findByText("您无权执行此操作。");
    expect(group).toHaveAttribute("aria-describedby", error.id);
    expect(group).toHaveAccessibleDescription("您无权执行此操作。");
    const jurisdiction = within(group).getByLabelText("管辖区域");
    expect(jurisdiction).toHaveAttribute("aria-invalid", "true");
    expect(jurisdiction).toHaveAccessibleDescription("您无权执行此操作。");
    expect(jurisdiction).toHaveFocus();
  });
});

/** A finished run over 肥城市 as the recent runs list has it. */
function finishedRun(extra: Record<string, unknown> = {}) {
  return {
    id: "UnVuOjE",
    regionCode: "370983",
    region: { ...FEICHENG, parent: TAIAN },
    dryRun: false,
    status: "SUCCEEDED",
    stage: "done",
    partsTotal: 2,
    proposalsCount: 28,
    proposedValueFen: 1234500,
    unfundedCount: 0,
    createdAt: "2026-11-20T02:00:00+00:00",
    ...extra,
  };
}

function recentRuns(runs: unknown[], more: Parameters<typeof mockClient>[0] = {}) {
  const api = mockClient({
    WebMatchingRuns: () => ({ data: { matchingRuns: { edges: runs.map((node) => ({ node })), pageInfo: { hasNextPage: false } } } }),
    ...more,
  });
  renderPage(api.client, { path: "/", routes: { "/": <MatchingRun within={[FEICHENG]} /> }, extra: <LanguageSwitch /> });
  return api;
}

describe("what a finished run left unfunded", () => {
  const UNFUNDED = [
    {
      pointsShort: 1,
      needItem: {
        id: "TmVlZEl0ZW06MQ",
        description: "书架",
        need: { id: "TmVlZDox", title: "图书角建设", school: { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学" }, region: { ...FEICHENG, parent: TAIAN } },
      },
    },
    {
      pointsShort: 40,
      needItem: {
        id: "TmVlZEl0ZW06Mg",
        description: "篮球架",
        need: { id: "TmVlZDoy", title: "体育器材", school: { id: "U2Nob29sOjI", name: "新泰市希望小学" }, region: { ...XINTAI, parent: TAIAN } },
      },
    },
  ];

  it("counts the items, and lists the closest misses first once opened, with need, school, place and the points short", async () => {
    const { sent } = recentRuns([finishedRun({ unfundedCount: 12 })], {
      WebRunUnfunded: (v) => ({ data: { node: { __typename: "MatchingRun", id: v.id, unfundedCount: 12, unfunded: UNFUNDED } } }),
    });
    const summary = await screen.findByText("未获分配的物资：12 项");
    expect(summary.tagName).toBe("SUMMARY");
    // Not read until it is opened.
    expect(sent("WebRunUnfunded", "query")).toHaveLength(0);
    await userEvent.click(summary);
    const list = summary.closest("details")!.querySelector("ol")!;
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(2));
    const [first, second] = within(list).getAllByRole("listitem");
    expect(first).toHaveTextContent("书架 · 图书角建设 · 肥城市边院镇希望小学 · 泰安市 肥城市差 1 分未获分配");
    expect(within(first).getByRole("link", { name: "图书角建设" })).toHaveAttribute("href", "/needs/TmVlZDox");
    expect(second).toHaveTextContent("篮球架 · 体育器材 · 新泰市希望小学 · 泰安市 新泰市差 40 分未获分配");
    expect(screen.getByText("还有 10 项未列出。")).toBeInTheDocument();
    expect(sent("WebRunUnfunded", "query")[0]).toMatchObject({ id: "UnVuOjE", first: 10 });

    await switchToEnglish();
    expect(screen.getByText("Items left unfunded: 12")).toBeInTheDocument();
    expect(first).toHaveTextContent("1 point short of being funded");
    expect(second).toHaveTextContent("40 points short of being funded");
    expect(second).toHaveTextContent("Xintai City, Tai'an City");
    expect(within(first).getByText("肥城市边院镇希望小学")).toHaveAttribute("lang", "zh-CN");
    expect(within(first).getByText("书架")).toHaveAttribute("lang", "zh-CN");
  });

  it("says plainly when nothing was left unfunded, or when the region had nothing to match", async () => {
    recentRuns([finishedRun({ id: "UnVuOjE" }), finishedRun({ id: "UnVuOjI", partsTotal: 0, proposalsCount: 0, proposedValueFen: 0 }), finishedRun({ id: "UnVuOjM", status: "FAILED" })]);
    expect(await screen.findByText("没有未获分配的物资：符合条件的物资都已获得分配。")).toBeInTheDocument();
    expect(screen.getByText("该区域没有可匹配的需求或认捐。")).toBeInTheDocument();
    // A failed run has nothing to say of it.
    expect(screen.getAllByText(/未获分配|没有可匹配/)).toHaveLength(2);
    expect(screen.queryByText(/^未获分配的物资：/)).not.toBeInTheDocument();
  });
});

describe("a finished run's progress", () => {
  async function finished(partsTotal: number, proposalsCount: number) {
    recentRuns([], {
      StartMatchingRun: () => ({
        data: { startMatchingRun: { run: { id: "UnVuOjk", regionCode: "370983", dryRun: false, status: "QUEUED", progress: 0 }, errors: [] } },
      }),
      MatchingRunProgress: () => ({
        data: { matchingRunProgress: { id: "UnVuOjk", status: "SUCCEEDED", stage: "done", progress: 100, partsTotal, partsDone: partsTotal, proposalsCount, error: null, failure: null } },
      }),
    });
    await userEvent.click(screen.getByRole("button", { name: "开始匹配" }));
    return screen.findByTestId("run-progress");
  }

  it("says the parts done in plain English", async () => {
    const panel = await finished(1, 3);
    expect(panel).toHaveTextContent("已算完 1/1 部分 · 生成对接建议 3 条");
    await switchToEnglish();
    expect(panel).toHaveTextContent("Parts done: 1 of 1 · 3 proposals made");
    expect(panel).not.toHaveTextContent(/1 of 1 parts/);
  });

  it("says the region had nothing to match when there were no parts, not 0/0", async () => {
    const panel = await finished(0, 0);
    expect(panel).toHaveTextContent("该区域没有可匹配的需求或认捐。");
    expect(panel).not.toHaveTextContent(/0\/0|匹配完成/);
    await switchToEnglish();
    expect(panel).toHaveTextContent("The region had nothing to match");
  });
});
