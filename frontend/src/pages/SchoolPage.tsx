import { useRef, useState } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { MatchSummary, Proposals } from "../components/MatchCard";
import { NeedCard } from "../components/NeedCard";
import { ListPage, usePages } from "../components/Paging";
import { Empty, ErrorNotice, Loading, MessageNotice, PartyChoice, type Message } from "../components/ui";
import { FulfilmentStatus, ReceiptForm } from "../components/Fulfilment";
import { NeedsDocument, WebFulfilmentDocument, type MatchStatus } from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { useFocusAfterRender } from "../lib/focus";
import { membershipsWith, useViewer } from "../lib/viewer";

/** Matches with deliveries read at a time. */
const PAGE_SIZE = 20;
const DELIVERY_STATUSES: MatchStatus[] = ["APPROVED", "IN_DELIVERY", "DELIVERED", "CONFIRMED"];

interface ChunkProps {
  schoolId: string;
  partyId?: string;
  after: string | null;
  isLast: boolean;
  onMore: (cursor: string) => void;
  onMessage: (message: Message) => void;
}

/** One page of the school's approved matches; a receipt recorded reads its page again (the
 * match stays in the list, a step further). */
function ReceiptsChunk({ schoolId, partyId, after, isLast, onMore, onMessage }: ChunkProps) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({
    query: WebFulfilmentDocument,
    variables: { first: PAGE_SIZE, after, filter: { schoolId, status: DELIVERY_STATUSES } },
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
      empty={t("fulfil.noReceipts")}
    >
      {(match) => {
        const receivable = toNumber(match.fulfilment.deliveredQuantity) - toNumber(match.fulfilment.receivedQuantity);
        return (
          <MatchSummary match={match}>
            <FulfilmentStatus match={match} />
            {receivable > 0 ? (
              <ReceiptForm
                key={`${match.id}-${receivable}`}
                match={match}
                partyId={partyId}
                onDone={(key) => {
                  onMessage({ kind: "ok", key, detail: match.need?.title });
                  refresh();
                }}
              />
            ) : (
              <p className="hint">{t(match.status === "CONFIRMED" ? "fulfil.done" : "fulfil.waitingDelivery")}</p>
            )}
          </MatchSummary>
        );
      }}
    </ListPage>
  );
}

/** Approved matches of the school, a page at a time: what was delivered, and the receipt (or
 * problem) to record. */
function SchoolDeliveries({ schoolId, partyId }: { schoolId: string; partyId?: string }) {
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
  const { cursors, more } = usePages(schoolId);
  return (
    <section aria-labelledby="receipts-title">
      <h2 id="receipts-title">{t("fulfil.receipts")}</h2>
      <p className="hint">{t("fulfil.receiptsHint")}</p>
      <div ref={messageBox} tabIndex={-1}>
        <MessageNotice message={message} />
      </div>
      <ul className="card-list" data-testid="receipts">
        {cursors.map((after, index) => (
          <ReceiptsChunk
            key={`${schoolId}-${after ?? "first"}`}
            schoolId={schoolId}
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
  const { t } = useI18n();
  const { viewer } = useViewer();
  const schools = membershipsWith(viewer, ["PRINCIPAL", "SCHOOL_STAFF"])
    .filter((m) => m.party?.school)
    .map((m) => ({ ...m.party!.school!, partyId: m.party!.id, regionCode: m.party!.regionCode }));
  const [chosen, setChosen] = useState(schools[0]?.id ?? "");
  const school = schools.find((s) => s.id === chosen) ?? schools[0];
  if (!school) return <Loading />;
  return (
    <>
      <h1>{school.name}</h1>
      <PartyChoice label={t("school.chooseSchool")} parties={schools} value={school.id} onChange={setChosen} />
      <Proposals side="school" filter={{ schoolId: school.id }} title="school.proposals" empty="school.noProposals" waitingTitle="school.waitingList" />
      <SchoolDeliveries schoolId={school.id} partyId={school.partyId} />
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
