import { Fragment, useRef, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { MatchSummary, Proposals } from "../components/MatchCard";
import { ListPage, usePages } from "../components/Paging";
import { Loading, MessageNotice, PartyChoice, Quantity, Sentence, StatusBadge, type Message } from "../components/ui";
import { FulfilmentStatus, DeliveryForm } from "../components/Fulfilment";
import {
  PledgesDocument,
  RegionsDocument,
  WebFulfilmentDocument,
  type MatchStatus,
  type PledgeFieldsFragment,
  type PledgeKind,
  type PledgeStatus,
} from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { useFocusAfterRender } from "../lib/focus";
import { membershipsWith, useViewer } from "../lib/viewer";

/** A pledge's amount and what is left of it ("¥1,000 · 剩余 ¥300", "5 次 · 剩余 5 次"), a unit
 * people typed ("箱") marked with its language (`Quantity`). A withdrawn or expired pledge has
 * nothing left to give: what it never gave is said as such ("未用 ¥300"). */
export function PledgeAmounts({
  pledge: p,
}: {
  pledge: { status: PledgeStatus; quantity: number | string; remainingQuantity: number | string; unit: string };
}) {
  const closed = p.status === "WITHDRAWN" || p.status === "EXPIRED";
  const rest = !closed ? "pledge.remaining" : toNumber(p.remainingQuantity) > 0 ? "pledge.unused" : null;
  return (
    <>
      <Quantity value={p.quantity} unit={p.unit} />
      {rest && (
        <>
          {" "}
          · <Sentence id={rest} vars={{ q: <Quantity value={p.remainingQuantity} unit={p.unit} /> }} />
        </>
      )}
    </>
  );
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

/** A region code as its names with the ones above it ("山东省 泰安市", "Tai'an City, Shandong
 * Province"), from the same cached regions(parentCode) lists the region choosers read; the code
 * itself until they are known. */
function RegionPath({ code }: { code: string }) {
  const { regionPath } = useI18n();
  const depth = code.length / 2;
  const lists = [
    useQuery({ query: RegionsDocument, variables: { parentCode: null }, requestPolicy: "cache-first" })[0],
    useQuery({ query: RegionsDocument, variables: { parentCode: code.slice(0, 2) }, requestPolicy: "cache-first", pause: depth < 2 })[0],
    useQuery({ query: RegionsDocument, variables: { parentCode: code.slice(0, 4) }, requestPolicy: "cache-first", pause: depth < 3 })[0],
  ];
  const regions = Number.isInteger(depth) && depth >= 1 && depth <= 3
    ? lists.slice(0, depth).map((list, i) => list.data?.regions.find((r) => r.code === code.slice(0, 2 * (i + 1))))
    : [undefined];
  return <>{regions.every(Boolean) ? regionPath(regions) : code}</>;
}

/** A pledge's kind, category and status, as tags. */
export function PledgeTags({ pledge }: { pledge: Pick<PledgeFieldsFragment, "kind" | "category" | "status"> }) {
  const { label } = useI18n();
  return (
    <p className="tags">
      <span className="tag">{label("pledgeKind", pledge.kind)}</span>
      {pledge.category && <span className="tag">{label("category", pledge.category)}</span>}
      <StatusBadge group="pledgeStatus" value={pledge.status} />
    </p>
  );
}

/** The conditions a pledge is given under, in words: the categories and regions it keeps to,
 * a service's radius and dates, a co-funding's ratio and whose money it matches; or, when it
 * has none, that it has none. */
export function PledgeConditions({ pledge }: { pledge: PledgeTerms }) {
  const { t, label, number, date, locale } = useI18n();
  const comma = locale === "en" ? ", " : "、";
  // Places in English hold commas of their own ("Tai'an City, Shandong Province").
  const placeSeparator = locale === "en" ? "; " : "、";
  const places = (items: readonly ReactNode[]) =>
    items.map((item, i) => (
      <Fragment key={i}>
        {i > 0 && placeSeparator}
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
        {places(pledge.restrictRegionCodes.map((code) => <RegionPath key={code} code={code} />))}
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

const DELIVERY_STATUSES: MatchStatus[] = ["APPROVED", "IN_DELIVERY", "DELIVERED", "CONFIRMED"];
/** Rows read at a time. */
const PAGE_SIZE = 20;

interface DeliveriesChunkProps {
  partyId: string;
  after: string | null;
  isLast: boolean;
  onMore: (cursor: string) => void;
  onMessage: (message: Message) => void;
}

/** One page of our approved matches (of every pledge), each with what was delivered and the
 * form to record more; a delivery recorded reads its page again (the match stays in the list,
 * a step further). */
function DeliveriesChunk({ partyId, after, isLast, onMore, onMessage }: DeliveriesChunkProps) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({
    query: WebFulfilmentDocument,
    variables: { first: PAGE_SIZE, after, filter: { donorId: partyId, status: DELIVERY_STATUSES } },
  });
  const refresh = () => refetch({ requestPolicy: "network-only" });
  return (
    <ListPage
      page={result.data?.matches}
      fetching={result.fetching}
      error={result.error}
      retry={refresh}
      after={after}
      isLast={isLast}
      onMore={onMore}
      empty={t("fulfil.noDeliveries")}
    >
      {(match) => (
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
      )}
    </ListPage>
  );
}

/** Our approved matches, newest first, a page at a time (read by donor, not pledge by pledge:
 * a donor with hundreds of pledges sees the deliveries of every one). */
function DonorDeliveries({ partyId }: { partyId: string }) {
  const { t } = useI18n();
  const [message, setMessage] = useState<Message>(null);
  // Recorded, the card's form starts again (its focused button is gone): focus goes to the word
  // that it was recorded.
  const messageBox = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const tell = (said: Message) => {
    setMessage(said);
    focusAfterRender(() => messageBox.current);
  };
  const { cursors, more } = usePages(partyId);
  return (
    <section aria-labelledby="my-deliveries">
      <h2 id="my-deliveries">{t("fulfil.deliveries")}</h2>
      <p className="hint">{t("fulfil.deliveriesHint")}</p>
      <div ref={messageBox} tabIndex={-1}>
        <MessageNotice message={message} />
      </div>
      <ul className="card-list" data-testid="deliveries">
        {cursors.map((after, index) => (
          <DeliveriesChunk
            key={`${partyId}-${after ?? "first"}`}
            partyId={partyId}
            after={after}
            isLast={index === cursors.length - 1}
            onMore={more}
            onMessage={tell}
          />
        ))}
      </ul>
    </section>
  );
}

function PledgeCard({ pledge: p }: { pledge: PledgeFieldsFragment }) {
  const { t, date, textLang } = useI18n();
  return (
    <article className="card">
      <h3 lang={textLang(p.title)}>
        <Link to={`/donor/pledges/${encodeURIComponent(p.id)}`}>{p.title}</Link>
      </h3>
      <PledgeTags pledge={p} />
      <p className="meta">
        <PledgeAmounts pledge={p} />
        {p.validUntil && <> · {t("pledge.validUntil")} {date(p.validUntil)}</>}
      </p>
      <PledgeConditions pledge={p} />
    </article>
  );
}

interface PledgesChunkProps {
  partyId: string;
  after: string | null;
  isLast: boolean;
  onMore: (cursor: string) => void;
}

function PledgesChunk({ partyId, after, isLast, onMore }: PledgesChunkProps) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({ query: PledgesDocument, variables: { first: PAGE_SIZE, after, filter: { partyId }, orderBy: "NEWEST" } });
  return (
    <ListPage
      page={result.data?.pledges}
      fetching={result.fetching}
      error={result.error}
      retry={() => refetch({ requestPolicy: "network-only" })}
      after={after}
      isLast={isLast}
      onMore={onMore}
      empty={t("pledge.noPledges")}
    >
      {(pledge) => <PledgeCard pledge={pledge} />}
    </ListPage>
  );
}

/** Our pledges, newest first, read on as the list scrolls (or on "load more"). */
function DonorPledges({ partyId }: { partyId: string }) {
  const { t } = useI18n();
  const { cursors, more } = usePages(partyId);
  return (
    <section aria-labelledby="my-pledges">
      <div className="section-head">
        <h2 id="my-pledges">{t("pledge.myPledges")}</h2>
        <Link className="button primary" to={`/donor/new-pledge?party=${encodeURIComponent(partyId)}`}>
          {t("pledge.post")}
        </Link>
      </div>
      <ul className="card-list" data-testid="pledges">
        {cursors.map((after, index) => (
          <PledgesChunk key={`${partyId}-${after ?? "first"}`} partyId={partyId} after={after} isLast={index === cursors.length - 1} onMore={more} />
        ))}
      </ul>
    </section>
  );
}

function DonorHome() {
  const { t, textLang } = useI18n();
  const { viewer } = useViewer();
  const parties = membershipsWith(viewer, ["DONOR_ADMIN"]).map((m) => m.party!);
  const [chosen, setChosen] = useState(parties[0]?.id ?? "");
  const party = parties.find((p) => p.id === chosen) ?? parties[0];
  if (!party) return <Loading />;
  return (
    <>
      <h1>
        {t("pledge.title")} · <span lang={textLang(party.name)}>{party.name}</span>
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
