import { useCallback, useEffect, useLayoutEffect, useRef, useState, type MouseEvent, type ReactNode, type RefObject } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { useQuery, type AnyVariables, type CombinedError, type DocumentInput, type RequestPolicy } from "urql";
import { useI18n } from "../i18n/i18n";
import { Empty, ErrorNotice, Loading } from "./ui";

type Cursors = (string | null)[];

interface Pages {
  cursors: Cursors;
  more: (cursor: string) => void;
}

/** The cursors of the pages of a list read so far: the first page's (null), then each one asked
 * for with `more`; `initial` when the list comes back. Another `listKey` (another filter) starts
 * again from the first page. */
export function usePages(listKey: string, initial: Cursors = [null]): Pages {
  const [pages, setPages] = useState<{ listKey: string; cursors: Cursors }>({ listKey, cursors: initial });
  const cursors = pages.listKey === listKey ? pages.cursors : [null];
  const more = useCallback(
    (cursor: string) =>
      setPages((current) => {
        const read = current.listKey === listKey ? current.cursors : [null];
        return { listKey, cursors: read.includes(cursor) ? read : [...read, cursor] };
      }),
    [listKey],
  );
  return { cursors, more };
}

/** Where a visitor was in a list: in which history entry (`location.key`) and list, the pages
 * read, how far down the window was scrolled and the link followed out of it (its `href`). */
interface Place {
  entry: string;
  listKey: string;
  cursors: Cursors;
  scrollY: number;
  link?: string | null;
}

const PLACES_STORAGE_KEY = "hope.listPlaces";
/** The key of the first history entry of every visit (a page load without history state). */
const FIRST_ENTRY = "default";
/** The latest places kept, enough for the history a visitor goes back through. */
const PLACES_KEPT = 20;

function keptPlaces(): Place[] {
  try {
    const places: unknown = JSON.parse(window.sessionStorage.getItem(PLACES_STORAGE_KEY) ?? "[]");
    return Array.isArray(places) ? (places as Place[]) : [];
  } catch {
    // Storage off or unreadable: the list starts from the top.
    return [];
  }
}

function keepPlace(place: Place) {
  const others = keptPlaces().filter((p) => p.entry !== place.entry || p.listKey !== place.listKey);
  try {
    window.sessionStorage.setItem(PLACES_STORAGE_KEY, JSON.stringify([place, ...others].slice(0, PLACES_KEPT)));
  } catch {
    // Not kept: coming back starts from the top.
  }
}

/** `usePages` that keeps the visitor's place in the list, by history entry: leaving it keeps the
 * pages read, the scroll offset and the link followed out of the list (heard by `followed`, on
 * the list's element, `container`), and coming back to the same entry (the browser's Back or
 * Forward, a reload, a link that goes back) reads the same pages again, scrolls to where the
 * visitor was and puts focus back on that link (the need one comes back from) once every one of
 * them is shown (`shown`, from each page's `ListPage`). A new visit is a new entry, and another
 * filter replaces the entry: both start from the top. A visit's first entry, whose key every
 * visit shares, is given a key of its own first.
 *
 *   const { cursors, more, shown, container, followed } = useKeptPages(filterKey);
 *   <ul ref={container} onClick={followed}> */
export function useKeptPages(listKey: string): Pages & {
  shown: (after: string | null) => void;
  container: RefObject<HTMLUListElement | null>;
  followed: (event: MouseEvent) => void;
} {
  const location = useLocation();
  const navigate = useNavigate();
  const entry = location.key;
  const [kept] = useState(() => keptPlaces().find((p) => p.entry === entry && p.listKey === listKey));
  const { cursors, more } = usePages(listKey, kept?.cursors);
  const restoring = useRef(kept && { listKey, waiting: new Set(kept.cursors), scrollY: kept.scrollY, link: kept.link });
  const list = useRef({ entry, listKey, cursors });
  const container = useRef<HTMLUListElement>(null);
  const link = useRef<string | null>(null);
  const followed = useCallback((event: MouseEvent) => {
    const followedLink = event.target instanceof Element ? event.target.closest("a") : null;
    if (followedLink && container.current?.contains(followedLink)) link.current = followedLink.getAttribute("href");
  }, []);

  useEffect(() => {
    list.current = { entry, listKey, cursors };
  }, [entry, listKey, cursors]);

  useEffect(() => {
    if (entry !== FIRST_ENTRY) return;
    const { pathname, search, hash, state } = location;
    navigate({ pathname, search, hash }, { replace: true, state });
  }, [entry, location, navigate]);

  // Kept as the list leaves (a layout effect's cleanup runs before the list is taken out of the
  // page, which shortens it and scrolls the window up), and as the page is left or reloaded.
  useLayoutEffect(() => {
    const keep = () => {
      if (list.current.entry !== FIRST_ENTRY) keepPlace({ ...list.current, scrollY: window.scrollY, link: link.current });
    };
    window.addEventListener("pagehide", keep);
    return () => {
      window.removeEventListener("pagehide", keep);
      keep();
    };
  }, []);

  const shown = useCallback(
    (after: string | null) => {
      const pending = restoring.current;
      if (!pending || pending.listKey !== listKey) return;
      pending.waiting.delete(after);
      if (pending.waiting.size > 0) return;
      restoring.current = undefined;
      // In the next frame: after this render's effects, the layout's scroll to the top of a
      // new page (and its focus on the page's start) among them.
      requestAnimationFrame(() => {
        window.scrollTo(0, pending.scrollY);
        const back = [...(container.current?.querySelectorAll("a") ?? [])].find((a) => pending.link && a.getAttribute("href") === pending.link);
        back?.focus({ preventScroll: true });
      });
    },
    [listKey],
  );
  return { cursors, more, shown, container, followed };
}

interface Connection<N> {
  edges: readonly { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** One page of a list read page by page, as the items of a `<ul>`: its rows, the empty state
 * when the first page is empty, and, after the last page read, a sentinel that asks for the next
 * page as it scrolls into view (or on a click), or the word that all is shown. Without
 * `onMore` the list ends with this page. `onShown` hears when the page is shown; `onCount`,
 * its rows and whether more follow (for `useResultCounts`). */
export function ListPage<N extends { id: string }>({
  page,
  fetching,
  error,
  retry,
  after,
  isLast,
  onMore,
  onShown,
  onCount,
  empty,
  children,
}: {
  page: Connection<N> | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  retry: () => void;
  after: string | null;
  isLast: boolean;
  onMore?: (cursor: string) => void;
  onShown?: (after: string | null) => void;
  onCount?: (after: string | null, rows: number, more: boolean) => void;
  empty: ReactNode;
  children: (node: N) => ReactNode;
}) {
  const { t } = useI18n();
  const next = onMore && page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  const isShown = page !== undefined;
  const rows = page?.edges.length;
  const more = page?.pageInfo.hasNextPage ?? false;

  useEffect(() => {
    if (isShown) onShown?.(after);
  }, [isShown, onShown, after]);

  useEffect(() => {
    if (rows !== undefined) onCount?.(after, rows, more);
  }, [onCount, after, rows, more]);

  if (!page) {
    // Items of the list too, for its semantics.
    return fetching || error ? (
      <li className="list-end">
        {fetching && <Loading more={after !== null} />}
        <ErrorNotice error={error} retry={retry} />
      </li>
    ) : null;
  }
  return (
    <>
      {page.edges.map(({ node }) => (
        <li key={node.id}>{children(node)}</li>
      ))}
      {after === null && page.edges.length === 0 && (
        <li>
          <Empty>{empty}</Empty>
        </li>
      )}
      {isLast && onMore && (
        <li className="list-end">
          {next ? (
            <MoreButton onMore={() => onMore(next)} scroll />
          ) : (
            // Said once more than one page was read: a list of one page is plainly whole.
            after !== null && <p className="hint">{t("state.end")}</p>
          )}
        </li>
      )}
    </>
  );
}

/** The button that reads a list's next page; with `scroll`, also as it scrolls into view (a
 * sentinel 400px ahead), for lists read on scroll. */
export function MoreButton({ onMore, scroll = false }: { onMore: () => void; scroll?: boolean }) {
  const { t } = useI18n();
  const sentinel = useRef<HTMLDivElement>(null);
  const latest = useRef(onMore);
  useEffect(() => {
    latest.current = onMore;
  });

  useEffect(() => {
    if (!scroll || !sentinel.current || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) latest.current();
    }, { rootMargin: "400px" });
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [scroll]);

  return (
    <div ref={sentinel}>
      <button type="button" className="button secondary" onClick={() => latest.current()}>
        {t("state.loadMore")}
      </button>
    </div>
  );
}

/** A list read page after page (`usePagedQuery`): its rows so far and where its reading is. */
export interface PagedList<N> {
  /** The rows of the pages read, in order, each once. */
  nodes: N[];
  /** The first page has come back: `nodes` say what the list holds (if perhaps not all of it). */
  ready: boolean;
  /** A page is being read (the first, a further one, or one read again). */
  fetching: boolean;
  /** A further page is being read for the first time. */
  loadingMore: boolean;
  /** Why the first page could not be read. */
  error: CombinedError | undefined;
  /** Why a further page could not be read. */
  moreError: CombinedError | undefined;
  /** The list goes on past the pages read. */
  hasMore: boolean;
  /** More than one page was read. */
  paged: boolean;
  /** Reads the next page. */
  more: () => void;
  /** Reads every page read so far again, from the server (after an action changed the list). */
  refresh: () => void;
  /** The components that read the pages: render them once, anywhere (they show nothing). */
  readers: ReactNode;
}

/** One page as last read: after which cursor, what came back (none yet: `page` undefined), and
 * what the page last held, shown while it is read again. */
interface PageRead<N> {
  after: string | null;
  page: Connection<N> | undefined;
  held: Connection<N> | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
}

type ReadReport<N> = Omit<PageRead<N>, "held">;

function PageReader<Data, Variables extends AnyVariables, N>({
  index,
  query,
  variables,
  connection,
  refreshes,
  onRead,
}: {
  index: number;
  query: DocumentInput<Data, Variables>;
  variables: Variables & { after: string | null };
  connection: (data: Data) => Connection<N>;
  refreshes: number;
  onRead: (index: number, read: ReadReport<N>) => void;
}) {
  // A page first read after a refresh is read from the server, not from a cache of before.
  const [policy] = useState<RequestPolicy>(refreshes > 0 ? "network-only" : "cache-first");
  const refreshed = useRef(refreshes);
  const [result, refetch] = useQuery<Data, Variables>({ query, variables, requestPolicy: policy });
  const page = result.data ? connection(result.data) : undefined;
  const { after } = variables;
  useEffect(() => {
    onRead(index, { after, page, fetching: result.fetching, error: result.error });
  }, [onRead, index, after, page, result.fetching, result.error]);
  useEffect(() => {
    if (refreshed.current === refreshes) return;
    refreshed.current = refreshes;
    refetch({ requestPolicy: "network-only" });
  }, [refreshes, refetch]);
  return null;
}

/** Reads a list page after page, all of its rows kept together: for a list whose rows are
 * chosen from or acted on together (a selection, a split into sections), or that an action
 * changes. Each page is read after the one before it as that one is now, not as it was: when a
 * refresh finds rows gone or new, the pages after it are read again from there, so no row shows
 * twice or goes missing between pages. The first `pages` pages are read at once (a choice read
 * whole up to a bound), then one more on each `more`. Other `variables` start again. */
export function usePagedQuery<Data, Variables extends { after?: string | null }, N extends { id: string }>({
  query,
  variables,
  connection,
  pause = false,
  pages: initial = 1,
}: {
  query: DocumentInput<Data, Variables>;
  variables: Omit<Variables, "after">;
  connection: (data: Data) => Connection<N>;
  pause?: boolean;
  pages?: number;
}): PagedList<N> {
  const listKey = JSON.stringify([variables, pause]);
  const [wanted, setWanted] = useState({ listKey, pages: initial });
  const [reads, setReads] = useState<{ listKey: string; pages: (PageRead<N> | undefined)[] }>({ listKey, pages: [] });
  const [refreshes, setRefreshes] = useState(0);
  const pagesWanted = wanted.listKey === listKey ? wanted.pages : initial;
  const read = reads.listKey === listKey ? reads.pages : [];

  const onRead = useCallback(
    (index: number, report: ReadReport<N>) =>
      setReads((current) => {
        const pages = current.listKey === listKey ? [...current.pages] : [];
        const before = pages[index];
        if (before && before.after === report.after && before.page === report.page && before.fetching === report.fetching && before.error === report.error) {
          return current;
        }
        pages[index] = { ...report, held: report.page ?? before?.held };
        return { listKey, pages };
      }),
    [listKey],
  );

  const readers: ReactNode[] = [];
  const nodes: N[] = [];
  const seen = new Set<string>();
  const show = (page: Connection<N> | undefined) => {
    for (const { node } of page?.edges ?? []) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      nodes.push(node);
    }
  };
  let after: string | null = null;
  let count = 0;
  let hasMore = false;
  let waiting: number | null = null;
  let error: CombinedError | undefined;
  let moreError: CombinedError | undefined;
  let fetching = false;
  for (let index = 0; !pause && index < pagesWanted; index++) {
    readers.push(
      <PageReader<Data, Variables, N>
        key={`${listKey}|${index}|${after ?? ""}`}
        index={index}
        query={query}
        variables={{ ...variables, after } as Variables & { after: string | null }}
        connection={connection}
        refreshes={refreshes}
        onRead={onRead}
      />,
    );
    const last = read[index];
    const current: PageRead<N> | undefined = last && last.after === after ? last : undefined;
    fetching ||= current?.fetching ?? true;
    if (current?.error) {
      if (index === 0) error = current.error;
      else moreError ??= current.error;
    }
    if (!current?.page) {
      // This page is read (again, after another cursor): what it held shows meanwhile.
      show(last?.held);
      waiting = index;
      break;
    }
    show(current.page);
    count = index + 1;
    const { hasNextPage, endCursor }: Connection<N>["pageInfo"] = current.page.pageInfo;
    if (!hasNextPage || !endCursor) break;
    after = endCursor;
    if (count === pagesWanted) hasMore = true;
  }
  // While a page is read again, the pages after it keep showing what they held.
  if (waiting !== null) {
    for (let index = waiting + 1; index < pagesWanted && read[index - 1]?.held?.pageInfo.hasNextPage; index++) show(read[index]?.held);
  }

  const more = useCallback(() => setWanted({ listKey, pages: count + 1 }), [listKey, count]);
  const refresh = useCallback(() => setRefreshes((n) => n + 1), []);
  return {
    nodes,
    ready: !pause && read[0]?.held !== undefined,
    fetching,
    loadingMore: waiting !== null && waiting > 0 && count === waiting && !moreError,
    error,
    moreError,
    hasMore,
    paged: count > 1,
    more,
    refresh,
    readers,
  };
}

/** The end of a list read with `usePagedQuery`, as a list's last item (`as="li"`) or after
 * it: while there is more, how many rows are shown (`shown`, when the rows shown are not simply
 * the list's: null for no count) and the button that reads the next page (with `scroll`, also
 * as it scrolls into view); the next page loading, or why it failed; once several pages were
 * read and none is left, that all is shown. Nothing for a list that fits one page. */
export function ListEnd<N>({
  list,
  as: Tag = "div",
  scroll = false,
  shown,
}: {
  list: PagedList<N>;
  as?: "li" | "div";
  scroll?: boolean;
  shown?: string | null;
}) {
  const { t, number } = useI18n();
  const count = shown === undefined ? t("state.shownMore", { n: number(list.nodes.length) }) : shown;
  let end: ReactNode = null;
  if (list.moreError) end = <ErrorNotice error={list.moreError} retry={list.refresh} />;
  else if (list.loadingMore) end = <Loading more />;
  else if (list.hasMore) {
    end = (
      <>
        {count !== null && (
          <p className="hint" role="status">
            {count}
          </p>
        )}
        <MoreButton onMore={list.more} scroll={scroll} />
      </>
    );
  } else if (list.paged) end = <p className="hint">{t("state.end")}</p>;
  return end && <Tag className="list-end">{end}</Tag>;
}
