import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { LanguageSwitch } from "../components/Layout";
import { FEICHENG, HUBEI, SHANDONG, TAIAN } from "../test/fixtures";
import { mockClient, renderPage, switchToEnglish, viewer } from "../test/mockClient";
import { wholeText } from "../test/text";
import AdminPage from "./AdminPage";

const REGIONS: Record<string, { code: string; name: string; nameEn: string }[]> = {
  "": [SHANDONG, HUBEI],
  "37": [TAIAN],
  "3709": [FEICHENG],
};

function admin(runs: unknown[] = [], more: Parameters<typeof mockClient>[0] = {}) {
  const api = mockClient({
    WebMe: () => ({ data: { me: viewer([["PLATFORM_ADMIN", { id: "UGFydHk6MA", kind: "NGO", name: "平台" }]]) } }),
    Regions: (v) => ({ data: { regions: (REGIONS[(v.parentCode as string | null) ?? ""] ?? []).map((r) => ({ ...r, id: r.code, level: r.code.length / 2, parentCode: null })) } }),
    WebMatchingRuns: (v) => ({
      data: { matchingRuns: { edges: runs.slice(0, v.first as number).map((node) => ({ node })), pageInfo: { hasNextPage: runs.length > (v.first as number) } } },
    }),
    StartMatchingRun: () => ({ data: { startMatchingRun: { run: { id: "UnVuOjk", regionCode: "37", dryRun: true, status: "QUEUED", progress: 0 }, errors: [] } } }),
    MatchingRunProgress: () => ({
      data: { matchingRunProgress: { id: "UnVuOjk", status: "SUCCEEDED", stage: "done", progress: 100, partsTotal: 1, partsDone: 1, proposalsCount: 3, error: null } },
    }),
    ...more,
  });
  renderPage(api.client, { path: "/admin", routes: { "/admin": <AdminPage /> }, extra: <LanguageSwitch /> });
  return api;
}

describe("starting a matching run", () => {
  it("asks for a province beside the select instead of sending a national run", async () => {
    const { sent } = admin();
    const province = await screen.findByLabelText("省份", { exact: true });
    // No "all of China" to choose.
    expect(within(province).queryByRole("option", { name: "全部" })).not.toBeInTheDocument();
    expect(screen.getByText("匹配按地区运行：请至少选择省份（也可以再选城市或区县）。")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "开始匹配" }));

    expect(sent("StartMatchingRun")).toHaveLength(0);
    expect(province).toHaveAttribute("aria-invalid", "true");
    expect(province).toHaveAccessibleDescription("请选择省份。");

    await userEvent.selectOptions(province, "37");
    expect(screen.getByLabelText("省份", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
    await userEvent.click(screen.getByLabelText("仅试算，不保存对接建议"));
    await userEvent.click(screen.getByRole("button", { name: "开始匹配" }));
    expect(sent("StartMatchingRun")[0].input).toMatchObject({ regionCode: "37", dryRun: true });
    // A finished run says so once: its status, not also its stage.
    const progress = await screen.findByTestId("run-progress");
    expect(progress).toHaveTextContent("已完成 已算完 1/1 部分 · 生成对接建议 3 条");
    expect(progress.textContent!.match(/已完成/g)).toHaveLength(1);
    expect(progress).not.toHaveTextContent("阶段");
    expect(progress).not.toHaveTextContent("done");
  });

  it("says what is missing or refused in the language chosen afterwards", async () => {
    admin([], {
      StartMatchingRun: () => ({
        data: {
          startMatchingRun: {
            run: null,
            errors: [
              { field: "regionCode", code: "NOT_FOUND", message: "No region 37." },
              { field: null, code: "FORBIDDEN", message: "Not allowed." },
            ],
          },
        },
      }),
    });
    await userEvent.click(await screen.findByRole("button", { name: "开始匹配" }));
    expect(screen.getByLabelText("省份", { exact: true })).toHaveAccessibleDescription("请选择省份。");
    await switchToEnglish();
    expect(screen.getByLabelText("Province", { exact: true })).toHaveAccessibleDescription("Please choose a province.");

    await userEvent.click(screen.getByRole("button", { name: /中文/ }));
    await userEvent.selectOptions(screen.getByLabelText("省份", { exact: true }), "37");
    await userEvent.click(screen.getByRole("button", { name: "开始匹配" }));
    const run = within(screen.getByRole("region", { name: "运行智能匹配" }));
    expect(await run.findByRole("alert")).toHaveTextContent("您无权执行此操作。");
    expect(screen.getByLabelText("省份", { exact: true })).toHaveAccessibleDescription("找不到对应的记录。");
    // Refused: focus on the region the refusal is about, its error read with it.
    expect(screen.getByLabelText("省份", { exact: true })).toHaveFocus();
    await switchToEnglish();
    expect(within(screen.getByRole("region", { name: "Run matching" })).getByRole("alert")).toHaveTextContent("You are not allowed to do this. Not allowed.");
    expect(screen.getByLabelText("Province", { exact: true })).toHaveAccessibleDescription("It cannot be found. No region 37.");
  });

  it("takes focus to the province when none is chosen, and keeps it on 开始匹配 while starting", async () => {
    // The start is never answered: the button stays busy.
    const { sent } = admin([], { StartMatchingRun: () => undefined });
    const start = await screen.findByRole("button", { name: "开始匹配" });
    await userEvent.click(start);
    const province = screen.getByLabelText("省份", { exact: true });
    expect(province).toHaveFocus();
    expect(province).toHaveAccessibleDescription("请选择省份。");

    await userEvent.selectOptions(province, "37");
    await userEvent.click(start);
    expect(start).toHaveAttribute("aria-disabled", "true");
    expect(start).not.toBeDisabled();
    expect(start).toHaveFocus();
    await userEvent.click(start);
    expect(sent("StartMatchingRun")).toHaveLength(1);
  });

  it("goes to the run's progress once started", async () => {
    admin();
    await userEvent.selectOptions(await screen.findByLabelText("省份", { exact: true }), "37");
    await userEvent.click(screen.getByRole("button", { name: "开始匹配" }));
    const progress = await screen.findByTestId("run-progress");
    await vi.waitFor(() => expect(document.activeElement).toContainElement(progress));
    expect(screen.getByRole("button", { name: "开始匹配" })).not.toHaveAttribute("aria-disabled");
  });

  it("names the region of recent runs rather than its code, in the language chosen", async () => {
    admin([
      {
        id: "UnVuOjE",
        regionCode: "3709",
        region: { ...TAIAN, parent: SHANDONG },
        dryRun: false,
        status: "SUCCEEDED",
        stage: "done",
        proposalsCount: 2,
        proposedValueFen: 700000,
        createdAt: "2026-11-30T08:00:00+00:00",
      },
    ]);
    const item = await screen.findByText(/山东省 泰安市/);
    expect(item).not.toHaveTextContent("3709");
    await switchToEnglish();
    expect(item).toHaveTextContent("Tai'an City, Shandong Province");
    expect(item).not.toHaveTextContent(/泰安市|山东省/);
  });

  it("offers the provinces, cities and counties by their names in the language chosen", async () => {
    admin();
    const province = await screen.findByLabelText("省份", { exact: true });
    expect(await within(province).findByRole("option", { name: "山东省" })).toBeInTheDocument();
    await userEvent.selectOptions(province, "37");
    await switchToEnglish();
    const options = (label: string) => within(screen.getByLabelText(label, { exact: true })).getAllByRole("option").map((o) => o.textContent);
    expect(options("Province")).toEqual(["Choose…", "Shandong Province", "Hubei Province"]);
    expect(await within(await screen.findByLabelText("City", { exact: true })).findByRole("option", { name: "Tai'an City" })).toBeInTheDocument();
  });

  it("shows the newest five runs, and earlier ones on asking", async () => {
    const runs = Array.from({ length: 8 }, (_, k) => ({
      id: `UnVuOj${k}`,
      regionCode: "370983",
      region: { code: "370983", name: `区县${k}`, nameEn: `County ${k}`, parent: null },
      dryRun: false,
      status: "SUCCEEDED",
      stage: "done",
      proposalsCount: k,
      proposedValueFen: 0,
      createdAt: "2026-11-30T08:00:00+00:00",
    }));
    admin(runs);
    expect(await screen.findByText(/区县4/)).toBeInTheDocument();
    expect(screen.queryByText(/区县5/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "显示更早的运行" }));
    expect(await screen.findByText(/区县7/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "显示更早的运行" })).not.toBeInTheDocument();
  });
});

describe("inviting a member", () => {
  it("says who was invited in the language chosen afterwards", async () => {
    admin([], {
      InviteMember: (v) => ({
        data: { inviteMember: { invitation: { email: (v.input as { email: string }).email }, errors: [] } },
      }),
    });
    await userEvent.type(await screen.findByLabelText("参与方 ID"), "UGFydHk6MQ");
    await userEvent.type(screen.getByLabelText("邮箱"), "staff@example.com");
    await userEvent.click(screen.getByRole("button", { name: "邀请成员" }));
    const section = within(screen.getByRole("region", { name: "邀请成员" }));
    const said = () => section.getAllByRole("status").map((status) => status.textContent);
    await waitFor(() => expect(said()).toContain("已邀请 staff@example.com，对方首次登录时生效。"));
    await switchToEnglish();
    expect(said()).toContain("Invited staff@example.com: it takes effect at their first login.");
  });

  it("takes focus to the first field to fix when nothing was typed, then to the message once sent", async () => {
    admin([], {
      InviteMember: (v) => ({
        data: { inviteMember: { invitation: { email: (v.input as { email: string }).email }, errors: [] } },
      }),
    });
    await userEvent.click(await screen.findByRole("button", { name: "邀请成员" }));
    // Not left on the button, where nothing is said: the field, its error read with it.
    const partyId = screen.getByLabelText("参与方 ID");
    expect(partyId).toHaveFocus();
    expect(partyId).toHaveAccessibleDescription(/请先在上面搜索并选择参与方。/);

    await userEvent.type(partyId, "UGFydHk6MQ");
    await userEvent.click(screen.getByRole("button", { name: "邀请成员" }));
    expect(screen.getByLabelText("邮箱")).toHaveFocus();

    await userEvent.type(screen.getByLabelText("邮箱"), "staff@example.com");
    await userEvent.click(screen.getByRole("button", { name: "邀请成员" }));
    const notice = await screen.findByText(wholeText("已邀请 staff@example.com，对方首次登录时生效。"));
    await vi.waitFor(() => expect(document.activeElement).toContainElement(notice));
  });

  it("keeps focus on 邀请成员 while the invitation is sent, without sending it twice", async () => {
    const { sent } = admin([], { InviteMember: () => undefined });
    await userEvent.type(await screen.findByLabelText("参与方 ID"), "UGFydHk6MQ");
    await userEvent.type(screen.getByLabelText("邮箱"), "staff@example.com");
    const button = screen.getByRole("button", { name: "邀请成员" });
    await userEvent.click(button);
    // Busy: said and shown as unavailable, but not disabled (which drops its focus in Chromium).
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).not.toBeDisabled();
    expect(button).toHaveFocus();
    await userEvent.click(button);
    await userEvent.type(screen.getByLabelText("邮箱"), "{Enter}");
    expect(sent("InviteMember")).toHaveLength(1);
  });

  it("asks for the party and the email at once, and says how to find a party whose ID is wrong", async () => {
    const { sent } = admin([], {
      InviteMember: () => ({
        data: { inviteMember: { invitation: null, errors: [{ field: "partyId", code: "INVALID", message: "This is not a valid Party or School ID." }] } },
      }),
    });
    await userEvent.click(await screen.findByRole("button", { name: "邀请成员" }));
    expect(sent("InviteMember")).toHaveLength(0);
    expect(screen.getByLabelText("参与方 ID")).toHaveAccessibleDescription(/请先在上面搜索并选择参与方。/);
    expect(screen.getByLabelText("邮箱")).toHaveAccessibleDescription("请填写电子邮箱地址。");

    await userEvent.type(screen.getByLabelText("参与方 ID"), "garbage-id");
    await userEvent.type(screen.getByLabelText("邮箱"), "staff@example.com");
    await userEvent.click(screen.getByRole("button", { name: "邀请成员" }));
    expect(await screen.findByText("找不到这个参与方 ID。请在上面搜索参与方并点“选择”。")).toBeInTheDocument();
    expect(screen.queryByText("内容无效。")).not.toBeInTheDocument();
  });

  it("asks for the email before sending, and says which roles the party can have", async () => {
    const { sent } = admin([], {
      InviteMember: () => ({
        data: {
          inviteMember: {
            invitation: null,
            errors: [
              {
                field: "role",
                code: "INVALID",
                message: "A SCHOOL party has no GOV_OFFICIAL role; use one of PRINCIPAL, SCHOOL_STAFF.",
                allowed: ["PRINCIPAL", "SCHOOL_STAFF"],
              },
            ],
          },
        },
      }),
    });
    await userEvent.type(await screen.findByLabelText("参与方 ID"), "UGFydHk6MQ");
    await userEvent.click(screen.getByRole("button", { name: "邀请成员" }));
    expect(sent("InviteMember")).toHaveLength(0);
    expect(screen.getByLabelText("邮箱")).toHaveAccessibleDescription("请填写电子邮箱地址。");

    await userEvent.type(screen.getByLabelText("邮箱"), "staff@example.com");
    await userEvent.selectOptions(screen.getByLabelText("角色"), "GOV_OFFICIAL");
    await userEvent.click(screen.getByRole("button", { name: "邀请成员" }));
    expect(await screen.findByText("这类参与方不能担任所选的角色。 可选：校长、学校工作人员。")).toBeInTheDocument();
    expect(screen.getByLabelText("角色")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByText("内容无效。")).not.toBeInTheDocument();
  });

  it("says how many parties a search found, and which one 选用 chose, in a line there from the start", async () => {
    const party = (id: string, name: string) => ({ id, kind: "SCHOOL", name, regionCode: "370983", verifiedAt: null, region: FEICHENG });
    admin([], {
      WebParties: (v) => {
        const text = (v.filter as { text: string }).text;
        const found = [party("UGFydHk6MQ", "边院镇希望小学"), party("UGFydHk6Mg", "边院镇中学")].filter((p) => p.name.includes(text));
        return { data: { parties: { edges: found.map((node) => ({ cursor: node.id, node })), pageInfo: { hasNextPage: false, endCursor: null } } } };
      },
    });
    const status = await screen.findByTestId("party-search-status");
    expect(status).toHaveAttribute("role", "status");
    expect(status).toBeEmptyDOMElement();
    await userEvent.type(screen.getByLabelText("搜索参与方"), "边院镇");
    await waitFor(() => expect(status).toHaveTextContent("找到 2 个参与方。"));
    await userEvent.click(screen.getByRole("button", { name: "选用 边院镇中学" }));
    expect(status).toHaveTextContent("已选用 边院镇中学，参与方 ID 已填入。");
    expect(screen.getByLabelText("参与方 ID")).toHaveValue("UGFydHk6Mg");
    await userEvent.type(screen.getByLabelText("搜索参与方"), "希望");
    await waitFor(() => expect(status).toHaveTextContent("找到 1 个参与方。"));
    await userEvent.type(screen.getByLabelText("搜索参与方"), "大学");
    await waitFor(() => expect(status).toHaveTextContent("没有找到参与方。"));
    await switchToEnglish();
    expect(status).toHaveTextContent("No party found.");
    await userEvent.clear(screen.getByLabelText("Search parties"));
    await userEvent.type(screen.getByLabelText("Search parties"), "边院镇");
    await userEvent.click(await screen.findByRole("button", { name: "Use 边院镇希望小学" }));
    expect(status).toHaveTextContent("Using 边院镇希望小学: its party ID is filled in.");
    expect(within(status).getByText("边院镇希望小学")).toHaveAttribute("lang", "zh-CN");
  });
});
