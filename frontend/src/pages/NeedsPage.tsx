import { useEffect, useRef, useState } from "react";
import { useLocation, useSearchParams } from "react-router-dom";
import { useQuery } from "urql";
import { NeedCard } from "../components/NeedCard";
import { ListPage, useKeptPages } from "../components/Paging";
import { RegionSelect } from "../components/RegionSelect";
import { Field, ResultsStatus, SEARCH_MAX, useResultCounts, type ResultWords } from "../components/ui";
import { NeedsDocument, type Category, type NeedFilter, type NeedOrder, type Urgency } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";

export const CATEGORIES: Category[] = [
  "DRINKING_WATER", "NUTRITION", "AIR_QUALITY", "SMART_CLASSROOM", "LIBRARY", "SPORTS_ARTS",
  "STEM_WORKSHOP", "TEACHER_TRAINING", "PSYCHOSOCIAL", "FACILITIES", "OTHER",
];
export const URGENCIES: Urgency[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const ORDERS: NeedOrder[] = ["NEWEST", "DEADLINE", "URGENCY"];
const PAGE_SIZE = 20;
const PUBLIC_STATUSES: NeedFilter["status"] = ["OPEN", "PARTIALLY_MATCHED", "MATCHED", "FULFILLED"];

const NEED_WORDS: ResultWords = { found: "needs.found", shownMore: "needs.shownMore", loaded: "needs.loaded", loadedAll: "needs.loadedAll" };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

interface PageProps {
  filter: NeedFilter;
  orderBy: NeedOrder;
  after: string | null;
  isLast: boolean;
  onMore: (cursor: string) => void;
  onShown: (after: string | null) => void;
  /** The list's address, for the way back from a need. */
  list: string;
  /** Hears how many needs the page holds, and whether more pages follow. */
  onCount: (after: string | null, rows: number, more: boolean) => void;
}

/** One page of the connection, and after the last page read the sentinel that asks for the next. */
function NeedsChunk({ filter, orderBy, after, isLast, onMore, onShown, list, onCount }: PageProps) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({ query: NeedsDocument, variables: { first: PAGE_SIZE, after, filter, orderBy } });
  return (
    <ListPage
      page={result.data?.needs}
      fetching={result.fetching}
      error={result.error}
      retry={() => refetch({ requestPolicy: "network-only" })}
      after={after}
      isLast={isLast}
      onMore={onMore}
      onCount={onCount}
      onShown={onShown}
      empty={t("needs.empty")}
    >
      {(need) => <NeedCard need={need} list={list} />}
    </ListPage>
  );
}

export function NeedsPage() {
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  // Values from the address are used only when they are ones the API knows: a mistyped or old
  // link shows the unfiltered list rather than an error.
  const region = /^\d{2}(\d{2}){0,2}$/.test(params.get("region") ?? "") ? params.get("region")! : "";
  const category = oneOf(CATEGORIES, params.get("category")) ?? "";
  const urgency = oneOf(URGENCIES, params.get("urgency")) ?? "";
  const orderBy = oneOf(ORDERS, params.get("order")) ?? "NEWEST";
  const [text, setText] = useState(params.get("q") ?? "");
  const filter: NeedFilter = {
    regionCode: region || null,
    category: category || null,
    urgency: urgency || null,
    // A link may carry more than the box takes; the server refuses a search past any title.
    text: Array.from(params.get("q") ?? "").slice(0, SEARCH_MAX.title).join("") || null,
    status: PUBLIC_STATUSES,
  };
  const filterKey = JSON.stringify([filter, orderBy]);
  // Back from a need shows the same pages, scrolled where they were, focus on the need's link.
  const { cursors, more, shown, container, followed } = useKeptPages(filterKey);
  const { report, counts } = useResultCounts(filterKey, cursors);

  function update(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  // Search as one types, after a short pause. The timer reads the address as it is when it
  // fires: a filter chosen during the pause stays.
  const latest = useRef({ params, setParams });
  useEffect(() => {
    latest.current = { params, setParams };
  });
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const { params: current, setParams: set } = latest.current;
      const q = text.trim();
      if ((current.get("q") ?? "") === q) return;
      const next = new URLSearchParams(current);
      if (q) next.set("q", q);
      else next.delete("q");
      set(next, { replace: true });
    }, 400);
    return () => window.clearTimeout(timer);
  }, [text]);

  return (
    <>
      <h1>{t("needs.title")}</h1>
      <form className="filters" role="search" aria-label={t("needs.filters")} onSubmit={(e) => e.preventDefault()}>
        <RegionSelect value={region} onChange={(code) => update("region", code)} />
        <Field label={t("needs.category")}>
          {(props) => (
            <select {...props} value={category} onChange={(e) => update("category", e.target.value)}>
              <option value="">{t("needs.any")}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {label("category", c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("needs.urgency")}>
          {(props) => (
            <select {...props} value={urgency} onChange={(e) => update("urgency", e.target.value)}>
              <option value="">{t("needs.any")}</option>
              {URGENCIES.map((u) => (
                <option key={u} value={u}>
                  {label("urgency", u)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("needs.order")}>
          {(props) => (
            <select {...props} value={orderBy} onChange={(e) => update("order", e.target.value === "NEWEST" ? "" : e.target.value)}>
              {ORDERS.map((o) => (
                <option key={o} value={o}>
                  {t(`needs.order.${o}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("needs.search")}>
          {(props) => <input {...props} type="search" maxLength={SEARCH_MAX.title} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <button
          type="button"
          className="button ghost"
          onClick={() => {
            setText("");
            setParams(new URLSearchParams(), { replace: true });
          }}
        >
          {t("needs.clear")}
        </button>
      </form>
      <h2 className="visually-hidden">{t("needs.results")}</h2>
      {/* Not the list itself: a new filter or page would read every card again. */}
      <ResultsStatus counts={counts} words={NEED_WORDS} />
      <ul ref={container} className="card-list" data-testid="needs-list" onClick={followed}>
        {cursors.map((after, index) => (
          <NeedsChunk
            key={`${filterKey}-${after ?? "first"}`}
            filter={filter}
            orderBy={orderBy}
            after={after}
            isLast={index === cursors.length - 1}
            onMore={more}
            onShown={shown}
            list={location.pathname + location.search}
            onCount={report}
          />
        ))}
      </ul>
    </>
  );
}
