import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import type { CombinedError } from "urql";
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
 * read and how far down the window was scrolled. */
interface Place {
  entry: string;
  listKey: string;
  cursors: Cursors;
  scrollY: number;
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
 * pages read and the scroll offset, and coming back to the same entry (the browser's Back or
 * Forward, a reload, a link that goes back) reads the same pages again and scrolls to where the
 * visitor was once every one of them is shown (`shown`, from each page's `ListPage`). A new
 * visit is a new entry, and another filter replaces the entry: both start from the top. A
 * visit's first entry, whose key every visit shares, is given a key of its own first. */
export function useKeptPages(listKey: string): Pages & { shown: (after: string | null) => void } {
  const location = useLocation();
  const navigate = useNavigate();
  const entry = location.key;
  const [kept] = useState(() => keptPlaces().find((p) => p.entry === entry && p.listKey === listKey));
  const { cursors, more } = usePages(listKey, kept?.cursors);
  const restoring = useRef(kept && { listKey, waiting: new Set(kept.cursors), scrollY: kept.scrollY });
  const list = useRef({ entry, listKey, cursors });

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
      if (list.current.entry !== FIRST_ENTRY) keepPlace({ ...list.current, scrollY: window.scrollY });
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
      // new page among them.
      requestAnimationFrame(() => window.scrollTo(0, pending.scrollY));
    },
    [listKey],
  );
  return { cursors, more, shown };
}

interface Connection<N> {
  edges: readonly { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** One page of a list read page by page, as the items of a `<ul>`: its rows, the empty state
 * when the first page is empty, and, after the last page read, a sentinel that asks for the next
 * page as it scrolls into view (or on a click), or the word that all is shown. Without
 * `onMore` the list ends with this page. `onShown` hears when the page is shown. */
export function ListPage<N extends { id: string }>({
  page,
  fetching,
  error,
  retry,
  after,
  isLast,
  onMore,
  onShown,
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
  empty: ReactNode;
  children: (node: N) => ReactNode;
}) {
  const { t } = useI18n();
  const sentinel = useRef<HTMLDivElement>(null);
  const next = onMore && page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  const isShown = page !== undefined;

  useEffect(() => {
    if (isShown) onShown?.(after);
  }, [isShown, onShown, after]);

  useEffect(() => {
    if (!isLast || !next || !onMore || !sentinel.current || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onMore(next);
    }, { rootMargin: "400px" });
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [isLast, next, onMore]);

  if (!page) {
    return (
      <>
        {fetching && <Loading more={after !== null} />}
        <ErrorNotice error={error} retry={retry} />
      </>
    );
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
            <div ref={sentinel}>
              <button type="button" className="button secondary" onClick={() => onMore(next)}>
                {t("state.loadMore")}
              </button>
            </div>
          ) : (
            page.edges.length > 0 && <p className="hint">{t("state.end")}</p>
          )}
        </li>
      )}
    </>
  );
}
