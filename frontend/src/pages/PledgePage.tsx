import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { Empty, ErrorNotice, Explanation, Field, Loading, MessageNotice, Notice, StatusBadge, useErrorText, type Message } from "../components/ui";
import {
  PledgeSuggestionsDocument,
  PledgeToNeedDocument,
  WebPledgeDocument,
  WithdrawPledgeDocument,
  type PledgeStatus,
  type PledgeSuggestionsQuery,
  type WebPledgeQuery,
} from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { pledgeAmounts } from "./DonorPage";
import { errorKey, newIdempotencyKey, type FieldError } from "../lib/errors";

type PledgeNode = Extract<NonNullable<WebPledgeQuery["node"]>, { kind: unknown }>;
type Suggestion = Extract<NonNullable<PledgeSuggestionsQuery["node"]>, { suggestions: unknown }>["suggestions"][number];

function SuggestionCard({ pledgeId, suggestion, onDone }: { pledgeId: string; suggestion: Suggestion; onDone: () => void }) {
  const { t, yuan, number } = useI18n();
  const [state, pledgeToNeed] = useMutation(PledgeToNeedDocument);
  const [message, setMessage] = useState<Message>(null);
  const need = suggestion.need;
  const item = suggestion.needItem;

  async function propose() {
    if (!item) return;
    const result = await pledgeToNeed({
      input: { pledgeId, needItemId: item.id, quantity: suggestion.itemQuantity, idempotencyKey: newIdempotencyKey() },
    });
    const errors = result.data?.pledgeToNeed.errors ?? [];
    if (result.error) setMessage({ kind: "error", key: errorKey(result.error)! });
    else if (errors.length > 0) setMessage({ kind: "error", errors: errors.slice(0, 1) });
    else {
      setMessage({ kind: "ok", key: "pledge.proposed" });
      onDone();
    }
  }

  return (
    <article className="card">
      <h3>{need ? <Link to={`/needs/${encodeURIComponent(need.id)}`}>{need.title}</Link> : item?.description}</h3>
      <p>
        {item?.description}: {t("pledge.covers", { q: number(suggestion.itemQuantity), value: yuan(suggestion.valueFen) })}
      </p>
      <Explanation terms={suggestion.explanation} score={suggestion.score} />
      <MessageNotice message={message} />
      {message?.kind !== "ok" && (
        <button type="button" className="button primary" disabled={state.fetching} onClick={() => void propose()}>
          {t("pledge.propose")}
        </button>
      )}
    </article>
  );
}

function Suggestions({ pledgeId }: { pledgeId: string }) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({ query: PledgeSuggestionsDocument, variables: { id: pledgeId, first: 10 } });
  const refresh = () => refetch({ requestPolicy: "network-only" });
  const node = result.data?.node;
  const suggestions = node && "suggestions" in node ? node.suggestions : [];
  return (
    <section aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t("pledge.suggestions")}</h2>
      {result.fetching && !result.data && <Loading />}
      <ErrorNotice error={result.error} retry={refresh} />
      {result.data && suggestions.length === 0 && <Empty>{t("pledge.noSuggestions")}</Empty>}
      <ul className="card-list">
        {suggestions.map((s, i) => (
          <li key={`${s.needItem?.id ?? i}`}>
            <SuggestionCard pledgeId={pledgeId} suggestion={s} onDone={refresh} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What remains of a pledge can be withdrawn while it is active (or used up): after a confirmation. */
const WITHDRAWABLE: readonly PledgeStatus[] = ["ACTIVE", "EXHAUSTED"];

function WithdrawPledge({ pledge, left, onDone }: { pledge: PledgeNode; left: string; onDone: (key: MessageKey) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<FieldError | undefined>();
  const [message, setMessage] = useState<Message>(null);
  const [state, withdraw] = useMutation(WithdrawPledgeDocument);

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
        <button type="button" className="button ghost" onClick={() => setConfirming(true)}>
          {t("pledge.withdraw")}
        </button>
      </div>
    );
  }
  return (
    <form className="panel" onSubmit={confirm} noValidate aria-label={t("pledge.withdraw")}>
      <p>
        <strong>{t("pledge.withdrawWarning", { q: left })}</strong>
      </p>
      <MessageNotice message={message} />
      <Field label={t("pledge.withdrawReason")} error={errorText(reasonError)}>
        {(props) => <textarea {...props} name="reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="button-row">
        <button type="submit" className="button danger" disabled={state.fetching}>
          {t("pledge.confirmWithdraw")}
        </button>
        <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
          {t("pledge.keep")}
        </button>
      </div>
    </form>
  );
}

function Pledge() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const i18n = useI18n();
  const { t, label, quantity } = i18n;
  const [withdrawn, setWithdrawn] = useState<Message>(null);
  const [result, refetch] = useQuery({ query: WebPledgeDocument, variables: { id } });
  const refresh = () => refetch({ requestPolicy: "network-only" });
  if (result.fetching && !result.data) return <Loading />;
  if (result.error) return <ErrorNotice error={result.error} retry={refresh} />;
  const pledge = result.data?.node as PledgeNode | null | undefined;
  if (!pledge || !("kind" in pledge)) return <Notice kind="error">{t("error.notFound")}</Notice>;
  const amount = (q: number | string) => quantity(q, pledge.unit);
  return (
    <>
      <p>
        <Link to="/donor">← {t("nav.donor")}</Link>
      </p>
      {params.get("posted") && <Notice>{t("pledge.posted")}</Notice>}
      <h1>{pledge.title}</h1>
      <p className="tags">
        <span className="tag">{label("pledgeKind", pledge.kind)}</span>
        {pledge.category && <span className="tag">{label("category", pledge.category)}</span>}
        <StatusBadge group="pledgeStatus" value={pledge.status} />
      </p>
      <p className="meta">
        {pledgeAmounts(pledge, i18n)}
        {pledge.perSchoolCap != null && <> · {t("pledge.capLine", { q: amount(pledge.perSchoolCap) })}</>}
      </p>
      {pledge.description && <p>{pledge.description}</p>}
      <MessageNotice message={withdrawn} />
      {WITHDRAWABLE.includes(pledge.status) && (
        <WithdrawPledge
          pledge={pledge}
          left={amount(pledge.remainingQuantity)}
          onDone={(key) => {
            setWithdrawn({ kind: "ok", key });
            refresh();
          }}
        />
      )}
      {pledge.status === "ACTIVE" && <Suggestions pledgeId={pledge.id} />}
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
