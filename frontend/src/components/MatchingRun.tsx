import { useRef, useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery, useSubscription } from "urql";
import {
  MatchingRunProgressDocument,
  StartMatchingRunDocument,
  WebMatchingRunsDocument,
  WebRunUnfundedDocument,
  type RunFailure,
  type WebMatchingRunsQuery,
} from "../gql/graphql";
import type { RegionNames } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { errorKey, newIdempotencyKey } from "../lib/errors";
import { useFocusAfterRender, useFocusInvalid } from "../lib/focus";
import { RegionSelect } from "./RegionSelect";
import { BusyButton, Empty, ErrorNotice, Field, Loading, MessageNotice, Notice, ProgressBar, StatusBadge, useMessageText, type Message } from "./ui";

const RUNS_FIRST = 5;
const RUNS_MORE = 20;
const RUNS_MAX = 100;
/** The closest misses listed under a finished run: a short list, not the engine's whole report. */
const UNFUNDED_SHOWN = 10;

type RecentRun = WebMatchingRunsQuery["matchingRuns"]["edges"][number]["node"];

/** Why a run failed, in the reader's words: from the run's `failure` code; English readers also
 * get the server's own message (`error`). */
export function useRunFailureText(): (failure: RunFailure | null | undefined, error: string | null | undefined) => string {
  const { t, locale } = useI18n();
  return (failure, error) => {
    const message = (error ?? "").trim();
    if (locale === "en" && message) return t("admin.runFailed", { error: message });
    switch (failure) {
      case "TOO_LARGE":
        return t("admin.runFailedTooLarge");
      case "RESTARTED":
        return t("admin.runFailedRestarted");
      case "TIMED_OUT":
        return t("admin.runFailedTimedOut");
      case "QUEUE_UNAVAILABLE":
        return t("admin.runFailedQueue");
      default:
        return t("admin.runFailedGeneric");
    }
  };
}

/** A run's live progress: its status, the stage while it works (once finished the status says it
 * all), its parts and proposals. */
export function RunProgress({ runId, onFinished }: { runId: string; onFinished: () => void }) {
  const { t, label, number } = useI18n();
  const failureText = useRunFailureText();
  const [result] = useSubscription({ query: MatchingRunProgressDocument, variables: { runId } }, (_prev, data) => {
    if (data.matchingRunProgress.status === "SUCCEEDED" || data.matchingRunProgress.status === "FAILED") onFinished();
    return data;
  });
  const run = result.data?.matchingRunProgress;
  if (!run) return result.error ? <ErrorNotice error={result.error} /> : <Loading />;
  const finished = run.status === "SUCCEEDED" || run.status === "FAILED";
  const stage = t("admin.stage", { stage: label("runStage", run.stage) });
  // Finished without a single part: the region had no open need, or no pledge that could serve one.
  const nothing = run.status === "SUCCEEDED" && run.partsTotal === 0;
  // Only a short line is live: the status and the stage while it works (the bar, the parts and
  // proposals change all the time, and would be read again on every step); once finished, the
  // notices below (there from the start, empty until then) say how it ended.
  return (
    <div className="panel" data-testid="run-progress">
      <ProgressBar value={run.progress} max={100} label={`${t("admin.progress")}: ${number(run.progress)}%`} />
      <p>
        <StatusBadge group="runStatus" value={run.status} /> {!finished && <>{stage} · </>}
        {!nothing && (
          <>
            {t("admin.parts", { done: number(run.partsDone), total: number(run.partsTotal) })} · {t("admin.proposals", { n: number(run.proposalsCount) })}
          </>
        )}
      </p>
      <p className="visually-hidden" role="status" data-testid="run-stage">
        {!finished && `${label("runStatus", run.status)} · ${stage}`}
      </p>
      <Notice kind="error">{run.status === "FAILED" && failureText(run.failure, run.error)}</Notice>
      <Notice>{run.status === "SUCCEEDED" && t(nothing ? "admin.runNothing" : "admin.runDone")}</Notice>
    </div>
  );
}

/** What a finished run left unfunded: how many items, and (opened) the closest misses first, as
 * the API orders them, each with its need, school and place, and by how many points it missed. */
function Unfunded({ run }: { run: RecentRun }) {
  const { t, number, regionPath, textLang } = useI18n();
  const [open, setOpen] = useState(false);
  // Read once opened: most runs' lists are never looked at.
  const [result, refetch] = useQuery({
    query: WebRunUnfundedDocument,
    variables: { id: run.id, first: UNFUNDED_SHOWN },
    pause: !open,
  });
  if (run.partsTotal === 0) return <p className="hint">{t("admin.runNothing")}</p>;
  if (run.unfundedCount === 0) return <p className="hint">{t("admin.unfundedNone")}</p>;
  const node = result.data?.node;
  const items = node && "unfunded" in node ? node.unfunded : [];
  const rest = run.unfundedCount - items.length;
  return (
    <details className="unfunded" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("admin.unfundedCount", { n: number(run.unfundedCount) })}</summary>
      <p className="hint">{t("admin.unfundedHint")}</p>
      {result.fetching && !result.data && <Loading />}
      <ErrorNotice error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />
      <ol className="unfunded-list">
        {items.map((u, i) => {
          const item = u.needItem;
          const need = item?.need;
          const school = need?.school?.name;
          return (
            <li key={item?.id ?? i}>
              <span lang={textLang(item?.description)}>{item?.description}</span>
              {need && (
                <>
                  {" · "}
                  <Link to={`/needs/${encodeURIComponent(need.id)}`} lang={textLang(need.title)}>
                    {need.title}
                  </Link>
                </>
              )}
              {school && (
                <>
                  {" · "}
                  <span lang={textLang(school)}>{school}</span>
                </>
              )}
              {need?.region && <> · {regionPath([need.region.parent, need.region])}</>}
              <br />
              <span className="points-short">{t(u.pointsShort === 1 ? "admin.pointsShort.one" : "admin.pointsShort", { n: number(u.pointsShort) })}</span>
            </li>
          );
        })}
      </ol>
      {result.data && rest > 0 && <p className="hint">{t("admin.unfundedMore", { n: number(rest) })}</p>}
    </details>
  );
}

export interface RunRegion extends RegionNames {
  code: string;
}

/** Start a matching run over a region (dry run or not), watch its progress, and see the recent
 * runs. Without `within`, any province, city or county (platform admins); with it, only inside
 * one of these regions (an official's jurisdictions), the whole of it by default. */
export function MatchingRun({ within }: { within?: readonly RunRegion[] }) {
  const { t, yuan, number, dateTime, regionName, regionPath } = useI18n();
  const messageText = useMessageText();
  const [root, setRoot] = useState(within?.[0]?.code ?? "");
  const [region, setRegion] = useState(root);
  const [regionMessage, setRegionMessage] = useState<Message>(null);
  const [dryRun, setDryRun] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [state, start] = useMutation(StartMatchingRunDocument);
  // The newest few; "more" reads a longer list (at most the server's page of 100).
  const [shown, setShown] = useState(RUNS_FIRST);
  const [runs, refetchRuns] = useQuery({ query: WebMatchingRunsDocument, variables: { first: shown } });
  const rootRegion = within?.find((r) => r.code === root);
  const regionError = regionMessage ? messageText(regionMessage) : undefined;
  const countyError = Boolean(within && root.length >= 6 && regionError);
  // A refusal takes focus to the field it is about (or to the message); a run started, to its progress.
  const { form, focusInvalid } = useFocusInvalid();
  const messageBox = useRef<HTMLDivElement>(null);
  const regionErrorBox = useRef<HTMLParagraphElement>(null);
  const progress = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const focusRefusal = () => focusInvalid(() => regionErrorBox.current ?? messageBox.current);

  async function onStart(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    // The engine runs over a province, city or county (a 2-, 4- or 6-digit code), never all of China.
    if (region.length < 2) {
      setRegionMessage({ kind: "error", key: "admin.regionRequired" });
      focusRefusal();
      return;
    }
    setRegionMessage(null);
    const result = await start({ input: { regionCode: region, dryRun, idempotencyKey: newIdempotencyKey() } });
    const payload = result.data?.startMatchingRun;
    if (result.error) {
      setMessage({ kind: "error", key: errorKey(result.error)! });
      focusRefusal();
    } else if (payload?.errors.length) {
      const onRegion = payload.errors.find((e) => e.field === "regionCode");
      setRegionMessage(onRegion ? { kind: "error", errors: [onRegion] } : null);
      const rest = payload.errors.filter((e) => e !== onRegion);
      if (rest.length > 0) setMessage({ kind: "error", errors: rest });
      focusRefusal();
    } else if (payload?.run) {
      setRunId(payload.run.id);
      focusAfterRender(() => progress.current);
    }
  }

  // A province has no parent; a city or county is named with the one above it.
  const runRegion = (run: RecentRun) =>
    run.region ? regionPath([run.region.parent, run.region]) : run.regionCode || t("admin.national");

  const list = runs.data?.matchingRuns.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="run-title">
      <h2 id="run-title">{t("admin.run")}</h2>
      <form ref={form} onSubmit={onStart}>
        {/* A county-level jurisdiction has no region to choose: its error is the group's. */}
        <fieldset aria-describedby={countyError ? "run-region-error" : undefined}>
          <legend>{t("admin.runRegion")}</legend>
          <p className="hint">{t(within ? "official.runHint" : "admin.regionHint")}</p>
          {within && within.length > 1 && (
            <Field label={t("official.runJurisdiction")}>
              {(props) => (
                <select
                  {...props}
                  aria-invalid={countyError}
                  aria-describedby={[props["aria-describedby"], countyError ? "run-region-error" : ""].filter(Boolean).join(" ") || undefined}
                  value={root}
                  onChange={(e) => {
                    setRoot(e.target.value);
                    setRegion(e.target.value);
                    setRegionMessage(null);
                  }}
                >
                  {within.map((r) => (
                    <option key={r.code} value={r.code}>
                      {regionName(r)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {within && rootRegion && <p>{t("official.runOver", { region: regionName(rootRegion) })}</p>}
          {/* A county-level jurisdiction has nothing smaller to choose. */}
          {(!within || root.length < 6) && (
            <RegionSelect
              key={root}
              value={region}
              root={root}
              required={!within}
              error={regionError}
              onChange={(code) => {
                setRegion(code);
                if (code.length >= 2) setRegionMessage(null);
              }}
            />
          )}
          {countyError && (
            <p className="field-error" id="run-region-error" ref={regionErrorBox} tabIndex={-1}>
              {regionError}
            </p>
          )}
        </fieldset>
        <div className="field checkbox">
          <input id="dry-run" type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          <label htmlFor="dry-run">{t("admin.dryRun")}</label>
        </div>
        <div ref={messageBox} tabIndex={-1}>
          <MessageNotice message={message} />
        </div>
        <BusyButton busy={state.fetching} className="button primary">
          {t("admin.start")}
        </BusyButton>
      </form>
      {runId && (
        <div ref={progress} tabIndex={-1}>
          <RunProgress key={runId} runId={runId} onFinished={() => refetchRuns({ requestPolicy: "network-only" })} />
        </div>
      )}
      <h3 className="recent-runs">{t("admin.recentRuns")}</h3>
      {runs.fetching && !runs.data && <Loading />}
      <ErrorNotice error={runs.error} />
      {runs.data && list.length === 0 && <Empty>{t("admin.noRuns")}</Empty>}
      <ul className="plain-list">
        {list.map((run) => (
          <li key={run.id}>
            <StatusBadge group="runStatus" value={run.status} /> {runRegion(run)}
            {run.dryRun && <> ({t("admin.dryRunShort")})</>} · {dateTime(run.createdAt)} ·{" "}
            {t("admin.proposals", { n: number(run.proposalsCount) })} · {yuan(run.proposedValueFen)}
            {run.status === "SUCCEEDED" && <Unfunded run={run} />}
          </li>
        ))}
      </ul>
      {runs.data?.matchingRuns.pageInfo.hasNextPage && shown < RUNS_MAX && (
        <button type="button" className="button secondary" disabled={runs.fetching} onClick={() => setShown((n) => Math.min(n + RUNS_MORE, RUNS_MAX))}>
          {t("admin.moreRuns")}
        </button>
      )}
    </section>
  );
}
