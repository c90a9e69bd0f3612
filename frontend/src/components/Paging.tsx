import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { CombinedError } from "urql";
import { useI18n } from "../i18n/i18n";
import { Empty, ErrorNotice, Loading } from "./ui";

/** The cursors of the pages of a list read so far: the first page's (null), then each one asked
 * for with `more`. Another `listKey` (another filter) starts again from the first page. */
export function usePages(listKey: string): { cursors: (string | null)[]; more: (cursor: string) => void } {
  const [pages, setPages] = useState<{ listKey: string; cursors: (string | null)[] }>({ listKey, cursors: [null] });
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

interface Connection<N> {
  edges: readonly { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** One page of a list read page by page, as the items of a `<ul>`: its rows, the empty state
 * when the first page is empty, and, after the last page read, a sentinel that asks for the next
 * page as it scrolls into view (or on a click), or the word that all is shown. Without
 * `onMore` the list ends with this page. */
export function ListPage<N extends { id: string }>({
  page,
  fetching,
  error,
  retry,
  after,
  isLast,
  onMore,
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
  empty: ReactNode;
  children: (node: N) => ReactNode;
}) {
  const { t } = useI18n();
  const sentinel = useRef<HTMLDivElement>(null);
  const next = onMore && page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;

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
