import { useRef, useState, type ReactNode } from "react";
import { useMutation, useQuery } from "urql";
import { RequireRole } from "../components/Layout";
import { MatchingRun } from "../components/MatchingRun";
import { BusyButton, Field, MessageNotice, SEARCH_MAX, Sentence, useErrorText, type Message } from "../components/ui";
import { InviteMemberDocument, WebPartiesDocument, type PartyKind, type Role } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { errorKey, errorsByField, newIdempotencyKey, type FieldError } from "../lib/errors";
import { useFocusAfterRender, useFocusInvalid } from "../lib/focus";

const ROLES: Role[] = ["PRINCIPAL", "SCHOOL_STAFF", "DONOR_ADMIN", "GOV_OFFICIAL", "MEDIA_EDITOR", "PLATFORM_ADMIN"];

const ROLE_BY_KIND: Partial<Record<PartyKind, Role>> = { SCHOOL: "PRINCIPAL", GOVERNMENT: "GOV_OFFICIAL", MEDIA: "MEDIA_EDITOR" };

/** Parties a search shows at most: past them, typing more narrows it. */
const PARTIES_SHOWN = 8;

/** The invite form's status line, out of sight, there from the start: how many parties a search
 * found (the list itself is not live), or, once one is chosen with 选用, that it was and its ID
 * filled in. */
function PartySearchStatus({
  said,
  chosenName,
  results,
}: {
  said: "results" | "chosen";
  chosenName: string;
  results: { edges: readonly unknown[]; pageInfo: { hasNextPage: boolean } } | undefined;
}) {
  const { t, number } = useI18n();
  let text: ReactNode = null;
  if (said === "chosen") text = chosenName && <Sentence id="admin.chosen" vars={{ name: chosenName }} />;
  else if (results) {
    const n = results.edges.length;
    text = n === 0 ? t("admin.noParties") : t(results.pageInfo.hasNextPage ? "admin.partiesShownMore" : "admin.partiesFound", { n: number(n) });
  }
  return (
    <p className="visually-hidden" role="status" data-testid="party-search-status">
      {text}
    </p>
  );
}

function Invite() {
  const { t, label, regionName, textLang } = useI18n();
  const errorText = useErrorText("invite");
  const [search, setSearch] = useState("");
  const [partyId, setPartyId] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("PRINCIPAL");
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [message, setMessage] = useState<Message>(null);
  const [chosenName, setChosenName] = useState("");
  const searching = search.trim().length >= 2;
  const [parties] = useQuery({ query: WebPartiesDocument, variables: { first: PARTIES_SHOWN, filter: { text: search } }, pause: !searching });
  // What the status line says: the last search's results, or the party just chosen.
  const [said, setSaid] = useState<"results" | "chosen">("results");
  const [state, invite] = useMutation(InviteMemberDocument);
  // Refused, focus goes to the first field to fix (or the message); sent, to the message.
  const { form, focusInvalid } = useFocusInvalid();
  const messageBox = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();

  async function onInvite(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    // Both checked at once, so one try shows every field to fix.
    const missing: Record<string, FieldError> = {};
    if (partyId.trim() === "") missing.partyId = { field: "partyId", code: "REQUIRED", message: "" };
    if (email.trim() === "") missing.email = { field: "email", code: "REQUIRED", message: "" };
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      focusInvalid();
      return;
    }
    const result = await invite({ input: { partyId, email, role, idempotencyKey: newIdempotencyKey() } });
    if (result.error) {
      setMessage({ kind: "error", key: errorKey(result.error)! });
      focusAfterRender(() => messageBox.current);
      return;
    }
    const payload = result.data!.inviteMember;
    setErrors(errorsByField(payload.errors));
    const general = payload.errors.find((e) => !e.field);
    if (payload.invitation) {
      setMessage({ kind: "ok", key: "admin.invited", vars: { email: payload.invitation.email } });
      setEmail("");
      focusAfterRender(() => messageBox.current);
    } else {
      if (general) setMessage({ kind: "error", errors: [general] });
      focusInvalid(() => messageBox.current);
    }
  }

  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">{t("admin.invite")}</h2>
      <form ref={form} onSubmit={onInvite} noValidate>
        <Field label={t("admin.searchParty")}>
          {(props) => (
            <input
              {...props}
              type="search"
              maxLength={SEARCH_MAX.name}
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setSaid("results");
              }}
            />
          )}
        </Field>
        <PartySearchStatus said={said} chosenName={chosenName} results={searching && !parties.fetching ? parties.data?.parties : undefined} />
        {parties.data && (
          <ul className="plain-list">
            {parties.data.parties.edges.map(({ node }) => (
              <li key={node.id} className="row">
                <span>
                  <span lang={textLang(node.name)}>{node.name}</span> · <span className="tag">{label("partyKind", node.kind)}</span> {node.region && regionName(node.region)}
                </span>
                <button
                  type="button"
                  className="button ghost"
                  onClick={() => {
                    setPartyId(node.id);
                    setChosenName(node.name);
                    setSaid("chosen");
                    setRole(ROLE_BY_KIND[node.kind] ?? "DONOR_ADMIN");
                  }}
                >
                  {t("admin.choose")} <span className="visually-hidden" lang={textLang(node.name)}>{node.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <Field label={t("admin.partyId")} hint={chosenName || t("admin.partyIdHint")} error={errorText(errors.partyId)}>
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
        <div ref={messageBox} tabIndex={-1}>
          <MessageNotice message={message} />
        </div>
        <BusyButton busy={state.fetching} className="button primary">
          {t("admin.invite")}
        </BusyButton>
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
