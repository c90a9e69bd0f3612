import { useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { MatchSummary } from "../components/MatchCard";
import { MatchingRun } from "../components/MatchingRun";
import { ListEnd, usePagedQuery } from "../components/Paging";
import { Empty, ErrorNotice, Field, Loading, MessageNotice, Notice, useErrorText, useMessageText, type Message } from "../components/ui";
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
import { useViewer } from "../lib/viewer";


/** The reason for a rejection, one match's or several at once, and the buttons to confirm or go back. */
function RejectForm(props: {
  label: string;
  reason: string;
  error?: string;
  disabled: boolean;
  className?: string;
  onChange: (reason: string) => void;
  onSubmit: (event: React.FormEvent) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <form onSubmit={props.onSubmit} noValidate className={props.className}>
      <Field label={props.label} error={props.error}>
        {(field) => <textarea {...field} rows={2} maxLength={500} value={props.reason} onChange={(e) => props.onChange(e.target.value)} />}
      </Field>
      <div className="button-row">
        <button type="submit" className="button danger" disabled={props.disabled}>
          {t("official.confirmReject")}
        </button>
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
  const { t } = useI18n();
  const errorText = useErrorText();
  const [approveState, approve] = useMutation(ApproveMatchDocument);
  const [rejectState, reject] = useMutation(RejectMatchDocument);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<FieldError | undefined>();
  const [message, setMessage] = useState<Message>(null);
  const busy = approveState.fetching || rejectState.fetching;

  async function onApprove() {
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
    const result = await reject({ input: { id: match.id, reason, idempotencyKey: newIdempotencyKey() } });
    const errors = result.data?.rejectMatch.errors ?? [];
    if (result.error) setMessage({ kind: "error", key: errorKey(result.error)! });
    else if (errors.length) {
      const onReason = errors.find((e) => e.field === "reason");
      const changed = errors.find((e) => CHANGED_MEANWHILE.includes(e.code));
      setReasonError(onReason);
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
          disabled={busy}
          onChange={setReason}
          onSubmit={onReject}
          onCancel={() => setRejecting(false)}
        />
      ) : (
        <div className="button-row">
          <button type="button" className="button primary" disabled={busy} onClick={() => void onApprove()}>
            {t("official.approve")}
          </button>
          <button type="button" className="button secondary" disabled={busy} onClick={() => setRejecting(true)}>
            {t("official.reject")}
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
  const { t, number } = useI18n();
  const errorText = useErrorText();
  const messageText = useMessageText();
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
    setMessage({
      kind: failed.length || general.length ? "error" : "ok",
      key: done,
      vars: { ok: decided, failed: failed.length },
      errors: general,
    });
    refresh();
  }

  async function approveSelected() {
    const ids = chosen;
    const result = await approveMany({ input: { ids } });
    if (result.error) {
      setMessage({ kind: "error", key: errorKey(result.error)! });
      return;
    }
    const payload = result.data!.approveMatches;
    report(ids, payload.matches.length, payload.errors, "official.bulkDone");
  }

  async function rejectSelected(event: React.FormEvent) {
    event.preventDefault();
    const ids = chosen;
    const result = await rejectMany({ input: { ids, reason } });
    if (result.error) {
      setMessage({ kind: "error", key: errorKey(result.error)! });
      return;
    }
    const payload = result.data!.rejectMatches;
    const onReason = payload.errors.find((e) => e.field === "reason");
    if (onReason) {
      setReasonError(onReason);
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
  return (
    <section aria-labelledby={`queue-${regionCode}`}>
      <h2 id={`queue-${regionCode}`}>{t("official.queue", { region: regionName })}</h2>
      {list.readers}
      {list.fetching && !list.ready && <Loading />}
      <ErrorNotice error={list.error} retry={refresh} />
      {message && (
        <Notice kind={message.kind}>
          <p>{messageText(message)}</p>
          {failedList.length > 0 && (
            <>
              <ul data-testid="bulk-failures">
                {failedList.map((f, i) => (
                  <li key={i}>{t("official.failedItem", { title: f.title, reason: reasonOf(f) })}</li>
                ))}
              </ul>
              {gone.length === 0 && <p>{t("official.failedKept")}</p>}
              {gone.length > 0 && <p>{t("official.failedGone", { n: gone.length })}</p>}
              {gone.length > 0 && kept > 0 && <p>{t("official.failedKeptRest")}</p>}
            </>
          )}
        </Notice>
      )}
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
          <button type="button" className="button primary" disabled={chosen.length === 0 || overLimit || busy} onClick={() => void approveSelected()}>
            {t("official.approveSelected", { n: chosen.length })}
          </button>
          <button type="button" className="button secondary" disabled={chosen.length === 0 || overLimit || busy} onClick={() => setRejecting(true)}>
            {t("official.rejectSelected", { n: chosen.length })}
          </button>
          {list.hasMore && (
            <p className="hint" id={`queue-${regionCode}-shown`}>
              {t("official.selectShownHint")}
            </p>
          )}
          {overLimit && (
            <p className="hint" role="status">
              {t("official.bulkLimit", { max: number(MAX_BULK), n: number(chosen.length) })}
            </p>
          )}
        </div>
      )}
      {rejecting && matches.length > 0 && (
        <RejectForm
          className="bulk-reject"
          label={t("official.bulkRejectReason", { n: chosen.length })}
          reason={reason}
          error={errorText(reasonError)}
          disabled={chosen.length === 0 || overLimit || busy}
          onChange={setReason}
          onSubmit={rejectSelected}
          onCancel={() => setRejecting(false)}
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
                {t("official.select")}: {match.need?.title}
              </label>
              <Decision
                match={match}
                onDone={(done) => {
                  setMessage(done);
                  forget(match.id);
                  refresh();
                }}
                onChanged={(error) => {
                  setMessage({ kind: "error", key: "official.changedRefreshed", vars: { title: match.need?.title ?? match.needItem?.description ?? "" }, errors: [error] });
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
              <h3>{failure.title}</h3>
              {failure.match && (
                <p className="meta">
                  {failure.match.school?.name} · {failure.match.donor?.name} · {failure.match.needItem?.description} × {number(failure.match.itemQuantity)}{" "}
                  {failure.match.needItem?.unit}
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
  const { t, date, label } = useI18n();
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

  async function onVerify(partyId: string, name: string) {
    setAsking(null);
    const r = await verify({ input: { partyId, idempotencyKey: newIdempotencyKey() } });
    const errors = r.data?.verifyParty.errors ?? [];
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
          {(props) => <input {...props} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
      </div>
      <MessageNotice message={message} />
      {result.fetching && !result.data && <Loading />}
      <ErrorNotice error={result.error} />
      {result.data && parties.length === 0 && <Empty>{t("official.noParties")}</Empty>}
      <ul className="plain-list" data-testid="parties">
        {parties.map((p) => (
          <li key={p.id} className="row">
            <span>
              {p.name} · <span className="tag">{label("partyKind", p.kind)}</span> {p.region?.name}
            </span>
            {p.verifiedAt ? (
              <span className="hint">{t("official.verifiedOn", { date: date(p.verifiedAt) })}</span>
            ) : asking === p.id ? (
              <span role="group" aria-label={t("official.verifyAsk", { name: p.name })} onKeyDown={(e) => e.key === "Escape" && setAsking(null)}>
                <span className="hint">{t("official.verifyAsk", { name: p.name })}</span>{" "}
                <button type="button" className="button primary" autoFocus disabled={state.fetching} onClick={() => void onVerify(p.id, p.name)}>
                  {t("official.verifyConfirm")} <span className="visually-hidden">{p.name}</span>
                </button>{" "}
                <button type="button" className="button ghost" onClick={() => setAsking(null)}>
                  {t("official.verifyKeep")}
                </button>
              </span>
            ) : (
              <button type="button" className="button secondary" disabled={state.fetching} onClick={() => setAsking(p.id)}>
                {t("official.verifyButton")} <span className="visually-hidden">{p.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {result.data?.parties.pageInfo.hasNextPage &&
        (first < 100 ? (
          <button type="button" className="button secondary" disabled={result.fetching} onClick={() => setFirst(100)}>
            {t("official.moreParties")}
          </button>
        ) : (
          <p className="hint">{t("official.narrowParties")}</p>
        ))}
    </section>
  );
}

function OfficialHome() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const jurisdictions = viewer?.jurisdictions ?? [];
  return (
    <>
      <h1>{t("official.title")}</h1>
      {jurisdictions.length === 0 && <Notice kind="error">{t("official.noJurisdiction")}</Notice>}
      {jurisdictions.map((region) => (
        <div key={region.code}>
          <ApprovalQueue regionCode={region.code} regionName={region.name} />
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
