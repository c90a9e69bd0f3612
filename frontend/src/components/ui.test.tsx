import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../i18n/i18n";
import type { Locale } from "../i18n/format";
import type { FieldError } from "../lib/errors";
import { BusyButton, MessageNotice, useErrorText, type Message } from "./ui";

function Texts({ errors }: { errors: FieldError[] }) {
  const errorText = useErrorText();
  return (
    <ul>
      {errors.map((e, i) => (
        <li key={i}>{errorText(e)}</li>
      ))}
    </ul>
  );
}

function texts(locale: Locale, errors: FieldError[]): string[] {
  render(
    <I18nProvider initial={locale}>
      <Texts errors={errors} />
    </I18nProvider>,
  );
  return screen.getAllByRole("listitem").map((li) => li.textContent ?? "");
}

const ROLE: FieldError = {
  field: "role",
  code: "INVALID",
  message: "A SCHOOL party has no GOV_OFFICIAL role; use one of PRINCIPAL, SCHOOL_STAFF.",
  allowed: ["PRINCIPAL", "SCHOOL_STAFF"],
};
const PLEDGE_SHORT: FieldError = { field: "quantity", code: "OVER_ALLOCATED", message: "The pledge has 494000 FEN left; this needs 6500000." };
const HALF: FieldError = { field: "quantity", code: "INVALID", message: "quantity must be a whole number." };
const NOT_FIT: FieldError = { field: "pledgeId", code: "NOT_ELIGIBLE", message: "The pledge is for another category." };
const EMAIL: FieldError = { field: "email", code: "INVALID", message: "'abc' is not an email address." };

describe("payload errors in words", () => {
  it("say in Chinese why, not only the code's label", () => {
    const [role, short, half, notFit, email] = texts("zh-CN", [ROLE, PLEDGE_SHORT, HALF, NOT_FIT, EMAIL]);
    expect(role).toBe("这类参与方不能担任所选的角色。 可选：校长、学校工作人员。");
    expect(short).toContain("所选认捐剩余的数量或金额不够");
    expect(half).toBe("请输入整数。");
    expect(notFit).toBe("所选的认捐不能用于这项物品，请换一项认捐，或换一项物品。");
    expect(email).toContain("这不是有效的电子邮箱地址");
    for (const text of [role, short, half, notFit, email]) expect(text).not.toMatch(/内容无效|超出了剩余的数量|不符合条件/);
  });

  it("offer the values the error lists, not what its message happens to say", () => {
    const [listed, unlisted] = texts("zh-CN", [{ ...ROLE, allowed: ["SCHOOL_STAFF"] }, { ...ROLE, allowed: null }]);
    expect(listed).toBe("这类参与方不能担任所选的角色。 可选：学校工作人员。");
    expect(unlisted).toBe("这类参与方不能担任所选的角色。");
  });

  it("give English readers the field's wording, without field paths or amounts in fen", () => {
    const [role, short, required, tooLong, email] = texts("en", [
      ROLE,
      PLEDGE_SHORT,
      { field: "items.0.description", code: "REQUIRED", message: "items.0.description is required." },
      { field: "title", code: "TOO_LONG", message: "title is 300 characters long; at most 200 are allowed." },
      EMAIL,
    ]);
    expect(role).toBe("This kind of party cannot have the chosen role. Choose one of: Principal, School staff.");
    expect(short).not.toContain("FEN");
    expect(short).toContain("The chosen pledge has too little left");
    expect(required).toBe("This is required.");
    expect(tooLong).toBe("This is too long. This is 300 characters long; at most 200 are allowed.");
    expect(email).toBe("This is not an email address, such as name@example.com.");
  });
});

describe("a pledge that cannot go to the item", () => {
  const OTHER_ITEM: FieldError = { field: "pledgeId", code: "NOT_ELIGIBLE", message: "The pledge offers 儿童读物; the school needs 书架." };
  const MEDIA: FieldError = { field: "pledgeId", code: "NOT_ELIGIBLE", message: "A MEDIA pledge is not given to one need item." };

  it("is said in one plain Chinese sentence, not a list of reasons it might be", () => {
    const [other, media] = texts("zh-CN", [OTHER_ITEM, MEDIA]);
    expect(other).toBe("所选的认捐不能用于这项物品，请换一项认捐，或换一项物品。");
    expect(media).toBe(other);
    expect(other).not.toMatch(/类别或地区|服务距离|[A-Za-z]/);
  });

  it("gives English readers the server's own reason", () => {
    const [other, media] = texts("en", [OTHER_ITEM, MEDIA]);
    expect(other).toBe("This pledge cannot go to this item. The pledge offers 儿童读物; the school needs 书架.");
    expect(media).toBe("This pledge cannot go to this item. A MEDIA pledge is not given to one need item.");
  });
});

describe("the items' total and a service's radius out of range", () => {
  // As the server sends them: the total's bound in fen; the radius's only when it was above it.
  const TOTAL: FieldError = {
    field: "items",
    code: "OUT_OF_RANGE",
    message: "The items are worth ¥1,000,000,000,000.00 in all (quantity × unit value); a need may ask for at most ¥1,000,000,000.00.",
    maximum: "100000000000",
  };
  const RADIUS_ABOVE: FieldError = { field: "serviceRadiusKm", code: "OUT_OF_RANGE", message: "serviceRadiusKm must be more than 0 and at most 3000.", maximum: "3000" };
  const RADIUS_BELOW: FieldError = { field: "serviceRadiusKm", code: "OUT_OF_RANGE", message: "serviceRadiusKm must be more than 0 and at most 3000." };

  it("say the total's bound in yuan, and that it is the items' total, in Chinese", () => {
    const [total, above, below] = texts("zh-CN", [TOTAL, RADIUS_ABOVE, RADIUS_BELOW]);
    expect(total).toBe("物资总值超出上限：一项需求最多 ¥1,000,000,000。");
    expect(above).toBe("服务半径须大于 0 公里，最多 3,000 公里。");
    expect(below).toBe("服务半径须大于 0 公里，最多 3,000 公里。");
  });

  it("and in English", () => {
    const [total, above, below] = texts("en", [TOTAL, RADIUS_ABOVE, RADIUS_BELOW]);
    expect(total).toBe("The items are worth more in all than a need may ask for: at most CN¥1,000,000,000.");
    expect(above).toBe("The service radius must be more than 0 km and at most 3,000 km.");
    expect(below).toBe("The service radius must be more than 0 km and at most 3,000 km.");
  });

  it("leave a count of items a count", () => {
    const items: FieldError = { field: "items", code: "TOO_MANY", message: "items has 60 entries; at most 50.", maximum: "50" };
    expect(texts("zh-CN", [items])).toEqual(["数量太多，最多 50 项。"]);
  });
});

describe("text and lists past their limit", () => {
  it("say the limit the server named, in either language", () => {
    const story: FieldError = { field: "story", code: "TOO_LONG", message: "story is 4500 characters long; at most 4000 are allowed.", maximum: "4000" };
    const items: FieldError = { field: "items", code: "TOO_MANY", message: "items has 60 entries; at most 50.", maximum: "50" };
    expect(texts("zh-CN", [story, items])).toEqual(["内容太长，最多 4,000 个字。", "数量太多，最多 50 项。"]);
  });

  it("say it in English too", () => {
    const story: FieldError = { field: "story", code: "TOO_LONG", message: "story is 4500 characters long; at most 4000 are allowed.", maximum: "4000" };
    expect(texts("en", [story])).toEqual(["This is too long: at most 4,000 characters."]);
  });
});

describe("numbers out of range", () => {
  // As the server sends them: the bound the value missed, the other null.
  const AMOUNT = (got: number): FieldError => ({
    field: "amountFen",
    code: "OUT_OF_RANGE",
    message: `amountFen must be between 100 and 10000000000000; got ${got}.`,
    ...(got < 100 ? { minimum: "100", maximum: null } : { minimum: null, maximum: "10000000000000" }),
  });
  const CAP: FieldError = { field: "perSchoolCap", code: "OUT_OF_RANGE", message: "perSchoolCap must be between 1 and 500000; got 600000.", maximum: "500000" };
  const QUANTITY: FieldError = { field: "quantity", code: "OUT_OF_RANGE", message: "quantity must be between 1 and 10; got 11.", maximum: "10" };

  it("say what is wrong with the field, not that it takes whole numbers", () => {
    const [negative, zero, cap, quantity] = texts("zh-CN", [AMOUNT(-10000), AMOUNT(0), CAP, QUANTITY]);
    expect(negative).toBe("金额须为正数，至少 ¥1。");
    expect(zero).toBe("金额须为正数，至少 ¥1。");
    expect(cap).toBe("每所学校上限不能超过这项认捐的金额或数量。");
    expect(quantity).toBe("数量不能超过 10。");
    for (const text of [negative, zero, cap, quantity]) expect(text).not.toMatch(/整数/);
  });

  it("say it in English with the bounds in yuan for money", () => {
    const [negative, tooMuch, other] = texts("en", [
      AMOUNT(-10000),
      AMOUNT(20000000000000),
      { field: "coFundingRatioPercent", code: "OUT_OF_RANGE", message: "coFundingRatioPercent must be between 1 and 1000; got 0.", minimum: "1" },
    ]);
    expect(negative).toBe("The amount must be positive: at least CN¥1.");
    expect(tooMuch).toBe("The amount may not exceed CN¥100,000,000,000.");
    expect(other).toBe("This number is outside the allowed range. It must be at least 1.");
    expect(negative).not.toMatch(/whole numbers/);
  });

  it("word a date by the side it missed, and the day, without reading the message", () => {
    const late: FieldError = { field: "deliveredOn", code: "OUT_OF_RANGE", message: "", maximum: "2026-11-30" };
    const early: FieldError = { field: "deliveredOn", code: "OUT_OF_RANGE", message: "", minimum: "2026-11-02" };
    const [after, before] = texts("zh-CN", [late, early]);
    expect(after).toBe("送达日期不能晚于今天（2026年11月30日）。");
    expect(before).toBe("送达日期不能早于对接获批的日期（2026年11月2日）。");
  });
});

describe("a message notice", () => {
  function Said({ next }: { next: Message[] }) {
    const [message, setMessage] = useState<Message>(null);
    return (
      <>
        <button type="button" onClick={() => setMessage(next[next.indexOf(message) + 1] ?? null)}>
          next
        </button>
        <MessageNotice message={message} />
      </>
    );
  }

  it("is a live region before it says anything, so what it says later is announced", async () => {
    const ok: Message = { kind: "ok", key: "admin.runDone" };
    const refused: Message = { kind: "error", key: "error.forbidden" };
    render(
      <I18nProvider>
        <Said next={[ok, refused]} />
      </I18nProvider>,
    );
    // There from the start, empty, and out of sight (no empty box).
    const status = screen.getByRole("status");
    const alert = screen.getByRole("alert");
    expect(status).toBeEmptyDOMElement();
    expect(alert).toBeEmptyDOMElement();
    expect(status).not.toHaveClass("notice");

    await userEvent.click(screen.getByRole("button", { name: "next" }));
    // The same region, now holding the text: a change a screen reader reads.
    expect(screen.getByRole("status")).toBe(status);
    expect(status).toHaveTextContent("匹配完成。");
    expect(status).toHaveClass("notice", "notice-ok");
    expect(alert).toBeEmptyDOMElement();

    await userEvent.click(screen.getByRole("button", { name: "next" }));
    expect(screen.getByRole("alert")).toBe(alert);
    expect(alert).toHaveTextContent("您无权执行此操作。");
    expect(alert).toHaveClass("notice", "notice-error");
    expect(status).toBeEmptyDOMElement();
  });

  it("marks a name or title in it with its language when that is not the reader's, and only those", async () => {
    const verified: Message = { kind: "ok", key: "official.verifiedNow", vars: { name: "桃农合作社" } };
    const accepted: Message = { kind: "ok", key: "match.accepted", detail: "体育器材" };
    const english = render(
      <I18nProvider initial="en">
        <Said next={[verified, accepted]} />
      </I18nProvider>,
    );
    const status = screen.getByRole("status");
    await userEvent.click(screen.getByRole("button", { name: "next" }));
    expect(status).toHaveTextContent("Verified: 桃农合作社");
    expect(within(status).getByText("桃农合作社")).toHaveAttribute("lang", "zh-CN");
    await userEvent.click(screen.getByRole("button", { name: "next" }));
    expect(status).toHaveTextContent("Accepted. 体育器材");
    expect(within(status).getByText("体育器材")).toHaveAttribute("lang", "zh-CN");
    english.unmount();

    render(
      <I18nProvider initial="zh-CN">
        <Said next={[verified]} />
      </I18nProvider>,
    );
    await userEvent.click(screen.getByRole("button", { name: "next" }));
    expect(screen.getByRole("status")).toHaveTextContent("已核验：桃农合作社");
    expect(screen.getByRole("status").querySelector("[lang]")).toBeNull();
  });
});

describe("a busy button", () => {
  it("keeps its focus while busy, said unavailable, and ignores presses", async () => {
    const onClick = vi.fn();
    const { rerender } = render(
      <BusyButton type="button" busy={false} onClick={onClick}>
        发送
      </BusyButton>,
    );
    const button = screen.getByRole("button", { name: "发送" });
    await userEvent.click(button);
    expect(onClick).toHaveBeenCalledOnce();
    rerender(
      <BusyButton type="button" busy onClick={onClick}>
        发送
      </BusyButton>,
    );
    expect(button).toHaveFocus();
    expect(button).not.toBeDisabled();
    expect(button).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(button);
    await userEvent.keyboard("{Enter}");
    expect(onClick).toHaveBeenCalledOnce();
  });

  it("does not send its form again while busy, by a click or by Enter in a field", async () => {
    const onSubmit = vi.fn((event: React.FormEvent) => event.preventDefault());
    render(
      <form onSubmit={onSubmit}>
        <input aria-label="名称" />
        <BusyButton busy>发送</BusyButton>
      </form>,
    );
    await userEvent.click(screen.getByRole("button", { name: "发送" }));
    await userEvent.type(screen.getByLabelText("名称"), "x{Enter}");
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
