import { Link } from "react-router-dom";
import type { NeedFieldsFragment } from "../gql/graphql";
import { toNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { ProgressBar, StatusBadge } from "./ui";

/** Value committed to a need so far: what approvals took off the items' remaining quantities. */
export function committedFen(items: NeedFieldsFragment["items"]): number {
  return items.reduce(
    (sum, item) => sum + (toNumber(item.quantity) - toNumber(item.remainingQuantity)) * toNumber(item.unitValueFen),
    0,
  );
}

/** What a need's link from the needs list carries: the list's address (with its filters), for the
 * need page's way back. */
export interface NeedLinkState {
  list: string;
}

export function NeedCard({ need, list }: { need: NeedFieldsFragment; list?: string }) {
  const { t, label, yuan, date, number, regionPath, textLang } = useI18n();
  const committed = committedFen(need.items);
  return (
    <article className="card need-card">
      <h3 lang={textLang(need.title)}>
        <Link to={`/needs/${encodeURIComponent(need.id)}`} state={list === undefined ? undefined : ({ list } satisfies NeedLinkState)}>
          {need.title}
        </Link>
      </h3>
      <p className="meta">
        <span lang={textLang(need.school?.name)}>{need.school?.name}</span> · {regionPath([need.region?.parent, need.region])}
      </p>
      <p className="tags">
        <span className="tag">{label("category", need.category)}</span>
        <span className={`tag urgency-${need.urgency.toLowerCase()}`}>{label("urgency", need.urgency)}</span>
        <StatusBadge group="needStatus" value={need.status} />
      </p>
      <p className="meta">
        {t("needs.deadline", { date: date(need.deadline) })}
        {toNumber(need.beneficiaries) > 0 && <> · {t("needs.beneficiaries", { n: number(need.beneficiaries) })}</>}
      </p>
      <ProgressBar
        value={committed}
        max={toNumber(need.totalValueFen)}
        label={t("need.matched", { value: yuan(committed), total: yuan(need.totalValueFen) })}
      />
    </article>
  );
}
