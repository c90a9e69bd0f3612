import { Fragment, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { MatchSummary, Proposals } from "../components/MatchCard";
import { Empty, ErrorNotice, Loading, MessageNotice, PartyChoice, StatusBadge, type Message } from "../components/ui";
import { FulfilmentStatus, DeliveryForm } from "../components/Fulfilment";
import { PledgesDocument, RegionsDocument, WebFulfilmentDocument, type PledgeKind, type PledgeStatus } from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n, type I18n } from "../i18n/i18n";
import { membershipsWith, useViewer } from "../lib/viewer";

/** A pledge's amount and what is left of it ("¥1,000 · 剩余 ¥300", "5 次 · 剩余 5 次"). A withdrawn
 * or expired pledge has nothing left to give: what it never gave is said as such ("未用 ¥300"). */
export function pledgeAmounts(
  p: { status: PledgeStatus; quantity: number | string; remainingQuantity: number | string; unit: string },
  { t, quantity }: Pick<I18n, "t" | "quantity">,
): string {
  const left = quantity(p.remainingQuantity, p.unit);
  const closed = p.status === "WITHDRAWN" || p.status === "EXPIRED";
  const rest = !closed ? t("pledge.remaining", { q: left }) : toNumber(p.remainingQuantity) > 0 ? t("pledge.unused", { q: left }) : null;
  return [quantity(p.quantity, p.unit), rest].filter(Boolean).join(" · ");
}

/** What a pledge's conditions are read from (the Pledge type's restrictions and terms). */
export interface PledgeTerms {
  kind: PledgeKind;
  restrictCategories: readonly string[];
  restrictRegionCodes: readonly string[];
  serviceRadiusKm?: number | null;
  availableFrom?: string | null;
  availableUntil?: string | null;
  coFundingRatioPercent?: number | null;
  coFundingPartyKinds: readonly string[];
}

/** A region code as its names from the province down ("山东省 泰安市"), from the same cached
 * regions(parentCode) lists the region choosers read; the code itself until they are known. */
function RegionPath({ code }: { code: string }) {
  const depth = code.length / 2;
  const lists = [
    useQuery({ query: RegionsDocument, variables: { parentCode: null }, requestPolicy: "cache-first" })[0],
    useQuery({ query: RegionsDocument, variables: { parentCode: code.slice(0, 2) }, requestPolicy: "cache-first", pause: depth < 2 })[0],
    useQuery({ query: RegionsDocument, variables: { parentCode: code.slice(0, 4) }, requestPolicy: "cache-first", pause: depth < 3 })[0],
  ];
  const names = Number.isInteger(depth) && depth >= 1 && depth <= 3
    ? lists.slice(0, depth).map((list, i) => list.data?.regions.find((r) => r.code === code.slice(0, 2 * (i + 1)))?.name)
    : [undefined];
  return <>{names.every(Boolean) ? names.join(" ") : code}</>;
}

/** The conditions a pledge is given under, in words: the categories and regions it keeps to,
 * a service's radius and dates, a co-funding's ratio and whose money it matches; or, when it
 * has none, that it has none. */
export function PledgeConditions({ pledge }: { pledge: PledgeTerms }) {
  const { t, label, number, date, locale } = useI18n();
  const comma = locale === "en" ? ", " : "、";
  const list = (items: readonly ReactNode[]) =>
    items.map((item, i) => (
      <Fragment key={i}>
        {i > 0 && comma}
        {item}
      </Fragment>
    ));
  const parts: ReactNode[] = [];
  if (pledge.kind === "CO_FUNDING" && pledge.coFundingRatioPercent != null) {
    parts.push(t("pledge.ratioLine", { n: number(pledge.coFundingRatioPercent) }));
  }
  if (pledge.coFundingPartyKinds.length > 0) {
    parts.push(t("pledge.matchesOnly", { list: pledge.coFundingPartyKinds.map((k) => label("partyKind", k)).join(comma) }));
  }
  if (pledge.restrictCategories.length > 0) {
    parts.push(t("pledge.onlyCategories", { list: pledge.restrictCategories.map((c) => label("category", c)).join(comma) }));
  }
  if (pledge.restrictRegionCodes.length > 0) {
    // The names come from components of their own (each reads its regions): the sentence is
    // split where its {list} goes.
    const [before, after = ""] = t("pledge.onlyRegions", { list: "\u0000" }).split("\u0000");
    parts.push(
      <>
        {before}
        {list(pledge.restrictRegionCodes.map((code) => <RegionPath key={code} code={code} />))}
        {after}
      </>,
    );
  }
  if (pledge.serviceRadiusKm != null) parts.push(t("pledge.radiusLine", { km: number(pledge.serviceRadiusKm) }));
  const from = pledge.availableFrom ? date(pledge.availableFrom) : null;
  const until = pledge.availableUntil ? date(pledge.availableUntil) : null;
  if (from && until) parts.push(t("pledge.windowLine", { from, until }));
  else if (from) parts.push(t("pledge.windowFrom", { from }));
  else if (until) parts.push(t("pledge.windowUntil", { until }));
  return (
    <p className="meta conditions">
      {parts.length === 0 ? (
        t("pledge.noConditions")
      ) : (
        <>
          {t("pledge.conditions")}
          {locale === "en" ? ": " : "："}
          {parts.map((part, i) => (
            <Fragment key={i}>
              {i > 0 && " · "}
              {part}
            </Fragment>
          ))}
        </>
      )}
    </p>
  );
}

const DELIVERY_STATUSES = ["APPROVED", "IN_DELIVERY", "DELIVERED", "CONFIRMED"] as const;

/** The approved matches of one pledge, each with what was delivered and the form to record more. */
function PledgeDeliveries({ pledgeId, onMessage }: { pledgeId: string; onMessage: (message: Message) => void }) {
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
                  onMessage({ kind: "ok", key: "fulfil.recorded", detail: match.need?.title });
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
  const [message, setMessage] = useState<Message>(null);
  const [result] = useQuery({ query: PledgesDocument, variables: { first: 100, filter: { partyId }, orderBy: "NEWEST" } });
  // Only pledges with something allocated can have approved matches.
  const pledges = result.data?.pledges.edges.map((e) => e.node).filter((p) => toNumber(p.remainingQuantity) < toNumber(p.quantity)) ?? [];
  return (
    <section aria-labelledby="my-deliveries">
      <h2 id="my-deliveries">{t("fulfil.deliveries")}</h2>
      <p className="hint">{t("fulfil.deliveriesHint")}</p>
      <MessageNotice message={message} />
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
  const i18n = useI18n();
  const { t, label, date } = i18n;
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
                {pledgeAmounts(p, i18n)}
                {p.validUntil && <> · {t("pledge.validUntil")} {date(p.validUntil)}</>}
              </p>
              <PledgeConditions pledge={p} />
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
      <PartyChoice label={t("pledge.party")} parties={parties} value={party.id} onChange={setChosen} />
      <Proposals side="donor" filter={{ donorId: party.id }} title="pledge.proposals" empty="pledge.noProposals" waitingTitle="pledge.waitingList" />
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
