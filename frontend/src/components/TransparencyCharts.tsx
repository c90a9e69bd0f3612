import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TransparencyQuery } from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { Empty } from "./ui";

type Data = TransparencyQuery["transparency"];
interface Row {
  name: string;
  value: number;
  matches: number;
}

function ChartCard({ titleKey, rows, kind }: { titleKey: MessageKey; rows: Row[]; kind: "bar" | "column" }) {
  const { t, yuan, number } = useI18n();
  const id = `chart-${titleKey.replace(/\W/g, "-")}`;
  const tooltip = (value: unknown) => yuan(Number(value) * 100);
  const axis = (value: number) => yuan(value * 100, true);
  return (
    <section className="chart-card" aria-labelledby={id}>
      <h2 id={id}>{t(titleKey)}</h2>
      {rows.length === 0 ? (
        <Empty>{t("home.chartEmpty")}</Empty>
      ) : (
        <>
          <div className="chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height={kind === "bar" ? Math.max(180, rows.length * 28) : 220}>
              {kind === "bar" ? (
                <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" tickFormatter={axis} />
                  <YAxis type="category" dataKey="name" width={96} />
                  <Tooltip formatter={tooltip} />
                  <Bar dataKey="value" name={t("home.value")} fill="#0b5d3b" />
                </BarChart>
              ) : (
                <BarChart data={rows} margin={{ left: 8, right: 16 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="name" />
                  <YAxis tickFormatter={axis} width={72} />
                  <Tooltip formatter={tooltip} />
                  <Bar dataKey="value" name={t("home.value")} fill="#2f7d57" maxBarSize={48} />
                </BarChart>
              )}
            </ResponsiveContainer>
          </div>
          {/* The same figures as a table, for screen readers and for anyone who prefers numbers. */}
          <details className="chart-table">
            <summary>{t("home.chartTable")}</summary>
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
                    <td>{yuan(row.value * 100)}</td>
                    <td>{number(row.matches)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

export default function TransparencyCharts({ data }: { data: Data }) {
  const { label, month } = useI18n();
  const yuan = (fen: number | string) => toNumber(fen) / 100;
  const byProvince = data.byProvince.map((s) => ({ name: s.region?.name ?? s.key, value: yuan(s.approvedValueFen), matches: s.matches }));
  const byCategory = data.byCategory.map((s) => ({ name: label("category", s.key), value: yuan(s.approvedValueFen), matches: s.matches }));
  const byPartyKind = data.byPartyKind.map((s) => ({ name: label("partyKind", s.key), value: yuan(s.approvedValueFen), matches: s.matches }));
  const byMonth = data.byMonth.map((s) => ({ name: month(s.key), value: yuan(s.approvedValueFen), matches: s.matches }));
  return (
    <div className="charts">
      <ChartCard titleKey="home.byProvince" rows={byProvince} kind="bar" />
      <ChartCard titleKey="home.byCategory" rows={byCategory} kind="bar" />
      <ChartCard titleKey="home.byPartyKind" rows={byPartyKind} kind="bar" />
      <ChartCard titleKey="home.byMonth" rows={byMonth} kind="column" />
    </div>
  );
}
