import { useRef, useState } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { MatchSummary, Proposals } from "../components/MatchCard";
import { NeedCard } from "../components/NeedCard";
import { ListEnd, usePagedQuery, type PagedList } from "../components/Paging";
import { Empty, ErrorNotice, Loading, MessageNotice, PartyChoice, type Message } from "../components/ui";
import { FulfilmentStatus, ReceiptForm } from "../components/Fulfilment";
import { NeedsDocument, WebFulfilmentDocument, type MatchStatus, type WebFulfilmentMatchFragment } from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { useFocusAfterRender } from "../lib/focus";
import { membershipsWith, useViewer } from "../lib/viewer";

/** Matches with deliveries read at a time. */
const PAGE_SIZE = 20;
/** Something delivered, not all of it received yet: the school's receipt is awaited. */
const RECEIPT_STATUSES: MatchStatus[] = ["IN_DELIVERY", "DELIVERED"];
/** The other approved matches: waiting for a delivery, or done. */
const OTHER_STATUSES: MatchStatus[] = ["APPROVED", "CONFIRMED"];

type DeliveryMatch = WebFulfilmentMatchFragment;

/** The approved matches of the school with some of the given statuses, read page after page,
 * newest first; refreshed whole after a receipt (the match moves on, perhaps to the other list). */
function useDeliveries(schoolId: string, status: MatchStatus[]): PagedList<DeliveryMatch> {
  return usePagedQuery({
    query: WebFulfilmentDocument,
    variables: { first: PAGE_SIZE, filter: { schoolId, status } },
    connection: (data) => data.matches,
  });
}

/** An approved match of the school: what was delivered, and the receipt (or problem) to
 * record when something delivered is not received yet. */
function DeliveryCard({ match, partyId, onDone }: { match: DeliveryMatch; partyId?: string; onDone: (message: Message) => void }) {
  const { t } = useI18n();
  const receivable = toNumber(match.fulfilment.deliveredQuantity) - toNumber(match.fulfilment.receivedQuantity);
  return (
    <MatchSummary match={match}>
      <FulfilmentStatus match={match} />
      {receivable > 0 ? (
        <ReceiptForm
          key={`${match.id}-${receivable}`}
          match={match}
          partyId={partyId}
          onDone={(key) => onDone({ kind: "ok", key, detail: match.need?.title })}
        />
      ) : (
        <p className="hint">{t(match.status === "CONFIRMED" ? "fulfil.done" : "fulfil.waitingDelivery")}</p>
      )}
    </MatchSummary>
  );
}

/** The rows of a list read with `usePagedQuery`, with its loading, error, empty state and end. */
function DeliveryList({
  list,
  testId,
  empty,
  partyId,
  onDone,
}: {
  list: PagedList<DeliveryMatch>;
  testId: string;
  empty: string;
  partyId?: string;
  onDone: (message: Message) => void;
}) {
  return (
    <>
      {list.fetching && !list.ready && <Loading />}
      <ErrorNotice error={list.error} retry={list.refresh} />
      {list.ready && list.nodes.length === 0 && <Empty>{empty}</Empty>}
      <ul className="card-list" data-testid={testId}>
        {list.nodes.map((match) => (
          <li key={match.id}>
            <DeliveryCard match={match} partyId={partyId} onDone={onDone} />
          </li>
        ))}
      </ul>
      <ListEnd list={list} />
    </>
  );
}

/** Approved matches of the school, in two lists each read a page at a time: first those
 * waiting for its receipt (something delivered, not yet received), whatever else there is;
 * then the others (waiting for a delivery, or done). */
function SchoolDeliveries({ schoolId, partyId }: { schoolId: string; partyId?: string }) {
  const { t } = useI18n();
  const [message, setMessage] = useState<Message>(null);
  const toReceive = useDeliveries(schoolId, RECEIPT_STATUSES);
  const others = useDeliveries(schoolId, OTHER_STATUSES);
  // Recorded, the card's form starts again (its focused button is gone, or the card moved to the
  // other list): focus goes to the word that it was recorded.
  const messageBox = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const done = (said: Message) => {
    setMessage(said);
    focusAfterRender(() => messageBox.current);
    toReceive.refresh();
    others.refresh();
  };
  const noOthers = others.ready && others.nodes.length === 0 && !others.error;
  return (
    <div data-testid="receipts">
      {toReceive.readers}
      {others.readers}
      <section aria-labelledby="receipts-title">
        <h2 id="receipts-title">{t("fulfil.receipts")}</h2>
        <p className="hint">{t("fulfil.receiptsHint")}</p>
        <div ref={messageBox} tabIndex={-1}>
          <MessageNotice message={message} />
        </div>
        <DeliveryList list={toReceive} testId="receipts-waiting" empty={t("fulfil.noReceipts")} partyId={partyId} onDone={done} />
      </section>
      {!noOthers && (
        <section aria-labelledby="approved-title">
          <h2 id="approved-title">{t("fulfil.otherApproved")}</h2>
          <DeliveryList list={others} testId="receipts-other" empty={t("fulfil.noOtherApproved")} partyId={partyId} onDone={done} />
        </section>
      )}
    </div>
  );
}

function SchoolNeeds({ schoolId }: { schoolId: string }) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({
    query: NeedsDocument,
    variables: { first: 50, filter: { schoolId }, orderBy: "NEWEST" },
    requestPolicy: "cache-and-network",
  });
  const needs = result.data?.needs.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="needs-title">
      <div className="section-head">
        <h2 id="needs-title">{t("school.myNeeds")}</h2>
        <Link className="button primary" to={`/school/new-need?school=${encodeURIComponent(schoolId)}`}>
          {t("school.postNeed")}
        </Link>
      </div>
      {result.fetching && !result.data && <Loading />}
      <ErrorNotice error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />
      {result.data && needs.length === 0 && <Empty>{t("school.noNeeds")}</Empty>}
      <ul className="card-list">
        {needs.map((need) => (
          <li key={need.id}>
            <NeedCard need={need} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function SchoolHome() {
  const { t, textLang } = useI18n();
  const { viewer } = useViewer();
  const schools = membershipsWith(viewer, ["PRINCIPAL", "SCHOOL_STAFF"])
    .filter((m) => m.party?.school)
    .map((m) => ({ ...m.party!.school!, partyId: m.party!.id, regionCode: m.party!.regionCode }));
  const [chosen, setChosen] = useState(schools[0]?.id ?? "");
  const school = schools.find((s) => s.id === chosen) ?? schools[0];
  if (!school) return <Loading />;
  return (
    <>
      <h1 lang={textLang(school.name)}>{school.name}</h1>
      <PartyChoice label={t("school.chooseSchool")} parties={schools} value={school.id} onChange={setChosen} />
      <Proposals side="school" filter={{ schoolId: school.id }} title="school.proposals" empty="school.noProposals" waitingTitle="school.waitingList">
        {/* What the school has to act on comes before what waits for others. */}
        <SchoolDeliveries schoolId={school.id} partyId={school.partyId} />
      </Proposals>
      <SchoolNeeds schoolId={school.id} />
    </>
  );
}

export default function SchoolPage() {
  return (
    <RequireRole roles={["PRINCIPAL", "SCHOOL_STAFF"]}>
      <SchoolHome />
    </RequireRole>
  );
}
