import type { CSSProperties } from "react";
import type { TransparencyQuery } from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { Empty, TableScroll } from "./ui";

type Data = TransparencyQuery["transparency"];
interface Row {
  name: string;
  /** Approved value in fen. */
  fen: number;
  matches: number;
}

/** Columns narrower than this share of the card leave their amounts to the title and the table. */
const LABELLED_COLUMNS = 8;
/** At most this many column labels fit readably on a phone ("2026年10月" in a quarter of the
 * card): with more columns, only every k-th is labelled, its label reaching over the next k - 1
 * (none where fewer than k are left); the titles and the table name every month. */
const COLUMN_LABELS = 4;

/** A bar's length as a share of the largest value; a value above zero always shows a sliver. */
function share(fen: number, largest: number): string {
  if (largest <= 0 || fen <= 0) return "0%";
  return `${Math.max((fen / largest) * 100, 0.5).toFixed(2)}%`;
}

/** Drawn with plain elements and CSS: bars (one row each) or columns (months, left to right). */
function Bars({ rows, kind }: { rows: Row[]; kind: "bar" | "column" }) {
  const { yuan } = useI18n();
  const largest = Math.max(...rows.map((row) => row.fen));
  if (kind === "bar") {
    return (
      <div className="bars" aria-hidden="true">
        {rows.map((row) => (
          <div className="bar-row" key={row.name} title={`${row.name}: ${yuan(row.fen)}`}>
            <span className="bar-label">{row.name}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: share(row.fen, largest) }} />
            </span>
            <span className="bar-value">{yuan(row.fen, true)}</span>
          </div>
        ))}
      </div>
    );
  }
  const labelled = rows.length <= LABELLED_COLUMNS;
  const every = Math.ceil(rows.length / COLUMN_LABELS);
  return (
    <div className="columns" aria-hidden="true" style={{ "--columns": rows.length } as CSSProperties}>
      {rows.map((row, index) => {
        // The columns a label takes: its own and the unlabelled ones after it.
        const span = index % every === 0 && index + every <= rows.length ? every : 0;
        return (
          <div className="column" key={row.name} title={`${row.name}: ${yuan(row.fen)}`}>
            <span className="column-track">
              <span className="column-fill" style={{ height: share(row.fen, largest) }}>
                {labelled && <span className="column-value">{yuan(row.fen, true)}</span>}
              </span>
            </span>
            <span
              className={`column-label${span > 1 ? " column-label-wide" : ""}`}
              style={span > 1 ? ({ "--span": span } as CSSProperties) : undefined}
            >
              {span > 0 ? row.name : null}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function ChartCard({ titleKey, rows, kind }: { titleKey: MessageKey; rows: Row[]; kind: "bar" | "column" }) {
  const { t, yuan, number } = useI18n();
  const id = `chart-${titleKey.replace(/\W/g, "-")}`;
  return (
    <section className="chart-card" aria-labelledby={id}>
      <h2 id={id}>{t(titleKey)}</h2>
      {rows.length === 0 ? (
        <Empty>{t("home.chartEmpty")}</Empty>
      ) : (
        <>
          <div className="chart">
            <Bars rows={rows} kind={kind} />
          </div>
          {/* The same figures as a table, for screen readers and for anyone who prefers numbers. */}
          <details className="chart-table">
            <summary>
              {t("home.chartTable")}
              {/* Four of them on the page: each named apart by its chart. */}
              <span className="visually-hidden">{t("home.chartTableOf", { title: t(titleKey) })}</span>
            </summary>
            {/* Scrolls in a region of its own where it is wider than the card (a phone, in English). */}
            <TableScroll label={`${t("home.chartTable")}${t("home.chartTableOf", { title: t(titleKey) })}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(titleKey)}</th>
                    <th scope="col">{t("home.value")}</th>
                    <th scope="col">{t("home.matches")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.name}>
                      <th scope="row">{row.name}</th>
                      <td>{yuan(row.fen)}</td>
                      <td>{number(row.matches)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </details>
        </>
      )}
    </section>
  );
}

export default function TransparencyCharts({ data }: { data: Data }) {
  const { label, month, regionName } = useI18n();
  const row = (name: string, s: { approvedValueFen: number | string; matches: number }): Row => ({
    name,
    fen: toNumber(s.approvedValueFen),
    matches: s.matches,
  });
  const byProvince = data.byProvince.map((s) => row(s.region ? regionName(s.region) : s.key, s));
  const byCategory = data.byCategory.map((s) => row(label("category", s.key), s));
  const byPartyKind = data.byPartyKind.map((s) => row(label("partyKind", s.key), s));
  const byMonth = data.byMonth.map((s) => row(month(s.key), s));
  return (
    <div className="charts">
      <ChartCard titleKey="home.byProvince" rows={byProvince} kind="bar" />
      <ChartCard titleKey="home.byCategory" rows={byCategory} kind="bar" />
      <ChartCard titleKey="home.byPartyKind" rows={byPartyKind} kind="bar" />
      <ChartCard titleKey="home.byMonth" rows={byMonth} kind="column" />
    </div>
  );
}
