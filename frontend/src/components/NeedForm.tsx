import { useRef, useState } from "react";
import type { Category, PostNeedInput, Urgency } from "../gql/graphql";
import { yuanToFen } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { errorsByField, type FieldError } from "../lib/errors";
import { CATEGORIES, URGENCIES } from "../pages/NeedsPage";
import { Field, Notice, useErrorText } from "./ui";

export interface ItemDraft {
  description: string;
  category: Category | "";
  quantity: string;
  unit: string;
  unitValueYuan: string;
}

export interface NeedDraft {
  title: string;
  story: string;
  category: Category | "";
  urgency: Urgency | "";
  deadline: string;
  beneficiaries: string;
  publish: boolean;
  items: ItemDraft[];
}

const emptyItem = (): ItemDraft => ({ description: "", category: "", quantity: "1", unit: "", unitValueYuan: "" });

export const emptyNeed = (): NeedDraft => ({
  title: "",
  story: "",
  category: "",
  urgency: "MEDIUM",
  deadline: "",
  beneficiaries: "",
  publish: true,
  items: [emptyItem()],
});

/** Text typed into a number box, as the API's BigInt: a whole number or a decimal the server
 * refuses with a field error; null when it is not a number at all (checked here). */
function numeric(text: string): number | null {
  const cleaned = text.trim();
  if (cleaned === "" || !/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

export type SubmitNeed = (input: Omit<PostNeedInput, "schoolId">) => Promise<readonly FieldError[] | string>;

/** Post a need: several items; each payload error shows next to its field (`items.0.quantity`);
 * nothing typed is lost when the server refuses. `submit` answers the payload errors, or what
 * went wrong in plain words when the request itself failed. */
export function NeedForm({ submit, onPosted }: { submit: SubmitNeed; onPosted?: () => void }) {
  const { t, label, yuan } = useI18n();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<NeedDraft>(emptyNeed);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);

  const set = <K extends keyof NeedDraft>(key: K, value: NeedDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setItem = (index: number, key: keyof ItemDraft, value: string) =>
    setDraft((d) => ({ ...d, items: d.items.map((item, i) => (i === index ? { ...item, [key]: value } : item)) }));

  const total = draft.items.reduce((sum, item) => {
    const fen = yuanToFen(item.unitValueYuan);
    const q = numeric(item.quantity);
    return fen !== null && q !== null ? sum + fen * q : sum;
  }, 0);

  /** What can be checked before sending: required fields (the server's Date parser refuses an
   * empty deadline for the whole request, so it is never sent empty) and numbers. */
  function localErrors(): Record<string, FieldError> {
    const found: Record<string, FieldError> = {};
    const notNumber = (field: string) => (found[field] = { field, code: "NOT_NUMBER", message: t("error.notNumber") });
    const required = (field: string, text: string) => {
      if (text.trim() === "") found[field] = { field, code: "REQUIRED", message: "" };
    };
    required("title", draft.title);
    required("category", draft.category);
    required("deadline", draft.deadline);
    if (draft.beneficiaries.trim() !== "" && numeric(draft.beneficiaries) === null) notNumber("beneficiaries");
    draft.items.forEach((item, i) => {
      required(`items.${i}.description`, item.description);
      required(`items.${i}.unit`, item.unit);
      required(`items.${i}.quantity`, item.quantity);
      required(`items.${i}.unitValueFen`, item.unitValueYuan);
      if (numeric(item.quantity) === null && item.quantity.trim() !== "") notNumber(`items.${i}.quantity`);
      if (yuanToFen(item.unitValueYuan) === null && item.unitValueYuan.trim() !== "") notNumber(`items.${i}.unitValueFen`);
    });
    return found;
  }

  /** Removes item `index`; the errors of the items after it move up with them. */
  function removeItem(index: number) {
    setDraft((d) => ({ ...d, items: d.items.filter((_, j) => j !== index) }));
    setErrors((current) => {
      const next: Record<string, FieldError> = {};
      for (const [key, error] of Object.entries(current)) {
        const match = /^items\.(\d+)(\..*)?$/.exec(key);
        if (!match) {
          next[key] = error;
          continue;
        }
        const position = Number(match[1]);
        if (position === index) continue;
        const moved = position > index ? `items.${position - 1}${match[2] ?? ""}` : key;
        next[moved] = { ...error, field: moved };
      }
      return next;
    });
  }

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setFailed(null);
    const local = localErrors();
    if (Object.keys(local).length > 0) {
      setErrors(local);
      summary.current?.focus();
      return;
    }
    setBusy(true);
    const result = await submit({
      title: draft.title,
      story: draft.story || null,
      category: draft.category,
      urgency: (draft.urgency || "MEDIUM") as Urgency,
      deadline: draft.deadline,
      beneficiaries: numeric(draft.beneficiaries),
      publish: draft.publish,
      items: draft.items.map((item) => ({
        description: item.description,
        category: item.category || draft.category,
        quantity: numeric(item.quantity) ?? 0,
        unit: item.unit,
        unitValueFen: yuanToFen(item.unitValueYuan) ?? 0,
      })),
    });
    setBusy(false);
    if (typeof result === "string") {
      setFailed(result);
      summary.current?.focus();
      return;
    }
    setErrors(errorsByField(result));
    if (result.length === 0) {
      setDraft(emptyNeed());
      onPosted?.();
    } else {
      summary.current?.focus();
    }
  }

  const errorOf = (field: string) => {
    const error = errors[field];
    return error?.code === "NOT_NUMBER" ? error.message : errorText(error);
  };
  const count = Object.keys(errors).length;

  return (
    <form className="need-form" onSubmit={onSubmit} noValidate aria-describedby="need-form-summary">
      <div id="need-form-summary" ref={summary} tabIndex={-1}>
        {count > 0 && (
          <Notice kind="error">
            {t("error.formHasErrors", { count })}
            {errors[""] && <> {errorText(errors[""])}</>}
          </Notice>
        )}
        {failed && <Notice kind="error">{failed}</Notice>}
      </div>
      <Field label={t("form.title")} error={errorOf("title")}>
        {(props) => <input {...props} name="title" value={draft.title} maxLength={120} onChange={(e) => set("title", e.target.value)} />}
      </Field>
      <Field label={t("form.story")} hint={t("form.storyHint")} error={errorOf("story")}>
        {(props) => <textarea {...props} name="story" rows={5} value={draft.story} onChange={(e) => set("story", e.target.value)} />}
      </Field>
      <div className="field-row">
        <Field label={t("form.category")} error={errorOf("category")}>
          {(props) => (
            <select {...props} name="category" value={draft.category} onChange={(e) => set("category", e.target.value as Category)}>
              <option value="">{t("form.choose")}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {label("category", c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <UrgencyField value={draft.urgency} error={errorOf("urgency")} onChange={(u) => set("urgency", u)} />
        <Field label={t("form.deadline")} error={errorOf("deadline")}>
          {(props) => <input {...props} name="deadline" type="date" value={draft.deadline} onChange={(e) => set("deadline", e.target.value)} />}
        </Field>
        <Field label={`${t("form.beneficiaries")} ${t("form.optional")}`} error={errorOf("beneficiaries")}>
          {(props) => (
            <input {...props} name="beneficiaries" inputMode="numeric" value={draft.beneficiaries} onChange={(e) => set("beneficiaries", e.target.value)} />
          )}
        </Field>
      </div>
      <fieldset className="items">
        <legend>{t("form.items")}</legend>
        {errorOf("items") && <p className="field-error">{errorOf("items")}</p>}
        {draft.items.map((item, i) => (
          <fieldset className="item" key={i} data-testid={`item-${i}`}>
            <legend>{t("form.itemN", { n: i + 1 })}</legend>
            <Field label={t("form.description")} error={errorOf(`items.${i}.description`)}>
              {(props) => (
                <input {...props} name={`items.${i}.description`} value={item.description} maxLength={200} onChange={(e) => setItem(i, "description", e.target.value)} />
              )}
            </Field>
            <div className="field-row">
              <Field label={t("form.category")} error={errorOf(`items.${i}.category`)}>
                {(props) => (
                  <select {...props} name={`items.${i}.category`} value={item.category} onChange={(e) => setItem(i, "category", e.target.value)}>
                    <option value="">{t("form.choose")}</option>
                    {CATEGORIES.map((c) => (
                      <option key={c} value={c}>
                        {label("category", c)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("form.quantity")} error={errorOf(`items.${i}.quantity`)}>
                {(props) => (
                  <input {...props} name={`items.${i}.quantity`} inputMode="numeric" value={item.quantity} onChange={(e) => setItem(i, "quantity", e.target.value)} />
                )}
              </Field>
              <Field label={t("form.unit")} error={errorOf(`items.${i}.unit`)}>
                {(props) => (
                  <input {...props} name={`items.${i}.unit`} placeholder={t("form.unitPlaceholder")} value={item.unit} maxLength={16} onChange={(e) => setItem(i, "unit", e.target.value)} />
                )}
              </Field>
              <Field label={t("form.unitValueYuan")} error={errorOf(`items.${i}.unitValueFen`)}>
                {(props) => (
                  <input {...props} name={`items.${i}.unitValueYuan`} inputMode="decimal" value={item.unitValueYuan} onChange={(e) => setItem(i, "unitValueYuan", e.target.value)} />
                )}
              </Field>
            </div>
            {draft.items.length > 1 && (
              <button type="button" className="button ghost" onClick={() => removeItem(i)}>
                {t("form.removeItem", { n: i + 1 })}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" className="button secondary" onClick={() => setDraft((d) => ({ ...d, items: [...d.items, emptyItem()] }))}>
          {t("form.addItem")}
        </button>
      </fieldset>
      <p className="total">{t("form.total", { value: yuan(total) })}</p>
      <div className="field checkbox">
        <input id="need-publish" type="checkbox" checked={draft.publish} onChange={(e) => set("publish", e.target.checked)} />
        <label htmlFor="need-publish">{t("form.publish")}</label>
      </div>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t("form.submitting") : t("form.submit")}
      </button>
    </form>
  );
}

/** A need's urgency, as the form to post a need and the panel to edit one ask for it. */
export function UrgencyField({ value, error, onChange }: { value: Urgency | ""; error?: string; onChange: (urgency: Urgency) => void }) {
  const { t, label } = useI18n();
  return (
    <Field label={t("form.urgency")} error={error}>
      {(props) => (
        <select {...props} name="urgency" value={value} onChange={(e) => onChange(e.target.value as Urgency)}>
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {label("urgency", u)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
