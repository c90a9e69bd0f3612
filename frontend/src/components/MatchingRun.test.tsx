import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FEICHENG, XINTAI } from "../test/fixtures";
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
