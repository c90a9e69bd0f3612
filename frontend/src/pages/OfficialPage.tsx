import { useEffect, useRef, useState, type RefObject } from "react";
import { useMutation, useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { MatchSummary, matchName } from "../components/MatchCard";
import { MatchingRun } from "../components/MatchingRun";
import { ListEnd, usePagedQuery } from "../components/Paging";
import { BusyButton, Empty, ErrorNotice, Field, Loading, MessageNotice, MessageText, Notice, SEARCH_MAX, Sentence, useErrorText, type Message } from "../components/ui";
import {
  ApproveMatchDocument,
  ApproveMatchesDocument,
  RejectMatchDocument,
  RejectMatchesDocument,
  VerifyPartyDocument,
  WebMatchesDocument,
  WebPartiesDocument,
  type PartyKind,
  type WebMatchFieldsFragment,
} from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { errorKey, newIdempotencyKey, type FieldError } from "../lib/errors";
import { escapeCloses, useFocusAfterRender, useFocusInvalid, useInlineForm } from "../lib/focus";
import { useViewer } from "../lib/viewer";
import { useAttempts } from "../lib/attempts";


/** The reason for a rejection, one match's or several at once, and the buttons to confirm or go
 * back (Escape goes back too). */
function RejectForm(props: {
  label: string;
  reason: string;
  error?: string;
  /** Sending, or (the bulk form) nothing to send: presses are ignored, focus stays. */
  busy: boolean;
  /** Said after the confirm button's name: the title of the match it rejects. */
  what?: string;
  /** Why the confirm button does nothing now (the id of the text saying so). */
  describedBy?: string;
  className?: string;
  formRef: RefObject<HTMLFormElement | null>;
  onChange: (reason: string) => void;
  onSubmit: (event: React.FormEvent) => void;
  onCancel: () => void;
}) {
  const { t, textLang } = useI18n();
  return (
    <form ref={props.formRef} onSubmit={props.onSubmit} noValidate className={props.className} onKeyDown={escapeCloses(props.onCancel)}>
      <Field label={props.label} error={props.error}>
        {(field) => <textarea {...field} rows={2} maxLength={500} value={props.reason} onChange={(e) => props.onChange(e.target.value)} />}
      </Field>
      <div className="button-row">
        <BusyButton busy={props.busy} className="button danger" aria-describedby={props.describedBy}>
          {t("official.confirmReject")}
          {props.what && <> <span className="visually-hidden" lang={textLang(props.what)}>{props.what}</span></>}
        </BusyButton>
        <button type="button" className="button ghost" onClick={props.onCancel}>
          {t("official.cancel")}
        </button>
      </div>
    </form>
  );
}

/** A single decision's refusal worded as a bulk one's (`ids.N`): the official wording for the
 * match itself (the server names it `id`, or nothing for a state that no longer allows it). */
function asMatchError(error: FieldError): FieldError {
  return error.field == null || error.field === "id" ? { ...error, field: "ids.0" } : error;
}

/** Refusals that mean the match moved on meanwhile (decided by another official, cancelled): the
 * queue is out of date. */
const CHANGED_MEANWHILE = ["STALE", "INVALID_TRANSITION"];

function Decision({
  match,
  onDone,
  onChanged,
}: {
  match: WebMatchFieldsFragment;
  onDone: (message: Message) => void;
  /** The match moved on meanwhile: the queue says why and refreshes. */
  onChanged: (error: FieldError) => void;
}) {
  const { t, textLang } = useI18n();
  const errorText = useErrorText();
  const [approveState, approve] = useMutation(ApproveMatchDocument);
  const [rejectState, reject] = useMutation(RejectMatchDocument);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<FieldError | undefined>();
  const [message, setMessage] = useState<Message>(null);
  const busy = approveState.fetching || rejectState.fetching;
  // The reason form: opening it focuses the reason, cancelling gives focus back to 驳回; a
  // refused reason takes focus to it.
  const { form, opener: rejectButton, setOpenFocused: setRejectingFocused } = useInlineForm(setRejecting);
  const { focusInvalid } = useFocusInvalid(form);
  // Said after each button's name: which match it decides (each card has the same buttons).
  const title = matchName(match);

  async function onApprove() {
    if (busy) return;
    const result = await approve({ input: { id: match.id, idempotencyKey: newIdempotencyKey() } });
    const errors = result.data?.approveMatch.errors ?? [];
    const changed = errors.find((e) => CHANGED_MEANWHILE.includes(e.code));
    if (result.error) setMessage({ kind: "error", key: errorKey(result.error)! });
    else if (changed) onChanged(asMatchError(changed));
    else if (errors.length) setMessage({ kind: "error", errors: errors.slice(0, 1).map(asMatchError) });
    else onDone({ kind: "ok", key: "official.approved", detail: match.need?.title });
  }

  async function onReject(event: React.FormEvent) {
    event.preventDefault();
    if (busy) return;
    const result = await reject({ input: { id: match.id, reason, idempotencyKey: newIdempotencyKey() } });
    const errors = result.data?.rejectMatch.errors ?? [];
    if (result.error) setMessage({ kind: "error", key: errorKey(result.error)! });
    else if (errors.length) {
      const onReason = errors.find((e) => e.field === "reason");
      const changed = errors.find((e) => CHANGED_MEANWHILE.includes(e.code));
      setReasonError(onReason);
      if (onReason) focusInvalid();
      if (changed && !onReason) {
        setRejecting(false);
        onChanged(asMatchError(changed));
      } else if (!onReason) setMessage({ kind: "error", errors: errors.slice(0, 1).map(asMatchError) });
    } else onDone({ kind: "ok", key: "official.rejected", detail: match.need?.title });
  }

  return (
    <div className="actions">
      <MessageNotice message={message} />
      {rejecting ? (
        <RejectForm
          label={t("official.rejectReason")}
          reason={reason}
          error={errorText(reasonError)}
          busy={busy}
          what={title}
          formRef={form}
          onChange={setReason}
          onSubmit={onReject}
          onCancel={() => setRejectingFocused(false)}
        />
      ) : (
        <div className="button-row">
          <BusyButton type="button" className="button primary" busy={busy} onClick={() => void onApprove()}>
            {t("official.approve")} <span className="visually-hidden" lang={textLang(title)}>{title}</span>
          </BusyButton>
          <button ref={rejectButton} type="button" className="button secondary" aria-disabled={busy || undefined} onClick={() => !busy && setRejectingFocused(true)}>
            {t("official.reject")} <span className="visually-hidden" lang={textLang(title)}>{title}</span>
          </button>
        </div>
      )}
    </div>
  );
}

/** A match a bulk decision left undecided, and why; `match` as it was then, to show its card
 * when it has left the queue meanwhile (cancelled, or decided by someone else). */
interface Failure {
  title: string;
  errors: FieldError[];
  match?: WebMatchFieldsFragment;
}

/** Matches of the queue read at a time: two pages fit in one bulk decision. */
const QUEUE_PAGE_SIZE = 50;
/** The most matches one bulk decision takes (the server refuses more). */
const MAX_BULK = 100;

function ApprovalQueue({ regionCode, regionName }: { regionCode: string; regionName: string }) {
  const { t, number, textLang } = useI18n();
  const errorText = useErrorText();
  // A page at a time; "load more" appends. Select all and the bulk decisions cover only the
  // matches shown.
  const list = usePagedQuery({
    query: WebMatchesDocument,
    variables: { first: QUEUE_PAGE_SIZE, filter: { status: ["ACCEPTED"], regionCode } },
    connection: (data) => data.matches,
  });
  const [approveState, approveMany] = useMutation(ApproveMatchesDocument);
  const [rejectState, rejectMany] = useMutation(RejectMatchesDocument);
  const [selected, setSelected] = useState<string[]>([]);
  const [message, setMessage] = useState<Message>(null);
  // The matches the last bulk decision could not decide, by id: the reason shows on each card,
  // and the summary names them. One that has left the queue (decided by someone else, or
  // cancelled as nothing is left for it) keeps a card saying so until the page is reloaded.
  const [failures, setFailures] = useState<Record<string, Failure>>({});
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<FieldError | undefined>();
  const busy = approveState.fetching || rejectState.fetching;
  const approvals = useAttempts();
  const rejections = useAttempts();
  // The bulk reason: opening it focuses the reason, cancelling gives focus back to the button;
  // a refused reason takes focus to it.
  const { form: rejectForm, opener: rejectOpener, setOpenFocused: setRejectingFocused } = useInlineForm(setRejecting);
  const { focusInvalid } = useFocusInvalid(rejectForm);
  // A decision made (a card leaves the queue, a bulk decision's buttons may have nothing left to
  // decide): focus goes to what it says.
  const messageBox = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const tell = (said: Message) => {
    setMessage(said);
    focusAfterRender(() => messageBox.current);
  };
  const refresh = list.refresh;
  const matches = list.nodes;
  // Only what is still in the queue counts (a match decided elsewhere leaves it).
  const chosen = selected.filter((id) => matches.some((m) => m.id === id));

  /** Ties each error (field `ids.N`: the N-th id sent) to its match; those stay selected. */
  function report(ids: string[], decided: number, errors: readonly FieldError[], done: "official.bulkDone" | "official.bulkRejectDone") {
    const byId: Record<string, Failure> = {};
    const general: FieldError[] = [];
    for (const error of errors) {
      const at = /^ids\.(\d+)$/.exec(error.field ?? "");
      const id = at ? ids[Number(at[1])] : undefined;
      if (id === undefined) {
        general.push(error);
        continue;
      }
      const match = matches.find((m) => m.id === id);
      const title = match?.need?.title ?? match?.needItem?.description ?? id;
      byId[id] = { title, match, errors: [...(byId[id]?.errors ?? []), error] };
    }
    const failed = Object.keys(byId);
    setFailures(byId);
    setSelected(failed);
    tell({
      kind: failed.length || general.length ? "error" : "ok",
      key: done,
      vars: { ok: decided, failed: failed.length },
      errors: general,
    });
    refresh();
  }

  async function approveSelected() {
    const ids = chosen;
    if (ids.length === 0 || overLimit || busy) return;
    const result = await approveMany({ input: { ids, idempotencyKey: approvals.keyFor({ ids }) } });
    if (result.error) {
      // The answer may be lost: pressed again, the same decision goes with the same key.
      tell({ kind: "error", key: errorKey(result.error)! });
      return;
    }
    approvals.done();
    const payload = result.data!.approveMatches;
    report(ids, payload.matches.length, payload.errors, "official.bulkDone");
  }

  async function rejectSelected(event: React.FormEvent) {
    event.preventDefault();
    const ids = chosen;
    if (ids.length === 0 || overLimit || busy) return;
    const result = await rejectMany({ input: { ids, reason, idempotencyKey: rejections.keyFor({ ids, reason }) } });
    if (result.error) {
      tell({ kind: "error", key: errorKey(result.error)! });
      return;
    }
    rejections.done();
    const payload = result.data!.rejectMatches;
    const onReason = payload.errors.find((e) => e.field === "reason");
    if (onReason) {
      setReasonError(onReason);
      focusInvalid();
      return;
    }
    setReasonError(undefined);
    setRejecting(false);
    setReason("");
    report(ids, payload.matches.length, payload.errors, "official.bulkRejectDone");
  }

  const allSelected = matches.length > 0 && chosen.length === matches.length;
  const overLimit = chosen.length > MAX_BULK;
  const failedList = Object.values(failures);
  const inQueue = (id: string) => matches.some((m) => m.id === id);
  // A failed match not shown has left the queue only if it would be among those shown: the
  // whole queue is shown, or it is newer than the oldest shown (the queue is newest first).
  // Otherwise it may be on a page not read yet, which is read to find it.
  const oldestShown = matches.length > 0 ? Date.parse(matches[matches.length - 1].createdAt) : Infinity;
  const readToEnd = !list.hasMore && !list.loadingMore;
  const leftQueue = (failure: Failure) => readToEnd || (failure.match !== undefined && Date.parse(failure.match.createdAt) > oldestShown);
  const gone = Object.entries(failures).filter(([id, failure]) => !inQueue(id) && leftQueue(failure));
  const unseen = Object.entries(failures).some(([id, failure]) => !inQueue(id) && !leftQueue(failure));
  const kept = failedList.length - gone.length;
  const { more, fetching } = list;
  useEffect(() => {
    if (unseen && !fetching) more();
  }, [unseen, fetching, more]);
  const reasonOf = (failure: Failure) => failure.errors.map((e) => errorText(e)).join(" ");
  /** A match decided on its own card: no longer selected, nor a failure of the last bulk decision. */
  const forget = (id: string) => {
    setSelected((s) => s.filter((x) => x !== id));
    setFailures((f) => {
      const rest = { ...f };
      delete rest[id];
      return rest;
    });
  };
  const said = message && (
    <>
      <p>
        <MessageText message={message} />
      </p>
      {failedList.length > 0 && (
        <>
          <ul data-testid="bulk-failures">
            {failedList.map((f, i) => (
              <li key={i}>
                <Sentence id="official.failedItem" vars={{ title: f.title, reason: reasonOf(f) }} />
              </li>
            ))}
          </ul>
          {gone.length === 0 && <p>{t("official.failedKept")}</p>}
          {gone.length > 0 && <p>{t("official.failedGone", { n: gone.length })}</p>}
          {gone.length > 0 && kept > 0 && <p>{t("official.failedKeptRest")}</p>}
        </>
      )}
    </>
  );
  // Why the bulk buttons do nothing now: nothing selected, or too many.
  const unavailable = chosen.length === 0 ? `queue-${regionCode}-none` : overLimit ? `queue-${regionCode}-limit` : undefined;
  return (
    <section aria-labelledby={`queue-${regionCode}`}>
      <h2 id={`queue-${regionCode}`}>{t("official.queue", { region: regionName })}</h2>
      {list.readers}
      {list.fetching && !list.ready && <Loading />}
      <ErrorNotice error={list.error} retry={refresh} />
      {/* Both live regions always there, empty until there is something to say. */}
      <div ref={messageBox} tabIndex={-1}>
        <Notice kind="ok">{message?.kind === "ok" && said}</Notice>
        <Notice kind="error">{message?.kind === "error" && said}</Notice>
      </div>
      {list.ready && matches.length === 0 && <Empty>{t("official.empty")}</Empty>}
      {matches.length > 0 && (
        <div className="bulk-bar">
          <label className="choice">
            <input
              type="checkbox"
              checked={allSelected}
              aria-describedby={list.hasMore ? `queue-${regionCode}-shown` : undefined}
              onChange={() => setSelected(allSelected ? [] : matches.map((m) => m.id))}
            />
            {list.hasMore ? t("official.selectShown", { n: number(matches.length) }) : t("official.selectAll")}
          </label>
          {/* Not `disabled` when there is nothing to decide: a disabled button drops its focus. */}
          <BusyButton
            type="button"
            className="button primary"
            busy={Boolean(unavailable) || busy}
            aria-describedby={unavailable}
            onClick={() => void approveSelected()}
          >
            {t("official.approveSelected", { n: chosen.length })}
          </BusyButton>
          <button
            ref={rejectOpener}
            type="button"
            className="button secondary"
            aria-disabled={Boolean(unavailable) || busy || undefined}
            aria-describedby={unavailable}
            onClick={() => !unavailable && !busy && setRejectingFocused(true)}
          >
            {t("official.rejectSelected", { n: chosen.length })}
          </button>
          {chosen.length === 0 && (
            <p className="visually-hidden" id={`queue-${regionCode}-none`}>
              {t("official.selectFirst")}
            </p>
          )}
          {list.hasMore && (
            <p className="hint" id={`queue-${regionCode}-shown`}>
              {t("official.selectShownHint")}
            </p>
          )}
          <p className={overLimit ? "hint" : "visually-hidden"} role="status" id={`queue-${regionCode}-limit`}>
            {overLimit && t("official.bulkLimit", { max: number(MAX_BULK), n: number(chosen.length) })}
          </p>
        </div>
      )}
      {rejecting && matches.length > 0 && (
        <RejectForm
          className="bulk-reject"
          label={t("official.bulkRejectReason", { n: chosen.length })}
          reason={reason}
          error={errorText(reasonError)}
          busy={Boolean(unavailable) || busy}
          describedBy={unavailable}
          formRef={rejectForm}
          onChange={setReason}
          onSubmit={rejectSelected}
          onCancel={() => setRejectingFocused(false)}
        />
      )}
      <ul className="card-list">
        {matches.map((match) => (
          <li key={match.id}>
            <MatchSummary match={match}>
              {failures[match.id] && (
                <p className="field-error" data-testid="match-failure">
                  {t("official.notDecided", { reason: reasonOf(failures[match.id]) })}
                </p>
              )}
              <label className="choice">
                <input
                  type="checkbox"
                  checked={selected.includes(match.id)}
                  onChange={() => setSelected((s) => (s.includes(match.id) ? s.filter((x) => x !== match.id) : [...s, match.id]))}
                />
                {t("official.select")}:{" "}
                <span lang={textLang(match.need?.title ?? match.needItem?.description)}>{match.need?.title ?? match.needItem?.description}</span>
                {match.donor && (
                  <>
                    {" "}
                    <span className="visually-hidden">
                      · <span lang={textLang(match.donor.name)}>{match.donor.name}</span>
                    </span>
                  </>
                )}
              </label>
              <Decision
                match={match}
                onDone={(done) => {
                  tell(done);
                  forget(match.id);
                  refresh();
                }}
                onChanged={(error) => {
                  tell({ kind: "error", key: "official.changedRefreshed", vars: { title: match.need?.title ?? match.needItem?.description ?? "" }, errors: [error] });
                  forget(match.id);
                  refresh();
                }}
              />
            </MatchSummary>
          </li>
        ))}
        {gone.map(([id, failure]) => (
          <li key={id}>
            <article className="card match-card" data-testid="match-gone">
              <h3 lang={textLang(failure.title)}>{failure.title}</h3>
              {failure.match && (
                <p className="meta">
                  <span lang={textLang(failure.match.school?.name)}>{failure.match.school?.name}</span> ·{" "}
                  <span lang={textLang(failure.match.donor?.name)}>{failure.match.donor?.name}</span> ·{" "}
                  <span lang={textLang(failure.match.needItem?.description)}>{failure.match.needItem?.description}</span> × {number(failure.match.itemQuantity)}{" "}
                  <span lang={textLang(failure.match.needItem?.unit)}>{failure.match.needItem?.unit}</span>
                </p>
              )}
              <p className="field-error" data-testid="match-failure">
                {t("official.notDecided", { reason: reasonOf(failure) })}
              </p>
              <p className="hint">{t("official.goneFromQueue")}</p>
            </article>
          </li>
        ))}
        <ListEnd list={list} as="li" />
      </ul>
    </section>
  );
}

const PARTY_KINDS = ["SCHOOL", "ENTERPRISE", "MICROENTERPRISE", "SPECIALTY_STORE", "NGO", "MEDIA", "CUSTOMER", "GOVERNMENT"] as const;

/** Every kind of party in the jurisdiction, by kind, name and whether it is verified yet. */
function VerifyParties({ regionCode }: { regionCode: string }) {
  const { t, date, label, regionName, textLang } = useI18n();
  const [text, setText] = useState("");
  const [kind, setKind] = useState<PartyKind | "">("");
  const [verified, setVerified] = useState<"no" | "yes" | "">("no");
  // 50 at first, 100 on asking (the server's page); past that, the filters narrow the list.
  const [first, setFirst] = useState(50);
  const [result, refetch] = useQuery({
    query: WebPartiesDocument,
    variables: {
      first,
      filter: { regionCode, text: text || null, kind: kind || null, verified: verified === "" ? null : verified === "yes" },
    },
  });
  const [state, verify] = useMutation(VerifyPartyDocument);
  const [message, setMessage] = useState<Message>(null);
  // Verifying cannot be undone: the first click asks, the second verifies.
  const [asking, setAsking] = useState<string | null>(null);
  const parties = result.data?.parties.edges.map((e) => e.node) ?? [];
  const list = useRef<HTMLUListElement>(null);
  const messageBox = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  /** "Not now" (or Escape): the question goes, and focus back to the party's 核验 button. */
  const keep = (partyId: string) => {
    setAsking(null);
    focusAfterRender(() => list.current?.querySelector<HTMLElement>(`[data-verify="${partyId}"]`));
  };

  async function onVerify(partyId: string, name: string) {
    if (state.fetching) return;
    // The question stays (its button busy, keeping focus) until the answer, which focus goes to:
    // the party may leave the list (verified ones are not shown).
    const r = await verify({ input: { partyId, idempotencyKey: newIdempotencyKey() } });
    const errors = r.data?.verifyParty.errors ?? [];
    setAsking(null);
    focusAfterRender(() => messageBox.current);
    if (r.error) setMessage({ kind: "error", key: errorKey(r.error)! });
    else if (errors.length) setMessage({ kind: "error", errors: errors.slice(0, 1) });
    else {
      setMessage({ kind: "ok", key: "official.verifiedNow", vars: { name } });
      refetch({ requestPolicy: "network-only" });
    }
  }

  return (
    <section aria-labelledby={`verify-${regionCode}`}>
      <h2 id={`verify-${regionCode}`}>{t("official.verifyParties")}</h2>
      <div className="filters">
        <Field label={t("official.partyKind")}>
          {(props) => (
            <select {...props} value={kind} onChange={(e) => setKind(e.target.value as PartyKind | "")}>
              <option value="">{t("official.allParties")}</option>
              {PARTY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label("partyKind", k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("official.showVerified")}>
          {(props) => (
            <select {...props} value={verified} onChange={(e) => setVerified(e.target.value as "no" | "yes" | "")}>
              <option value="no">{t("official.unverifiedOnly")}</option>
              <option value="yes">{t("official.verifiedOnly")}</option>
              <option value="">{t("official.allParties")}</option>
            </select>
          )}
        </Field>
        <Field label={t("official.searchParty")}>
          {(props) => <input {...props} type="search" maxLength={SEARCH_MAX.name} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
      </div>
      <div ref={messageBox} tabIndex={-1}>
        <MessageNotice message={message} />
      </div>
      {result.fetching && !result.data && <Loading />}
      <ErrorNotice error={result.error} />
      {result.data && parties.length === 0 && <Empty>{t("official.noParties")}</Empty>}
      <ul ref={list} className="plain-list" data-testid="parties">
        {parties.map((p) => (
          <li key={p.id} className="row">
            <span>
              <span lang={textLang(p.name)}>{p.name}</span> · <span className="tag">{label("partyKind", p.kind)}</span> {p.region && regionName(p.region)}
            </span>
            {p.verifiedAt ? (
              <span className="hint">{t("official.verifiedOn", { date: date(p.verifiedAt) })}</span>
            ) : asking === p.id ? (
              <span role="group" aria-label={t("official.verifyAsk", { name: p.name })} onKeyDown={(e) => e.key === "Escape" && keep(p.id)}>
                <span className="hint">
                  <Sentence id="official.verifyAsk" vars={{ name: p.name }} />
                </span>{" "}
                <BusyButton type="button" className="button primary" autoFocus busy={state.fetching} onClick={() => void onVerify(p.id, p.name)}>
                  {t("official.verifyConfirm")} <span className="visually-hidden" lang={textLang(p.name)}>{p.name}</span>
                </BusyButton>{" "}
                <button type="button" className="button ghost" onClick={() => keep(p.id)}>
                  {t("official.verifyKeep")}
                </button>
              </span>
            ) : (
              <BusyButton type="button" className="button secondary" data-verify={p.id} busy={state.fetching} onClick={() => setAsking(p.id)}>
                {t("official.verifyButton")} <span className="visually-hidden" lang={textLang(p.name)}>{p.name}</span>
              </BusyButton>
            )}
          </li>
        ))}
      </ul>
      {result.data?.parties.pageInfo.hasNextPage &&
        (first < 100 ? (
          <BusyButton type="button" className="button secondary" busy={result.fetching} onClick={() => setFirst(100)}>
            {t("official.moreParties")}
          </BusyButton>
        ) : (
          <p className="hint">{t("official.narrowParties")}</p>
        ))}
    </section>
  );
}

function OfficialHome() {
  const { t, regionName } = useI18n();
  const { viewer } = useViewer();
  const jurisdictions = viewer?.jurisdictions ?? [];
  return (
    <>
      <h1>{t("official.title")}</h1>
      <Notice kind="error">{jurisdictions.length === 0 && t("official.noJurisdiction")}</Notice>
      {jurisdictions.map((region) => (
        <div key={region.code}>
          <ApprovalQueue regionCode={region.code} regionName={regionName(region)} />
          <VerifyParties regionCode={region.code} />
        </div>
      ))}
      {jurisdictions.length > 0 && <MatchingRun within={jurisdictions} />}
    </>
  );
}

export default function OfficialPage() {
  return (
    <RequireRole roles={["GOV_OFFICIAL"]}>
      <OfficialHome />
    </RequireRole>
  );
}
