import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery } from "urql";
import { ActionNotice, RequireRole } from "../components/Layout";
import { MatchSummary } from "../components/MatchCard";
import { ListPage, usePages } from "../components/Paging";
import { RegionSelect } from "../components/RegionSelect";
import { NeedLinks, StoryList, type Story } from "../components/Stories";
import {
  BusyButton,
  characters,
  Empty,
  ErrorNotice,
  Field,
  Loading,
  MessageNotice,
  Notice,
  PartyChoice,
  ResultsStatus,
  Sentence,
  useErrorText,
  useResultCounts,
  type Message,
  type ResultWords,
} from "../components/ui";
import {
  PublishStoryDocument,
  RetractStoryDocument,
  WebFulfilmentDocument,
  type MatchFilter,
  type WebFulfilmentMatchFragment,
} from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { errorKey, errorsByField, type FieldError } from "../lib/errors";
import { useFocusAfterRender, useFocusInvalid, useInlineForm } from "../lib/focus";
import { membershipsWith, useViewer } from "../lib/viewer";
import { useAttempts } from "../lib/attempts";

type ConfirmedMatch = WebFulfilmentMatchFragment;

// The server's limits (PublishStoryInput).
const MAX_MATCHES = 20;
const MAX_TITLE = 120;
const MAX_BODY = 20000;
// RetractStoryInput's.
const MAX_REASON = 500;
const PAGE_SIZE = 20;

/** The matches a story may tell of: confirmed ones, within a region ("" for all of China). */
function confirmedIn(regionCode: string): MatchFilter {
  return { status: ["CONFIRMED"], regionCode: regionCode || null };
}

interface Draft {
  title: string;
  body: string;
  /** In the order ticked: the order the story tells of them. */
  chosen: ConfirmedMatch[];
}

const EMPTY_DRAFT: Draft = { title: "", body: "", chosen: [] };

/** Errors by field: `title`, `body`, `matchIds` (the list), "" (the whole input), and
 * `match:<id>` for one match. */
type Errors = Record<string, FieldError>;

const matchKey = (id: string) => `match:${id}`;

const CONFIRMED_WORDS: ResultWords = {
  found: "media.confirmedFound",
  shownMore: "media.confirmedShownMore",
  loaded: "media.confirmedLoaded",
  loadedAll: "media.confirmedLoadedAll",
};

function without(errors: Errors, field: string): Errors {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => key !== field));
}

/** What is refused before sending: an empty or too long headline or story, no match ticked. */
function checkDraft(draft: Draft): Errors {
  const found: Errors = {};
  const text = (field: "title" | "body", value: string, max: number) => {
    if (value.trim() === "") found[field] = { field, code: "REQUIRED", message: "" };
    else if (characters(value) > max) found[field] = { field, code: "TOO_LONG", message: "" };
  };
  text("title", draft.title, MAX_TITLE);
  text("body", draft.body, MAX_BODY);
  if (draft.chosen.length === 0) found.matchIds = { field: "matchIds", code: "REQUIRED", message: "" };
  return found;
}

/** The server's errors by field, each `matchIds.N` tied to the match sent N-th: it stays with
 * that match when the list changes afterwards. */
function tiedToMatches(errors: readonly FieldError[], sent: readonly ConfirmedMatch[]): Errors {
  return Object.fromEntries(
    Object.entries(errorsByField(errors)).map(([field, error]) => {
      const at = /^matchIds\.(\d+)$/.exec(field);
      const match = at ? sent[Number(at[1])] : undefined;
      return [match ? matchKey(match.id) : field, error];
    }),
  );
}

/** A confirmed match in the list: what it was, when the school confirmed it, and its tick box. */
function ConfirmedRow({
  match,
  position,
  refused,
  error,
  listErrorId,
  onToggle,
}: {
  match: ConfirmedMatch;
  /** Its place in the story (from 1); 0 when not ticked. */
  position: number;
  /** A tick refused: the story already tells of as many as it may. */
  refused: boolean;
  error?: string;
  /** The id of the error on the list as a whole ("tick at least one"), which every box answers. */
  listErrorId?: string;
  onToggle: () => void;
}) {
  const { t, dateTime, textLang } = useI18n();
  const errorId = useId();
  const confirmedAt = match.receipts.find((r) => r.completesMatch)?.recordedAt;
  const describedBy = [error && errorId, listErrorId].filter(Boolean).join(" ") || undefined;
  return (
    <MatchSummary match={match}>
      {confirmedAt && <p className="meta">{t("media.confirmedOn", { date: dateTime(confirmedAt) })}</p>}
      <label className="choice">
        <input
          type="checkbox"
          checked={position > 0}
          aria-invalid={Boolean(error || listErrorId)}
          aria-describedby={describedBy}
          onChange={onToggle}
        />
        {t("media.tell")}
        <span className="visually-hidden">
          : <span lang={textLang(match.need?.title)}>{match.need?.title}</span>
        </span>
        {position > 0 && <span className="tag">{t("media.position", { n: position })}</span>}
      </label>
      {refused && (
        <p className="field-error" role="alert">
          {t("media.limit", { max: MAX_MATCHES })}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} data-testid="match-error">
          {error}
        </p>
      )}
    </MatchSummary>
  );
}

interface ChunkProps {
  regionCode: string;
  after: string | null;
  isLast: boolean;
  onMore: (cursor: string) => void;
  row: (match: ConfirmedMatch) => ReactNode;
  onCount: (after: string | null, rows: number, more: boolean) => void;
}

function ConfirmedChunk({ regionCode, after, isLast, onMore, row, onCount }: ChunkProps) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({ query: WebFulfilmentDocument, variables: { first: PAGE_SIZE, after, filter: confirmedIn(regionCode) } });
  return (
    <ListPage
      page={result.data?.matches}
      fetching={result.fetching}
      error={result.error}
      retry={() => refetch({ requestPolicy: "network-only" })}
      after={after}
      isLast={isLast}
      onMore={onMore}
      onCount={onCount}
      empty={t("media.noneInRegion")}
    >
      {row}
    </ListPage>
  );
}

/** The story being written: the confirmed matches to tick (newest first, by region), the
 * headline and the story. Refused, everything typed and ticked stays, each error beside its
 * field or on its match; published, the form starts again. */
function StoryComposer({ partyId, onPublished }: { partyId: string; onPublished: () => void }) {
  const { t, textLang } = useI18n();
  const errorText = useErrorText("story");
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<Errors>({});
  const [refused, setRefused] = useState<string | null>(null);
  const [failed, setFailed] = useState<MessageKey | null>(null);
  const [published, setPublished] = useState<{ title: string; matches: ConfirmedMatch[] } | null>(null);
  const [region, setRegion] = useState("");
  const { cursors, more } = usePages(region);
  const { report, counts } = useResultCounts(region, cursors);
  const [state, publish] = useMutation(PublishStoryDocument);
  const summary = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const listErrorId = useId();
  // The same story sent again is published once.
  const attempts = useAttempts();

  /** Ticks or unticks a match; unticked, its error goes with it, and a tick answers "none
   * ticked". The other errors stay until the field they are about changes. */
  function toggle(match: ConfirmedMatch) {
    setRefused(null);
    if (draft.chosen.some((m) => m.id === match.id)) {
      setDraft((d) => ({ ...d, chosen: d.chosen.filter((m) => m.id !== match.id) }));
      setErrors((current) => without(current, matchKey(match.id)));
    } else if (draft.chosen.length >= MAX_MATCHES) {
      setRefused(match.id);
    } else {
      setDraft((d) => ({ ...d, chosen: [...d.chosen, match] }));
      setErrors((current) => without(current, "matchIds"));
    }
  }

  /** Types into the headline or the story; what is typed answers that field's error. */
  function edit(field: "title" | "body", value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((current) => without(current, field));
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFailed(null);
    setPublished(null);
    const local = checkDraft(draft);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      summary.current?.focus();
      return;
    }
    const sent = draft.chosen;
    const input = { partyId, title: draft.title, body: draft.body, matchIds: sent.map((m) => m.id) };
    const result = await publish({ input: { ...input, idempotencyKey: attempts.keyFor(input) } });
    const payloadErrors = result.data?.publishStory.errors ?? [];
    if (result.error || payloadErrors.length > 0) {
      setFailed(errorKey(result.error));
      setErrors(tiedToMatches(payloadErrors, sent));
      summary.current?.focus();
      return;
    }
    attempts.done();
    setDraft(EMPTY_DRAFT);
    setPublished({ title: result.data?.publishStory.story?.title ?? draft.title, matches: sent });
    // Published: focus goes to the word that it is, with the links to the needs told of.
    focusAfterRender(() => summary.current);
    onPublished();
  }

  const count = Object.keys(errors).length;
  const unplaced = Object.entries(errors).filter(([field]) => !["title", "body", "matchIds"].includes(field) && !field.startsWith("match:"));
  const counter = (text: string, max: number) => t("form.characters", { n: characters(text), max });
  const positionOf = (id: string) => draft.chosen.findIndex((m) => m.id === id) + 1;

  return (
    <div className="media-layout">
      <section className="panel compose" aria-labelledby="compose-title">
        <h2 id="compose-title">{t("media.compose")}</h2>
        <form onSubmit={onSubmit} noValidate aria-labelledby="compose-title">
          <div ref={summary} tabIndex={-1}>
            {published && (
              <Notice>
                <p>
                  <Sentence id="media.published" vars={{ title: published.title }} />
                </p>
                <NeedLinks matches={published.matches} label={t("stories.toldOf")} />
              </Notice>
            )}
            {count > 0 && (
              <Notice kind="error">
                {t(count === 1 ? "error.formHasErrors.one" : "error.formHasErrors", { count })}
                {unplaced.map(([field, error]) => (
                  <span key={field}> {errorText(error)}</span>
                ))}
              </Notice>
            )}
            {failed && <Notice kind="error">{t(failed)}</Notice>}
          </div>
          <fieldset aria-describedby={errors.matchIds ? listErrorId : undefined}>
            <legend>{t("media.chosen")}</legend>
            <p className="hint" aria-live="polite" data-testid="chosen-count">
              {t("media.chosenCount", { n: draft.chosen.length, max: MAX_MATCHES })}
            </p>
            {draft.chosen.length === 0 ? (
              <p className="hint">{t("media.noneChosen")}</p>
            ) : (
              <ol className="chosen" data-testid="chosen">
                {draft.chosen.map((match) => {
                  // Said here too: the match itself may be scrolled or filtered out of view.
                  const error = errorText(errors[matchKey(match.id)]);
                  const errorId = `${listErrorId}-${match.id}`;
                  return (
                    <li key={match.id}>
                      <span>
                        <span lang={textLang(match.need?.title)}>{match.need?.title}</span> ·{" "}
                        <span lang={textLang(match.school?.name)}>{match.school?.name}</span>
                      </span>
                      <button type="button" className="button ghost" aria-describedby={error ? errorId : undefined} onClick={() => toggle(match)}>
                        {t("media.remove")}
                        <span className="visually-hidden">
                          : <span lang={textLang(match.need?.title)}>{match.need?.title}</span>
                        </span>
                      </button>
                      {error && (
                        <p className="field-error" id={errorId}>
                          {error}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ol>
            )}
            {errors.matchIds && (
              <p className="field-error" id={listErrorId}>
                {errorText(errors.matchIds)}
              </p>
            )}
          </fieldset>
          <Field label={t("media.headline")} hint={counter(draft.title, MAX_TITLE)} error={errorText(errors.title)}>
            {(props) => <input {...props} name="title" value={draft.title} onChange={(e) => edit("title", e.target.value)} />}
          </Field>
          <Field label={t("media.body")} hint={`${t("media.bodyHint")} ${counter(draft.body, MAX_BODY)}`} error={errorText(errors.body)}>
            {(props) => <textarea {...props} name="body" rows={10} value={draft.body} onChange={(e) => edit("body", e.target.value)} />}
          </Field>
          <BusyButton busy={state.fetching} className="button primary">
            {state.fetching ? t("media.publishing") : t("media.publish")}
          </BusyButton>
        </form>
      </section>
      <section aria-labelledby="confirmed-title">
        <h2 id="confirmed-title">{t("media.confirmed")}</h2>
        <p className="hint">{t("media.confirmedHint")}</p>
        <form className="filters" role="search" aria-label={t("media.filter")} onSubmit={(e) => e.preventDefault()}>
          <RegionSelect value={region} onChange={setRegion} />
        </form>
        {/* Not the list itself: a new region or page would read every card again. */}
        <ResultsStatus counts={counts} words={CONFIRMED_WORDS} />
        <ul className="card-list one-column" data-testid="confirmed">
          {cursors.map((after, index) => (
            <ConfirmedChunk
              key={`${region}-${after ?? "first"}`}
              regionCode={region}
              after={after}
              isLast={index === cursors.length - 1}
              onMore={more}
              onCount={report}
              row={(match) => (
                <ConfirmedRow
                  match={match}
                  position={positionOf(match.id)}
                  refused={refused === match.id}
                  error={errorText(errors[matchKey(match.id)])}
                  listErrorId={errors.matchIds ? listErrorId : undefined}
                  onToggle={() => toggle(match)}
                />
              )}
            />
          ))}
        </ul>
      </section>
    </div>
  );
}

/** Retracting a published story: 撤回 opens the reason (public, required) and the buttons to
 * confirm or go back (Escape goes back too). Refused, the reason stays, the error beside it or in
 * the form; retracted, the story goes to `onRetracted`, for the list to leave it out, and so it
 * does when it was retracted already (`already`: by another editor, or the platform). */
function RetractStory({ story, onRetracted }: { story: Story; onRetracted: (story: Story, already?: boolean) => void }) {
  const { t, textLang } = useI18n();
  const errorText = useErrorText("story");
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<FieldError | undefined>();
  const [message, setMessage] = useState<Message>(null);
  const [state, retract] = useMutation(RetractStoryDocument);
  // The same retraction sent again (a retry after a lost answer) is done once.
  const attempts = useAttempts();
  // Opening focuses the reason; closing gives focus back to 撤回.
  const { form, opener, setOpenFocused } = useInlineForm(setOpen);
  // Refused, focus goes to the reason (its error read with it), else to the message.
  const { focusInvalid } = useFocusInvalid(form);
  const messageBox = useRef<HTMLDivElement>(null);
  const refused = () => focusInvalid(() => messageBox.current);

  function cancel() {
    setReasonError(undefined);
    setMessage(null);
    setOpenFocused(false);
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    if (reason.trim() === "") {
      setReasonError({ field: "reason", code: "REQUIRED", message: "" });
      refused();
      return;
    }
    if (characters(reason) > MAX_REASON) {
      setReasonError({ field: "reason", code: "TOO_LONG", message: "" });
      refused();
      return;
    }
    setReasonError(undefined);
    const input = { id: story.id, reason };
    const result = await retract({ input: { ...input, idempotencyKey: attempts.keyFor(input) } });
    if (result.error) {
      setMessage({ kind: "error", key: errorKey(result.error)! });
      refused();
      return;
    }
    const errors = result.data?.retractStory.errors ?? [];
    if (errors.length > 0) {
      const rest = errors.filter((e) => e.field !== "reason");
      // Retracted already (by another editor, or the platform): the list is out of date, and
      // the story leaves it as if retracted here.
      if (rest.some((e) => e.code === "INVALID_TRANSITION")) {
        attempts.done();
        onRetracted(story, true);
        return;
      }
      setReasonError(errors.find((e) => e.field === "reason"));
      setMessage(rest.length > 0 ? { kind: "error", errors: rest } : null);
      refused();
      return;
    }
    attempts.done();
    onRetracted(story);
  }

  if (!open) {
    return (
      <div className="button-row">
        <button ref={opener} type="button" className="button secondary" onClick={() => setOpenFocused(true)}>
          {t("media.retract")}
          <span className="visually-hidden">
            : <span lang={textLang(story.title)}>{story.title}</span>
          </span>
        </button>
      </div>
    );
  }
  return (
    <form
      ref={form}
      onSubmit={confirm}
      noValidate
      aria-label={t("media.retractStory", { title: story.title })}
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        cancel();
      }}
    >
      <div ref={messageBox} tabIndex={-1}>
        <ActionNotice message={message} />
      </div>
      <Field
        label={t("media.retractReason")}
        hint={`${t("media.retractHint")} ${t("form.characters", { n: characters(reason), max: MAX_REASON })}`}
        error={errorText(reasonError)}
      >
        {(props) => (
          <textarea
            {...props}
            name="reason"
            rows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(undefined);
            }}
          />
        )}
      </Field>
      <div className="button-row">
        <BusyButton busy={state.fetching} className="button danger">
          {state.fetching ? t("media.retracting") : t("media.confirmRetract")}
        </BusyButton>
        <button type="button" className="button ghost" onClick={cancel}>
          {t("media.cancelRetract")}
        </button>
      </div>
    </form>
  );
}

/** The party's published stories, newest first, each with 撤回; one retracted (here, or already
 * elsewhere) leaves the list, and a notice (which takes focus, the story's buttons gone with it)
 * says so. */
function OurStories({ partyId, publishedCount }: { partyId: string; publishedCount: number }) {
  const { t } = useI18n();
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<Message>(null);
  const notice = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();

  function retracted(story: Story, already = false) {
    setGone((current) => new Set(current).add(story.id));
    setMessage(already ? { kind: "error", key: "media.alreadyRetracted" } : { kind: "ok", key: "media.retracted", vars: { title: story.title } });
    focusAfterRender(() => notice.current);
  }

  return (
    <section aria-labelledby="our-stories">
      <h2 id="our-stories">{t("media.yourStories")}</h2>
      <p className="hint">{t("media.yourStoriesHint")}</p>
      <div ref={notice} tabIndex={-1}>
        <MessageNotice message={message} />
      </div>
      <StoryList
        key={publishedCount}
        filter={{ partyId }}
        empty="media.noStories"
        gone={gone}
        actions={(story) => story.status !== "RETRACTED" && <RetractStory story={story} onRetracted={retracted} />}
      />
    </section>
  );
}

function MediaHome() {
  const { t, textLang } = useI18n();
  const { viewer } = useViewer();
  const parties = membershipsWith(viewer, ["MEDIA_EDITOR"]).flatMap((m) => (m.party?.kind === "MEDIA" ? [m.party] : []));
  const [chosen, setChosen] = useState(parties[0]?.id ?? "");
  // The same request as the list's first page, unfiltered (urql sends it once): is anything
  // confirmed at all?
  const [anyConfirmed, refetchAny] = useQuery({ query: WebFulfilmentDocument, variables: { first: PAGE_SIZE, after: null, filter: confirmedIn("") } });
  const [publishedCount, setPublishedCount] = useState(0);
  const party = parties.find((p) => p.id === chosen) ?? parties[0];
  if (!party) {
    return (
      <>
        <h1>{t("media.title")}</h1>
        <Notice kind="error">{t("auth.noRole")}</Notice>
      </>
    );
  }
  const nothingConfirmed = anyConfirmed.data?.matches.edges.length === 0;
  return (
    <>
      <h1>
        {t("media.title")} · <span lang={textLang(party.name)}>{party.name}</span>
      </h1>
      <PartyChoice label={t("media.party")} parties={parties} value={party.id} onChange={setChosen} />
      <p className="hint">{t("media.intro")}</p>
      {anyConfirmed.fetching && !anyConfirmed.data && <Loading />}
      <ErrorNotice error={anyConfirmed.error} retry={() => refetchAny({ requestPolicy: "network-only" })} />
      {nothingConfirmed && <Empty>{t("media.noneConfirmed")}</Empty>}
      {anyConfirmed.data && !nothingConfirmed && <StoryComposer partyId={party.id} onPublished={() => setPublishedCount((n) => n + 1)} />}
      <OurStories key={party.id} partyId={party.id} publishedCount={publishedCount} />
    </>
  );
}

export default function MediaPage() {
  return (
    <RequireRole roles={["MEDIA_EDITOR"]}>
      <MediaHome />
    </RequireRole>
  );
}
