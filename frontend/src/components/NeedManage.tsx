import { useRef, useState } from "react";
import { useMutation } from "urql";
import { CancelNeedDocument, UpdateNeedDocument, type Category, type NeedStatus, type UpdateNeedInput, type Urgency } from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { errorKey, errorsByField, newIdempotencyKey, type FieldError } from "../lib/errors";
import { firstField, useFocusAfterRender } from "../lib/focus";
import { ActionNotice } from "./Layout";
import {
  checkItems,
  checkStory,
  itemInputs,
  ItemsFieldset,
  itemsTotalFen,
  NeedDetailsFields,
  numeric,
  useFormErrorText,
  withoutItem,
  type ItemDraft,
} from "./NeedForm";
import { Field, Notice, useErrorText, type Message } from "./ui";

/** The statuses in which the school may still change or cancel its need (the server's own list). */
export const EDITABLE_NEED_STATUSES: readonly NeedStatus[] = ["DRAFT", "OPEN", "PARTIALLY_MATCHED"];

export interface ManagedItem {
  id: string;
  description: string;
  category: Category;
  quantity: number | string;
  remainingQuantity: number | string;
  unit: string;
  unitValueFen: number | string;
}

export interface ManagedNeed {
  id: string;
  title: string;
  story: string;
  category: Category;
  urgency: Urgency;
  deadline: string;
  beneficiaries: number | string;
  status: NeedStatus;
  items: readonly ManagedItem[];
}

type Errors = Record<string, FieldError>;

const EDIT_FIELDS = ["title", "story", "category", "urgency", "deadline", "beneficiaries"];
const ITEM_FIELD = /^items\.\d+\.(description|category|quantity|unit|unitValueFen)$/;

/** The errors no field of the form shows. */
function unshown(errors: readonly FieldError[], shows: (field: string) => boolean): FieldError[] {
  return errors.filter((e) => !e.field || !shows(e.field));
}

/** Once a resource is allocated to an item (the server's rule), the list of items is fixed. */
function itemsAllocated(items: readonly ManagedItem[]): boolean {
  return items.some((item) => toNumber(item.remainingQuantity) !== toNumber(item.quantity));
}

function itemDraft(item: ManagedItem): ItemDraft {
  return {
    id: item.id,
    description: item.description,
    category: item.category,
    quantity: String(toNumber(item.quantity)),
    unit: item.unit,
    unitValueYuan: String(toNumber(item.unitValueFen) / 100),
  };
}

function needDraft(need: ManagedNeed) {
  return {
    title: need.title,
    story: need.story ?? "",
    category: need.category as Category | "",
    urgency: need.urgency,
    deadline: need.deadline,
    beneficiaries: String(toNumber(need.beneficiaries)),
    items: need.items.map(itemDraft),
  };
}

/** Edit the need: title, story, category, urgency, deadline, students served and, while nothing
 * is allocated, the items. Only what changed is sent (the items as the complete new list, each
 * kept line with its id); nothing typed is lost when the server refuses. */
function EditNeedForm({ need, onSaved, onClose }: { need: ManagedNeed; onSaved: (key: MessageKey) => void; onClose: () => void }) {
  const { t, label, number, yuan, textLang } = useI18n();
  const errorText = useErrorText();
  const formErrorText = useFormErrorText();
  const [draft, setDraft] = useState(() => needDraft(need));
  const [errors, setErrors] = useState<Errors>({});
  // The item list's own errors: one per item donors have proposals for, when it was removed.
  const [listErrors, setListErrors] = useState<readonly FieldError[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const [state, update] = useMutation(UpdateNeedDocument);
  const itemsEditable = !itemsAllocated(need.items);
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const shows = (field: string) => EDIT_FIELDS.includes(field) || (itemsEditable && (field === "items" || ITEM_FIELD.test(field)));

  /** The server names the item it refused to remove (「…」); said in the viewer's language. */
  const listErrorText = (error: FieldError) => {
    const named = error.code === "INVALID" ? /「(.+?)」/.exec(error.message) : null;
    return named ? t("manage.itemHasProposals", { item: named[1] }) : errorText(error);
  };
  const errorOf = (field: string) =>
    field === "items" ? listErrors.map(listErrorText).join(" ") || undefined : formErrorText(errors[field]);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    const local: Errors = {};
    const required = (field: string, text: string) => {
      if (text.trim() === "") local[field] = { field, code: "REQUIRED", message: "" };
    };
    required("title", draft.title);
    required("category", draft.category);
    required("deadline", draft.deadline);
    required("beneficiaries", draft.beneficiaries);
    checkStory(draft.story, local);
    if (!local.beneficiaries && numeric(draft.beneficiaries) === null) {
      local.beneficiaries = { field: "beneficiaries", code: "NOT_NUMBER", message: "" };
    }
    if (itemsEditable) checkItems(draft.items, local);
    setErrors(local);
    setListErrors([]);
    if (Object.keys(local).length > 0) return;

    const before = needDraft(need);
    const changes: Partial<UpdateNeedInput> = {};
    if (draft.title !== before.title) changes.title = draft.title;
    if (draft.story !== before.story) changes.story = draft.story;
    if (draft.category !== before.category) changes.category = draft.category;
    if (draft.urgency !== before.urgency) changes.urgency = draft.urgency;
    if (draft.deadline !== before.deadline) changes.deadline = draft.deadline;
    const beneficiaries = numeric(draft.beneficiaries);
    if (beneficiaries !== toNumber(need.beneficiaries)) changes.beneficiaries = beneficiaries;
    if (itemsEditable) {
      const items = itemInputs(draft.items, draft.category);
      if (JSON.stringify(items) !== JSON.stringify(itemInputs(before.items, before.category))) changes.items = items;
    }
    if (Object.keys(changes).length === 0) {
      setMessage({ kind: "ok", key: "manage.noChange" });
      return;
    }
    const result = await update({ input: { id: need.id, ...changes, idempotencyKey: newIdempotencyKey() } });
    if (result.error) {
      setMessage({ kind: "error", key: errorKey(result.error)! });
      return;
    }
    const payloadErrors = result.data?.updateNeed.errors ?? [];
    setErrors(errorsByField(payloadErrors.filter((e) => e.field !== "items")));
    setListErrors(payloadErrors.filter((e) => e.field === "items"));
    const rest = unshown(payloadErrors, shows);
    if (rest.length > 0) setMessage({ kind: "error", errors: rest });
    if (payloadErrors.length === 0) onSaved("manage.saved");
  }

  const count = Object.keys(errors).length + listErrors.length;
  return (
    <form onSubmit={save} noValidate aria-label={t("manage.edit")}>
      {count > 0 && <Notice kind="error">{t(count === 1 ? "error.formHasErrors.one" : "error.formHasErrors", { count })}</Notice>}
      <ActionNotice message={message} />
      <NeedDetailsFields draft={draft} errorOf={errorOf} onChange={(change) => setDraft((d) => ({ ...d, ...change }))} />
      {itemsEditable ? (
        <>
          <ItemsFieldset
            items={draft.items}
            errorOf={errorOf}
            hint={t("manage.itemsHint")}
            onChange={(items) => set("items", items)}
            onRemove={(index) => {
              setDraft((d) => ({ ...d, items: d.items.filter((_, j) => j !== index) }));
              setErrors((current) => withoutItem(current, index));
            }}
          />
          <p className="total">{t("form.total", { value: yuan(itemsTotalFen(draft.items)) })}</p>
        </>
      ) : (
        <section className="items-locked" aria-labelledby="items-locked-title" data-testid="items-locked">
          <h3 id="items-locked-title">{t("form.items")}</h3>
          <p className="hint">{t("manage.itemsLocked")}</p>
          <ul className="plain-list">
            {need.items.map((item) => (
              <li key={item.id}>
                <span lang={textLang(item.description)}>{item.description}</span> · {label("category", item.category)} · {number(item.quantity)}{" "}
                <span lang={textLang(item.unit)}>{item.unit}</span> × {yuan(item.unitValueFen)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="button-row">
        <button type="submit" className="button primary" disabled={state.fetching}>
          {state.fetching ? t("manage.saving") : t("manage.save")}
        </button>
        <button type="button" className="button ghost" onClick={onClose}>
          {t("manage.discard")}
        </button>
      </div>
    </form>
  );
}

/** Cancel the need: an optional reason, then a confirmation. */
function CancelNeedForm({ need, onCancelled, onClose }: { need: ManagedNeed; onCancelled: (key: MessageKey) => void; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<FieldError | undefined>();
  const [message, setMessage] = useState<Message>(null);
  const [state, cancel] = useMutation(CancelNeedDocument);

  async function confirm(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    const result = await cancel({ input: { id: need.id, reason: reason.trim() || null, idempotencyKey: newIdempotencyKey() } });
    if (result.error) {
      setMessage({ kind: "error", key: errorKey(result.error)! });
      return;
    }
    const payloadErrors = result.data?.cancelNeed.errors ?? [];
    setError(payloadErrors.find((e) => e.field === "reason"));
    const rest = unshown(payloadErrors, (field) => field === "reason");
    setMessage(rest.length > 0 ? { kind: "error", errors: rest } : null);
    if (payloadErrors.length === 0) onCancelled("manage.cancelled");
  }

  return (
    <form onSubmit={confirm} noValidate aria-label={t("manage.cancel")}>
      <p>
        <strong>{t("manage.cancelWarning")}</strong>
      </p>
      <ActionNotice message={message} />
      <Field label={t("manage.cancelReason")} error={errorText(error)}>
        {(props) => <textarea {...props} name="reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="button-row">
        <button type="submit" className="button danger" disabled={state.fetching}>
          {t("manage.confirmCancel")}
        </button>
        <button type="button" className="button ghost" onClick={onClose}>
          {t("manage.keep")}
        </button>
      </div>
    </form>
  );
}

/** For the school's principal and staff on the need's page: publish a draft, edit, cancel. */
export function NeedManage({ need, onChanged }: { need: ManagedNeed; onChanged: () => void }) {
  const { t, label } = useI18n();
  const [mode, setMode] = useState<"idle" | "edit" | "cancel">("idle");
  const [message, setMessage] = useState<Message>(null);
  const [publishState, update] = useMutation(UpdateNeedDocument);
  const editable = EDITABLE_NEED_STATUSES.includes(need.status);
  const section = useRef<HTMLElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();

  /** Opens a form, focus going to its first field. */
  function open(next: "edit" | "cancel") {
    setMessage(null);
    setMode(next);
    focusAfterRender(() => firstField(section.current?.querySelector("form")));
  }

  /** Closes a form unsaved, focus going back to the button that opened it. */
  function close() {
    const opener = mode === "edit" ? editButton : cancelButton;
    setMode("idle");
    focusAfterRender(() => opener.current);
  }

  function done(key: MessageKey) {
    setMode("idle");
    setMessage({ kind: "ok", key });
    onChanged();
  }

  async function publish() {
    setMessage(null);
    const result = await update({ input: { id: need.id, publish: true, idempotencyKey: newIdempotencyKey() } });
    const payloadErrors = result.data?.updateNeed.errors ?? [];
    if (result.error) setMessage({ kind: "error", key: errorKey(result.error)! });
    else if (payloadErrors.length > 0) setMessage({ kind: "error", errors: payloadErrors });
    else done("manage.published");
  }

  return (
    <section ref={section} className="panel" aria-labelledby="manage-title" data-testid="need-manage">
      <h2 id="manage-title">{t("manage.title")}</h2>
      <p className="hint">{t("manage.hint")}</p>
      <ActionNotice message={message} />
      {!editable ? (
        <p>{t("manage.locked", { status: label("needStatus", need.status) })}</p>
      ) : mode === "edit" ? (
        <EditNeedForm need={need} onSaved={done} onClose={close} />
      ) : mode === "cancel" ? (
        <CancelNeedForm need={need} onCancelled={done} onClose={close} />
      ) : (
        <>
          {need.status === "DRAFT" && <p>{t("manage.publishHint")}</p>}
          <div className="button-row">
            {need.status === "DRAFT" && (
              <button type="button" className="button primary" disabled={publishState.fetching} onClick={() => void publish()}>
                {t("manage.publish")}
              </button>
            )}
            <button ref={editButton} type="button" className="button secondary" onClick={() => open("edit")}>
              {t("manage.edit")}
            </button>
            <button ref={cancelButton} type="button" className="button ghost" onClick={() => open("cancel")}>
              {t("manage.cancel")}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
