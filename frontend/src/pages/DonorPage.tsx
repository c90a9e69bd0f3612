import { useState } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { MatchSummary, RespondButtons } from "../components/MatchCard";
import { Empty, ErrorNotice, Field, Loading, StatusBadge } from "../components/ui";
import { FulfilmentStatus, DeliveryForm } from "../components/Fulfilment";
import { Notice } from "../components/ui";
import { PledgesDocument, WebFulfilmentDocument, WebMatchesDocument } from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { membershipsWith, useViewer } from "../lib/viewer";

export function pledgeAmount(p: { kind: string; quantity: number | string; unit: string }, yuan: (f: number | string) => string, number: (n: number | string) => string) {
  return p.unit === "FEN" ? yuan(p.quantity) : `${number(p.quantity)} ${p.unit}`;
}

function DonorProposals({ partyId }: { partyId: string }) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({
    query: WebMatchesDocument,
    variables: { first: 100, filter: { donorId: partyId, status: ["PROPOSED", "ACCEPTED"] } },
  });
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => refetch({ requestPolicy: "network-only" });
  const mine = result.data?.matches.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="donor-proposals">
      <h2 id="donor-proposals">{t("pledge.proposals")}</h2>
      {message && <Notice>{message}</Notice>}
      {result.fetching && !result.data && <Loading />}
      <ErrorNotice error={result.error} retry={refresh} />
      {result.data && mine.length === 0 && <Empty>{t("pledge.noProposals")}</Empty>}
      <ul className="card-list">
        {mine.map((match) => (
          <li key={match.id}>
            <MatchSummary match={match}>
              {match.status === "PROPOSED" && !match.donorAcceptedAt && (
                <RespondButtons
                  match={match}
                  onDone={(text) => {
                    setMessage(text);
                    refresh();
                  }}
                />
              )}
            </MatchSummary>
          </li>
        ))}
      </ul>
    </section>
  );
}

const DELIVERY_STATUSES = ["APPROVED", "IN_DELIVERY", "DELIVERED", "CONFIRMED"] as const;

/** The approved matches of one pledge, each with what was delivered and the form to record more. */
function PledgeDeliveries({ pledgeId, onMessage }: { pledgeId: string; onMessage: (text: string) => void }) {
  const [result, refetch] = useQuery({
    query: WebFulfilmentDocument,
    variables: { first: 100, filter: { pledgeId, status: [...DELIVERY_STATUSES] } },
  });
  const refresh = () => refetch({ requestPolicy: "network-only" });
  const { t } = useI18n();
  const matches = result.data?.matches.edges.map((e) => e.node) ?? [];
  return (
    <>
      <ErrorNotice error={result.error} retry={refresh} />
      {matches.map((match) => (
        <li key={match.id}>
          <MatchSummary match={match}>
            <FulfilmentStatus match={match} />
            {(match.status === "APPROVED" || match.status === "IN_DELIVERY") && (
              <DeliveryForm
                key={`${match.id}-${String(match.fulfilment.deliveredQuantity)}`}
                match={match}
                onDone={() => {
                  onMessage(`${t("fulfil.recorded")} ${match.need?.title ?? ""}`);
                  refresh();
                }}
              />
            )}
            {match.status === "DELIVERED" && <p className="hint">{t("fulfil.receiptsHint")}</p>}
          </MatchSummary>
        </li>
      ))}
    </>
  );
}

function DonorDeliveries({ partyId }: { partyId: string }) {
  const { t } = useI18n();
  const [message, setMessage] = useState<string | null>(null);
  const [result] = useQuery({ query: PledgesDocument, variables: { first: 100, filter: { partyId }, orderBy: "NEWEST" } });
  // Only pledges with something allocated can have approved matches.
  const pledges = result.data?.pledges.edges.map((e) => e.node).filter((p) => toNumber(p.remainingQuantity) < toNumber(p.quantity)) ?? [];
  return (
    <section aria-labelledby="my-deliveries">
      <h2 id="my-deliveries">{t("fulfil.deliveries")}</h2>
      <p className="hint">{t("fulfil.deliveriesHint")}</p>
      {message && <Notice>{message}</Notice>}
      {result.fetching && !result.data && <Loading />}
      {result.data && pledges.length === 0 && <Empty>{t("fulfil.noDeliveries")}</Empty>}
      <ul className="card-list" data-testid="deliveries">
        {pledges.map((p) => (
          <PledgeDeliveries key={p.id} pledgeId={p.id} onMessage={setMessage} />
        ))}
      </ul>
    </section>
  );
}

function DonorPledges({ partyId }: { partyId: string }) {
  const { t, label, yuan, number, date } = useI18n();
  const [result, refetch] = useQuery({ query: PledgesDocument, variables: { first: 100, filter: { partyId }, orderBy: "NEWEST" } });
  const pledges = result.data?.pledges.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="my-pledges">
      <div className="section-head">
        <h2 id="my-pledges">{t("pledge.myPledges")}</h2>
        <Link className="button primary" to={`/donor/new-pledge?party=${encodeURIComponent(partyId)}`}>
          {t("pledge.post")}
        </Link>
      </div>
      {result.fetching && !result.data && <Loading />}
      <ErrorNotice error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />
      {result.data && pledges.length === 0 && <Empty>{t("pledge.noPledges")}</Empty>}
      <ul className="card-list">
        {pledges.map((p) => (
          <li key={p.id}>
            <article className="card">
              <h3>
                <Link to={`/donor/pledges/${encodeURIComponent(p.id)}`}>{p.title}</Link>
              </h3>
              <p className="tags">
                <span className="tag">{label("pledgeKind", p.kind)}</span>
                {p.category && <span className="tag">{label("category", p.category)}</span>}
                <StatusBadge group="pledgeStatus" value={p.status} />
              </p>
              <p className="meta">
                {pledgeAmount(p, yuan, number)} · {t("pledge.remaining", { q: p.unit === "FEN" ? yuan(p.remainingQuantity) : number(p.remainingQuantity) })}
                {p.validUntil && <> · {t("pledge.validUntil")} {date(p.validUntil)}</>}
              </p>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DonorHome() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const parties = membershipsWith(viewer, ["DONOR_ADMIN"]).map((m) => m.party!);
  const [chosen, setChosen] = useState(parties[0]?.id ?? "");
  const party = parties.find((p) => p.id === chosen) ?? parties[0];
  if (!party) return <Loading />;
  return (
    <>
      <h1>
        {t("pledge.title")} · {party.name}
      </h1>
      {parties.length > 1 && (
        <Field label={t("pledge.party")}>
          {(props) => (
            <select {...props} value={party.id} onChange={(e) => setChosen(e.target.value)}>
              {parties.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <DonorProposals partyId={party.id} />
      <DonorDeliveries partyId={party.id} />
      <DonorPledges partyId={party.id} />
    </>
  );
}

export default function DonorPage() {
  return (
    <RequireRole roles={["DONOR_ADMIN"]}>
      <DonorHome />
    </RequireRole>
  );
}
