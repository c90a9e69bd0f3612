import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../i18n/i18n";
import { switchToEnglish } from "../test/mockClient";
import { fillValidNeed } from "../test/needForm";
import { LanguageSwitch } from "./Layout";
import { ItemsFieldset, NeedForm, emptyItem, type SubmitNeed } from "./NeedForm";

function renderForm(submit: SubmitNeed, locale: "zh-CN" | "en" = "zh-CN") {
  return render(
    <I18nProvider initial={locale}>
      <MemoryRouter>
        <LanguageSwitch />
        <NeedForm submit={submit} />
      </MemoryRouter>
    </I18nProvider>,
  );
}

describe("the need form", () => {
  it("shows each payload error next to its field and keeps what was typed", async () => {
    const submit = vi.fn<SubmitNeed>().mockResolvedValue([
      { field: "items.0.quantity", code: "OUT_OF_RANGE", message: "items.0.quantity must be a whole number from 1." },
      { field: "deadline", code: "DEADLINE_IN_PAST", message: "deadline must be today or later." },
    ]);
    renderForm(submit);
    await userEvent.type(screen.getByLabelText("标题"), "图书角");
    await userEvent.selectOptions(screen.getAllByLabelText("类别")[0], "LIBRARY");
    fireEvent.change(screen.getByLabelText("截止日期"), { target: { value: "2020-01-01" } });
    const item = within(screen.getByTestId("item-0"));
    await userEvent.type(item.getByLabelText("物品名称和说明"), "书架");
    await userEvent.clear(item.getByLabelText("数量"));
    await userEvent.type(item.getByLabelText("数量"), "1.5");
    await userEvent.type(item.getByLabelText("单位"), "个");
    await userEvent.type(item.getByLabelText("单价（元）"), "350");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    expect(submit).toHaveBeenCalledOnce();
    const input = submit.mock.calls[0][0];
    expect(input.items[0]).toMatchObject({ description: "书架", quantity: 1.5, unit: "个", unitValueFen: 35000, category: "LIBRARY" });

    expect(await screen.findByText("表单有 2 处需要修改，请查看下方各字段旁的说明。")).toBeInTheDocument();
    const quantity = item.getByLabelText("数量");
    expect(quantity).toHaveAttribute("aria-invalid", "true");
    expect(quantity).toHaveAccessibleDescription("数值超出允许范围。");
    expect(screen.getByLabelText("截止日期")).toHaveAccessibleDescription("日期不能早于今天。");
    // Nothing is lost.
    expect(screen.getByLabelText("标题")).toHaveValue("图书角");
    expect(quantity).toHaveValue("1.5");
    expect(item.getByLabelText("单价（元）")).toHaveValue("350");
    expect(item.getByLabelText("物品名称和说明")).not.toHaveAttribute("aria-invalid", "true");
  });

  it("refuses text that is not a number before sending anything", async () => {
    const submit = vi.fn<SubmitNeed>();
    renderForm(submit, "en");
    const item = within(screen.getByTestId("item-0"));
    await userEvent.type(item.getByLabelText("Unit value (yuan)"), "abc");
    await userEvent.click(screen.getByRole("button", { name: "Submit" }));
    expect(submit).not.toHaveBeenCalled();
    expect(item.getByLabelText("Unit value (yuan)")).toHaveAccessibleDescription("Please enter a number.");
    expect(item.getByLabelText("Unit value (yuan)")).toHaveValue("abc");
  });

  it("words a date too far ahead and a control character for the field they are in", async () => {
    const submit = vi.fn<SubmitNeed>().mockResolvedValue([
      { field: "deadline", code: "OUT_OF_RANGE", message: "deadline 2206-01-01 is more than 5 years ahead." },
      { field: "title", code: "INVALID", message: "title contains a control character (U+0007); remove it." },
      { field: "items.0.description", code: "INVALID", message: "items.0.description contains a control character." },
    ]);
    renderForm(submit);
    await fillValidNeed();
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    expect(await screen.findByText("表单有 3 处需要修改，请查看下方各字段旁的说明。")).toBeInTheDocument();
    expect(screen.getByLabelText("截止日期")).toHaveAccessibleDescription("日期不能晚于五年之后，请检查年份。");
    expect(screen.getByLabelText("标题")).toHaveAccessibleDescription("标题含有换行或看不见的控制字符，请删除。");
    const item = within(screen.getByTestId("item-0"));
    expect(item.getByLabelText("物品名称和说明")).toHaveAccessibleDescription("名称含有看不见的控制字符，请删除。");
  });

  it("adds and removes items, each with its own fields", async () => {
    renderForm(vi.fn<SubmitNeed>().mockResolvedValue([]));
    await userEvent.click(screen.getByRole("button", { name: "再加一项" }));
    expect(screen.getByTestId("item-1")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "删除第 2 项" }));
    expect(screen.queryByTestId("item-1")).not.toBeInTheDocument();
  });

  it("stops adding items at the server's limit of 50, and says why", async () => {
    const onChange = vi.fn();
    const show = (count: number) => (
      <I18nProvider initial="zh-CN">
        <ItemsFieldset items={Array.from({ length: count }, emptyItem)} errorOf={() => undefined} onChange={onChange} onRemove={() => {}} />
      </I18nProvider>
    );
    const { rerender } = render(show(49));
    fireEvent.click(screen.getByText("再加一项"));
    expect(onChange.mock.calls[0][0]).toHaveLength(50);
    rerender(show(50));
    expect(screen.queryByText("再加一项")).not.toBeInTheDocument();
    expect(screen.getByText("一条需求最多列 50 项物资；更多的请另发一条需求。")).toBeInTheDocument();
  }, 20_000); // fifty lines of fields are slow to render in jsdom

  it("keeps what was typed through leaving the page and coming back, until the need is posted", async () => {
    window.sessionStorage.clear();
    const submit = vi.fn<SubmitNeed>().mockResolvedValue([]);
    const show = () =>
      render(
        <I18nProvider initial="zh-CN">
          <MemoryRouter>
            <NeedForm submit={submit} keepAs="U2Nob29sOjE" />
          </MemoryRouter>
        </I18nProvider>,
      );
    const first = show();
    await userEvent.type(screen.getByLabelText("标题"), "图书角");
    await userEvent.type(screen.getByLabelText("情况说明"), "孩子们想要更多的书。");
    first.unmount(); // Back, a reload, another page

    const again = show();
    expect(screen.getByLabelText("标题")).toHaveValue("图书角");
    expect(screen.getByLabelText("情况说明")).toHaveValue("孩子们想要更多的书。");
    await fillValidNeed();
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await vi.waitFor(() => expect(submit).toHaveBeenCalled());
    again.unmount();

    show();
    expect(screen.getByLabelText("标题")).toHaveValue("");
  });

  it("says in plain words when the request itself failed, in the language chosen afterwards too, and keeps the input", async () => {
    renderForm(vi.fn<SubmitNeed>().mockResolvedValue("error.network"));
    await fillValidNeed();
    await userEvent.type(screen.getByLabelText("标题"), "：饮水机");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    expect(await screen.findByText("无法连接服务器，请检查网络后重试。")).toBeInTheDocument();
    expect(screen.getByLabelText("标题")).toHaveValue("图书角：饮水机");
    await switchToEnglish();
    expect(screen.getByText("The server cannot be reached. Check your connection and try again.")).toBeInTheDocument();
  });

  it("marks an empty deadline as required beside it and sends nothing (never an empty Date)", async () => {
    const submit = vi.fn<SubmitNeed>().mockResolvedValue([]);
    renderForm(submit);
    await fillValidNeed();
    fireEvent.change(screen.getByLabelText("截止日期"), { target: { value: "" } });
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    expect(submit).not.toHaveBeenCalled();
    expect(screen.getByText("表单有 1 处需要修改，请查看下方各字段旁的说明。")).toBeInTheDocument();
    expect(screen.getByLabelText("截止日期")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("截止日期")).toHaveAccessibleDescription("此项必填。");
    expect(screen.getByLabelText("标题")).toHaveValue("图书角");

    fireEvent.change(screen.getByLabelText("截止日期"), { target: { value: "2027-01-01" } });
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    expect(submit).toHaveBeenCalledOnce();
    expect(submit.mock.calls[0][0].deadline).toBe("2027-01-01");
  });

  it("names every empty required field of an empty form beside it, in English too", async () => {
    const submit = vi.fn<SubmitNeed>();
    renderForm(submit, "en");
    await userEvent.click(screen.getByRole("button", { name: "Submit" }));
    expect(submit).not.toHaveBeenCalled();
    const item = within(screen.getByTestId("item-0"));
    for (const field of [
      screen.getByLabelText("Title"),
      screen.getAllByLabelText("Category")[0],
      screen.getByLabelText("Deadline"),
      item.getByLabelText("Description"),
      item.getByLabelText("Unit"),
      item.getByLabelText("Unit value (yuan)"),
    ]) {
      expect(field).toHaveAccessibleDescription("This is required.");
    }
    // The item's own category falls back to the need's, and the story is optional.
    expect(item.getByLabelText("Category")).not.toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Story")).not.toHaveAttribute("aria-invalid", "true");
  });

  it("moves an item's errors with it when an item above it is removed", async () => {
    const submit = vi.fn<SubmitNeed>();
    renderForm(submit);
    await fillValidNeed();
    await userEvent.click(screen.getByRole("button", { name: "再加一项" }));
    const second = within(screen.getByTestId("item-1"));
    await userEvent.type(second.getByLabelText("物品名称和说明"), "儿童读物");
    await userEvent.clear(second.getByLabelText("数量"));
    await userEvent.type(second.getByLabelText("数量"), "abc");
    await userEvent.type(second.getByLabelText("单位"), "套");
    await userEvent.type(second.getByLabelText("单价（元）"), "150");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    expect(second.getByLabelText("数量")).toHaveAccessibleDescription("请输入数字。");

    await userEvent.click(screen.getByRole("button", { name: "删除第 1 项" }));
    const left = within(screen.getByTestId("item-0"));
    expect(left.getByLabelText("物品名称和说明")).toHaveValue("儿童读物");
    expect(left.getByLabelText("数量")).toHaveValue("abc");
    expect(left.getByLabelText("数量")).toHaveAttribute("aria-invalid", "true");
    expect(left.getByLabelText("数量")).toHaveAccessibleDescription("请输入数字。");
    expect(screen.getByText("表单有 1 处需要修改，请查看下方各字段旁的说明。")).toBeInTheDocument();
    expect(submit).not.toHaveBeenCalled();
  });

  it("takes focus to the item that takes a removed one's place, else the one before, not <body>", async () => {
    renderForm(vi.fn<SubmitNeed>());
    await userEvent.click(screen.getByRole("button", { name: "再加一项" }));
    await userEvent.click(screen.getByRole("button", { name: "再加一项" }));
    const description = (n: number) => within(screen.getByTestId(`item-${n}`)).getByLabelText("物品名称和说明");
    await userEvent.type(description(1), "第二项");
    await userEvent.type(description(2), "第三项");

    // The middle one: focus to the next, now second.
    await userEvent.click(screen.getByRole("button", { name: "删除第 2 项" }));
    expect(description(1)).toHaveValue("第三项");
    expect(description(1)).toHaveFocus();

    // The last one: focus to the one before it.
    await userEvent.type(description(0), "第一项");
    await userEvent.click(screen.getByRole("button", { name: "删除第 2 项" }));
    expect(screen.queryByTestId("item-1")).not.toBeInTheDocument();
    expect(description(0)).toHaveValue("第一项");
    expect(description(0)).toHaveFocus();
  });

  it("ties the list's own error to the group of items", () => {
    render(
      <I18nProvider>
        <ItemsFieldset
          items={[emptyItem()]}
          errorOf={(field) => (field === "items" ? "最多 50 项。" : undefined)}
          onChange={() => {}}
          onRemove={() => {}}
        />
      </I18nProvider>,
    );
    const group = screen.getByRole("group", { name: "需求物品" });
    const error = screen.getByText("最多 50 项。");
    expect(error.id).not.toBe("");
    expect(group).toHaveAttribute("aria-describedby", error.id);
    expect(group).toHaveAccessibleDescription("最多 50 项。");
  });

  it("clears the errors of a removed item", async () => {
    renderForm(vi.fn<SubmitNeed>());
    await fillValidNeed();
    await userEvent.click(screen.getByRole("button", { name: "再加一项" }));
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    // The new item is empty: its description, unit and value are required.
    expect(screen.getByText("表单有 3 处需要修改，请查看下方各字段旁的说明。")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "删除第 2 项" }));
    expect(screen.queryByText(/表单有 \d+ 处需要修改/)).not.toBeInTheDocument();
    expect(document.querySelectorAll("[aria-invalid=true]")).toHaveLength(0);
  });

  it("reads quantities, yuan and students typed with full-width digits (a Chinese IME)", async () => {
    const submit = vi.fn<SubmitNeed>().mockResolvedValue([]);
    renderForm(submit);
    await userEvent.type(screen.getByLabelText("标题"), "图书角");
    await userEvent.selectOptions(screen.getAllByLabelText("类别")[0], "LIBRARY");
    fireEvent.change(screen.getByLabelText("截止日期"), { target: { value: "2027-01-01" } });
    fireEvent.change(screen.getByLabelText("受益学生人数 （选填）"), { target: { value: "３００" } });
    const item = within(screen.getByTestId("item-0"));
    await userEvent.type(item.getByLabelText("物品名称和说明"), "书架");
    fireEvent.change(item.getByLabelText("数量"), { target: { value: "１２" } });
    await userEvent.type(item.getByLabelText("单位"), "个");
    fireEvent.change(item.getByLabelText("单价（元）"), { target: { value: "１，１００．５" } });
    expect(screen.getByText("合计 ¥13,206")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    expect(screen.queryByText("请输入数字。")).not.toBeInTheDocument();
    expect(submit).toHaveBeenCalledOnce();
    const input = submit.mock.calls[0][0];
    expect(input.beneficiaries).toBe(300);
    expect(input.items[0]).toMatchObject({ quantity: 12, unitValueFen: 110050 });
  });

  it("counts the story's characters against the 4,000 the server takes, and refuses more before sending", async () => {
    const submit = vi.fn<SubmitNeed>();
    renderForm(submit);
    const story = screen.getByLabelText("情况说明");
    expect(story).toHaveAccessibleDescription(/0 \/ 4,000 字/);
    await userEvent.type(story, "缺书架");
    expect(story).toHaveAccessibleDescription(/3 \/ 4,000 字/);

    await fillValidNeed();
    fireEvent.change(story, { target: { value: "书".repeat(4001) } });
    expect(story).toHaveAccessibleDescription(/4,001 \/ 4,000 字/);
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    expect(submit).not.toHaveBeenCalled();
    expect(story).toHaveAttribute("aria-invalid", "true");
    expect(story).toHaveAccessibleDescription(/内容太长，最多 4,000 个字。/);
    // Nothing is cut off.
    expect(story).toHaveValue("书".repeat(4001));
  });

  it("says the items' total is over a need's limit, in yuan, above the items", async () => {
    const submit = vi.fn<SubmitNeed>().mockResolvedValue([
      {
        field: "items",
        code: "OUT_OF_RANGE",
        message: "The items are worth ¥1,000,000,000,000.00 in all (quantity × unit value); a need may ask for at most ¥1,000,000,000.00.",
        maximum: "100000000000",
      },
    ]);
    renderForm(submit);
    await fillValidNeed();
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    const group = await screen.findByRole("group", { name: "需求物品" });
    expect(group).toHaveAccessibleDescription("物资总值超出上限：一项需求最多 ¥1,000,000,000。");
    await switchToEnglish();
    expect(screen.getByRole("group", { name: "Items" })).toHaveAccessibleDescription(
      "The items are worth more in all than a need may ask for: at most CN¥1,000,000,000.",
    );
  });
});
