import { useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { useMutation } from "urql";
import { RespondToMatchDocument, type WebMatchFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { errorKey } from "../lib/errors";
import { Explanation, Field, Notice, StatusBadge, useErrorText } from "./ui";

/** A proposal with its donor, what it covers and why the engine proposed it. */
export function MatchSummary({ match, children }: { match: WebMatchFieldsFragment; children?: ReactNode }) {
  const { t, label, yuan, number, date } = useI18n();
  return (
    <article className="card match-card" data-testid="match-card">
      <h3>
        {match.need ? <Link to={`/needs/${encodeURIComponent(match.need.id)}`}>{match.need.title}</Link> : match.needItem?.description}
      </h3>
      <dl className="pairs">
        <div>
          <dt>{t("match.school")}</dt>
          <dd>
            {match.school?.name} {match.school?.region ? `· ${match.school.region.name}` : ""}
          </dd>
        </div>
        <div>
          <dt>{t("match.donor")}</dt>
          <dd>
            {match.donor?.name}
            {match.donor && ` (${label("partyKind", match.donor.kind)})`}
            {match.donor?.verifiedAt && <span className="tag">{t("match.verifiedDonor")}</span>}
          </dd>
        </div>
        <div>
          <dt>{t("match.item")}</dt>
          <dd>
            {match.needItem?.description} × {number(match.itemQuantity)} {match.needItem?.unit}
          </dd>
        </div>
        <div>
          <dt>{t("match.value")}</dt>
          <dd>{yuan(match.valueFen)}</dd>
        </div>
        <div>
          <dt>{t("match.origin")}</dt>
          <dd>
            {label("origin", match.origin)} · {date(match.createdAt)}
          </dd>
        </div>
      </dl>
      <p className="tags">
        <StatusBadge group="matchStatus" value={match.status} />
        {match.schoolAcceptedAt && <span className="tag">{t("match.schoolAccepted")}</span>}
        {match.donorAcceptedAt && <span className="tag">{t("match.donorAccepted")}</span>}
      </p>
      {match.reason && (
        <p>
          {t("match.reason")}: {match.reason}
        </p>
      )}
      <Explanation terms={match.explanation} score={match.origin === "ENGINE" ? match.score : undefined} />
      {children}
    </article>
  );
}

/** Accept or decline, for the school or the donor. The answer's confirmation goes to `onDone`,
 * for the list to show: the list refetches, and a declined card is gone with anything in it. */
export function RespondButtons({ match, onDone }: { match: WebMatchFieldsFragment; onDone: (text: string) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [state, respond] = useMutation(RespondToMatchDocument);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<string | null>(null);

  async function answer(accept: boolean) {
    const result = await respond({ input: { id: match.id, accept, reason: accept ? null : reason || null } });
    const errors = result.data?.respondToMatch.errors ?? [];
    if (result.error) setMessage(t(errorKey(result.error)!));
    else if (errors.length > 0) setMessage(errorText(errors[0]) ?? "");
    else {
      setMessage(null);
      onDone(`${t(accept ? "match.accepted" : "match.declined")} ${match.need?.title ?? match.needItem?.description ?? ""}`.trim());
    }
  }

  return (
    <div className="actions">
      {message && <Notice kind="error">{message}</Notice>}
      {declining ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void answer(false);
          }}
        >
          <Field label={t("match.declineReason")}>
            {(props) => <input {...props} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />}
          </Field>
          <div className="button-row">
            <button type="submit" className="button danger" disabled={state.fetching}>
              {t("match.decline")}
            </button>
            <button type="button" className="button ghost" onClick={() => setDeclining(false)}>
              {t("official.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <button type="button" className="button primary" disabled={state.fetching} onClick={() => void answer(true)}>
            {t("match.accept")}
          </button>
          <button type="button" className="button secondary" disabled={state.fetching} onClick={() => setDeclining(true)}>
            {t("match.decline")}
          </button>
        </div>
      )}
    </div>
  );
}
