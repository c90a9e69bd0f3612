import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { useClient, useQuery } from "urql";
import { Empty, ErrorNotice, Field, Loading, Notice } from "../components/ui";
import { LedgerDocument, LedgerEntriesDocument, LedgerInclusionProofDocument, type LedgerQuery } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { verifyEntry, type Verification } from "../lib/ledger";
import { parseEntry, type ParsedEntry } from "../lib/ledgerEntries";
import { useFocusInvalid } from "../lib/focus";

const PAGE = 20;
type Checkpoint = NonNullable<LedgerQuery["ledger"]["latestCheckpoint"]>;

/** The entities whose entries' `quantity` counts units of a need item: a match, and the
 * deliveries and receipts of its units. A need's entries carry none; a pledge's count what was
 * left of it in its own unit, which the entry does not state (fen for money, said already by
 * the entry's value), so they show none either. */
const COUNTS_ITEM_UNITS: ReadonlySet<string> = new Set(["match", "delivery", "receipt"]);

/** The label group of each entity's statuses; deliveries' and receipts' are `ledgerStatus`. */
const STATUS_GROUPS: ReadonlyMap<string, string> = new Map([
  ["need", "needStatus"],
  ["match", "matchStatus"],
  ["pledge", "pledgeStatus"],
  ["story", "storyStatus"],
]);

/** One entry in words: what changed, from which status to which, when and for how much. */
export function EntrySummary({ entry }: { entry: ParsedEntry }) {
  const { t, label, yuan, number, dateTime } = useI18n();
  const f = entry.fields;
  if (!f) return <code className="entry-raw">{entry.entry}</code>;
  const group = STATUS_GROUPS.get(f.entity) ?? "ledgerStatus";
  const status = (s: string | null) => (s === null ? t("ledger.created") : group ? label(group, s) : s);
  return (
    <span>
      <strong>
        {label("ledger.entity", f.entity)} #{f.id}
      </strong>{" "}
      {status(f.from)} → {status(f.to)}
      {f.value_fen > 0 && <> · {yuan(f.value_fen)}</>}
      {f.quantity > 0 && COUNTS_ITEM_UNITS.has(f.entity) && <> · ×{number(f.quantity)}</>}
      <span className="hint">
        {" "}
        · {label("role", f.actor_role)} · {dateTime(new Date(f.at * 1000).toISOString())}
      </span>
    </span>
  );
}

/** Fetches the inclusion proof and checks everything in the browser. */
export function useVerify(checkpoint: Checkpoint | null | undefined, publicKey: string | undefined) {
  const client = useClient();
  const [state, setState] = useState<{ index: number; running: boolean; result?: Verification; requestFailed?: boolean } | null>(null);
  async function run(entry: ParsedEntry) {
    if (!checkpoint || !publicKey) return;
    setState({ index: entry.index, running: true });
    const proof = await client
      .query(LedgerInclusionProofDocument, { index: entry.index, treeSize: checkpoint.treeSize }, { requestPolicy: "network-only" })
      .toPromise();
    if (proof.error || !proof.data) {
      setState({ index: entry.index, running: false, requestFailed: true });
      return;
    }
    const result = await verifyEntry({
      index: entry.index,
      entry: entry.entry,
      storedLeafHash: entry.leafHash,
      proof: proof.data.ledger.inclusionProof,
      checkpoint: { ...checkpoint, timestamp: String(checkpoint.timestamp) },
      publicKey,
    });
    setState({ index: entry.index, running: false, result });
  }
  return { state, run };
}

export function VerificationResult({
  state,
  checkpoint,
}: {
  state: ReturnType<typeof useVerify>["state"];
  checkpoint: Checkpoint;
}) {
  const { t } = useI18n();
  const panel = useRef<HTMLElement>(null);
  // The result appears above the list: it is brought on screen and focused, so one who pressed
  // 验证 at the bottom of a long list sees it, and a screen reader reads it.
  useEffect(() => {
    if (!state || state.running) return;
    panel.current?.scrollIntoView?.({ block: "nearest" });
    panel.current?.focus({ preventScroll: true });
  }, [state]);
  if (!state) return null;
  if (state.running) {
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        {t("ledger.checking")}
      </p>
    );
  }
  const result = state.result;
  const reason = state.requestFailed ? t("ledger.fail.request") : result?.failure ? t(`ledger.fail.${result.failure}` as MessageKey) : "";
  return (
    <section
      ref={panel}
      tabIndex={-1}
      className={`panel verification ${result?.ok ? "verified" : "failed"}`}
      aria-labelledby="verification-title"
      data-testid="verification"
    >
      <h2 id="verification-title">{t("ledger.result", { n: state.index })}</h2>
      {result?.ok ? <Notice>{t("ledger.verified")}</Notice> : <Notice kind="error">{t("ledger.failed", { reason })}</Notice>}
      {result && (
        <details open={!result.ok}>
          <summary>{t("ledger.steps")}</summary>
          <dl className="pairs hashes">
            <div>
              <dt>{t("ledger.stepLeaf")}</dt>
              <dd>
                <code>{result.leafHash ?? "—"}</code>
              </dd>
            </div>
            <div>
              <dt>{t("ledger.stepRoot")}</dt>
              <dd>
                <code>{result.computedRoot ?? "—"}</code>
              </dd>
            </div>
            <div>
              <dt>{t("ledger.stepCheckpointRoot")}</dt>
              <dd>
                <code>{checkpoint.rootHash}</code>
              </dd>
            </div>
            <div>
              <dt>{t("ledger.stepSignature")}</dt>
              <dd>
                {result.signatureValid === true ? t("ledger.valid") : result.signatureValid === false ? t("ledger.invalid") : t("ledger.unchecked")}
              </dd>
            </div>
          </dl>
          {result.detail && <p className="hint">{result.detail}</p>}
        </details>
      )}
    </section>
  );
}

function CheckpointPanel({ ledger }: { ledger: LedgerQuery["ledger"] }) {
  const { t, number, dateTime } = useI18n();
  const cp = ledger.latestCheckpoint;
  return (
    <section className="panel" aria-labelledby="checkpoint-title">
      <h2 id="checkpoint-title">{t("ledger.checkpoint")}</h2>
      {!cp ? (
        <Empty>{t("ledger.noCheckpoint")}</Empty>
      ) : (
        <>
          <dl className="pairs hashes" data-testid="checkpoint">
            <div>
              <dt>{t("ledger.size")}</dt>
              <dd>{number(cp.treeSize)}</dd>
            </div>
            <div>
              <dt>{t("ledger.root")}</dt>
              <dd>
                <code>{cp.rootHash}</code>
              </dd>
            </div>
            <div>
              <dt>{t("ledger.time")}</dt>
              <dd>{dateTime(new Date(Number(cp.timestamp) * 1000).toISOString())}</dd>
            </div>
            <div>
              <dt>{t("ledger.keyId")}</dt>
              <dd>
                <code>{cp.keyId}</code>
              </dd>
            </div>
            <div>
              <dt>{t("ledger.publicKey")}</dt>
              <dd>
                <code>{ledger.publicKey}</code>
              </dd>
            </div>
          </dl>
          <p className="hint">{t("ledger.publicKeyHint")}</p>
          <p className="hint">{t("ledger.totalSize", { n: number(ledger.size), m: number(cp.treeSize) })}</p>
        </>
      )}
    </section>
  );
}

export default function LedgerPage() {
  const { t, number } = useI18n();
  const [params, setParams] = useSearchParams();
  const [head, refetchHead] = useQuery({ query: LedgerDocument, requestPolicy: "network-only" });
  const ledger = head.data?.ledger;
  const wanted = params.get("entry");
  const asked = wanted !== null && /^\d+$/.test(wanted) ? Number(wanted) : null;
  // An index past the end (a mistyped link) shows the newest page with a word on the size.
  const fromParam = params.get("from");
  const from = fromParam !== null && /^\d+$/.test(fromParam) ? Number(fromParam) : null;
  // So does a page starting past the end (?from=99999), rather than nothing and an "older" link
  // to more nothing.
  const beyond = ledger !== undefined && ((asked !== null && asked >= ledger.size) || (from !== null && from > 0 && from >= ledger.size));
  const wantedIndex = beyond ? null : asked;
  // Newest page first; ?from=N starts at entry N, ?entry=N shows the page holding N.
  const start =
    wantedIndex !== null
      ? Math.floor(wantedIndex / PAGE) * PAGE
      : from !== null && !beyond
        ? from
        : Math.max(0, (ledger?.size ?? 0) - PAGE);
  const [page, refetchPage] = useQuery({
    query: LedgerEntriesDocument,
    variables: { first: PAGE, after: start === 0 ? null : String(start - 1) },
    pause: !ledger,
  });
  const entries = page.data?.ledger.entries.edges.map((e) => parseEntry(e.node)) ?? [];
  const checkpoint = ledger?.latestCheckpoint;
  const { state, run } = useVerify(checkpoint, ledger?.publicKey);
  const [goTo, setGoTo] = useState("");
  const [goToProblem, setGoToProblem] = useState<"notNumber" | "beyond" | null>(null);
  // An index refused takes focus back to the box, its error read with it.
  const { form: goToForm, focusInvalid } = useFocusInvalid();

  // A deep link to an entry verifies it at once.
  useEffect(() => {
    if (wantedIndex === null || !checkpoint) return;
    const entry = entries.find((e) => e.index === wantedIndex);
    if (entry && state?.index !== wantedIndex && wantedIndex < checkpoint.treeSize) void run(entry);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wantedIndex, checkpoint?.treeSize, entries.length]);

  if (head.fetching && !ledger) return <Loading />;
  if (!ledger) return <ErrorNotice error={head.error} retry={() => refetchHead({ requestPolicy: "network-only" })} />;
  const last = start + entries.length - 1;
  const onlyN = t("ledger.onlyN", { n: number(ledger.size), last: number(Math.max(0, ledger.size - 1)) });
  return (
    <>
      <h1>{t("ledger.title")}</h1>
      <p>{t("ledger.intro")}</p>
      <CheckpointPanel ledger={ledger} />
      {checkpoint && <VerificationResult state={state} checkpoint={checkpoint} />}
      <section aria-labelledby="entries-title">
        <div className="section-head">
          <h2 id="entries-title">{t("ledger.entries")}</h2>
          <form
            ref={goToForm}
            className="inline-go"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const text = goTo.trim().replace(/^#/, "");
              if (!/^\d+$/.test(text)) {
                setGoToProblem("notNumber");
                focusInvalid();
              } else if (Number(text) >= ledger.size) {
                setGoToProblem("beyond");
                focusInvalid();
              } else {
                setGoToProblem(null);
                setParams({ entry: String(Number(text)) });
              }
            }}
          >
            <Field label={t("ledger.goTo")} error={goToProblem === "notNumber" ? t("ledger.goToNumber") : goToProblem === "beyond" ? onlyN : undefined}>
              {(props) => (
                <input
                  {...props}
                  inputMode="numeric"
                  value={goTo}
                  onChange={(e) => {
                    setGoTo(e.target.value);
                    setGoToProblem(null);
                  }}
                />
              )}
            </Field>
            <button type="submit" className="button secondary">
              {t("ledger.go")}
            </button>
          </form>
        </div>
        {beyond && <Notice kind="error">{onlyN}</Notice>}
        {page.fetching && !page.data && <Loading />}
        <ErrorNotice error={page.error} retry={() => refetchPage({ requestPolicy: "network-only" })} />
        {page.data && entries.length === 0 && <Empty>{t("ledger.empty")}</Empty>}
        {entries.length > 0 && (
          <>
            <p className="hint">{t("ledger.page", { from: number(start), to: number(last) })}</p>
            {/* Newest first: the list counts down, each item numbered by its entry's index. */}
            <ol className="plain-list entries" reversed start={entries[entries.length - 1].index} data-testid="ledger-entries">
              {[...entries].reverse().map((entry) => (
                <li key={entry.index} value={entry.index} className={`row${state?.index === entry.index ? " selected" : ""}`}>
                  <span className="entry-text">
                    <span className="entry-index">#{entry.index}</span> <EntrySummary entry={entry} />
                  </span>
                  {checkpoint && entry.index < checkpoint.treeSize ? (
                    <button type="button" className="button secondary" onClick={() => void run(entry)} aria-label={t("ledger.verifyN", { n: entry.index })}>
                      {t("ledger.verify")}
                    </button>
                  ) : (
                    <span className="hint">{t("ledger.notCovered")}</span>
                  )}
                </li>
              ))}
            </ol>
          </>
        )}
        <nav className="button-row" aria-label={t("ledger.pages")}>
          {start > 0 && (
            <Link className="button ghost" to={`/ledger?from=${Math.max(0, start - PAGE)}`}>
              {t("ledger.previous")}
            </Link>
          )}
          {last + 1 < ledger.size && (
            <Link className="button ghost" to={`/ledger?from=${start + PAGE}`}>
              {t("ledger.next")}
            </Link>
          )}
        </nav>
      </section>
    </>
  );
}
