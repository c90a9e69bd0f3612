import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError, Provider, type Client } from "urql";
import { describe, expect, it, vi } from "vitest";
import { fromValue, never } from "wonka";
import type { WebFulfilmentMatchFragment } from "../gql/graphql";
import { I18nProvider } from "../i18n/i18n";
import { uploadEvidence } from "../lib/evidence";
import { switchToEnglish } from "../test/mockClient";
import { DeliveryForm, FulfilmentStatus, ReceiptForm } from "./Fulfilment";
import { LanguageSwitch } from "./Layout";

const match = {
  id: "TWF0Y2g6MQ",
  status: "APPROVED",
  origin: "DIRECT",
  pledgeQuantity: 70000,
  itemQuantity: 2,
  valueFen: 70000,
  score: 0,
  explanation: [],
  regionCode: "370983",
  createdAt: "2026-11-01T00:00:00+00:00",
  school: { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学", region: null },
  donor: { id: "UGFydHk6Nw", name: "桃农合作社", kind: "MICROENTERPRISE", verifiedAt: null },
  need: { id: "TmVlZDox", title: "图书角" },
  needItem: { id: "TmVlZEl0ZW06MQ", description: "书架", unit: "个", quantity: 4, remainingQuantity: 2 },
  pledge: { id: "UGxlZGdlOjE", title: "助学金", kind: "MONEY", unit: "FEN" },
  fulfilment: { quantity: 2, deliveredQuantity: 0, receivedQuantity: 0 },
  deliveries: [],
  receipts: [],
} as unknown as WebFulfilmentMatchFragment;

/** Every mutation fails: the server cannot be reached. */
const offline = () => vi.fn(() => fromValue({ error: new CombinedError({ networkError: new Error("offline") }) }));

function renderWith(ui: React.ReactNode, executeMutation = vi.fn(() => never)) {
  const client = { executeMutation, executeQuery: vi.fn(() => never) } as unknown as Client;
  render(
    <I18nProvider>
      <Provider value={client}>{ui}</Provider>
    </I18nProvider>,
  );
  return executeMutation;
}

describe("recording a delivery", () => {
  it("follows the pledge's kind, shows a refused date beside its field and keeps the input", async () => {
    const execute = vi.fn(() =>
      fromValue({
        data: { recordDelivery: { match: null, errors: [{ field: "deliveredOn", code: "OUT_OF_RANGE", message: "deliveredOn 2030-01-01 is in the future." }] } },
      }),
    );
    const onDone = vi.fn();
    renderWith(<DeliveryForm match={match} onDone={onDone} />, execute as never);
    const form = within(screen.getByRole("form", { name: "登记送达" }));
    expect(form.getByLabelText("送达方式")).toHaveValue("TRANSFERRED");
    expect(form.getByLabelText("数量（个）")).toHaveValue("2");
    fireEvent.change(form.getByLabelText("日期"), { target: { value: "2030-01-01" } });
    await userEvent.type(form.getByLabelText("备注（运单号等，选填）"), "流水号 123");
    await userEvent.click(form.getByRole("button", { name: "登记送达" }));

    expect(execute).toHaveBeenCalledOnce();
    const date = form.getByLabelText("日期");
    expect(date).toHaveAttribute("aria-invalid", "true");
    const error = await form.findByText("日期不能晚于今天，也不能早于批准的日期。");
    expect(date.getAttribute("aria-describedby")).toContain(error.id);
    expect(date).toHaveValue("2030-01-01");
    expect(form.getByLabelText("备注（运单号等，选填）")).toHaveValue("流水号 123");
    expect(onDone).not.toHaveBeenCalled();
  });

  it("offers only the way of delivery that fits the pledge's kind", async () => {
    const goods = { ...match, pledge: { id: "UGxlZGdlOjI", title: "书架", kind: "GOODS", unit: "个" } } as WebFulfilmentMatchFragment;
    renderWith(<DeliveryForm match={goods} onDone={() => {}} />);
    const kind = within(screen.getByRole("form", { name: "登记送达" })).getByLabelText("送达方式");
    expect(within(kind).getAllByRole("option").map((o) => o.textContent)).toEqual(["已发货"]);
    expect(kind).toHaveValue("SHIPPED");
  });

  it("marks the item's unit in the quantity's label with its language in English", async () => {
    renderWith(
      <>
        <LanguageSwitch />
        <DeliveryForm match={match} onDone={() => {}} />
      </>,
    );
    await switchToEnglish();
    const quantity = within(screen.getByRole("form", { name: "Record a delivery" })).getByLabelText("Quantity (个)");
    const label = document.querySelector(`label[for="${quantity.id}"]`)!;
    expect(within(label as HTMLElement).getByText("个")).toHaveAttribute("lang", "zh-CN");
  });

  it("offers every way of delivery for media coverage, which the server takes in any", async () => {
    const media = { ...match, pledge: { id: "UGxlZGdlOjM", title: "报道", kind: "MEDIA", unit: "STORY" } } as WebFulfilmentMatchFragment;
    renderWith(<DeliveryForm match={media} onDone={() => {}} />);
    const kind = within(screen.getByRole("form", { name: "登记送达" })).getByLabelText("送达方式");
    expect(within(kind).getAllByRole("option")).toHaveLength(3);
  });

  it("says too many is more than is left to deliver, not advice about pledges", async () => {
    const execute = vi.fn(() =>
      fromValue({
        data: { recordDelivery: { delivery: null, match: null, errors: [{ field: "quantity", code: "OVER_ALLOCATED", message: "Left to deliver: 2; 11 is too many.", maximum: "2" }] } },
      }),
    );
    renderWith(<DeliveryForm match={match} onDone={() => {}} />, execute as never);
    const form = within(screen.getByRole("form", { name: "登记送达" }));
    fireEvent.change(form.getByLabelText("数量（个）"), { target: { value: "11" } });
    await userEvent.click(form.getByRole("button", { name: "登记送达" }));
    const quantity = form.getByLabelText("数量（个）");
    await waitFor(() => expect(quantity).toHaveAccessibleDescription("还可登记 2 这项对接还未送达的只有 2，请按这次实际送达的数量填写。"));
    expect(form.queryByText(/换一项认捐/)).not.toBeInTheDocument();
    expect(quantity).toHaveValue("11");
  });

  it("says a failed request in the language chosen after it failed", async () => {
    renderWith(
      <>
        <LanguageSwitch />
        <DeliveryForm match={match} onDone={() => {}} />
      </>,
      offline() as never,
    );
    await userEvent.click(screen.getByRole("button", { name: "登记送达" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("无法连接服务器，请检查网络后重试。");
    await switchToEnglish();
    expect(screen.getByRole("alert")).toHaveTextContent("The server cannot be reached. Check your connection and try again.");
  });

  it("checks the quantity before sending", async () => {
    const execute = renderWith(<DeliveryForm match={match} onDone={() => {}} />);
    const form = within(screen.getByRole("form", { name: "登记送达" }));
    await userEvent.clear(form.getByLabelText("数量（个）"));
    await userEvent.type(form.getByLabelText("数量（个）"), "1.5");
    await userEvent.click(form.getByRole("button", { name: "登记送达" }));
    expect(await form.findByText("请输入数字。")).toBeInTheDocument();
    expect(execute).not.toHaveBeenCalled();
  });
});

describe("the delivery form's own checks", () => {
  it("asks for a date left empty beside the date field, without sending, and keeps the input", async () => {
    const execute = renderWith(<DeliveryForm match={match} onDone={() => {}} />);
    const form = within(screen.getByRole("form", { name: "登记送达" }));
    fireEvent.change(form.getByLabelText("日期"), { target: { value: "" } });
    await userEvent.type(form.getByLabelText("备注（运单号等，选填）"), "流水号 123");
    await userEvent.click(form.getByRole("button", { name: "登记送达" }));

    const date = form.getByLabelText("日期");
    await waitFor(() => expect(date).toHaveAccessibleDescription("此项必填。"));
    expect(date).toHaveAttribute("aria-invalid", "true");
    // Focus goes to the field to fix, its error read with it (not left on the button).
    expect(date).toHaveFocus();
    expect(form.queryByText("请求的参数有误。")).not.toBeInTheDocument();
    expect(execute).not.toHaveBeenCalled();
    expect(form.getByLabelText("备注（运单号等，选填）")).toHaveValue("流水号 123");
    expect(form.getByLabelText("数量（个）")).toHaveValue("2");
  });

  it("keeps focus on 登记送达 while the delivery is sent, without sending it twice", async () => {
    // Never answered: the button stays busy.
    const execute = renderWith(<DeliveryForm match={match} onDone={() => {}} />);
    const form = within(screen.getByRole("form", { name: "登记送达" }));
    const button = form.getByRole("button", { name: "登记送达" });
    await userEvent.click(button);
    const busy = form.getByRole("button", { name: "正在提交…" });
    expect(busy).toBe(button);
    expect(busy).toHaveAttribute("aria-disabled", "true");
    expect(busy).not.toBeDisabled();
    expect(busy).toHaveFocus();
    await userEvent.click(busy);
    expect(execute).toHaveBeenCalledOnce();
  });

  it("takes today on China's calendar, wherever the device is", () => {
    // The device in London (UTC).
    vi.stubEnv("TZ", "UTC");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // 17:30 in London on 30 November is half past one in the morning of 1 December in China.
      vi.setSystemTime(new Date("2026-11-30T17:30:00Z"));
      renderWith(<DeliveryForm match={match} onDone={() => {}} />);
      const date = within(screen.getByRole("form", { name: "登记送达" })).getByLabelText("日期");
      expect(date).toHaveValue("2026-12-01");
      expect(date).toHaveAttribute("max", "2026-12-01");
    } finally {
      vi.useRealTimers();
      vi.unstubAllEnvs();
    }
  });

  it("says a negative quantity is below the least it takes, without sending", async () => {
    const execute = renderWith(<DeliveryForm match={match} onDone={() => {}} />);
    const form = within(screen.getByRole("form", { name: "登记送达" }));
    await userEvent.clear(form.getByLabelText("数量（个）"));
    await userEvent.type(form.getByLabelText("数量（个）"), "-3");
    await userEvent.click(form.getByRole("button", { name: "登记送达" }));
    const quantity = form.getByLabelText("数量（个）");
    await waitFor(() => expect(quantity).toHaveAccessibleDescription("还可登记 2 数量须至少为 1。"));
    expect(form.queryByText("请输入数字。")).not.toBeInTheDocument();
    expect(quantity).toHaveValue("-3");
    expect(execute).not.toHaveBeenCalled();
  });
});

describe("confirming receipt with a photo", () => {
  it("says a negative quantity is below the least it takes, without sending", async () => {
    const delivered = { ...match, status: "DELIVERED", fulfilment: { quantity: 2, deliveredQuantity: 2, receivedQuantity: 0 } } as WebFulfilmentMatchFragment;
    const execute = renderWith(<ReceiptForm match={delivered} onDone={() => {}} />);
    const quantity = screen.getByLabelText("收到的数量（个）");
    await userEvent.clear(quantity);
    await userEvent.type(quantity, "-1");
    await userEvent.click(screen.getByRole("button", { name: "提交收货确认" }));
    await waitFor(() => expect(quantity).toHaveAccessibleDescription("待确认 2 数量须至少为 1。"));
    expect(quantity).toHaveFocus();
    expect(screen.queryByText("请输入数字。")).not.toBeInTheDocument();
    expect(execute).not.toHaveBeenCalled();
  });

  const delivered = { ...match, status: "DELIVERED", fulfilment: { quantity: 2, deliveredQuantity: 2, receivedQuantity: 0 } } as WebFulfilmentMatchFragment;

  it("refuses a file that is not a photo, or one that is too large, in plain words", async () => {
    renderWith(<ReceiptForm match={delivered} onDone={() => {}} />);
    const input = screen.getByLabelText("照片（JPEG、PNG 或 WebP，最大 5 MB）");
    await userEvent.upload(input, new File(["hello"], "notes.txt", { type: "text/plain" }), { applyAccept: false });
    expect(await screen.findByText("只能上传 JPEG、PNG 或 WebP 格式的照片。")).toBeInTheDocument();
    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], "big.jpg", { type: "image/jpeg" });
    await userEvent.upload(input, big);
    expect(await screen.findByText(/照片太大了（5(\.0)? MB）/)).toBeInTheDocument();
  });

  it("says a refused photo and a failed request in the language chosen after them", async () => {
    renderWith(
      <>
        <LanguageSwitch />
        <ReceiptForm match={delivered} onDone={() => {}} />
      </>,
      offline() as never,
    );
    await userEvent.upload(screen.getByLabelText("照片（JPEG、PNG 或 WebP，最大 5 MB）"), new File(["hello"], "notes.txt", { type: "text/plain" }), {
      applyAccept: false,
    });
    await userEvent.click(screen.getByRole("button", { name: "提交收货确认" }));
    expect(await screen.findByText("无法连接服务器，请检查网络后重试。")).toBeInTheDocument();
    expect(screen.getByText("只能上传 JPEG、PNG 或 WebP 格式的照片。")).toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByText("The server cannot be reached. Check your connection and try again.")).toBeInTheDocument();
    expect(screen.getByText("Only JPEG, PNG or WebP photos can be uploaded.")).toBeInTheDocument();
  });

  it("says a photo with too many pixels, or the photo store being down, in the reader's words", async () => {
    const refusals = [
      { status: 415, body: { errors: [{ message: "The image has 9000×6000 pixels; at most 40000000 pixels are accepted.", extensions: { code: "UNSUPPORTED_MEDIA_TYPE", field: "file", maximum: "40000000" } }] } },
      { status: 503, body: { errors: [{ message: "The photo store cannot be reached; try again shortly.", extensions: { code: "UNAVAILABLE" } }] } },
    ];
    vi.stubGlobal("fetch", vi.fn(async () => {
      const next = refusals.shift()!;
      return new Response(JSON.stringify(next.body), { status: next.status });
    }));
    try {
      renderWith(
        <>
          <LanguageSwitch />
          <ReceiptForm match={delivered} onDone={() => {}} />
        </>,
      );
      const input = screen.getByLabelText("照片（JPEG、PNG 或 WebP，最大 5 MB）");
      await userEvent.upload(input, new File([new Uint8Array([0xff, 0xd8, 0xff])], "vast.jpg", { type: "image/jpeg" }));
      expect(await screen.findByText("照片像素太多，最多 40 百万像素，请缩小后再上传。")).toBeInTheDocument();
      await userEvent.upload(input, new File([new Uint8Array([0xff, 0xd8, 0xff])], "b.jpg", { type: "image/jpeg" }));
      expect(await screen.findByText("服务暂时不可用，请稍后再试。")).toBeInTheDocument();
      expect(screen.queryByText(/photo store/)).not.toBeInTheDocument();
      await switchToEnglish();
      expect(screen.getByText(/The service is unavailable for now\. Please try again later\. The photo store cannot be reached/)).toBeInTheDocument();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("shows a missing photo beside the photo field and keeps the thank-you note", async () => {
    const execute = vi.fn(() =>
      fromValue({
        data: {
          confirmReceipt: {
            match: null,
            errors: [{ field: "evidenceIds", code: "REQUIRED", message: "Confirming the whole match needs at least one photo of what arrived." }],
          },
        },
      }),
    );
    renderWith(<ReceiptForm match={delivered} onDone={() => {}} />, execute as never);
    expect(screen.getByLabelText("收到的数量（个）")).toHaveValue("2");
    await userEvent.type(screen.getByLabelText("给捐赠方的感谢（选填）"), "谢谢！");
    await userEvent.click(screen.getByRole("button", { name: "提交收货确认" }));
    expect(await screen.findByText("确认全部收到需要至少一张照片。")).toBeInTheDocument();
    expect(screen.getByLabelText("照片（JPEG、PNG 或 WebP，最大 5 MB）")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("给捐赠方的感谢（选填）")).toHaveValue("谢谢！");
  });

  it("says a photo used by another record is to be taken anew, beside the photo field", async () => {
    const execute = vi.fn(() =>
      fromValue({
        data: {
          confirmReceipt: {
            match: null,
            errors: [{ field: "evidenceIds.0", code: "ALREADY_ALLOCATED", message: "This photo is already part of another record." }],
          },
        },
      }),
    );
    renderWith(<ReceiptForm match={delivered} onDone={() => {}} />, execute as never);
    await userEvent.click(screen.getByRole("button", { name: "提交收货确认" }));
    expect(await screen.findByText("这张照片已用于另一条记录，请重新拍一张上传。")).toBeInTheDocument();
    expect(screen.queryByText("已有分配，不能修改。")).not.toBeInTheDocument();
  });

  it("drops the missing-photo message once a photo is uploaded", async () => {
    const execute = vi.fn(() =>
      fromValue({
        data: { confirmReceipt: { match: null, errors: [{ field: "evidenceIds", code: "REQUIRED", message: "Confirming needs a photo." }] } },
      }),
    );
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ id: "RXZpZGVuY2U6MQ", contentType: "image/jpeg", sizeBytes: 3, width: 1, height: 1 }), { status: 201 })),
    );
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: () => "blob:photo", revokeObjectURL: () => {} }));
    try {
      renderWith(<ReceiptForm match={delivered} onDone={() => {}} />, execute as never);
      await userEvent.click(screen.getByRole("button", { name: "提交收货确认" }));
      expect(await screen.findByText("确认全部收到需要至少一张照片。")).toBeInTheDocument();
      await userEvent.upload(screen.getByLabelText("照片（JPEG、PNG 或 WebP，最大 5 MB）"), new File([new Uint8Array([0xff, 0xd8, 0xff])], "a.jpg", { type: "image/jpeg" }));
      expect(await screen.findByText("照片已上传。")).toBeInTheDocument();
      expect(screen.queryByText("确认全部收到需要至少一张照片。")).not.toBeInTheDocument();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("says how many are still to confirm when another receipt came first, not advice about pledges", async () => {
    const execute = vi.fn(() =>
      fromValue({
        data: {
          confirmReceipt: {
            match: null,
            errors: [{ field: "quantity", code: "OVER_ALLOCATED", message: "Delivered and not yet confirmed: 1; 2 is too many.", maximum: "1" }],
          },
        },
      }),
    );
    renderWith(<ReceiptForm match={delivered} onDone={() => {}} />, execute as never);
    await userEvent.click(screen.getByRole("button", { name: "提交收货确认" }));
    const quantity = screen.getByLabelText("收到的数量（个）");
    await waitFor(() => expect(quantity).toHaveAccessibleDescription(/已送达但还未确认的只有 1，数量不能超过它。/));
    expect(screen.queryByText(/换一项认捐/)).not.toBeInTheDocument();
    expect(quantity).toHaveValue("2");
  });
});

describe("the photos of a delivery or a receipt", () => {
  it("name the need they are about, and say that they open in a new tab", () => {
    const photographed = {
      ...match,
      deliveries: [
        {
          id: "RGVsaXZlcnk6MQ",
          kind: "TRANSFERRED",
          deliveredOn: "2026-11-02",
          quantity: 2,
          note: null,
          recordedAt: "2026-11-02T00:00:00+00:00",
          evidence: [
            { id: "RXZpZGVuY2U6MQ", url: "/evidence/1.jpg", contentType: "image/jpeg" },
            { id: "RXZpZGVuY2U6Mg", url: "/evidence/2.jpg", contentType: "image/jpeg" },
          ],
        },
      ],
    } as unknown as WebFulfilmentMatchFragment;
    renderWith(<FulfilmentStatus match={photographed} />);
    const links = screen.getAllByRole("link");
    expect(links).toHaveLength(2);
    expect(links[0]).toHaveAttribute("target", "_blank");
    expect(links[0]).toHaveAccessibleName(/^“图书角”的照片 1 ?（在新窗口打开）$/);
    expect(links[1]).toHaveAccessibleName(/^“图书角”的照片 2 ?（在新窗口打开）$/);
    expect(within(links[0]).getByRole("img")).toHaveAttribute("alt", "“图书角”的照片 1");
  });
});

describe("uploading evidence", () => {
  const photo = () => new File([new Uint8Array([0xff, 0xd8, 0xff])], "a.jpg", { type: "image/jpeg" });
  const answer = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

  it("returns the photo's id on 201", async () => {
    const fetcher = answer(201, { id: "RXZpZGVuY2U6MQ", contentType: "image/jpeg", sizeBytes: 3, width: 1, height: 1 });
    await expect(uploadEvidence(photo(), "UGFydHk6MQ", fetcher)).resolves.toMatchObject({ id: "RXZpZGVuY2U6MQ" });
    const [url, init] = (fetcher as unknown as ReturnType<typeof vi.fn>).mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/evidence");
    expect((init.body as FormData).get("file")).toBeInstanceOf(File);
    expect((init.body as FormData).get("partyId")).toBe("UGFydHk6MQ");
  });

  it("turns the server's refusals into reasons", async () => {
    const refusal = (status: number, code: string) => answer(status, { errors: [{ message: `m ${code}`, extensions: { code } }] });
    await expect(uploadEvidence(photo(), undefined, refusal(415, "UNSUPPORTED_MEDIA_TYPE"))).rejects.toMatchObject({ problem: { reason: "unreadable" } });
    const pixels = answer(415, { errors: [{ message: "m", extensions: { code: "UNSUPPORTED_MEDIA_TYPE", maximum: "40000000" } }] });
    await expect(uploadEvidence(photo(), undefined, pixels)).rejects.toMatchObject({ problem: { reason: "pixels", max: 40000000 } });
    await expect(uploadEvidence(photo(), undefined, refusal(413, "PAYLOAD_TOO_LARGE"))).rejects.toMatchObject({ problem: { reason: "size" } });
    await expect(uploadEvidence(photo(), undefined, refusal(401, "UNAUTHENTICATED"))).rejects.toMatchObject({
      problem: { reason: "server", code: "UNAUTHENTICATED", status: 401 },
    });
    const offline = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    await expect(uploadEvidence(photo(), undefined, offline)).rejects.toMatchObject({ problem: { reason: "network" } });
  });
});
