import { useRef, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { useMutation } from "urql";
import { RespondToMatchDocument, WebMatchesDocument, type MatchFilter, type WebMatchFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { errorKey } from "../lib/errors";
import { escapeCloses, useFocusAfterRender, useInlineForm } from "../lib/focus";
import { ActionNotice } from "./Layout";
import { ListEnd, usePagedQuery, type PagedList } from "./Paging";
import { BusyButton, Empty, ErrorNotice, Explanation, Field, Loading, MessageNotice, StatusBadge, type Message } from "./ui";

/** What a match is about, to tell apart the same buttons on each card (said after their names,
 * out of sight): the need's title, the item, the pledge it comes from and the donor (two offers
 * to one need may differ only by the item, or by the donor's pledge). */
export function matchName(match: WebMatchFieldsFragment): string {
  const parts = [match.need?.title, match.needItem?.description, match.pledge?.title, match.donor?.name].filter((part): part is string => Boolean(part));
  return [...new Set(parts)].join(" · ");
}

/** A proposal with its donor, the pledge it comes from (its title and kind: books or money for
 * them), what it covers and why the engine proposed it. */
export function MatchSummary({ match, children }: { match: WebMatchFieldsFragment; children?: ReactNode }) {
  const { t, label, yuan, number, date, regionName, textLang } = useI18n();
  return (
    <article className="card match-card" data-testid="match-card">
      <h3 lang={textLang(match.need?.title ?? match.needItem?.description)}>
        {match.need ? <Link to={`/needs/${encodeURIComponent(match.need.id)}`}>{match.need.title}</Link> : match.needItem?.description}
      </h3>
      <dl className="pairs">
        <div>
          <dt>{t("match.school")}</dt>
          <dd>
            <span lang={textLang(match.school?.name)}>{match.school?.name}</span>{" "}
            {match.school?.region ? `· ${regionName(match.school.region)}` : ""}
          </dd>
        </div>
        <div>
          <dt>{t("match.donor")}</dt>
          <dd>
            <span lang={textLang(match.donor?.name)}>{match.donor?.name}</span>
            {match.donor && ` (${label("partyKind", match.donor.kind)})`}
            {match.donor?.verifiedAt && <span className="tag">{t("match.verifiedDonor")}</span>}
          </dd>
        </div>
        {match.pledge && (
          <div>
            <dt>{t("match.pledge")}</dt>
            <dd>
              <span lang={textLang(match.pledge.title)}>{match.pledge.title}</span> ({label("pledgeKind", match.pledge.kind)})
            </dd>
          </div>
        )}
        <div>
          <dt>{t("match.item")}</dt>
          <dd>
            <span lang={textLang(match.needItem?.description)}>{match.needItem?.description}</span> × {number(match.itemQuantity)}{" "}
            <span lang={textLang(match.needItem?.unit)}>{match.needItem?.unit}</span>
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
          {t("match.reason")}: <span lang={textLang(match.reason)}>{match.reason}</span>
        </p>
      )}
      <Explanation terms={match.explanation} score={match.origin === "ENGINE" ? match.score : undefined} />
      {children}
    </article>
  );
}

/** Accept or decline, for the school or the donor. The answer's confirmation goes to `onDone`,
 * for the list to show: the list refetches, and a declined card is gone with anything in it. */
export function RespondButtons({ match, onDone }: { match: WebMatchFieldsFragment; onDone: (message: Message) => void }) {
  const { t, textLang } = useI18n();
  const [state, respond] = useMutation(RespondToMatchDocument);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<Message>(null);
  // The reason for declining: opening it focuses the reason, closing it gives focus back to 婉拒.
  const { form, opener: declineButton, setOpenFocused: setDecliningFocused } = useInlineForm(setDeclining);
  // Said after 接受 and 婉拒 (every card has them): which proposal they answer.
  const name = matchName(match);

  async function answer(accept: boolean) {
    if (state.fetching) return;
    const result = await respond({ input: { id: match.id, accept, reason: accept ? null : reason || null } });
    const errors = result.data?.respondToMatch.errors ?? [];
    if (result.error) setMessage({ kind: "error", key: errorKey(result.error)! });
    else if (errors.length > 0) setMessage({ kind: "error", errors: errors.slice(0, 1) });
    else {
      setMessage(null);
      onDone({ kind: "ok", key: accept ? "match.accepted" : "match.declined", detail: match.need?.title ?? match.needItem?.description ?? undefined });
    }
  }

  return (
    <div className="actions">
      <ActionNotice message={message} />
      {declining ? (
        <form
          ref={form}
          onSubmit={(e) => {
            e.preventDefault();
            void answer(false);
          }}
          onKeyDown={escapeCloses(() => setDecliningFocused(false))}
        >
          <Field label={t("match.declineReason")}>
            {(props) => <input {...props} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />}
          </Field>
          <div className="button-row">
            <BusyButton busy={state.fetching} className="button danger">
              {t("match.decline")} <span className="visually-hidden" lang={textLang(name)}>{name}</span>
            </BusyButton>
            <button type="button" className="button ghost" onClick={() => setDecliningFocused(false)}>
              {t("official.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <BusyButton type="button" busy={state.fetching} className="button primary" onClick={() => void answer(true)}>
            {t("match.accept")} <span className="visually-hidden" lang={textLang(name)}>{name}</span>
          </BusyButton>
          <button
            ref={declineButton}
            type="button"
            className="button secondary"
            aria-disabled={state.fetching || undefined}
            onClick={() => !state.fetching && setDecliningFocused(true)}
          >
            {t("match.decline")} <span className="visually-hidden" lang={textLang(name)}>{name}</span>
          </button>
        </div>
      )}
    </div>
  );
}

/** Proposals read at a time. */
const PAGE_SIZE = 50;

/** The side of a proposal a page answers for. */
export type Side = "school" | "donor";

/** This side has yet to answer the proposal. */
export function awaitsAnswer(match: WebMatchFieldsFragment, side: Side): boolean {
  return match.status === "PROPOSED" && !(side === "school" ? match.schoolAcceptedAt : match.donorAcceptedAt);
}

/** What an answered proposal waits for: the other side, or (both accepted) an official. */
function waitingFor(match: WebMatchFieldsFragment, side: Side): MessageKey {
  if (match.status === "ACCEPTED") return "match.waitingOfficial";
  return side === "school" ? "match.waitingDonor" : "match.waitingSchool";
}

/** The end of the proposals to answer, which are some of the rows of the list of proposals not
 * yet accepted by both sides (the others, this side's own acceptances, wait apart): while
 * that list goes on, how many to answer are shown and the button that reads its next page; the
 * page loading, or why it failed; once several pages were read and none is left, that all is
 * shown. The count is of the cards to answer only. */
function ToAnswerEnd({ list, shown }: { list: PagedList<WebMatchFieldsFragment>; shown: number }) {
  const { t, number } = useI18n();
  // None shown: the empty state above says as much.
  return <ListEnd list={list} shown={shown > 0 ? t("match.toAnswerShownMore", { n: number(shown) }) : null} />;
}

/** The open proposals of a school or a donor, in two sections read from lists of their own:
 * first those this side has to answer, read from the proposals not yet accepted by both sides
 * (PROPOSED); then, apart, those that wait for others: this side's own acceptances among those
 * (waiting for the other side) and the proposals both sides accepted (ACCEPTED, waiting for an
 * official), a list read on its own. What the page gives as `children` (more to act on) comes
 * between the two sections. Approved, declined or expired ones are in neither. */
export function Proposals({
  side,
  filter,
  title,
  empty,
  waitingTitle,
  children,
}: {
  side: Side;
  filter: MatchFilter;
  title: MessageKey;
  empty: MessageKey;
  waitingTitle: MessageKey;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  // Each read a page at a time (a national pledge may have hundreds of proposals), newest first:
  // the proposals both sides accepted, however many, are never read before those to answer.
  const open = usePagedQuery({
    query: WebMatchesDocument,
    variables: { first: PAGE_SIZE, filter: { ...filter, status: ["PROPOSED"] } },
    connection: (data) => data.matches,
  });
  const accepted = usePagedQuery({
    query: WebMatchesDocument,
    variables: { first: PAGE_SIZE, filter: { ...filter, status: ["ACCEPTED"] } },
    connection: (data) => data.matches,
  });
  const [message, setMessage] = useState<Message>(null);
  // An answer given: the card moves on (to those waiting, or out of the lists), and focus goes to
  // the word that the answer was given.
  const messageBox = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const refresh = () => {
    open.refresh();
    accepted.refresh();
  };
  // A row of another status (a list read before an answer) is in neither section.
  const proposed = open.nodes.filter((m) => m.status === "PROPOSED");
  const toAnswer = proposed.filter((m) => awaitsAnswer(m, side));
  const answered = proposed.filter((m) => !awaitsAnswer(m, side));
  const approvable = accepted.nodes.filter((m) => m.status === "ACCEPTED");
  const waitingCard = (match: WebMatchFieldsFragment) => (
    <li key={match.id}>
      <MatchSummary match={match}>
        <p className="hint">{t(waitingFor(match, side))}</p>
      </MatchSummary>
    </li>
  );
  return (
    <>
      {open.readers}
      {accepted.readers}
      <section aria-labelledby={`${side}-proposals`}>
        <h2 id={`${side}-proposals`}>{t(title)}</h2>
        <div ref={messageBox} tabIndex={-1}>
          <MessageNotice message={message} />
        </div>
        {open.fetching && !open.ready && <Loading />}
        <ErrorNotice error={open.error} retry={open.refresh} />
        {open.ready && toAnswer.length === 0 && <Empty>{t(open.hasMore ? "match.noneToAnswerShown" : empty)}</Empty>}
        <ul className="card-list" data-testid="to-answer">
          {toAnswer.map((match) => (
            <li key={match.id}>
              <MatchSummary match={match}>
                <RespondButtons
                  match={match}
                  onDone={(done) => {
                    setMessage(done);
                    focusAfterRender(() => messageBox.current);
                    refresh();
                  }}
                />
              </MatchSummary>
            </li>
          ))}
        </ul>
        <ToAnswerEnd list={open} shown={toAnswer.length} />
      </section>
      {children}
      {(answered.length > 0 || approvable.length > 0 || accepted.error) && (
        <section aria-labelledby={`${side}-waiting`}>
          <h2 id={`${side}-waiting`}>{t(waitingTitle)}</h2>
          <ul className="card-list" data-testid="waiting">
            {answered.map(waitingCard)}
            {approvable.map(waitingCard)}
          </ul>
          <ErrorNotice error={accepted.error} retry={accepted.refresh} />
          <AcceptedEnd list={accepted} shown={approvable.length} />
        </section>
      )}
    </>
  );
}

/** The end of the proposals both sides accepted, the last rows of the section of those
 * waiting: while there are more, how many of them are shown and the button that reads more. */
function AcceptedEnd({ list, shown }: { list: PagedList<WebMatchFieldsFragment>; shown: number }) {
  const { t, number } = useI18n();
  return <ListEnd list={list} shown={t("match.bothAcceptedShownMore", { n: number(shown) })} />;
}
