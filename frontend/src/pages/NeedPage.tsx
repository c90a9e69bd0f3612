import { useRef, useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { useDocumentTitle } from "../components/Layout";
import { committedFen, type NeedLinkState } from "../components/NeedCard";
import { NeedLedger } from "../components/NeedLedger";
import { NeedManage } from "../components/NeedManage";
import { usePagedQuery } from "../components/Paging";
import { StoryList } from "../components/Stories";
import { BusyButton, Empty, ErrorNotice, Field, Loading, Notice, ProgressBar, Sentence, StatusBadge, TableScroll, useErrorText } from "../components/ui";
import { PledgesDocument, PledgeToNeedDocument, WebNeedDocument, WebNeedOffersDocument, type WebNeedQuery } from "../gql/graphql";
import { toNumber, typedNumberValue } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { errorKey, errorsByField, newIdempotencyKey, type FieldError } from "../lib/errors";
import { firstField, useFocusAfterRender, useFocusInvalid } from "../lib/focus";
import { managesSchool, membershipsWith, useViewer } from "../lib/viewer";

/** The donor's active pledges offered to choose from: whole pages of them, at most this many. */
const PLEDGES_PAGE_SIZE = 100;
const PLEDGES_PAGES = 5;

type NeedNode = Extract<NonNullable<WebNeedQuery["node"]>, { __typename?: "Need" }> & { title?: string };

type PledgeableNeed = NonNullable<WebNeedQuery["node"]> & {
  regionCode: string;
  items: PledgeableItem[];
};

interface PledgeableItem {
  id: string;
  description: string;
  category: string;
  remainingQuantity: number | string;
  unit: string;
}

/** What of a pledge tells whether it could go to an item. */
interface PledgeTerms {
  kind: string;
  category?: string | null;
  restrictCategories: readonly string[];
  restrictRegionCodes: readonly string[];
}

/** Whether a pledge could go to an item of a need in `regionCode`, as far as the page can tell:
 * money (for any category, or for the item's among those it is restricted to), or goods, a service
 * or volunteers of the item's category; and no region restriction that leaves the school out.
 * Media and co-funding pledges never go to one item. The server checks the rest (the very item
 * goods offer, a service's distance and dates) and says why when it refuses. */
export function couldFit(pledge: PledgeTerms, item: Pick<PledgeableItem, "category">, regionCode: string): boolean {
  const category =
    pledge.kind === "MONEY"
      ? pledge.restrictCategories.length === 0 || pledge.restrictCategories.includes(item.category)
      : ["GOODS", "SERVICE", "VOLUNTEER"].includes(pledge.kind) && pledge.category === item.category;
  const region = pledge.restrictRegionCodes.length === 0 || pledge.restrictRegionCodes.some((code) => regionCode.startsWith(code));
  return category && region;
}

/** An offer made: the item and how many of it. */
interface Offer {
  item: string;
  quantity: number;
  unit: string;
}

/** A donor offers part of a pledge to one item of this need. Keyed by the need's id where it is
 * used, so nothing chosen on another need's page carries over; after an offer the form starts
 * again, and a further offer is a deliberate second step. */
function PledgeToNeedForm({ need }: { need: PledgeableNeed }) {
  const { t, label, number, quantity: inUnits, textLang } = useI18n();
  const errorText = useErrorText("pledgeToNeed");
  const { viewer } = useViewer();
  const parties = membershipsWith(viewer, ["DONOR_ADMIN"]);
  const partyId = parties[0]?.party?.id;
  // A choice: read whole, page after page, up to a bound; past it, the form says there are more.
  const pledges = usePagedQuery({
    query: PledgesDocument,
    variables: { first: PLEDGES_PAGE_SIZE, filter: { partyId, status: ["ACTIVE"] } },
    connection: (data) => data.pledges,
    pause: !partyId,
    pages: PLEDGES_PAGES,
  });
  const openItems = need.items.filter((item) => toNumber(item.remainingQuantity) > 0);
  const [pledgeId, setPledgeId] = useState("");
  const [itemId, setItemId] = useState(openItems[0]?.id ?? "");
  const [quantity, setQuantity] = useState("1");
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [done, setDone] = useState<Offer | null>(null);
  // One key per offer: a retry of the same offer (a lost answer) is recorded once.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [state, pledge] = useMutation(PledgeToNeedDocument);
  // Refused, focus goes to the first field to fix, else to the message; offered, the form gives
  // way to the word that it was offered, which takes focus (and "offer another" gives it back to
  // the form).
  const { form, focusInvalid } = useFocusInvalid();
  const doneBox = useRef<HTMLDivElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // The party's own offers to this need still waiting for answers: shown, so that an offer made
  // before a reload is not made twice.
  const [offers, refetchOffers] = useQuery({
    query: WebNeedOffersDocument,
    variables: { needId: need.id, donorId: partyId ?? "" },
    pause: !partyId,
  });
  const waiting = offers.data?.matches.edges.map((e) => e.node) ?? [];
  const list = pledges.nodes;
  if (!partyId) return null;
  // Only an item of this need, still open, is ever sent, and only a pledge that could go to it
  // is offered.
  const chosenItem = openItems.find((item) => item.id === itemId) ?? openItems[0];
  const fitting = chosenItem ? list.filter((p) => couldFit(p, chosenItem, need.regionCode)) : [];
  const chosenPledge = fitting.find((p) => p.id === pledgeId) ?? fitting[0];

  const change = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setIdempotencyKey(newIdempotencyKey());
  };

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (state.fetching) return;
    setDone(null);
    const q = typedNumberValue(quantity);
    if (quantity.trim() === "") {
      setErrors({ quantity: { field: "quantity", code: "REQUIRED", message: "" } });
      focusInvalid();
      return;
    }
    if (q === null) {
      setErrors({ quantity: { field: "quantity", code: "NOT_NUMBER", message: "" } });
      focusInvalid();
      return;
    }
    if (!chosenItem || !chosenPledge) return;
    const result = await pledge({ input: { pledgeId: chosenPledge.id, needItemId: chosenItem.id, quantity: q, idempotencyKey } });
    const payloadErrors = result.data?.pledgeToNeed.errors ?? [];
    setErrors(errorsByField(payloadErrors));
    if (result.error || payloadErrors.length > 0) focusInvalid(() => errorBox.current);
    else {
      setDone({ item: chosenItem.description, quantity: q, unit: chosenItem.unit });
      focusAfterRender(() => doneBox.current);
      setQuantity("1");
      setIdempotencyKey(newIdempotencyKey());
      pledges.refresh();
      refetchOffers({ requestPolicy: "network-only" });
    }
  }

  return (
    <section className="panel" aria-labelledby="pledge-to-need">
      <h2 id="pledge-to-need">{t("need.pledgeTitle")}</h2>
      <p className="hint">{t("need.pledgeHint")}</p>
      {pledges.readers}
      {pledges.fetching && !pledges.ready && <Loading />}
      {pledges.ready && list.length === 0 && <Empty>{t("need.noActivePledges")}</Empty>}
      {waiting.length > 0 && (
        <>
          <h3>{t("need.yourOffers")}</h3>
          <ul className="facts">
            {waiting.map((offer) => (
              <li key={offer.id}>
                <span lang={textLang(offer.needItem?.description)}>{offer.needItem?.description}</span> × {number(offer.itemQuantity)}{" "}
                <span lang={textLang(offer.needItem?.unit)}>{offer.needItem?.unit}</span> ·{" "}
                <span lang={textLang(offer.pledge?.title)}>{offer.pledge?.title}</span> · {label("matchStatus", offer.status)}
              </li>
            ))}
          </ul>
        </>
      )}
      <div ref={doneBox} tabIndex={-1}>
        <Notice>
          {done && (
            <>
              {t("need.pledged")} <span lang={textLang(done.item)}>{done.item}</span> × {number(done.quantity)}{" "}
              <span lang={textLang(done.unit)}>{done.unit}</span>
            </>
          )}
        </Notice>
      </div>
      {done ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setDone(null);
            focusAfterRender(() => firstField(form.current));
          }}
        >
          {t("need.pledgeAnother")}
        </button>
      ) : (
        list.length > 0 &&
        chosenItem && (
          <form ref={form} onSubmit={submit} noValidate>
            {/* The item first: the pledges offered are those that could go to it. */}
            <Field label={t("need.chooseItem")} error={errorText(errors.needItemId)}>
              {(props) => (
                <select {...props} value={chosenItem.id} onChange={(e) => change(setItemId)(e.target.value)}>
                  {openItems.map((item) => (
                    <option key={item.id} value={item.id} lang={textLang(item.description)}>
                      {item.description} ({number(item.remainingQuantity)} {item.unit})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {chosenPledge ? (
              <Field
                label={t("need.choosePledge")}
                hint={[t("need.fittingPledges"), pledges.hasMore && t("need.morePledges", { n: number(list.length) })].filter(Boolean).join(" ")}
                error={errorText(errors.pledgeId)}
              >
                {(props) => (
                  <select {...props} value={chosenPledge.id} onChange={(e) => change(setPledgeId)(e.target.value)}>
                    {fitting.map((p) => (
                      <option key={p.id} value={p.id} lang={textLang(p.title)}>
                        {p.title} · {label("pledgeKind", p.kind)} ·{" "}
                        {t("pledge.remaining", { q: inUnits(p.remainingQuantity, p.unit) })}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <p className="hint" data-testid="no-fitting-pledge">
                {t("need.noFittingPledge", { category: label("category", chosenItem.category) })}
              </p>
            )}
            <Field label={t("need.pledgeQuantity")} error={errorText(errors.quantity)}>
              {(props) => <input {...props} inputMode="numeric" value={quantity} onChange={(e) => change(setQuantity)(e.target.value)} />}
            </Field>
            <div ref={errorBox} tabIndex={-1}>
              <Notice kind="error">
                {[errors[""] && errorText(errors[""]), state.error && t(errorKey(state.error)!)].filter(Boolean).join(" ")}
              </Notice>
            </div>
            {chosenPledge && (
              <BusyButton busy={state.fetching} className="button primary">
                {state.fetching ? t("form.submitting") : t("need.pledgeSubmit")}
              </BusyButton>
            )}
          </form>
        )
      )}
    </section>
  );
}

/** Where a school is, from the province down to its town: the regions in the reader's language,
 * the town as the school wrote it, marked with its language ("边院镇, Feicheng City, …" in
 * English). */
function SchoolPlace({ school }: { school: NonNullable<NeedNode["school"]> }) {
  const { regionPath, textLang } = useI18n();
  const region = school.region;
  const town = school.town;
  // The town's place in the path (first in English, last in Chinese), kept by a mark.
  const [before, after = ""] = regionPath([region?.parent?.parent, region?.parent, region, town ? "\u0000" : null]).split("\u0000");
  return (
    <>
      {before}
      {town && <span lang={textLang(town)}>{town}</span>}
      {after}
    </>
  );
}

/** A click that follows a link in this tab: the main button, no modifier keys. */
function inThisTab(event: React.MouseEvent): boolean {
  return event.button === 0 && !(event.metaKey || event.altKey || event.ctrlKey || event.shiftKey);
}

/** The way back to the needs list: opened from the list, back through the browser's history
 * (the list shows the same filters and pages, scrolled where they were), else to the list. */
function BackToNeeds({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const list = (useLocation().state as NeedLinkState | null)?.list;
  return (
    <Link
      to={list ?? "/needs"}
      onClick={(event) => {
        if (list === undefined || !inThisTab(event)) return;
        event.preventDefault();
        navigate(-1);
      }}
    >
      {children}
    </Link>
  );
}

export default function NeedPage() {
  const { id = "" } = useParams();
  const { t, label, yuan, number, date, textLang } = useI18n();
  const { viewer } = useViewer();
  const [result, refetch] = useQuery({ query: WebNeedDocument, variables: { id } });
  // Publishing or cancelling the need adds ledger entries: the ledger section reads them again.
  const [ledgerVersion, setLedgerVersion] = useState(0);
  const refresh = () => refetch({ requestPolicy: "network-only" });
  // An id that is not a need's id at all (a mistyped or cut link) is as missing as a deleted one.
  const badId = result.error?.graphQLErrors.some((e) => e.extensions?.code === "BAD_USER_INPUT") ?? false;
  const need = badId ? null : (result.data?.node as NeedNode | null | undefined);
  const loading = result.fetching && !result.data;
  const failed = Boolean(result.error) && !badId;
  const found = need && "items" in need && need.items ? need : null;
  // The tab is named after the need (or says it is missing), not only "学校需求".
  useDocumentTitle(found ? found.title : loading || failed ? null : t("need.notFoundTitle"));
  if (loading) return <Loading />;
  if (failed) return <ErrorNotice error={result.error} retry={refresh} />;
  if (!need || !("items" in need) || !need.items) {
    return (
      <section>
        <h1>{t("need.notFoundTitle")}</h1>
        <Notice kind="error">{t("error.needNotFound")}</Notice>
        <BackToNeeds>{t("need.back")}</BackToNeeds>
      </section>
    );
  }
  const matches = result.data?.matches.edges.map((e) => e.node) ?? [];
  const total = toNumber(need.totalValueFen);
  const committed = committedFen(need.items);
  // Value delivered and confirmed, in proportion to the units of each match.
  const share = (m: (typeof matches)[number], units: number | string) => {
    const q = toNumber(m.fulfilment.quantity) || toNumber(m.itemQuantity);
    return q > 0 ? (toNumber(m.valueFen) * toNumber(units)) / q : 0;
  };
  const delivered = matches.reduce((s, m) => s + share(m, m.fulfilment.deliveredQuantity), 0);
  const confirmed = matches.reduce((s, m) => s + share(m, m.fulfilment.receivedQuantity), 0);
  // A cancelled or expired need is over: what it did not get is not still needed, and it takes
  // no more offers.
  const ended = need.status === "CANCELLED" ? "cancelled" : need.status === "EXPIRED" ? "expired" : null;
  const school = need.school;

  return (
    <article className="need-page">
      <p>
        <BackToNeeds>← {t("need.back")}</BackToNeeds>
      </p>
      <h1 lang={textLang(need.title)}>{need.title}</h1>
      <p className="tags">
        <span className="tag">{label("category", need.category)}</span>
        <span className={`tag urgency-${need.urgency.toLowerCase()}`}>{label("urgency", need.urgency)}</span>
        <StatusBadge group="needStatus" value={need.status} />
      </p>
      <p className="meta">
        {t("needs.deadline", { date: date(need.deadline) })} ·{" "}
        {toNumber(need.beneficiaries) > 0 && <>{t("needs.beneficiaries", { n: number(need.beneficiaries) })} · </>}
        {t(need.status === "DRAFT" ? "need.created" : "need.posted", { date: date(need.createdAt) })}
      </p>
      <Notice>
        {[need.status === "DRAFT" && t("need.draftNote"), ended && t(ended === "cancelled" ? "need.cancelledNote" : "need.expiredNote")]
          .filter(Boolean)
          .join(" ")}
      </Notice>
      {managesSchool(viewer, school?.id) && (
        <NeedManage
          key={`manage-${need.id}`}
          need={need}
          onChanged={() => {
            refresh();
            setLedgerVersion((v) => v + 1);
          }}
        />
      )}
      <section className="panel" aria-labelledby="progress-title">
        <h2 id="progress-title">{t("need.progress")}</h2>
        <ProgressBar value={committed} max={total} label={t("need.matched", { value: yuan(committed), total: yuan(total) })} />
        <ProgressBar value={delivered} max={total} label={t("need.deliveredBar", { value: yuan(delivered) })} />
        <ProgressBar value={confirmed} max={total} label={t("need.confirmedBar", { value: yuan(confirmed) })} />
      </section>
      <div className="two-columns">
        {need.story.trim() !== "" && (
          <section aria-labelledby="story-title">
            <h2 id="story-title">{t("need.story")}</h2>
            <p className="story" lang={textLang(need.story)}>{need.story}</p>
          </section>
        )}
        {school && (
          <section className="panel" aria-labelledby="school-title">
            <h2 id="school-title">{t("need.school")}</h2>
            <p className="school-name" lang={textLang(school.name)}>{school.name}</p>
            <p className="meta">
              <SchoolPlace school={school} />
            </p>
            <ul className="facts">
              <li>{t("need.students", { n: number(school.students) })}</li>
              <li>{t("need.leftBehind", { n: number(school.leftBehindChildren) })}</li>
              {school.boarding && <li>{t("need.boarding")}</li>}
              {school.hopeSchool && <li>{t("need.hopeSchool")}</li>}
              <li>{label("povertyTier", school.povertyTier)}</li>
              <li>{school.verifiedAt ? t("need.verified") : t("need.notVerified")}</li>
            </ul>
          </section>
        )}
      </div>
      <section aria-labelledby="items-title">
        <h2 id="items-title">{t("need.items")}</h2>
        <TableScroll label={t("need.itemsTable")}>
          <table className="items-table">
            <thead>
              <tr>
                <th scope="col">{t("need.item")}</th>
                <th scope="col" className="num">
                  {t("need.quantity")}
                </th>
                <th scope="col" className="num">
                  {t(ended === "cancelled" ? "need.unfilledCancelled" : ended === "expired" ? "need.unfilledExpired" : "need.remaining")}
                </th>
                <th scope="col" className="num">
                  {t("need.unitValue")}
                </th>
              </tr>
            </thead>
            <tbody>
              {need.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <span className="item-description" lang={textLang(item.description)}>
                      {item.description}
                    </span>
                    <span className="hint item-category"> · {label("category", item.category)}</span>
                  </th>
                  <td className="num quantity">
                    {number(item.quantity)} <span lang={textLang(item.unit)}>{item.unit}</span>
                  </td>
                  <td className="num">{number(item.remainingQuantity)}</td>
                  <td className="num">{yuan(item.unitValueFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="matches-title">
        <h2 id="matches-title">{t("need.approvedMatches")}</h2>
        {matches.length === 0 ? (
          <Empty>{t("need.noMatches")}</Empty>
        ) : (
          <ul className="plain-list">
            {matches.map((m) => (
              <li key={m.id}>
                <strong lang={textLang(m.donor?.name)}>{m.donor?.name}</strong> ({m.donor && label("partyKind", m.donor.kind)}) ·{" "}
                <span lang={textLang(m.needItem?.description)}>{m.needItem?.description}</span> ×{" "}
                {number(m.itemQuantity)} · {yuan(m.valueFen)} · <StatusBadge group="matchStatus" value={m.status} />
                {(m.deliveries.length > 0 || m.receipts.length > 0) && (
                  <ul className="history">
                    {m.deliveries.map((d) => (
                      <li key={d.id}>
                        <Sentence
                          id="fulfil.deliveryLine"
                          vars={{ date: date(d.deliveredOn), kind: label("deliveryKind", d.kind), n: number(d.quantity), unit: m.needItem?.unit ?? "" }}
                        />
                      </li>
                    ))}
                    {m.receipts.map((r) => (
                      <li key={r.id}>
                        {date(r.recordedAt)}{" "}
                        {r.kind === "PROBLEM" ? (
                          <Sentence id="fulfil.problemLine" vars={{ problem: label("problemKind", r.problem ?? ""), n: number(r.quantity), unit: m.needItem?.unit ?? "" }} />
                        ) : (
                          <Sentence id="fulfil.receiptLine" vars={{ n: number(r.quantity), unit: m.needItem?.unit ?? "" }} />
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {/* Stories tell of confirmed matches only: without one, there is none to look for. */}
      {matches.some((m) => m.status === "CONFIRMED") && (
        <section aria-labelledby="stories-title">
          <h2 id="stories-title">{t("stories.forNeed")}</h2>
          <StoryList filter={{ needId: need.id }} full empty="stories.noneForNeed" />
        </section>
      )}
      <NeedLedger needId={need.id} version={ledgerVersion} />
      {!ended && <PledgeToNeedForm key={`pledge-${need.id}`} need={need as never} />}
    </article>
  );
}
