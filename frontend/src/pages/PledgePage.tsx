import { useEffect, useRef, useState, type ReactElement, type ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { ActionNotice, RequireRole, useDocumentTitle } from "../components/Layout";
import { BusyButton, Empty, ErrorNotice, Explanation, Field, Loading, MessageNotice, Notice, Quantity, Sentence, useErrorText, type Message } from "../components/ui";
import {
  PledgeToNeedDocument,
  WebPledgeDocument,
  PledgeSuggestionsDocument,
  WithdrawPledgeDocument,
  type PledgeStatus,
  type WebPledgeQuery,
  type PledgeSuggestionsQuery,
} from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { PledgeAmounts, PledgeConditions, PledgeTags } from "./DonorPage";
import { errorKey, newIdempotencyKey, type FieldError } from "../lib/errors";
import { escapeCloses, useFocusAfterRender, useInlineForm } from "../lib/focus";
import { membershipsWith, useViewer } from "../lib/viewer";

type PledgeNode = Extract<NonNullable<WebPledgeQuery["node"]>, { kind: unknown }>;
type Suggestion = Extract<NonNullable<PledgeSuggestionsQuery["node"]>, { suggestions: unknown }>["suggestions"][number];

/** A suggested need: its school, where it is and by when it is needed, what the pledge would
 * cover, and (secondary, in the "why") the engine's score. Once offered, the confirmation goes
 * to `onDone` for the list to show above its cards (the list refreshes, and this card is gone
 * with anything in it). */
function SuggestionCard({ pledgeId, suggestion, onDone }: { pledgeId: string; suggestion: Suggestion; onDone: (message: Message) => void }) {
  const { t, yuan, number, date, regionPath, textLang } = useI18n();
  const [state, pledgeToNeed] = useMutation(PledgeToNeedDocument);
  const [message, setMessage] = useState<Message>(null);
  const [proposed, setProposed] = useState(false);
  const need = suggestion.need;
  const item = suggestion.needItem;
  // Said after 向学校提出对接 (every card has it): the need, the item and the school it offers to.
  const name = [need?.title, item?.description, need?.school?.name].filter(Boolean).join(" · ");

  async function propose() {
    if (!item) return;
    const result = await pledgeToNeed({
      input: { pledgeId, needItemId: item.id, quantity: suggestion.itemQuantity, idempotencyKey: newIdempotencyKey() },
    });
    const errors = result.data?.pledgeToNeed.errors ?? [];
    if (result.error) setMessage({ kind: "error", key: errorKey(result.error)! });
    else if (errors.length > 0) setMessage({ kind: "error", errors: errors.slice(0, 1) });
    else {
      setMessage(null);
      setProposed(true);
      onDone(
        need
          ? { kind: "ok", key: "pledge.proposedTo", vars: { need: need.title } }
          : { kind: "ok", key: "pledge.proposed", detail: item.description },
      );
    }
  }

  return (
    <article className="card">
      <h3 lang={textLang(need ? need.title : item?.description)}>
        {need ? <Link to={`/needs/${encodeURIComponent(need.id)}`}>{need.title}</Link> : item?.description}
      </h3>
      {need && (
        <p className="meta" data-testid="suggestion-where">
          {need.school && (
            <>
              <span lang={textLang(need.school.name)}>{need.school.name}</span> ·{" "}
            </>
          )}
          {need.region && <>{regionPath([need.region.parent, need.region])} · </>}
          {t("needs.deadline", { date: date(need.deadline) })}
        </p>
      )}
      <p>
        <span lang={textLang(item?.description)}>{item?.description}</span>: {t("pledge.covers", { q: number(suggestion.itemQuantity), value: yuan(suggestion.valueFen) })}
      </p>
      <Explanation terms={suggestion.explanation} score={suggestion.score} />
      <ActionNotice message={message} />
      {!proposed && (
        <BusyButton type="button" busy={state.fetching} className="button primary" onClick={() => void propose()}>
          {t("pledge.propose")} <span className="visually-hidden" lang={textLang(name)}>{name}</span>
        </BusyButton>
      )}
    </article>
  );
}

function Suggestions({ pledgeId }: { pledgeId: string }) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({ query: PledgeSuggestionsDocument, variables: { id: pledgeId, first: 10 } });
  const [message, setMessage] = useState<Message>(null);
  // An offer made: its card goes, and focus to the word that it was made.
  const notice = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const refresh = () => refetch({ requestPolicy: "network-only" });
  const node = result.data?.node;
  const suggestions = node && "suggestions" in node ? node.suggestions : [];
  return (
    <section aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t("pledge.suggestions")}</h2>
      <div ref={notice} tabIndex={-1}>
        <MessageNotice message={message} />
      </div>
      {result.fetching && !result.data && <Loading />}
      <ErrorNotice error={result.error} retry={refresh} />
      {result.data && suggestions.length === 0 && <Empty>{t("pledge.noSuggestions")}</Empty>}
      <ul className="card-list">
        {suggestions.map((s, i) => (
          <li key={`${s.needItem?.id ?? i}`}>
            <SuggestionCard
              pledgeId={pledgeId}
              suggestion={s}
              onDone={(done) => {
                setMessage(done);
                focusAfterRender(() => notice.current);
                refresh();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What remains of a pledge can be withdrawn while it is active (or used up): after a confirmation. */
const WITHDRAWABLE: readonly PledgeStatus[] = ["ACTIVE", "EXHAUSTED"];

function WithdrawPledge({ pledge, left, onDone }: { pledge: PledgeNode; left: ReactElement; onDone: (key: MessageKey) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<FieldError | undefined>();
  const [message, setMessage] = useState<Message>(null);
  const [state, withdraw] = useMutation(WithdrawPledgeDocument);
  // The confirmation: opening it focuses its first field, closing it gives focus back to 撤回认捐.
  const { form, opener, setOpenFocused: setConfirmingFocused } = useInlineForm(setConfirming);

  async function confirm(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    const result = await withdraw({ input: { id: pledge.id, reason: reason.trim() || null, idempotencyKey: newIdempotencyKey() } });
    if (result.error) {
      setMessage({ kind: "error", key: errorKey(result.error)! });
      return;
    }
    const errors = result.data?.withdrawPledge.errors ?? [];
    setReasonError(errors.find((e) => e.field === "reason"));
    const rest = errors.filter((e) => e.field !== "reason");
    setMessage(rest.length > 0 ? { kind: "error", errors: rest } : null);
    if (errors.length === 0) {
      setConfirming(false);
      onDone("pledge.withdrawn");
    }
  }

  if (!confirming) {
    return (
      <div className="button-row">
        <button ref={opener} type="button" className="button ghost" onClick={() => setConfirmingFocused(true)}>
          {t("pledge.withdraw")}
        </button>
      </div>
    );
  }
  return (
    <form ref={form} className="panel" onSubmit={confirm} noValidate aria-label={t("pledge.withdraw")} onKeyDown={escapeCloses(() => setConfirmingFocused(false))}>
      <p>
        <strong>
          <Sentence id="pledge.withdrawWarning" vars={{ q: left }} />
        </strong>
      </p>
      <ActionNotice message={message} />
      <Field label={t("pledge.withdrawReason")} error={errorText(reasonError)}>
        {(props) => <textarea {...props} name="reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="button-row">
        <BusyButton busy={state.fetching} className="button danger">
          {t("pledge.confirmWithdraw")}
        </BusyButton>
        <button type="button" className="button ghost" onClick={() => setConfirmingFocused(false)}>
          {t("pledge.keep")}
        </button>
      </div>
    </form>
  );
}

function Pledge() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  // "Posted" is said once: the mark leaves the address, so a reload does not say it again.
  const [postedFor, setPostedFor] = useState<string | null>(() => (params.has("posted") ? id : null));
  useEffect(() => {
    if (!params.has("posted")) return;
    setPostedFor(id);
    const rest = new URLSearchParams(params);
    rest.delete("posted");
    setParams(rest, { replace: true });
  }, [id, params, setParams]);
  const { t, date, textLang } = useI18n();
  const [withdrawn, setWithdrawn] = useState<Message>(null);
  // Withdrawn: the confirmation closes, and focus goes to the word that it was.
  const withdrawnNotice = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const { viewer } = useViewer();
  const wasOwn = useRef(false);
  const [result, refetch] = useQuery({ query: WebPledgeDocument, variables: { id } });
  const refresh = () => refetch({ requestPolicy: "network-only" });
  const node = result.data?.node as PledgeNode | null | undefined;
  const pledge = node && "kind" in node && !result.error ? node : null;
  useDocumentTitle(pledge?.title);
  // Only the admins of the pledge's own party manage it (withdraw, offer it to needs); anyone
  // else sees it read-only.
  // When the session ends under the page (the viewer gone), it stays as it was, with what was typed.
  const own = pledge ? (viewer ? membershipsWith(viewer, ["DONOR_ADMIN"]).some((m) => m.party?.id === pledge.party?.id) : wasOwn.current) : false;
  if (pledge) wasOwn.current = own;
  // Just posted (from the form): the word that it was, in a live region there while the pledge
  // loads, takes focus once the pledge shows (the form's submit button it was on is gone).
  const posted = own && postedFor === id;
  const postedNotice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (posted) postedNotice.current?.focus();
  }, [posted]);

  let page: ReactNode;
  if (result.fetching && !result.data) page = <Loading />;
  else if (result.error) page = <ErrorNotice error={result.error} retry={refresh} />;
  else if (!pledge) {
    page = (
      <>
        <h1>{t("pledge.notFoundTitle")}</h1>
        <Notice kind="error">{t("error.notFound")}</Notice>
      </>
    );
  } else {
    page = (
      <>
        <h1 lang={textLang(pledge.title)}>{pledge.title}</h1>
        <PledgeTags pledge={pledge} />
        <p className="meta">
          <PledgeAmounts pledge={pledge} />
          {pledge.perSchoolCap != null && (
            <>
              {" "}
              · <Sentence id="pledge.capLine" vars={{ q: <Quantity value={pledge.perSchoolCap} unit={pledge.unit} /> }} />
            </>
          )}
          {pledge.validUntil && <> · {t("pledge.validUntil")} {date(pledge.validUntil)}</>}
        </p>
        <PledgeConditions pledge={pledge} />
        {!own && pledge.party && (
          <p className="meta">
            {t("match.donor")}: <span lang={textLang(pledge.party.name)}>{pledge.party.name}</span>
          </p>
        )}
        {pledge.description && <p lang={textLang(pledge.description)}>{pledge.description}</p>}
        <div ref={withdrawnNotice} tabIndex={-1}>
          <MessageNotice message={withdrawn} />
        </div>
        {own && WITHDRAWABLE.includes(pledge.status) && (
          <WithdrawPledge
            pledge={pledge}
            left={<Quantity value={pledge.remainingQuantity} unit={pledge.unit} />}
            onDone={(key) => {
              setWithdrawn({ kind: "ok", key });
              focusAfterRender(() => withdrawnNotice.current);
              refresh();
            }}
          />
        )}
        {own && pledge.status === "ACTIVE" && <Suggestions pledgeId={pledge.id} />}
      </>
    );
  }
  return (
    <>
      {own && (
        <p>
          <Link to="/donor">← {t("nav.donor")}</Link>
        </p>
      )}
      <div ref={postedNotice} tabIndex={-1}>
        <Notice>{posted && t("pledge.posted")}</Notice>
      </div>
      {page}
    </>
  );
}

export default function PledgePage() {
  return (
    <RequireRole roles={["DONOR_ADMIN"]}>
      <Pledge />
    </RequireRole>
  );
}
