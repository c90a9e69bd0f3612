import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { Category, NeedItemInput, PostNeedInput, Urgency } from "../gql/graphql";
import { typedNumberValue, yuanProblem, yuanToFen } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { errorsByField, type FieldError } from "../lib/errors";
import { firstField, useFocusAfterRender } from "../lib/focus";
import { CATEGORIES, URGENCIES } from "../pages/NeedsPage";
import { BusyButton, characters, Field, Notice, useErrorText } from "./ui";

export interface ItemDraft {
  /** The existing item this line keeps, when editing a need; none for a new line. */
  id?: string;
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

const DRAFT_PREFIX = "hope:need-draft:";

/** The draft kept under `key` in this tab, if it still reads as one. */
function keptDraft(key: string): NeedDraft | null {
  try {
    const kept: unknown = JSON.parse(window.sessionStorage.getItem(DRAFT_PREFIX + key) ?? "null");
    if (!kept || typeof kept !== "object" || !Array.isArray((kept as NeedDraft).items)) return null;
    const empty = emptyNeed();
    const draft = { ...empty, ...(kept as Partial<NeedDraft>) };
    return { ...draft, items: draft.items.map((item) => ({ ...emptyItem(), ...item })) };
  } catch {
    return null; // storage refused (private mode) or not JSON: start afresh
  }
}

function keepDraft(key: string, draft: NeedDraft): void {
  try {
    if (JSON.stringify(draft) === JSON.stringify(emptyNeed())) window.sessionStorage.removeItem(DRAFT_PREFIX + key);
    else window.sessionStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(draft));
  } catch {
    // Storage full or refused: the form still works, only without keeping.
  }
}

function forgetDraft(key: string): void {
  try {
    window.sessionStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    // nothing kept
  }
}

/** The most items one need may list (the server's limit). */
export const MAX_ITEMS = 50;

export const emptyItem = (): ItemDraft => ({ description: "", category: "", quantity: "1", unit: "", unitValueYuan: "" });

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

/** Text typed into a number box (full-width digits too, see `typedNumber`), as the API's BigInt:
 * a whole number or a decimal the server refuses with a field error; null when it is not a
 * number at all (checked here). */
export function numeric(text: string): number | null {
  return typedNumberValue(text);
}

/** The longest story a need may tell, in characters (the server's limit). */
export const MAX_STORY = 4000;

/** A story longer than the server takes, refused before sending with the limit it missed (the
 * counter under the box shows it coming; no `maxLength`, which would cut a pasted text short
 * without a word). */
export function checkStory(story: string, found: Record<string, FieldError>) {
  if (characters(story) > MAX_STORY) found.story = { field: "story", code: "TOO_LONG", message: "", maximum: String(MAX_STORY) };
}

/** What can be checked in the items before sending (required fields, numbers), added to `found`
 * under the fields' paths (`items.0.quantity`). */
export function checkItems(items: readonly ItemDraft[], found: Record<string, FieldError>) {
  const fail = (field: string, code: "REQUIRED" | "NOT_NUMBER" | "TOO_MANY_DECIMALS") => (found[field] = { field, code, message: "" });
  items.forEach((item, i) => {
    if (item.description.trim() === "") fail(`items.${i}.description`, "REQUIRED");
    if (item.unit.trim() === "") fail(`items.${i}.unit`, "REQUIRED");
    if (item.quantity.trim() === "") fail(`items.${i}.quantity`, "REQUIRED");
    else if (numeric(item.quantity) === null) fail(`items.${i}.quantity`, "NOT_NUMBER");
    if (item.unitValueYuan.trim() === "") fail(`items.${i}.unitValueFen`, "REQUIRED");
    else {
      const problem = yuanProblem(item.unitValueYuan);
      if (problem) fail(`items.${i}.unitValueFen`, problem);
    }
  });
}

/** The items as the API takes them: yuan as fen, a line without a category in the need's. */
export function itemInputs(items: readonly ItemDraft[], needCategory: Category | ""): NeedItemInput[] {
  return items.map((item) => ({
    ...(item.id ? { id: item.id } : {}),
    description: item.description,
    category: item.category || needCategory,
    quantity: numeric(item.quantity) ?? 0,
    unit: item.unit,
    unitValueFen: yuanToFen(item.unitValueYuan) ?? 0,
  }));
}

/** What the typed items are worth in all, in fen (lines not yet numbers count nothing). */
export function itemsTotalFen(items: readonly ItemDraft[]): number {
  return items.reduce((sum, item) => {
    const fen = yuanToFen(item.unitValueYuan);
    const q = numeric(item.quantity);
    return fen !== null && q !== null ? sum + fen * q : sum;
  }, 0);
}

/** The errors once item `index` is removed: its own go, those of the items after it move up. */
export function withoutItem(errors: Record<string, FieldError>, index: number): Record<string, FieldError> {
  const next: Record<string, FieldError> = {};
  for (const [key, error] of Object.entries(errors)) {
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
}

/** The text of a field's error in the viewer's language: a check made here ("please enter a
 * number"), or the server's payload error. */
export function useFormErrorText(): (error: FieldError | undefined) => string | undefined {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (error) => (error?.code === "NOT_NUMBER" ? t("error.notNumber") : errorText(error));
}

export type SubmitNeed = (input: Omit<PostNeedInput, "schoolId">) => Promise<readonly FieldError[] | MessageKey>;

/** Post a need: several items; each payload error shows next to its field (`items.0.quantity`);
 * nothing typed is lost when the server refuses. `submit` answers the payload errors, or the
 * message key of what went wrong when the request itself failed. */
export function NeedForm({ submit, onPosted, keepAs }: { submit: SubmitNeed; onPosted?: () => void; keepAs?: string }) {
  const { t, yuan } = useI18n();
  const errorText = useErrorText();
  const formErrorText = useFormErrorText();
  const [draft, setDraft] = useState<NeedDraft>(() => (keepAs && keptDraft(keepAs)) || emptyNeed());
  // What is typed is kept for this tab (under `keepAs`) until the need is posted: Back, a reload
  // or a visit to another page no longer wipes a half-written need.
  useEffect(() => {
    if (keepAs) keepDraft(keepAs, draft);
  }, [keepAs, draft]);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<MessageKey | null>(null);
  const summary = useRef<HTMLDivElement>(null);

  const set = <K extends keyof NeedDraft>(key: K, value: NeedDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  /** What can be checked before sending: required fields (the server's Date parser refuses an
   * empty deadline for the whole request, so it is never sent empty) and numbers. */
  function localErrors(): Record<string, FieldError> {
    const found: Record<string, FieldError> = {};
    const required = (field: string, text: string) => {
      if (text.trim() === "") found[field] = { field, code: "REQUIRED", message: "" };
    };
    required("title", draft.title);
    required("category", draft.category);
    required("deadline", draft.deadline);
    checkStory(draft.story, found);
    if (draft.beneficiaries.trim() !== "" && numeric(draft.beneficiaries) === null) {
      found.beneficiaries = { field: "beneficiaries", code: "NOT_NUMBER", message: "" };
    }
    checkItems(draft.items, found);
    return found;
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
      items: itemInputs(draft.items, draft.category),
    });
    setBusy(false);
    if (typeof result === "string") {
      setFailed(result);
      summary.current?.focus();
      return;
    }
    setErrors(errorsByField(result));
    if (result.length === 0) {
      if (keepAs) forgetDraft(keepAs);
      setDraft(emptyNeed());
      onPosted?.();
    } else {
      summary.current?.focus();
    }
  }

  const errorOf = (field: string) => formErrorText(errors[field]);
  const count = Object.keys(errors).length;

  return (
    <form className="need-form" onSubmit={onSubmit} noValidate aria-describedby="need-form-summary">
      <div id="need-form-summary" ref={summary} tabIndex={-1}>
        {count > 0 && (
          <Notice kind="error">
            {t(count === 1 ? "error.formHasErrors.one" : "error.formHasErrors", { count })}
            {errors[""] && <> {errorText(errors[""])}</>}
          </Notice>
        )}
        {failed && <Notice kind="error">{t(failed)}</Notice>}
      </div>
      <NeedDetailsFields draft={draft} errorOf={errorOf} beneficiariesOptional onChange={(change) => setDraft((d) => ({ ...d, ...change }))} />
      <ItemsFieldset
        items={draft.items}
        errorOf={errorOf}
        onChange={(items) => set("items", items)}
        onRemove={(index) => {
          setDraft((d) => ({ ...d, items: d.items.filter((_, j) => j !== index) }));
          setErrors((current) => withoutItem(current, index));
        }}
      />
      <p className="total">{t("form.total", { value: yuan(itemsTotalFen(draft.items)) })}</p>
      <div className="field checkbox">
        <input id="need-publish" type="checkbox" checked={draft.publish} onChange={(e) => set("publish", e.target.checked)} />
        <label htmlFor="need-publish">{t("form.publish")}</label>
      </div>
      <BusyButton busy={busy} className="button primary">
        {busy ? t("form.submitting") : t("form.submit")}
      </BusyButton>
    </form>
  );
}

/** A need's items, one fieldset per line (description, category, quantity, unit, unit value in
 * yuan), each error beside its field (`items.0.quantity`) and the list's own (`items`) above them;
 * lines can be added, and removed while more than one is left. */
export function ItemsFieldset({
  items,
  errorOf,
  onChange,
  onRemove,
  hint,
}: {
  items: readonly ItemDraft[];
  errorOf: (field: string) => string | undefined;
  onChange: (items: ItemDraft[]) => void;
  /** Removes line `index` (and moves the errors of the lines after it up, see `withoutItem`). */
  onRemove: (index: number) => void;
  hint?: ReactNode;
}) {
  const { t } = useI18n();
  const setItem = (index: number, key: keyof ItemDraft, value: string) =>
    onChange(items.map((item, i) => (i === index ? { ...item, [key]: value } : item)));
  const list = useRef<HTMLFieldSetElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const errorId = `${useId()}-items-error`;
  const listError = errorOf("items");

  /** Removes line `index`; focus, on its button that goes with it, moves to the line that takes
   * its place (the next one), else the one before, else the button that adds a line. */
  function remove(index: number) {
    onRemove(index);
    focusAfterRender(() => {
      const lines = list.current?.querySelectorAll("fieldset.item") ?? [];
      const line = lines[index] ?? lines[index - 1];
      return (line && firstField(line)) ?? addButton.current;
    });
  }

  return (
    // The list's own error (none, too many) is the group's description.
    <fieldset className="items" ref={list} aria-describedby={listError ? errorId : undefined}>
      <legend>{t("form.items")}</legend>
      {hint && <p className="hint">{hint}</p>}
      {listError && (
        <p className="field-error" id={errorId}>
          {listError}
        </p>
      )}
      {items.map((item, i) => (
        <fieldset className="item" key={i} data-testid={`item-${i}`}>
          <legend>{t("form.itemN", { n: i + 1 })}</legend>
          <Field label={t("form.description")} error={errorOf(`items.${i}.description`)} required>
            {(props) => (
              <input {...props} name={`items.${i}.description`} value={item.description} maxLength={200} onChange={(e) => setItem(i, "description", e.target.value)} />
            )}
          </Field>
          <div className="field-row">
            <CategoryField name={`items.${i}.category`} value={item.category} error={errorOf(`items.${i}.category`)} onChange={(c) => setItem(i, "category", c)} />
            <Field label={t("form.quantity")} error={errorOf(`items.${i}.quantity`)} required>
              {(props) => (
                <input {...props} name={`items.${i}.quantity`} inputMode="numeric" value={item.quantity} onChange={(e) => setItem(i, "quantity", e.target.value)} />
              )}
            </Field>
            <Field label={t("form.unit")} error={errorOf(`items.${i}.unit`)} required>
              {(props) => (
                <input {...props} name={`items.${i}.unit`} placeholder={t("form.unitPlaceholder")} value={item.unit} maxLength={16} onChange={(e) => setItem(i, "unit", e.target.value)} />
              )}
            </Field>
            <Field label={t("form.unitValueYuan")} error={errorOf(`items.${i}.unitValueFen`)} required>
              {(props) => (
                <input {...props} name={`items.${i}.unitValueYuan`} inputMode="decimal" value={item.unitValueYuan} onChange={(e) => setItem(i, "unitValueYuan", e.target.value)} />
              )}
            </Field>
          </div>
          {items.length > 1 && (
            <button type="button" className="button ghost" onClick={() => remove(i)}>
              {t("form.removeItem", { n: i + 1 })}
            </button>
          )}
        </fieldset>
      ))}
      {items.length < MAX_ITEMS ? (
        <button ref={addButton} type="button" className="button secondary" onClick={() => onChange([...items, emptyItem()])}>
          {t("form.addItem")}
        </button>
      ) : (
        <p className="hint">{t("form.itemsFull", { max: MAX_ITEMS })}</p>
      )}
    </fieldset>
  );
}

/** What a change to the need's own fields sets. */
export interface NeedDetailsChange {
  title?: string;
  story?: string;
  category?: Category | "";
  urgency?: Urgency;
  deadline?: string;
  beneficiaries?: string;
}

/** The need's own fields, as the form to post a need and the panel to edit one ask for them:
 * title, story, category, urgency, deadline and students served (optional when posting). */
export function NeedDetailsFields({
  draft,
  errorOf,
  onChange,
  beneficiariesOptional = false,
}: {
  draft: { title: string; story: string; category: Category | ""; urgency: Urgency | ""; deadline: string; beneficiaries: string };
  errorOf: (field: string) => string | undefined;
  onChange: (change: NeedDetailsChange) => void;
  beneficiariesOptional?: boolean;
}) {
  const { t, number } = useI18n();
  const beneficiaries = beneficiariesOptional ? `${t("form.beneficiaries")} ${t("form.optional")}` : t("form.beneficiaries");
  return (
    <>
      <Field label={t("form.title")} error={errorOf("title")} required>
        {(props) => <input {...props} name="title" value={draft.title} maxLength={120} onChange={(e) => onChange({ title: e.target.value })} />}
      </Field>
      <Field
        label={t("form.story")}
        hint={`${t("form.storyHint")} ${t("form.characters", { n: number(characters(draft.story)), max: number(MAX_STORY) })}`}
        error={errorOf("story")}
      >
        {(props) => <textarea {...props} name="story" rows={5} value={draft.story} onChange={(e) => onChange({ story: e.target.value })} />}
      </Field>
      <div className="field-row">
        <CategoryField name="category" value={draft.category} error={errorOf("category")} required onChange={(category) => onChange({ category })} />
        <UrgencyField value={draft.urgency} error={errorOf("urgency")} onChange={(urgency) => onChange({ urgency })} />
        <Field label={t("form.deadline")} error={errorOf("deadline")} required>
          {(props) => <input {...props} name="deadline" type="date" value={draft.deadline} onChange={(e) => onChange({ deadline: e.target.value })} />}
        </Field>
        <Field label={beneficiaries} error={errorOf("beneficiaries")}>
          {(props) => (
            <input {...props} name="beneficiaries" inputMode="numeric" value={draft.beneficiaries} onChange={(e) => onChange({ beneficiaries: e.target.value })} />
          )}
        </Field>
      </div>
    </>
  );
}

/** A need's or an item's category ("" until one is chosen); `required` for the need's own (an
 * item without one takes the need's). */
export function CategoryField({
  name,
  value,
  error,
  required = false,
  onChange,
}: {
  name: string;
  value: Category | "";
  error?: string;
  required?: boolean;
  onChange: (category: Category | "") => void;
}) {
  const { t, label } = useI18n();
  return (
    <Field label={t("form.category")} error={error} required={required}>
      {(props) => (
        <select {...props} name={name} value={value} onChange={(e) => onChange(e.target.value as Category | "")}>
          <option value="">{t("form.choose")}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {label("category", c)}
            </option>
          ))}
        </select>
      )}
    </Field>
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
