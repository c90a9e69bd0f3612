import { useState } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { RequireRole } from "../components/Layout";
import { RegionSelect } from "../components/RegionSelect";
import { Empty, ErrorNotice, Field, Loading, Notice, ProgressBar, StatusBadge, useErrorText } from "../components/ui";
import {
  InviteMemberDocument,
  MatchingRunProgressDocument,
  StartMatchingRunDocument,
  WebMatchingRunsDocument,
  WebPartiesDocument,
  type PartyKind,
  type Role,
  type WebMatchingRunsQuery,
} from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { errorKey, errorsByField, newIdempotencyKey, type FieldError } from "../lib/errors";

const ROLES: Role[] = ["PRINCIPAL", "SCHOOL_STAFF", "DONOR_ADMIN", "GOV_OFFICIAL", "MEDIA_EDITOR", "PLATFORM_ADMIN"];

function RunProgress({ runId, onFinished }: { runId: string; onFinished: () => void }) {
  const { t, label, number } = useI18n();
  const [result] = useSubscription({ query: MatchingRunProgressDocument, variables: { runId } }, (_prev, data) => {
    if (data.matchingRunProgress.status === "SUCCEEDED" || data.matchingRunProgress.status === "FAILED") onFinished();
    return data;
  });
  const run = result.data?.matchingRunProgress;
  if (!run) return result.error ? <ErrorNotice error={result.error} /> : <Loading />;
  return (
    <div className="panel" aria-live="polite" data-testid="run-progress">
      <ProgressBar value={run.progress} max={100} label={`${t("admin.progress")}: ${number(run.progress)}%`} />
      <p>
        <StatusBadge group="runStatus" value={run.status} /> {t("admin.stage", { stage: label("runStage", run.stage) })} ·{" "}
        {t("admin.parts", { done: run.partsDone, total: run.partsTotal })} · {t("admin.proposals", { n: number(run.proposalsCount) })}
      </p>
      {run.status === "FAILED" && <Notice kind="error">{t("admin.runFailed", { error: run.error ?? "" })}</Notice>}
      {run.status === "SUCCEEDED" && <Notice>{t("admin.runDone")}</Notice>}
    </div>
  );
}

function MatchingRun() {
  const { t, yuan, number, dateTime } = useI18n();
  const errorText = useErrorText();
  const [region, setRegion] = useState("");
  const [regionError, setRegionError] = useState<string | undefined>();
  const [dryRun, setDryRun] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [state, start] = useMutation(StartMatchingRunDocument);
  const [runs, refetchRuns] = useQuery({ query: WebMatchingRunsDocument, variables: { first: 5 } });

  async function onStart(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    // The engine runs over a province, city or county (a 2-, 4- or 6-digit code), never all of China.
    if (region.length < 2) {
      setRegionError(t("admin.regionRequired"));
      return;
    }
    setRegionError(undefined);
    const result = await start({ input: { regionCode: region, dryRun, idempotencyKey: newIdempotencyKey() } });
    const payload = result.data?.startMatchingRun;
    if (result.error) setMessage(t(errorKey(result.error)!));
    else if (payload?.errors.length) {
      const onRegion = payload.errors.find((e) => e.field === "regionCode");
      setRegionError(errorText(onRegion));
      const rest = payload.errors.filter((e) => e !== onRegion);
      if (rest.length > 0) setMessage(rest.map((e) => errorText(e)).join(" "));
    } else if (payload?.run) setRunId(payload.run.id);
  }

  const regionName = (run: WebMatchingRunsQuery["matchingRuns"]["edges"][number]["node"]) => {
    if (!run.region) return run.regionCode || t("admin.national");
    return run.region.parent && run.region.code.length > 2 ? `${run.region.parent.name} ${run.region.name}` : run.region.name;
  };

  const list = runs.data?.matchingRuns.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="run-title">
      <h2 id="run-title">{t("admin.run")}</h2>
      <form onSubmit={onStart}>
        <fieldset>
          <legend>{t("admin.runRegion")}</legend>
          <p className="hint">{t("admin.regionHint")}</p>
          <RegionSelect
            value={region}
            required
            error={regionError}
            onChange={(code) => {
              setRegion(code);
              if (code.length >= 2) setRegionError(undefined);
            }}
          />
        </fieldset>
        <div className="field checkbox">
          <input id="dry-run" type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          <label htmlFor="dry-run">{t("admin.dryRun")}</label>
        </div>
        {message && <Notice kind="error">{message}</Notice>}
        <button type="submit" className="button primary" disabled={state.fetching}>
          {t("admin.start")}
        </button>
      </form>
      {runId && <RunProgress key={runId} runId={runId} onFinished={() => refetchRuns({ requestPolicy: "network-only" })} />}
      <h3>{t("admin.recentRuns")}</h3>
      {runs.fetching && !runs.data && <Loading />}
      <ErrorNotice error={runs.error} />
      {runs.data && list.length === 0 && <Empty>{t("admin.noRuns")}</Empty>}
      <ul className="plain-list">
        {list.map((run) => (
          <li key={run.id}>
            <StatusBadge group="runStatus" value={run.status} /> {regionName(run)}
            {run.dryRun && <> ({t("admin.dryRunShort")})</>} · {dateTime(run.createdAt)} ·{" "}
            {t("admin.proposals", { n: number(run.proposalsCount) })} · {yuan(run.proposedValueFen)}
          </li>
        ))}
      </ul>
    </section>
  );
}

const ROLE_BY_KIND: Partial<Record<PartyKind, Role>> = { SCHOOL: "PRINCIPAL", GOVERNMENT: "GOV_OFFICIAL", MEDIA: "MEDIA_EDITOR" };

function Invite() {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const [search, setSearch] = useState("");
  const [partyId, setPartyId] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("PRINCIPAL");
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [chosenName, setChosenName] = useState("");
  const [parties] = useQuery({ query: WebPartiesDocument, variables: { first: 8, filter: { text: search } }, pause: search.trim().length < 2 });
  const [state, invite] = useMutation(InviteMemberDocument);

  async function onInvite(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    if (email.trim() === "") {
      setErrors({ email: { field: "email", code: "REQUIRED", message: "" } });
      return;
    }
    const result = await invite({ input: { partyId, email, role, idempotencyKey: newIdempotencyKey() } });
    if (result.error) {
      setMessage({ kind: "error", text: t(errorKey(result.error)!) });
      return;
    }
    const payload = result.data!.inviteMember;
    setErrors(errorsByField(payload.errors));
    if (payload.invitation) {
      setMessage({ kind: "ok", text: t("admin.invited", { email: payload.invitation.email }) });
      setEmail("");
    } else if (payload.errors.some((e) => !e.field)) {
      setMessage({ kind: "error", text: errorText(payload.errors.find((e) => !e.field)) ?? "" });
    }
  }

  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">{t("admin.invite")}</h2>
      <form onSubmit={onInvite} noValidate>
        <Field label={t("admin.searchParty")}>
          {(props) => <input {...props} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
        </Field>
        {parties.data && (
          <ul className="plain-list">
            {parties.data.parties.edges.map(({ node }) => (
              <li key={node.id} className="row">
                <span>
                  {node.name} · <span className="tag">{label("partyKind", node.kind)}</span> {node.region?.name}
                </span>
                <button
                  type="button"
                  className="button ghost"
                  onClick={() => {
                    setPartyId(node.id);
                    setChosenName(node.name);
                    setRole(ROLE_BY_KIND[node.kind] ?? "DONOR_ADMIN");
                  }}
                >
                  {t("admin.choose")} <span className="visually-hidden">{node.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <Field label={t("admin.partyId")} hint={chosenName || undefined} error={errorText(errors.partyId)}>
          {(props) => (
            <input
              {...props}
              value={partyId}
              onChange={(e) => {
                setPartyId(e.target.value);
                setChosenName("");
              }}
            />
          )}
        </Field>
        <Field label={t("admin.email")} error={errorText(errors.email)}>
          {(props) => <input {...props} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t("admin.role")} error={errorText(errors.role)}>
          {(props) => (
            <select {...props} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {label("role", r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
        <button type="submit" className="button primary" disabled={state.fetching}>
          {t("admin.invite")}
        </button>
      </form>
    </section>
  );
}

export default function AdminPage() {
  const { t } = useI18n();
  return (
    <RequireRole roles={["PLATFORM_ADMIN"]}>
      <h1>{t("admin.title")}</h1>
      <MatchingRun />
      <Invite />
    </RequireRole>
  );
}
