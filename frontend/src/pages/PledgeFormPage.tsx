import { useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { useMutation } from "urql";
import { LoginAgain, RequireRole } from "../components/Layout";
import { BusyButton, Field, Notice, PartyChoice, useErrorText } from "../components/ui";
import { PostPledgeDocument, type PartyKind, type PledgeKind, type PostPledgeInput } from "../gql/graphql";
import { typedNumberValue, yuanProblem, yuanToFen } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { errorKey, errorsByField, newIdempotencyKey, type FieldError } from "../lib/errors";
import { useFocusAfterRender } from "../lib/focus";
import { membershipsWith, useViewer } from "../lib/viewer";
import { CATEGORIES } from "./NeedsPage";

const KINDS: PledgeKind[] = ["MONEY", "GOODS", "SERVICE", "VOLUNTEER", "MEDIA", "CO_FUNDING"];
const DONOR_KINDS: PartyKind[] = ["GOVERNMENT", "ENTERPRISE", "MICROENTERPRISE", "SPECIALTY_STORE", "MEDIA", "NGO", "CUSTOMER"];

type Text = Record<string, string>;

/** The boxes the server refuses empty for a kind of pledge (besides the category of goods and
 * services): marked required for screen readers. */
function requiredFields(kind: PledgeKind): string[] {
  switch (kind) {
    case "MONEY":
      return ["title", "amountYuan"];
    case "CO_FUNDING":
      return ["title", "amountYuan", "coFundingRatioPercent"];
    case "GOODS":
      return ["title", "quantity", "goodsUnit", "unitValueYuan"];
    case "SERVICE":
    case "VOLUNTEER":
      return ["title", "quantity", "serviceRadiusKm"];
    default:
      return ["title", "quantity"];
  }
}

function PledgeForm() {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const { viewer } = useViewer();
  const [params] = useSearchParams();
  const parties = membershipsWith(viewer, ["DONOR_ADMIN"]).map((m) => m.party!);
  // A ?party= link (from "my giving") names the party; one the viewer does not administer
  // (a stale or foreign link) is ignored.
  const [chosenParty, setPartyId] = useState(params.get("party") ?? "");
  const partyId = (parties.find((p) => p.id === chosenParty) ?? parties[0])?.id ?? "";
  const [kind, setKind] = useState<PledgeKind>("MONEY");
  const [text, setText] = useState<Text>({ unit: "SESSION" });
  const [restrictCategories, setRestrictCategories] = useState<string[]>([]);
  const [coFundingKinds, setCoFundingKinds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [state, postPledge] = useMutation(PostPledgeDocument);
  // Refused, focus goes to the summary at the top (how many fields to fix, or what went wrong),
  // as in the need form: the submit button is at the bottom of a long form.
  const summary = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const focusSummary = () => focusAfterRender(() => summary.current);

  const value = (name: string) => text[name] ?? "";
  const setValue = (name: string, v: string) => setText((x) => ({ ...x, [name]: v }));
  // Local codes (NOT_NUMBER, TOO_MANY_DECIMALS) have their own wording like the server's.
  const errorOf = (name: string) => errorText(errors[name]);

  const isService = kind === "SERVICE" || kind === "VOLUNTEER";
  const isMoney = kind === "MONEY" || kind === "CO_FUNDING";
  const hasCategory = kind === "GOODS" || isService;

  const required = requiredFields(kind);

  function input(name: string, labelKey: MessageKey, type = "text", errorName = name) {
    return (
      <Field label={t(labelKey)} error={errorOf(errorName)} required={required.includes(name)}>
        {(props) => (
          <input
            {...props}
            name={name}
            type={type}
            inputMode={type === "text" && /Yuan|quantity|Km|ratio|Cap/.test(name) ? "decimal" : undefined}
            value={value(name)}
            onChange={(e) => setValue(name, e.target.value)}
          />
        )}
      </Field>
    );
  }

  function toggle(list: string[], set: (l: string[]) => void, item: string) {
    set(list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    const local: Record<string, FieldError> = {};
    const money = (name: string, field: string) => {
      const raw = value(name);
      if (raw.trim() === "") return null;
      const problem = yuanProblem(raw);
      if (problem) local[field] = { field, code: problem, message: "" };
      return yuanToFen(raw);
    };
    const num = (name: string) => {
      const raw = value(name);
      const n = typedNumberValue(raw);
      if (raw.trim() !== "" && n === null) local[name] = { field: name, code: "NOT_NUMBER", message: "" };
      return n;
    };
    const payload: PostPledgeInput = {
      partyId,
      kind,
      title: value("title"),
      description: value("description") || null,
      validUntil: value("validUntil") || null,
      // Money only: goods and services give their own category, an offer goes with the money.
      restrictCategories: kind === "MONEY" ? restrictCategories : [],
      idempotencyKey: newIdempotencyKey(),
    };
    if (kind === "MONEY" || kind === "CO_FUNDING") payload.amountFen = money("amountYuan", "amountFen");
    if (kind === "CO_FUNDING") {
      payload.coFundingRatioPercent = num("coFundingRatioPercent");
      payload.coFundingPartyKinds = coFundingKinds;
    }
    if (hasCategory) payload.category = value("category") || null;
    if (kind === "GOODS" || isService || kind === "MEDIA") {
      payload.quantity = num("quantity");
      payload.unitValueFen = money("unitValueYuan", "unitValueFen");
    }
    if (kind === "GOODS") {
      payload.itemName = value("itemName") || null;
      payload.unit = value("goodsUnit") || null;
    }
    if (isService) {
      payload.unit = value("unit") || "SESSION";
      payload.serviceRadiusKm = num("serviceRadiusKm");
      payload.availableFrom = value("availableFrom") || null;
      payload.availableUntil = value("availableUntil") || null;
    }
    // Money is typed in yuan, and so is a money pledge's cap per school; other kinds count units.
    payload.perSchoolCap = isMoney ? money("perSchoolCapYuan", "perSchoolCap") : num("perSchoolCap");
    if (Object.keys(local).length > 0) {
      setErrors(local);
      focusSummary();
      return;
    }
    const result = await postPledge({ input: payload });
    if (result.error) {
      setFailure(errorKey(result.error));
      focusSummary();
      return;
    }
    const data = result.data!.postPledge;
    setErrors(errorsByField(data.errors));
    if (data.pledge) navigate(`/donor/pledges/${encodeURIComponent(data.pledge.id)}?posted=1`);
    else focusSummary();
  }

  const count = Object.keys(errors).length;
  // The errors of the two groups of boxes: each group described by its error, its boxes invalid.
  const kindsError = errorOf("coFundingPartyKinds");
  const categoriesError = errorOf("restrictCategories");
  return (
    <>
      <h1>{t("pledge.post")}</h1>
      <p>
        <Link to="/donor">← {t("nav.donor")}</Link>
      </p>
      <form className="pledge-form" onSubmit={submit} noValidate aria-describedby="pledge-form-summary">
        <div id="pledge-form-summary" ref={summary} tabIndex={-1}>
          {/* One live region, there from the start: what to fix, or what went wrong. */}
          <Notice kind="error">
            {count > 0 && (
              <>
                {t(count === 1 ? "error.formHasErrors.one" : "error.formHasErrors", { count })} {errors[""] && errorText(errors[""])}
                {parties.length <= 1 && errors.partyId && <> {errorText(errors.partyId)}</>}
              </>
            )}
            {failure && (
              <>
                {count > 0 && " "}
                {t(failure)}
                {failure === "error.unauthenticated" && (
                  <>
                    {" "}
                    <LoginAgain />
                  </>
                )}
              </>
            )}
          </Notice>
        </div>
        <PartyChoice label={t("pledge.party")} parties={parties} value={partyId} onChange={setPartyId} error={errorOf("partyId")} />
        <fieldset>
          <legend>{t("pledge.kind")}</legend>
          <p className="hint">{t("pledge.kindHelp")}</p>
          <div className="choice-row">
            {KINDS.map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {label("pledgeKind", k)}
              </label>
            ))}
          </div>
        </fieldset>
        {input("title", "pledge.name")}
        <Field label={`${t("pledge.description")} ${t("form.optional")}`} error={errorOf("description")}>
          {(props) => <textarea {...props} rows={3} value={value("description")} onChange={(e) => setValue("description", e.target.value)} />}
        </Field>
        {kind === "MONEY" && input("amountYuan", "pledge.amountYuan", "text", "amountFen")}
        {kind === "CO_FUNDING" && (
          <>
            {input("amountYuan", "pledge.capYuan", "text", "amountFen")}
            {input("coFundingRatioPercent", "pledge.ratio")}
            <fieldset aria-describedby={kindsError ? "pledge-kinds-error" : undefined}>
              <legend>{t("pledge.matchesKinds")}</legend>
              {kindsError && (
                <p className="field-error" id="pledge-kinds-error">
                  {kindsError}
                </p>
              )}
              <div className="choice-row">
                {DONOR_KINDS.map((k) => (
                  <label key={k} className="choice">
                    <input
                      type="checkbox"
                      aria-invalid={Boolean(kindsError)}
                      checked={coFundingKinds.includes(k)}
                      onChange={() => toggle(coFundingKinds, setCoFundingKinds, k)}
                    />
                    {label("partyKind", k)}
                  </label>
                ))}
              </div>
            </fieldset>
          </>
        )}
        {hasCategory && (
          <Field label={t("form.category")} error={errorOf("category")} required>
            {(props) => (
              <select {...props} value={value("category")} onChange={(e) => setValue("category", e.target.value)}>
                <option value="">{t("form.choose")}</option>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {label("category", c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {kind === "GOODS" && (
          <div className="field-row">
            {input("itemName", "pledge.itemName")}
            {input("quantity", "pledge.quantity")}
            {input("goodsUnit", "pledge.unit", "text", "unit")}
            {input("unitValueYuan", "pledge.unitValueYuan", "text", "unitValueFen")}
          </div>
        )}
        {isService && (
          <div className="field-row">
            {input("quantity", "pledge.sessions")}
            <Field label={t("pledge.unit")} error={errorOf("unit")}>
              {(props) => (
                <select {...props} value={value("unit")} onChange={(e) => setValue("unit", e.target.value)}>
                  <option value="SESSION">{t("pledge.unitSession")}</option>
                  <option value="HOUR">{t("pledge.unitHour")}</option>
                </select>
              )}
            </Field>
            {input("unitValueYuan", "pledge.unitValueYuan", "text", "unitValueFen")}
            {input("serviceRadiusKm", "pledge.radius")}
            {input("availableFrom", "pledge.from", "date")}
            {input("availableUntil", "pledge.until", "date")}
          </div>
        )}
        {kind === "MEDIA" && (
          <div className="field-row">
            {input("quantity", "pledge.stories")}
            {input("unitValueYuan", "pledge.unitValueYuan", "text", "unitValueFen")}
          </div>
        )}
        <div className="field-row">
          {input("validUntil", "pledge.validUntil", "date")}
          {isMoney ? input("perSchoolCapYuan", "pledge.perSchoolCapYuan", "text", "perSchoolCap") : input("perSchoolCap", "pledge.perSchoolCap")}
        </div>
        {kind === "MONEY" && (
          <fieldset aria-describedby={categoriesError ? "pledge-categories-error" : undefined}>
            <legend>{t("pledge.restrictCategories")}</legend>
            {categoriesError && (
              <p className="field-error" id="pledge-categories-error">
                {categoriesError}
              </p>
            )}
            <div className="choice-row">
              {CATEGORIES.map((c) => (
                <label key={c} className="choice">
                  <input
                    type="checkbox"
                    aria-invalid={Boolean(categoriesError)}
                    checked={restrictCategories.includes(c)}
                    onChange={() => toggle(restrictCategories, setRestrictCategories, c)}
                  />
                  {label("category", c)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <BusyButton busy={state.fetching} className="button primary">
          {state.fetching ? t("form.submitting") : t("form.submit")}
        </BusyButton>
      </form>
    </>
  );
}

export default function PledgeFormPage() {
  return (
    <RequireRole roles={["DONOR_ADMIN"]}>
      <PledgeForm />
    </RequireRole>
  );
}
