import { useEffect, useId, useRef, useState } from "react";
import { useMutation } from "urql";
import {
  WebConfirmReceiptDocument,
  WebRecordDeliveryDocument,
  WebReportProblemDocument,
  type DeliveryKind,
  type PledgeKind,
  type ProblemKind,
  type WebFulfilmentMatchFragment,
} from "../gql/graphql";
import { MARKETPLACE_TIME_ZONE, toNumber, typedNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { messages, type MessageKey } from "../i18n/messages";
import { errorKey, errorsByField, newIdempotencyKey, type FieldError } from "../lib/errors";
import { EvidenceError, checkPhoto, uploadEvidence, type EvidenceProblem, type UploadedEvidence } from "../lib/evidence";
import { useFocusInvalid } from "../lib/focus";
import { BusyButton, Field, Notice, ProgressBar, Sentence, useErrorText } from "./ui";

type Match = WebFulfilmentMatchFragment;

/** The one way each kind of pledge is delivered (the server refuses any other); a kind not listed
 * (media coverage) may be delivered in any way. */
export const DELIVERY_KIND_BY_PLEDGE: Partial<Record<PledgeKind, DeliveryKind>> = {
  GOODS: "SHIPPED",
  SERVICE: "SERVICE_HELD",
  VOLUNTEER: "SERVICE_HELD",
  MONEY: "TRANSFERRED",
  CO_FUNDING: "TRANSFERRED",
};

/** Today (YYYY-MM-DD) on the marketplace's calendar: China's date, not the device's. */
export function today(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: MARKETPLACE_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** What is wrong with a quantity typed into a form (as `typedNumber` reads it: full-width digits
 * typed with a Chinese IME count), checked before sending: nothing, none given, a number below
 * the least the server takes (one), or not a whole number. */
function quantityError(text: string): FieldError | null {
  const q = text.trim();
  if (q === "") return { field: "quantity", code: "REQUIRED", message: "" };
  if (/^\d+$/.test(q) && Number(q) >= 1) return null;
  // A number all the same (-3, 0, 0.5: the minus sign typed either way) is below the minimum.
  const value = /^[-−]?\s*\d+(\.\d+)?$/.test(q) ? Number(q.replace(/^[-−]\s*/, "-")) : NaN;
  if (value < 1) return { field: "quantity", code: "OUT_OF_RANGE", message: "", minimum: "1" };
  return { field: "quantity", code: "NOT_NUMBER", message: "" };
}

const DELIVERY_KINDS: readonly DeliveryKind[] = ["SHIPPED", "SERVICE_HELD", "TRANSFERRED"];

/** A payload error's text beside its field (`useErrorText` finds the field's own wording, the
 * form's `scope` first). */
function useFieldErrorText(scope?: string) {
  const { t } = useI18n();
  const errorText = useErrorText(scope);
  return (name: string, error: FieldError | undefined): string | undefined => {
    if (error?.code === "NOT_NUMBER") return t("error.notNumber");
    return errorText(error && { ...error, field: error.field ?? name });
  };
}

/** Delivered and confirmed, as bars and as the history of records. */
export function FulfilmentStatus({ match }: { match: Match }) {
  const { t, label, number, date, textLang } = useI18n();
  const unit = match.needItem?.unit ?? "";
  const total = toNumber(match.fulfilment.quantity) || toNumber(match.itemQuantity);
  const delivered = toNumber(match.fulfilment.deliveredQuantity);
  const received = toNumber(match.fulfilment.receivedQuantity);
  const title = match.need?.title ?? match.needItem?.description ?? "";
  const records = [
    ...match.deliveries.map((d) => ({ at: d.recordedAt, key: d.id, kind: "delivery" as const, d })),
    ...match.receipts.map((r) => ({ at: r.recordedAt, key: r.id, kind: "receipt" as const, r })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <div className="fulfilment" data-testid="fulfilment">
      <p className="meta">
        <Sentence id="fulfil.progress" vars={{ total: number(total), unit, delivered: number(delivered), received: number(received) }} />
      </p>
      <ProgressBar value={delivered} max={total} label={t("fulfil.deliveredBar", { n: number(delivered), total: number(total) })} />
      <ProgressBar value={received} max={total} label={t("fulfil.receivedBar", { n: number(received), total: number(total) })} />
      {records.length > 0 && (
        <details className="why" open={records.length <= 3}>
          <summary>{t("fulfil.history")}</summary>
          <ul className="history">
            {records.map((rec) =>
              rec.kind === "delivery" ? (
                <li key={rec.key}>
                  <Sentence id="fulfil.deliveryLine" vars={{ date: date(rec.d.deliveredOn), kind: label("deliveryKind", rec.d.kind), n: number(rec.d.quantity), unit }} />
                  {rec.d.note && (
                    <span className="hint">
                      {" "}
                      · <span lang={textLang(rec.d.note)}>{rec.d.note}</span>
                    </span>
                  )}
                  <Photos evidence={rec.d.evidence} title={title} />
                </li>
              ) : (
                <li key={rec.key}>
                  {date(rec.r.recordedAt)}{" "}
                  {rec.r.kind === "PROBLEM" ? (
                    <Sentence id="fulfil.problemLine" vars={{ problem: label("problemKind", rec.r.problem ?? ""), n: number(rec.r.quantity), unit }} />
                  ) : (
                    <Sentence id="fulfil.receiptLine" vars={{ n: number(rec.r.quantity), unit }} />
                  )}
                  {(rec.r.thankYouNote || rec.r.description) && (
                    <span className="hint">
                      {" "}
                      · <span lang={textLang(rec.r.thankYouNote || rec.r.description)}>{rec.r.thankYouNote || rec.r.description}</span>
                    </span>
                  )}
                  <Photos evidence={rec.r.evidence} title={title} />
                </li>
              ),
            )}
          </ul>
        </details>
      )}
    </div>
  );
}

/** A record's photos, each a link opening it full size in a new tab (which the link says), named
 * by the need (or item) it is about: the delivery history of several matches lists many. */
function Photos({ evidence, title }: { evidence: readonly { id: string; url: string }[]; title: string }) {
  const { t } = useI18n();
  if (evidence.length === 0) return null;
  return (
    <span className="photos">
      {evidence.map((e, i) => (
        <a key={e.id} href={e.url} target="_blank" rel="noreferrer">
          <img
            src={e.url}
            alt={title ? t("fulfil.photoOf", { title, n: i + 1 }) : `${t("fulfil.photo")} ${i + 1}`}
            width={64}
            height={48}
            loading="lazy"
          />
          <span className="visually-hidden"> {t("fulfil.opensNewTab")}</span>
        </a>
      ))}
    </span>
  );
}

/** The donor records a delivery: kind, date, quantity and a note. */
export function DeliveryForm({ match, onDone }: { match: Match; onDone: () => void }) {
  const { t, label, number } = useI18n();
  const fieldText = useFieldErrorText("delivery");
  const total = toNumber(match.fulfilment.quantity) || toNumber(match.itemQuantity);
  const left = total - toNumber(match.fulfilment.deliveredQuantity);
  const expected = match.pledge && DELIVERY_KIND_BY_PLEDGE[match.pledge.kind];
  const kinds = expected ? [expected] : DELIVERY_KINDS;
  const [kind, setKind] = useState<DeliveryKind>(kinds[0]);
  const [deliveredOn, setDeliveredOn] = useState(today());
  const [quantity, setQuantity] = useState(String(left));
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [state, record] = useMutation(WebRecordDeliveryDocument);
  const unit = match.needItem?.unit ?? "";
  // Refused, focus goes to the first field to fix, else to the message.
  const { form, focusInvalid } = useFocusInvalid();
  const messageBox = useRef<HTMLDivElement>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    const q = typedNumber(quantity);
    // Checked here, beside their fields: an empty date would not even reach the server's checks
    // (the request itself is refused).
    const early: Record<string, FieldError> = {};
    if (!deliveredOn) early.deliveredOn = { field: "deliveredOn", code: "REQUIRED", message: "" };
    const badQuantity = quantityError(q);
    if (badQuantity) early.quantity = badQuantity;
    if (Object.keys(early).length > 0) {
      setErrors(early);
      focusInvalid();
      return;
    }
    const result = await record({
      input: { matchId: match.id, kind, deliveredOn, quantity: q, note: note || null, idempotencyKey: newIdempotencyKey() },
    });
    if (result.error) {
      setFailure(errorKey(result.error));
      focusInvalid(() => messageBox.current);
      return;
    }
    const payloadErrors = result.data?.recordDelivery.errors ?? [];
    setErrors(errorsByField(payloadErrors));
    if (payloadErrors.length === 0) onDone();
    else focusInvalid(() => messageBox.current);
  }

  const general = errors[""] ?? errors.matchId;
  return (
    <form ref={form} className="inline-form" onSubmit={submit} noValidate aria-label={t("fulfil.record")}>
      <h4>{t("fulfil.record")}</h4>
      <div className="field-row">
        <Field label={t("fulfil.kind")} error={fieldText("kind", errors.kind)}>
          {(props) => (
            <select {...props} name="kind" value={kind} onChange={(e) => setKind(e.target.value as DeliveryKind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {label("deliveryKind", k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("fulfil.deliveredOn")} error={fieldText("deliveredOn", errors.deliveredOn)}>
          {(props) => <input {...props} name="deliveredOn" type="date" value={deliveredOn} max={today()} onChange={(e) => setDeliveredOn(e.target.value)} />}
        </Field>
        <Field label={<Sentence id="fulfil.quantity" vars={{ unit }} />} hint={t("fulfil.quantityLeft", { n: number(left) })} error={fieldText("quantity", errors.quantity)}>
          {(props) => <input {...props} name="quantity" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />}
        </Field>
      </div>
      <Field label={t("fulfil.note")} error={fieldText("note", errors.note)}>
        {(props) => <textarea {...props} name="note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div ref={messageBox} tabIndex={-1}>
        <Notice kind="error">{[general && fieldText("", general), failure && t(failure)].filter(Boolean).join(" ")}</Notice>
      </div>
      <BusyButton busy={state.fetching} className="button primary">
        {state.fetching ? t("form.submitting") : t("fulfil.record")}
      </BusyButton>
    </form>
  );
}

/** Why a photo was refused, or that something else went wrong with it. */
type PhotoProblem = EvidenceProblem | { reason: "unexpected" };

function usePhotoProblemText(): (problem: PhotoProblem) => string {
  const { t, number, label, locale } = useI18n();
  return (problem) => {
    switch (problem.reason) {
      case "type":
        return t("fulfil.photoType");
      case "size":
        return t("fulfil.photoSize", { size: `${number(Math.round((problem.size / 1024 / 1024) * 10) / 10)} MB` });
      case "unreadable":
        return t("fulfil.photoUnreadable");
      case "pixels":
        return t("fulfil.photoPixels", { max: number(Math.floor(problem.max / 1_000_000)) });
      case "network":
        return t("error.network");
      case "unexpected":
        return t("error.unexpected");
      case "server": {
        const key =
          problem.code === "UNAUTHENTICATED"
            ? "error.unauthenticated"
            : problem.code === "FORBIDDEN"
              ? "error.forbidden"
              : problem.code === "RATE_LIMITED"
                ? "error.rateLimited"
                : null;
        if (key) return t(key);
        // The code's own words where there are some (the store down is UNAVAILABLE); the
        // server's English message only for English readers.
        const worded = `code.${problem.code}` in messages ? label("code", problem.code) : t("error.unexpected");
        return locale === "en" && problem.message ? `${worded} ${problem.message}` : worded;
      }
    }
  };
}

/** One photo: chosen, previewed, uploaded at once; its id kept through refused submits. */
function PhotoPicker({
  partyId,
  photo,
  onPhoto,
  error,
}: {
  partyId?: string;
  photo: { evidence: UploadedEvidence; preview: string } | null;
  onPhoto: (photo: { evidence: UploadedEvidence; preview: string } | null) => void;
  error?: string;
}) {
  const { t } = useI18n();
  const problemText = usePhotoProblemText();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<PhotoProblem | null>(null);

  useEffect(() => () => void (photo && URL.revokeObjectURL(photo.preview)), [photo]);

  async function choose(file: File | undefined) {
    setProblem(null);
    if (!file) return;
    const early = checkPhoto(file);
    if (early) {
      setProblem(early);
      if (input.current) input.current.value = "";
      return;
    }
    setUploading(true);
    try {
      const evidence = await uploadEvidence(file, partyId);
      onPhoto({ evidence, preview: URL.createObjectURL(file) });
    } catch (e) {
      setProblem(e instanceof EvidenceError ? e.problem : { reason: "unexpected" });
      if (input.current) input.current.value = "";
    } finally {
      setUploading(false);
    }
  }

  const shown = problem ? problemText(problem) : error;
  return (
    <div className={`field${shown ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{t("fulfil.photoLabel")}</label>
      <p className="hint" id={`${id}-hint`}>
        {t("fulfil.photoHint")}
      </p>
      <input
        ref={input}
        id={id}
        name="photo"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        aria-invalid={Boolean(shown)}
        aria-describedby={`${id}-hint${shown ? ` ${id}-error` : ""}`}
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      {uploading && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          {t("fulfil.uploading")}
        </p>
      )}
      {shown && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {shown}
        </p>
      )}
      {photo && (
        <figure className="photo-preview">
          <img src={photo.preview} alt={t("fulfil.preview")} />
          <figcaption>
            <span role="status">{t("fulfil.uploaded")}</span>{" "}
            <button
              type="button"
              className="button ghost"
              onClick={() => {
                onPhoto(null);
                if (input.current) input.current.value = "";
              }}
            >
              {t("fulfil.removePhoto")}
            </button>
          </figcaption>
        </figure>
      )}
    </div>
  );
}

/** The school confirms what arrived (with a photo), or reports a problem. */
export function ReceiptForm({ match, partyId, onDone }: { match: Match; partyId?: string; onDone: (key: MessageKey) => void }) {
  const { t, label, number } = useI18n();
  const fieldText = useFieldErrorText("receipt");
  const receivable = toNumber(match.fulfilment.deliveredQuantity) - toNumber(match.fulfilment.receivedQuantity);
  const unit = match.needItem?.unit ?? "";
  const [mode, setMode] = useState<"confirm" | "problem">("confirm");
  const [quantity, setQuantity] = useState(String(receivable));
  const [thanks, setThanks] = useState("");
  const [problem, setProblem] = useState<ProblemKind>("DAMAGED");
  const [description, setDescription] = useState("");
  const [photo, setPhoto] = useState<{ evidence: UploadedEvidence; preview: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [confirmState, confirm] = useMutation(WebConfirmReceiptDocument);
  const [problemState, report] = useMutation(WebReportProblemDocument);
  const busy = confirmState.fetching || problemState.fetching;
  // Refused, focus goes to the first field to fix, else to the message.
  const { form, focusInvalid } = useFocusInvalid();
  const messageBox = useRef<HTMLDivElement>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    const q = typedNumber(quantity);
    const badQuantity = quantityError(q);
    if (badQuantity) {
      setErrors({ quantity: badQuantity });
      focusInvalid();
      return;
    }
    const evidenceIds = photo ? [photo.evidence.id] : [];
    const result =
      mode === "confirm"
        ? await confirm({ input: { matchId: match.id, quantity: q, thankYouNote: thanks || null, evidenceIds, idempotencyKey: newIdempotencyKey() } })
        : await report({ input: { matchId: match.id, problem, quantity: q, description, evidenceIds, idempotencyKey: newIdempotencyKey() } });
    if (result.error) {
      setFailure(errorKey(result.error));
      focusInvalid(() => messageBox.current);
      return;
    }
    const data = result.data as { confirmReceipt?: { errors: FieldError[] }; reportProblem?: { errors: FieldError[] } } | undefined;
    const payloadErrors = (mode === "confirm" ? data?.confirmReceipt?.errors : data?.reportProblem?.errors) ?? [];
    const byField = errorsByField(payloadErrors);
    // Errors on one photo (evidenceIds.0) show beside the photo.
    for (const [field, error] of Object.entries(byField)) if (field.startsWith("evidenceIds.")) byField.evidenceIds ??= error;
    setErrors(byField);
    if (payloadErrors.length === 0) onDone(mode === "confirm" ? "fulfil.confirmed" : "fulfil.reported");
    else focusInvalid(() => messageBox.current);
  }

  const general = errors[""] ?? errors.matchId;
  return (
    <form ref={form} className="inline-form" onSubmit={submit} noValidate aria-label={t(mode === "confirm" ? "fulfil.confirm" : "fulfil.report")}>
      <div className="button-row" role="group" aria-label={t("fulfil.what")}>
        <button type="button" className={`button ${mode === "confirm" ? "primary" : "ghost"}`} aria-pressed={mode === "confirm"} onClick={() => setMode("confirm")}>
          {t("fulfil.confirm")}
        </button>
        <button type="button" className={`button ${mode === "problem" ? "primary" : "ghost"}`} aria-pressed={mode === "problem"} onClick={() => setMode("problem")}>
          {t("fulfil.report")}
        </button>
      </div>
      {mode === "problem" && (
        <Field label={t("fulfil.problem")} error={fieldText("problem", errors.problem)}>
          {(props) => (
            <select {...props} name="problem" value={problem} onChange={(e) => setProblem(e.target.value as ProblemKind)}>
              {(["DAMAGED", "MISSING", "WRONG_ITEM"] as const).map((p) => (
                <option key={p} value={p}>
                  {label("problemKind", p)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        label={<Sentence id={mode === "confirm" ? "fulfil.received" : "fulfil.problemQuantity"} vars={{ unit }} />}
        hint={t("fulfil.receivable", { n: number(receivable) })}
        error={fieldText("quantity", errors.quantity)}
      >
        {(props) => <input {...props} name="quantity" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />}
      </Field>
      {mode === "confirm" ? (
        <Field label={t("fulfil.thanks")} error={fieldText("thankYouNote", errors.thankYouNote)}>
          {(props) => <textarea {...props} name="thankYouNote" rows={2} maxLength={1000} value={thanks} onChange={(e) => setThanks(e.target.value)} />}
        </Field>
      ) : (
        <Field label={t("fulfil.description")} error={fieldText("description", errors.description)}>
          {(props) => <textarea {...props} name="description" rows={3} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
      )}
      <PhotoPicker
        partyId={partyId}
        photo={photo}
        onPhoto={(chosen) => {
          setPhoto(chosen);
          // A new photo answers what was said of the photo before ("at least one photo").
          if (chosen) setErrors((shown) => Object.fromEntries(Object.entries(shown).filter(([field]) => !field.startsWith("evidenceIds"))));
        }}
        error={fieldText("evidenceIds", errors.evidenceIds)}
      />
      <div ref={messageBox} tabIndex={-1}>
        <Notice kind="error">{[general && fieldText("", general), failure && t(failure)].filter(Boolean).join(" ")}</Notice>
      </div>
      <BusyButton busy={busy} className="button primary">
        {busy ? t("form.submitting") : t(mode === "confirm" ? "fulfil.submitConfirm" : "fulfil.submitReport")}
      </BusyButton>
    </form>
  );
}
