import { useEffect } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { useQuery } from "urql";
import { StoryList } from "../components/Stories";
import TransparencyCharts from "../components/TransparencyCharts";
import { ErrorNotice, Field, Loading, Notice } from "../components/ui";
import { RegionsDocument, TransparencyDocument } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";

const REFRESH_MS = 30_000;
const LATEST_STORIES = 3;

export function HomePage() {
  const { t, yuan, number, percent, dateTime, regionName } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = params.get("province");
  const [provinces] = useQuery({ query: RegionsDocument, variables: { parentCode: null }, requestPolicy: "cache-first" });
  // A link naming no province (99, a city's 3709, a typo) shows the whole country, and says so,
  // rather than a province's heading over the figures of nowhere.
  const known = asked !== null && /^\d{2}$/.test(asked) && (!provinces.data || provinces.data.regions.some((r) => r.code === asked));
  const regionCode = known ? asked : null;
  const unknownProvince = asked !== null && asked !== "" && !known && Boolean(provinces.data || !/^\d{2}$/.test(asked));
  const [result, refresh] = useQuery({ query: TransparencyDocument, variables: { regionCode } });
  const province = provinces.data?.regions.find((r) => r.code === regionCode);
  const figuresFor = province ? regionName(province) : t("home.allChina");

  // Live figures: fetched again every half minute while the page is open.
  useEffect(() => {
    const timer = window.setInterval(() => refresh({ requestPolicy: "network-only" }), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  const data = result.data?.transparency;
  const figuresRead = Boolean(data || result.error);
  const money: [MessageKey, number | string][] = data
    ? [
        ["home.needed", data.neededValueFen],
        ["home.pledged", data.pledgedValueFen],
        ["home.proposed", data.proposedValueFen],
        ["home.approved", data.approvedValueFen],
        ["home.delivered", data.deliveredValueFen],
        ["home.confirmed", data.confirmedValueFen],
      ]
    : [];
  const days = (value: number | null | undefined) =>
    value === null || value === undefined ? t("home.noData") : t("home.days", { n: number(Math.round(value * 10) / 10) });

  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.intro")}</p>
        <Link className="button primary" to="/needs">
          {t("home.browseNeeds")}
        </Link>
      </section>
      {unknownProvince && <Notice kind="error">{t("home.unknownProvince")}</Notice>}
      <div className="region-picker">
        <Field label={t("home.region")}>
          {(props) => (
            <select
              {...props}
              value={regionCode ?? ""}
              onChange={(e) => setParams(e.target.value ? { province: e.target.value } : {}, { replace: true })}
            >
              <option value="">{t("home.allChina")}</option>
              {provinces.data?.regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {regionName(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {!data && result.fetching && <Loading />}
      <ErrorNotice error={result.error} retry={() => refresh({ requestPolicy: "network-only" })} />
      {data && (
        <section aria-labelledby="figures-title">
          <h2 id="figures-title">{t("home.figuresFor", { region: figuresFor })}</h2>
          <dl className="figures" data-testid="figures">
            {money.map(([key, value]) => (
              <div className="figure" key={key}>
                <dt>{t(key)}</dt>
                <dd>{yuan(value, true)}</dd>
              </div>
            ))}
            <div className="figure">
              <dt>{t("home.schools")}</dt>
              <dd>{number(data.schools)}</dd>
            </div>
            <div className="figure">
              <dt>{t("home.needs")}</dt>
              <dd>{number(data.needs)}</dd>
            </div>
            <div className="figure">
              <dt>{t("home.parties")}</dt>
              <dd>{number(data.parties)}</dd>
            </div>
            <div className="figure">
              <dt>{t("home.fillRate")}</dt>
              <dd>{percent(data.fillRate)}</dd>
            </div>
            <div className="figure">
              <dt>{t("home.povertyShare")}</dt>
              <dd>{percent(data.povertyShare)}</dd>
            </div>
            <div className="figure">
              <dt>{t("home.leftBehindShare")}</dt>
              <dd>{percent(data.leftBehindShare)}</dd>
            </div>
            <div className="figure">
              <dt>{t("home.daysToApproval")}</dt>
              <dd>{days(data.medianDaysToApproval)}</dd>
            </div>
            <div className="figure">
              <dt>{t("home.daysToReceipt")}</dt>
              <dd>{days(data.medianDaysToReceipt)}</dd>
            </div>
          </dl>
          <p className="hint">{t("home.updated", { time: dateTime(data.computedAt) })}</p>
        </section>
      )}
      {/* Once the figures are in (or failed): arriving, they would push the stories down. */}
      {figuresRead && (
        <section aria-labelledby="stories-title">
          <h2 id="stories-title">{t("stories.latest")}</h2>
          {regionCode && <p className="hint">{t("home.storiesEverywhere")}</p>}
          <StoryList first={LATEST_STORIES} paged={false} empty="stories.none" />
        </section>
      )}
      {data && <TransparencyCharts data={data} />}
    </>
  );
}
