import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { GraphQLError } from "graphql";
import { CombinedError } from "urql";
import { describe, expect, it } from "vitest";
import type { Locale } from "../i18n/format";
import { FEICHENG, SHANDONG } from "../test/fixtures";
import { mockClient, renderPage, viewer, type Answer } from "../test/mockClient";
import { wholeText } from "../test/text";
import MediaPage from "./MediaPage";

const PAGE_INFO = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
const MEDIA = { id: "UGFydHk6MzA", kind: "MEDIA", name: "乡村教育观察融媒体" };
const EDITOR = viewer([["MEDIA_EDITOR", MEDIA]]);

/** A match the school confirmed receiving, for need `n`. */
function confirmed(n: number, title: string) {
  return {
    id: `TWF0Y2g6${n}`,
    status: "CONFIRMED",
    origin: "DIRECT",
    pledgeQuantity: 2,
    itemQuantity: 2,
    valueFen: 30000,
    score: 0,
    explanation: [],
    regionCode: "370983",
    schoolAcceptedAt: "2026-11-02T00:00:00+00:00",
    donorAcceptedAt: "2026-11-01T00:00:00+00:00",
    decidedAt: "2026-11-03T00:00:00+00:00",
    reason: null,
    createdAt: "2026-11-01T00:00:00+00:00",
    school: { id: `U2Nob29sOj${n}`, name: `希望小学${n}`, region: FEICHENG },
    donor: { id: "UGFydHk6Nw", name: "桃农合作社", kind: "MICROENTERPRISE", verifiedAt: null },
    need: { id: `TmVlZDo${n}`, title },
    needItem: { id: `TmVlZEl0ZW06${n}`, description: "书架", unit: "个", quantity: 2, remainingQuantity: 0 },
    pledge: { id: "UGxlZGdlOjE", title: "助学金", kind: "MONEY", unit: "FEN" },
    fulfilment: { quantity: 2, deliveredQuantity: 2, receivedQuantity: 2 },
    deliveries: [],
    receipts: [
      {
        id: `UmVjZWlwdDo${n}`,
        kind: "RECEIVED",
        problem: null,
        quantity: 2,
        completesMatch: true,
        thankYouNote: null,
        description: null,
        recordedAt: "2026-11-05T02:00:00+00:00",
        evidence: [],
      },
    ],
  };
}

const THREE = [confirmed(1, "图书角建设"), confirmed(2, "体育器材"), confirmed(3, "冬季校服")];

const published: Answer = (v) => {
  const input = v.input as { title: string; body: string; matchIds: string[] };
  return {
    data: {
      publishStory: {
        story: {
          id: "U3Rvcnk6MQ",
          title: input.title,
          body: input.body,
          publishedAt: "2026-11-06T00:00:00+00:00",
          party: { id: MEDIA.id, name: MEDIA.name },
          matches: input.matchIds.map((id) => ({ id, status: "CONFIRMED" })),
        },
        errors: [],
      },
    },
  };
};

function mediaPage(matches: ReturnType<typeof confirmed>[], more: Record<string, Answer> = {}, me = EDITOR, locale: Locale = "zh-CN") {
  const api = mockClient({
    WebMe: () => ({ data: { me } }),
    WebFulfilment: () => ({ data: { matches: { edges: matches.map((node) => ({ cursor: node.id, node })), pageInfo: PAGE_INFO } } }),
    Regions: () => ({ data: { regions: [] } }),
    WebStories: () => ({ data: { stories: { edges: [], pageInfo: PAGE_INFO } } }),
    PublishStory: published,
    ...more,
  });
  renderPage(api.client, { path: "/media", routes: { "/media": <MediaPage />, "/needs/:id": <p>need page</p> }, locale });
  return api;
}

/** A story of ours, published on day `day` of November 2026. */
function story(n: number, title: string, day: number) {
  return {
    id: `U3Rvcnk6${n}`,
    title,
    body: `${title}的正文。`,
    publishedAt: `2026-11-${String(day).padStart(2, "0")}T02:00:00+00:00`,
    status: "PUBLISHED",
    retractedAt: null as string | null,
    retractionReason: null as string | null,
    party: { id: MEDIA.id, name: MEDIA.name },
    matches: [{ id: THREE[0].id, school: THREE[0].school, need: THREE[0].need }],
  };
}

/** Our stories as the server lists them: newest first. */
const OURS = [story(2, "冬季校服送到了", 8), story(1, "新书架到了", 6)];

const ourStories = (stories: ReturnType<typeof story>[]): Answer => () => ({
  data: { stories: { edges: stories.map((node) => ({ cursor: node.id, node })), pageInfo: { hasNextPage: false, endCursor: null } } },
});

const retracted: Answer = (v) => {
  const input = v.input as { id: string; reason: string };
  const found = OURS.find((s) => s.id === input.id)!;
  return {
    data: {
      retractStory: {
        story: { id: input.id, title: found.title, body: "", status: "RETRACTED", retractedAt: "2026-11-09T00:00:00+00:00", retractionReason: input.reason },
        errors: [],
      },
    },
  };
};

const storyList = () => screen.getByTestId("stories");
const storyTitles = () => within(storyList()).queryAllByRole("heading", { level: 3 }).map((h) => h.textContent);

type SentRetraction = { input: { id: string; reason: string; idempotencyKey: string } };

const rowOf = (title: string) => screen.getAllByTestId("match-card").find((card) => card.textContent?.includes(title))!;
const tick = (title: string) => userEvent.click(within(rowOf(title)).getByRole("checkbox", { name: /写进报道/ }));

async function write(title: string, body: string) {
  await userEvent.type(screen.getByLabelText("标题"), title);
  await userEvent.type(screen.getByLabelText("正文"), body);
}

type Sent = { input: { partyId: string; title: string; body: string; matchIds: string[]; idempotencyKey: string } };

describe("the media page", () => {
  it("tells of the matches in the order ticked, and starts again once published", async () => {
    const { sent } = mediaPage(THREE);
    await screen.findAllByTestId("match-card");
    expect(within(rowOf("图书角建设")).getByText(/学校于 .*2026.* 确认收到/)).toBeInTheDocument();
    await tick("冬季校服");
    await tick("图书角建设");
    await tick("体育器材");
    expect(screen.getByTestId("chosen-count")).toHaveTextContent("已选 3 / 20 项");
    expect(within(screen.getByTestId("chosen")).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringContaining("冬季校服"),
      expect.stringContaining("图书角建设"),
      expect.stringContaining("体育器材"),
    ]);
    expect(within(rowOf("冬季校服")).getByText("第 1 项")).toBeInTheDocument();
    await write("新书架到了", "第一段");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));

    const [{ input }] = sent("PublishStory") as Sent[];
    expect(input).toMatchObject({ partyId: MEDIA.id, title: "新书架到了", body: "第一段", matchIds: [THREE[2].id, THREE[0].id, THREE[1].id] });
    expect(input.idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
    const done = await screen.findByText("报道“新书架到了”已发布，可以在它讲述的需求页面上看到：");
    const links = within(done.closest(".notice") as HTMLElement).getAllByRole("link");
    expect(links.map((a) => a.textContent)).toEqual(["希望小学3 · 冬季校服", "希望小学1 · 图书角建设", "希望小学2 · 体育器材"]);
    expect(screen.getByLabelText("标题")).toHaveValue("");
    expect(screen.getByLabelText("正文")).toHaveValue("");
    expect(screen.getByTestId("chosen-count")).toHaveTextContent("已选 0 / 20 项");
    expect(screen.getAllByRole("checkbox", { name: /写进报道/ }).every((box) => !(box as HTMLInputElement).checked)).toBe(true);
    // Our stories are read again, with the new one.
    await waitFor(() => expect(sent("WebStories", "query").length).toBeGreaterThan(1));
    await userEvent.click(links[0]);
    expect(screen.getByTestId("location")).toHaveTextContent(`/needs/${THREE[2].need.id}`);
  });

  it("refuses a 21st match with a message, and unticking makes room", async () => {
    const many = Array.from({ length: 21 }, (_, i) => confirmed(i + 1, `需求${i + 1}号`));
    mediaPage(many);
    await screen.findAllByTestId("match-card");
    for (let i = 1; i <= 20; i++) await tick(`需求${i}号`);
    expect(screen.getByTestId("chosen-count")).toHaveTextContent("已选 20 / 20 项");

    await tick("需求21号");
    const last = rowOf("需求21号");
    expect(within(last).getByRole("alert")).toHaveTextContent("一篇报道最多讲述 20 项对接，请先取消勾选一项。");
    expect(within(last).getByRole("checkbox")).not.toBeChecked();
    expect(screen.getByTestId("chosen-count")).toHaveTextContent("已选 20 / 20 项");

    await userEvent.click(within(screen.getByTestId("chosen")).getByRole("button", { name: "移除: 需求1号" }));
    await tick("需求21号");
    expect(within(rowOf("需求21号")).getByRole("checkbox")).toBeChecked();
    expect(within(rowOf("需求21号")).queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByTestId("chosen-count")).toHaveTextContent("已选 20 / 20 项");
  });

  it("checks the required fields before sending anything", async () => {
    const { sent } = mediaPage(THREE);
    await screen.findAllByTestId("match-card");
    await userEvent.type(screen.getByLabelText("正文"), "   ");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));

    expect(await screen.findByText("表单有 3 处需要修改，请查看下方各字段旁的说明。")).toBeInTheDocument();
    expect(screen.getByLabelText("标题")).toHaveAccessibleDescription(/此项必填。/);
    expect(screen.getByLabelText("正文")).toHaveAccessibleDescription(/此项必填。/);
    expect(screen.getByText("请至少勾选一项已确认收到的捐赠。")).toBeInTheDocument();
    expect(sent("PublishStory")).toHaveLength(0);
    // A tick answers the list's error; the others stay until the next try.
    await tick("体育器材");
    expect(screen.queryByText("请至少勾选一项已确认收到的捐赠。")).not.toBeInTheDocument();
    expect(screen.getByLabelText("标题")).toHaveAccessibleDescription(/此项必填。/);
    await userEvent.type(screen.getByLabelText("标题"), "新");
    expect(screen.getByLabelText("标题")).toHaveAccessibleDescription("1 / 120 字");
    expect(screen.getByLabelText("正文")).toHaveAccessibleDescription(/此项必填。/);
  });

  it("counts characters as the server does, and refuses a headline over 120 before sending", async () => {
    const { sent } = mediaPage(THREE);
    await screen.findAllByTestId("match-card");
    await tick("体育器材");
    // 121 characters, one of them outside the Basic Multilingual Plane (two UTF-16 units).
    const headline = `${"字".repeat(120)}𠀀`;
    await userEvent.click(screen.getByLabelText("标题"));
    await userEvent.paste(headline);
    await userEvent.type(screen.getByLabelText("正文"), "正文");
    expect(screen.getByLabelText("标题")).toHaveAccessibleDescription("121 / 120 字");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));

    expect(screen.getByLabelText("标题")).toHaveAccessibleDescription(/标题最多 120 个字，请缩短。/);
    expect(sent("PublishStory")).toHaveLength(0);
  });

  it("shows the server's errors beside their field and on the match they name, and keeps everything", async () => {
    const { sent } = mediaPage(THREE, {
      PublishStory: () => ({
        data: {
          publishStory: {
            story: null,
            errors: [
              { field: "matchIds.1", code: "NOT_ELIGIBLE", message: "Stories tell of confirmed matches only; this is not one." },
              { field: "body", code: "INVALID", message: "body contains a control character." },
            ],
          },
        },
      }),
    });
    await screen.findAllByTestId("match-card");
    await tick("图书角建设");
    await tick("冬季校服");
    await write("新书架到了", "第一段");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));

    expect(sent("PublishStory")[0]).toMatchObject({ input: { matchIds: [THREE[0].id, THREE[2].id] } });
    const error = await within(rowOf("冬季校服")).findByTestId("match-error");
    expect(error).toHaveTextContent("学校尚未确认收到这项捐赠：报道只能讲述已确认收到的捐赠。");
    expect(within(rowOf("冬季校服")).getByRole("checkbox")).toHaveAccessibleDescription(error.textContent!);
    // The list of those chosen says it too (the match may be scrolled or filtered away).
    const chosen = within(screen.getByTestId("chosen")).getAllByRole("listitem");
    expect(chosen[1]).toHaveTextContent("学校尚未确认收到这项捐赠");
    expect(chosen[0]).not.toHaveTextContent("学校尚未确认收到这项捐赠");
    expect(within(rowOf("图书角建设")).queryByTestId("match-error")).not.toBeInTheDocument();
    expect(within(rowOf("体育器材")).queryByTestId("match-error")).not.toBeInTheDocument();
    expect(screen.getByLabelText("正文")).toHaveAccessibleDescription(/正文含有看不见的控制字符，请删除。/);
    expect(screen.getByText("表单有 2 处需要修改，请查看下方各字段旁的说明。")).toBeInTheDocument();
    // Nothing is lost.
    expect(screen.getByLabelText("标题")).toHaveValue("新书架到了");
    expect(screen.getByLabelText("正文")).toHaveValue("第一段");
    expect(screen.getByTestId("chosen-count")).toHaveTextContent("已选 2 / 20 项");

    // The error stays with its match when an earlier one is unticked, and goes with its own.
    await tick("图书角建设");
    expect(within(rowOf("冬季校服")).getByTestId("match-error")).toBeInTheDocument();
    await tick("冬季校服");
    expect(within(rowOf("冬季校服")).queryByTestId("match-error")).not.toBeInTheDocument();
  });

  it("sends the same key again for the same story (published once), and a new one once it changes", async () => {
    let answers = 0;
    const { sent } = mediaPage(THREE, {
      PublishStory: (v) =>
        ++answers === 1 ? { error: new CombinedError({ networkError: new Error("offline") }) } : published(v),
    });
    await screen.findAllByTestId("match-card");
    await tick("体育器材");
    await write("新书架到了", "第一段");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));
    expect(await screen.findByText("无法连接服务器，请检查网络后重试。")).toBeInTheDocument();
    expect(screen.getByLabelText("标题")).toHaveValue("新书架到了");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));
    await screen.findByText(/报道“新书架到了”已发布/);

    await tick("图书角建设");
    await write("第二篇", "第二段");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));
    await waitFor(() => expect(sent("PublishStory")).toHaveLength(3));
    const keys = (sent("PublishStory") as Sent[]).map((s) => s.input.idempotencyKey);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("says plainly when nothing is confirmed yet, with no form to fill", async () => {
    mediaPage([]);
    expect(await screen.findByText("还没有学校确认收到的捐赠。报道讲述的是学校已确认收到的捐赠，有了之后会显示在这里。")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "发布报道" })).not.toBeInTheDocument();
    expect(await screen.findByText("我方还没有发表报道。")).toBeInTheDocument();
  });

  it("lets an editor of several media parties choose which one publishes, and lists its stories", async () => {
    const other = { id: "UGFydHk6MzE", kind: "MEDIA", name: "县融媒体中心" };
    const { sent } = mediaPage(THREE, {}, viewer([["MEDIA_EDITOR", MEDIA], ["MEDIA_EDITOR", other], ["DONOR_ADMIN", { id: "UGFydHk6Nw", kind: "MICROENTERPRISE", name: "桃农合作社" }]]));
    const choice = await screen.findByLabelText("以哪家媒体名义");
    expect(within(choice).getAllByRole("option").map((o) => o.textContent)).toEqual([MEDIA.name, other.name]);
    await userEvent.selectOptions(choice, other.id);
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("媒体报道 · 县融媒体中心");
    await waitFor(() => expect(sent("WebStories", "query").at(-1)).toMatchObject({ filter: { partyId: other.id } }));
    await tick("体育器材");
    await write("新书架到了", "第一段");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));
    expect(sent("PublishStory")[0]).toMatchObject({ input: { partyId: other.id } });
  });

  it("narrows the confirmed matches by province", async () => {
    const { sent } = mediaPage(THREE, {
      Regions: (v) => ({ data: { regions: v.parentCode === null ? [{ id: "37", ...SHANDONG, level: 1, parentCode: null }] : [] } }),
    });
    await screen.findAllByTestId("match-card");
    await userEvent.selectOptions(screen.getByLabelText("省份"), "37");
    await waitFor(() => expect(sent("WebFulfilment", "query").at(-1)).toMatchObject({ filter: { status: ["CONFIRMED"], regionCode: "37" } }));
  });

  it("asks for the media role", async () => {
    mediaPage(THREE, {}, viewer([["DONOR_ADMIN", { id: "UGFydHk6Nw", kind: "MICROENTERPRISE", name: "桃农合作社" }]]));
    expect(await screen.findByText("您的账号没有此页面所需的角色。")).toBeInTheDocument();
  });

  it("says a refused request in plain words and keeps the story", async () => {
    mediaPage(THREE, {
      PublishStory: () => ({ error: new CombinedError({ graphQLErrors: [new GraphQLError("no", { extensions: { code: "FORBIDDEN" } })] }) }),
    });
    await screen.findAllByTestId("match-card");
    await tick("体育器材");
    await write("新书架到了", "第一段");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));
    expect(await screen.findByText("您无权执行此操作。")).toBeInTheDocument();
    expect(screen.getByLabelText("正文")).toHaveValue("第一段");
  });

  it("keeps focus on 发布报道 while the story is sent, without sending it twice", async () => {
    // Never answered: the button stays busy.
    const { sent } = mediaPage(THREE, { PublishStory: () => undefined });
    await screen.findAllByTestId("match-card");
    await tick("体育器材");
    await write("新书架到了", "第一段");
    const button = screen.getByRole("button", { name: "发布报道" });
    await userEvent.click(button);
    const busy = screen.getByRole("button", { name: "正在发布…" });
    expect(busy).toBe(button);
    expect(busy).toHaveAttribute("aria-disabled", "true");
    expect(busy).not.toBeDisabled();
    expect(busy).toHaveFocus();
    await userEvent.click(busy);
    expect(sent("PublishStory")).toHaveLength(1);
  });

  it("goes to the word that the story is published, with its links", async () => {
    mediaPage(THREE);
    await screen.findAllByTestId("match-card");
    await tick("体育器材");
    await write("新书架到了", "第一段");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));
    const done = await screen.findByText("报道“新书架到了”已发布，可以在它讲述的需求页面上看到：");
    await waitFor(() => expect(document.activeElement).toContainElement(done));
  });

  it("ties the list's error to the group and to every box, and a match's error to its button in the list", async () => {
    mediaPage(THREE, {
      PublishStory: () => ({
        data: { publishStory: { story: null, errors: [{ field: "matchIds.0", code: "NOT_ELIGIBLE", message: "Stories tell of confirmed matches only." }] } },
      }),
    });
    await screen.findAllByTestId("match-card");
    await write("新书架到了", "第一段");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));
    const group = screen.getByRole("group", { name: "报道讲述的对接" });
    const error = within(group).getByText("请至少勾选一项已确认收到的捐赠。");
    expect(group).toHaveAttribute("aria-describedby", error.id);
    expect(group).toHaveAccessibleDescription("请至少勾选一项已确认收到的捐赠。");
    for (const box of screen.getAllByRole("checkbox", { name: /写进报道/ })) {
      expect(box).toHaveAttribute("aria-invalid", "true");
      expect(box).toHaveAccessibleDescription("请至少勾选一项已确认收到的捐赠。");
    }

    await tick("体育器材");
    expect(group).not.toHaveAttribute("aria-describedby");
    expect(within(rowOf("图书角建设")).getByRole("checkbox")).toHaveAttribute("aria-invalid", "false");
    await userEvent.click(screen.getByRole("button", { name: "发布报道" }));
    const remove = await within(screen.getByTestId("chosen")).findByRole("button", { name: "移除: 体育器材" });
    await waitFor(() => expect(remove).toHaveAccessibleDescription("学校尚未确认收到这项捐赠：报道只能讲述已确认收到的捐赠。"));
  });

  it("says how many confirmed matches it found and how many more a further page adds, the list itself not live", async () => {
    const many = Array.from({ length: 23 }, (_, i) => confirmed(i + 1, `需求${i + 1}号`));
    mediaPage(many, {
      WebFulfilment: (v) => {
        const first = v.after === null || v.after === undefined;
        const page = first ? many.slice(0, 20) : many.slice(20);
        return { data: { matches: { edges: page.map((node) => ({ cursor: node.id, node })), pageInfo: { ...PAGE_INFO, hasNextPage: first, endCursor: first ? "c20" : null } } } };
      },
    });
    await screen.findAllByTestId("match-card");
    const list = screen.getByTestId("confirmed");
    expect(list).not.toHaveAttribute("aria-live");
    const status = within(screen.getByRole("region", { name: "已确认收到的捐赠" })).getByTestId("results-status");
    expect(status).toHaveAttribute("role", "status");
    await waitFor(() => expect(status).toHaveTextContent("已显示 20 项已确认的捐赠，还有更多。"));
    await userEvent.click(within(list).getByRole("button", { name: "加载更多" }));
    await waitFor(() => expect(status).toHaveTextContent("又加载了 3 项已确认的捐赠，共 23 项，已全部显示。"));
  });

  describe("stories we published", () => {
    it("says how many there are in a line of its own, the list itself not live", async () => {
      mediaPage(THREE, { WebStories: ourStories(OURS) });
      const section = await screen.findByRole("region", { name: "本媒体已发布的报道" });
      await within(section).findAllByTestId("story");
      expect(storyList()).not.toHaveAttribute("aria-live");
      const status = within(section).getByTestId("results-status");
      expect(status).toHaveAttribute("role", "status");
      expect(status).toHaveTextContent("找到 2 篇报道。");
    });

    it("lists ours newest first, asks for the public reason, and retracts one, which leaves the list", async () => {
      const { sent } = mediaPage(THREE, { WebStories: ourStories(OURS), RetractStory: retracted });
      const section = await screen.findByRole("region", { name: "本媒体已发布的报道" });
      await within(section).findAllByTestId("story");
      expect(sent("WebStories", "query").at(-1)).toMatchObject({ filter: { partyId: MEDIA.id } });
      expect(storyTitles()).toEqual(["冬季校服送到了", "新书架到了"]);

      const opener = within(section).getByRole("button", { name: "撤回: 新书架到了" });
      await userEvent.click(opener);
      const form = screen.getByRole("form", { name: "撤回报道“新书架到了”" });
      const reason = within(form).getByLabelText("撤回原因");
      expect(reason).toHaveFocus();
      expect(reason).toHaveAccessibleDescription(/原因会公开显示，报道的正文将不再显示。/);

      // Nothing typed (or only spaces): said beside the reason, nothing sent.
      await userEvent.type(reason, "   ");
      await userEvent.click(within(form).getByRole("button", { name: "确认撤回" }));
      expect(reason).toHaveAccessibleDescription(/请写明撤回的原因。/);
      // Focus goes back to the reason, so the error is read (not left on 确认撤回, where nothing is).
      expect(reason).toHaveFocus();
      expect(sent("RetractStory")).toHaveLength(0);

      await userEvent.clear(reason);
      await userEvent.type(reason, "文中写出了孩子的姓名");
      expect(reason).not.toHaveAccessibleDescription(/请写明撤回的原因。/);
      await userEvent.click(within(form).getByRole("button", { name: "确认撤回" }));

      const [{ input }] = sent("RetractStory") as SentRetraction[];
      expect(input).toMatchObject({ id: OURS[1].id, reason: "文中写出了孩子的姓名" });
      expect(input.idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
      const notice = await within(section).findByText("报道“新书架到了”已撤回，不再出现在报道列表中。");
      expect(notice).toHaveAttribute("role", "status");
      expect(notice.parentElement).toHaveFocus();
      expect(storyTitles()).toEqual(["冬季校服送到了"]);
      expect(screen.queryByRole("form", { name: "撤回报道“新书架到了”" })).not.toBeInTheDocument();
    });

    it("says so when there are none", async () => {
      mediaPage(THREE);
      const section = await screen.findByRole("region", { name: "本媒体已发布的报道" });
      expect(await within(section).findByText("我方还没有发表报道。")).toBeInTheDocument();
      expect(within(section).queryByRole("button", { name: /撤回/ })).not.toBeInTheDocument();
    });

    it("shows the server's refusal of the reason beside it, keeping the story, and lets a story retracted meanwhile leave the list", async () => {
      let answers = 0;
      const { sent } = mediaPage(THREE, {
        WebStories: ourStories(OURS),
        RetractStory: () => ({
          data: {
            retractStory: {
              story: null,
              errors:
                ++answers === 1
                  ? [{ field: "reason", code: "REQUIRED", message: "reason is required." }]
                  : [{ field: null, code: "INVALID_TRANSITION", message: "The story is already retracted." }],
            },
          },
        }),
      });
      await userEvent.click(await screen.findByRole("button", { name: "撤回: 冬季校服送到了" }));
      const form = screen.getByRole("form", { name: "撤回报道“冬季校服送到了”" });
      const reason = within(form).getByLabelText("撤回原因");
      // Invisible characters only: the server counts them as nothing.
      await userEvent.type(reason, "\u200b");
      await userEvent.click(within(form).getByRole("button", { name: "确认撤回" }));
      expect(sent("RetractStory")[0]).toMatchObject({ input: { id: OURS[0].id, reason: "\u200b" } });
      await waitFor(() => expect(reason).toHaveAccessibleDescription(/请写明撤回的原因。/));
      expect(storyTitles()).toEqual(["冬季校服送到了", "新书架到了"]);

      // Retracted meanwhile (by another editor, or the platform): it leaves the list, the form
      // with it, and the notice stays.
      await userEvent.type(reason, "数据有误");
      await userEvent.click(within(form).getByRole("button", { name: "确认撤回" }));
      const section = screen.getByRole("region", { name: "本媒体已发布的报道" });
      const notice = await within(section).findByRole("alert");
      expect(notice).toHaveTextContent("这篇报道已经撤回过了，已从列表中移除。");
      expect(notice.parentElement).toHaveFocus();
      expect(storyTitles()).toEqual(["新书架到了"]);
      expect(screen.queryByRole("form", { name: "撤回报道“冬季校服送到了”" })).not.toBeInTheDocument();
      expect(screen.queryByLabelText("撤回原因")).not.toBeInTheDocument();
    });

    it("goes back with Escape or 取消, focus back on 撤回, without sending", async () => {
      const { sent } = mediaPage(THREE, { WebStories: ourStories(OURS), RetractStory: retracted });
      const opener = await screen.findByRole("button", { name: "撤回: 新书架到了" });
      await userEvent.click(opener);
      expect(screen.getByLabelText("撤回原因")).toHaveFocus();
      await userEvent.keyboard("{Escape}");
      expect(screen.queryByLabelText("撤回原因")).not.toBeInTheDocument();
      expect(screen.getByRole("button", { name: "撤回: 新书架到了" })).toHaveFocus();

      await userEvent.click(screen.getByRole("button", { name: "撤回: 新书架到了" }));
      await userEvent.click(screen.getByRole("button", { name: "取消" }));
      expect(screen.queryByLabelText("撤回原因")).not.toBeInTheDocument();
      expect(screen.getByRole("button", { name: "撤回: 新书架到了" })).toHaveFocus();
      expect(sent("RetractStory")).toHaveLength(0);
    });

    it("shows a retracted story it still holds by its title, when and why, without its body or 撤回", async () => {
      const gone = { ...story(3, "错报的新闻", 7), body: "", status: "RETRACTED", retractedAt: "2026-11-09T00:00:00+00:00", retractionReason: "学校名称写错了" };
      mediaPage(THREE, { WebStories: ourStories([gone]) });
      const card = await screen.findByTestId("story");
      expect(within(card).getByRole("heading", { level: 3 })).toHaveTextContent("错报的新闻 已撤回");
      expect(card).toHaveTextContent(/2026.*11.*9.*撤回/);
      expect(within(card).getByTestId("retraction")).toHaveTextContent("撤回原因: 学校名称写错了");
      expect(within(card).queryByRole("button", { name: /撤回/ })).not.toBeInTheDocument();
    });

    it("speaks English", async () => {
      const { sent } = mediaPage(THREE, { WebStories: ourStories(OURS), RetractStory: retracted }, EDITOR, "en");
      const section = await screen.findByRole("region", { name: "Stories you published" });
      await userEvent.click(await within(section).findByRole("button", { name: "Retract: 新书架到了" }));
      const reason = screen.getByLabelText("Why it is retracted");
      expect(reason).toHaveAccessibleDescription(/The reason is shown publicly, and the story’s text will no longer be shown./);
      await userEvent.click(screen.getByRole("button", { name: "Retract it" }));
      expect(reason).toHaveAccessibleDescription(/Please say why the story is retracted./);
      expect(sent("RetractStory")).toHaveLength(0);
      await userEvent.type(reason, "A child was named.");
      await userEvent.click(screen.getByRole("button", { name: "Retract it" }));
      expect(await within(section).findByText(wholeText("The story “新书架到了” is retracted: it no longer shows among the stories."))).toHaveAttribute("role", "status");
      expect(storyTitles()).toEqual(["冬季校服送到了"]);
    });
  });
});
