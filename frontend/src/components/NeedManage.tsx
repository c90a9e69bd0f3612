import { useState } from "react";
import { useMutation } from "urql";
import { CancelNeedDocument, UpdateNeedDocument, type NeedStatus, type UpdateNeedInput, type Urgency } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { errorKey, errorsByField, newIdempotencyKey, type FieldError } from "../lib/errors";
import { UrgencyField } from "./NeedForm";
import { Field, Notice, useErrorText } from "./ui";

/** The statuses in which the school may still change or cancel its need (the server's own list). */
export const EDITABLE_NEED_STATUSES: readonly NeedStatus[] = ["DRAFT", "OPEN", "PARTIALLY_MATCHED"];

export interface ManagedNeed {
  id: string;
  title: string;
  story: string;
  urgency: Urgency;
  deadline: string;
  status: NeedStatus;
}

type Message = { kind: "ok" | "error"; text: string } | null;
type Errors = Record<string, FieldError>;

const EDIT_FIELDS = ["title", "story", "urgency", "deadline"] as const;

/** The first error no field of the form shows, in words; null when every error has its field. */
function leftover(errors: readonly FieldError[], shown: readonly string[], text: (e: FieldError) => string | undefined): string | null {
  const rest = errors.filter((e) => !e.field || !shown.includes(e.field));
  return rest.length > 0 ? rest.map((e) => text(e)).join(" ") : null;
}

/** Edit the need's title, story, urgency and deadline; only what changed is sent. */
function EditNeedForm({ need, onSaved, onClose }: { need: ManagedNeed; onSaved: (text: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [draft, setDraft] = useState({ title: need.title, story: need.story ?? "", urgency: need.urgency, deadline: need.deadline });
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<Message>(null);
  const [state, update] = useMutation(UpdateNeedDocument);
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    const local: Errors = {};
    if (draft.title.trim() === "") local.title = { field: "title", code: "REQUIRED", message: "" };
    if (draft.deadline === "") local.deadline = { field: "deadline", code: "REQUIRED", message: "" };
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const changes: Partial<UpdateNeedInput> = {};
    if (draft.title !== need.title) changes.title = draft.title;
    if (draft.story !== (need.story ?? "")) changes.story = draft.story;
    if (draft.urgency !== need.urgency) changes.urgency = draft.urgency;
    if (draft.deadline !== need.deadline) changes.deadline = draft.deadline;
    if (Object.keys(changes).length === 0) {
      setMessage({ kind: "ok", text: t("manage.noChange") });
      return;
    }
    const result = await update({ input: { id: need.id, ...changes, idempotencyKey: newIdempotencyKey() } });
    if (result.error) {
      setMessage({ kind: "error", text: t(errorKey(result.error)!) });
      return;
    }
    const payloadErrors = result.data?.updateNeed.errors ?? [];
    setErrors(errorsByField(payloadErrors));
    const rest = leftover(payloadErrors, EDIT_FIELDS, (e) => errorText(e));
    if (rest) setMessage({ kind: "error", text: rest });
    if (payloadErrors.length === 0) onSaved(t("manage.saved"));
  }

  return (
    <form onSubmit={save} noValidate aria-label={t("manage.edit")}>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <Field label={t("form.title")} error={errorText(errors.title)}>
        {(props) => <input {...props} name="title" maxLength={120} value={draft.title} onChange={(e) => set("title", e.target.value)} />}
      </Field>
      <Field label={t("form.story")} hint={t("form.storyHint")} error={errorText(errors.story)}>
        {(props) => <textarea {...props} name="story" rows={5} value={draft.story} onChange={(e) => set("story", e.target.value)} />}
      </Field>
      <div className="field-row">
        <UrgencyField value={draft.urgency} error={errorText(errors.urgency)} onChange={(u) => set("urgency", u)} />
        <Field label={t("form.deadline")} error={errorText(errors.deadline)}>
          {(props) => <input {...props} name="deadline" type="date" value={draft.deadline} onChange={(e) => set("deadline", e.target.value)} />}
        </Field>
      </div>
      <p className="hint">{t("manage.itemsNote")}</p>
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
function CancelNeedForm({ need, onCancelled, onClose }: { need: ManagedNeed; onCancelled: (text: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<FieldError | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [state, cancel] = useMutation(CancelNeedDocument);

  async function confirm(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    const result = await cancel({ input: { id: need.id, reason: reason.trim() || null, idempotencyKey: newIdempotencyKey() } });
    if (result.error) {
      setMessage(t(errorKey(result.error)!));
      return;
    }
    const payloadErrors = result.data?.cancelNeed.errors ?? [];
    setError(payloadErrors.find((e) => e.field === "reason"));
    setMessage(leftover(payloadErrors, ["reason"], (e) => errorText(e)));
    if (payloadErrors.length === 0) onCancelled(t("manage.cancelled"));
  }

  return (
    <form onSubmit={confirm} noValidate aria-label={t("manage.cancel")}>
      <p>
        <strong>{t("manage.cancelWarning")}</strong>
      </p>
      {message && <Notice kind="error">{message}</Notice>}
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
  const errorText = useErrorText();
  const [mode, setMode] = useState<"idle" | "edit" | "cancel">("idle");
  const [message, setMessage] = useState<Message>(null);
  const [publishState, update] = useMutation(UpdateNeedDocument);
  const editable = EDITABLE_NEED_STATUSES.includes(need.status);

  function done(text: string) {
    setMode("idle");
    setMessage({ kind: "ok", text });
    onChanged();
  }

  async function publish() {
    setMessage(null);
    const result = await update({ input: { id: need.id, publish: true, idempotencyKey: newIdempotencyKey() } });
    const payloadErrors = result.data?.updateNeed.errors ?? [];
    if (result.error) setMessage({ kind: "error", text: t(errorKey(result.error)!) });
    else if (payloadErrors.length > 0) setMessage({ kind: "error", text: payloadErrors.map((e) => errorText(e)).join(" ") });
    else done(t("manage.published"));
  }

  return (
    <section className="panel" aria-labelledby="manage-title" data-testid="need-manage">
      <h2 id="manage-title">{t("manage.title")}</h2>
      <p className="hint">{t("manage.hint")}</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {!editable ? (
        <p>{t("manage.locked", { status: label("needStatus", need.status) })}</p>
      ) : mode === "edit" ? (
        <EditNeedForm need={need} onSaved={done} onClose={() => setMode("idle")} />
      ) : mode === "cancel" ? (
        <CancelNeedForm need={need} onCancelled={done} onClose={() => setMode("idle")} />
      ) : (
        <>
          {need.status === "DRAFT" && <p>{t("manage.publishHint")}</p>}
          <div className="button-row">
            {need.status === "DRAFT" && (
              <button type="button" className="button primary" disabled={publishState.fetching} onClick={() => void publish()}>
                {t("manage.publish")}
              </button>
            )}
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setMessage(null);
                setMode("edit");
              }}
            >
              {t("manage.edit")}
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => {
                setMessage(null);
                setMode("cancel");
              }}
            >
              {t("manage.cancel")}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
