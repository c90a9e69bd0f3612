import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { WebStoriesDocument, type StoryFilter, type WebStoriesQuery } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { ListPage, usePages } from "./Paging";
import { ResultsStatus, StatusBadge, useResultCounts, type ResultWords } from "./ui";

export type Story = WebStoriesQuery["stories"]["edges"][number]["node"];

/** What a story tells of: a match's school and need (the stories and the matches ticked for one). */
interface ToldOf {
  school?: { name: string } | null;
  need?: { id: string; title: string } | null;
}

const EXCERPT_CHARACTERS = 120;

/** The start of a story on one line, cut between characters (never inside one) with "…". */
function excerpt(body: string): string {
  const characters = [...body.replace(/\s+/g, " ").trim()];
  return characters.length > EXCERPT_CHARACTERS ? `${characters.slice(0, EXCERPT_CHARACTERS).join("")}…` : characters.join("");
}

/** The needs told of, each once, as links to their pages: "school · need". */
export function NeedLinks({ matches, label }: { matches: readonly ToldOf[]; label: string }) {
  const { textLang } = useI18n();
  const needs = new Map<string, { school?: string; title: string }>();
  for (const { school, need } of matches) {
    if (need && !needs.has(need.id)) needs.set(need.id, { school: school?.name, title: need.title });
  }
  return (
    <ul className="told-of" aria-label={label}>
      {[...needs].map(([id, { school, title }]) => (
        <li key={id}>
          <Link to={`/needs/${encodeURIComponent(id)}`}>
            {school && (
              <>
                <span lang={textLang(school)}>{school}</span> ·{" "}
              </>
            )}
            <span lang={textLang(title)}>{title}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A story: headline, media party, date, and its body in full (line breaks kept, as plain text)
 * or its start; then `children` (what its editor may do with it). A retracted one (a list read
 * before it was retracted) says so, when and why, instead of its body. */
function StoryCard({ story, full, children }: { story: Story; full: boolean; children?: ReactNode }) {
  const { t, date, textLang } = useI18n();
  const retracted = story.status === "RETRACTED";
  return (
    <article className="card" data-testid="story">
      <h3>
        <span lang={textLang(story.title)}>{story.title}</span>
        {retracted && (
          <>
            {" "}
            <StatusBadge group="storyStatus" value={story.status} />
          </>
        )}
      </h3>
      <p className="meta">
        <span lang={textLang(story.party?.name)}>{story.party?.name}</span> · <time dateTime={story.publishedAt}>{date(story.publishedAt)}</time>
        {retracted && story.retractedAt && (
          <>
            {" "}
            · <time dateTime={story.retractedAt}>{t("stories.retractedOn", { date: date(story.retractedAt) })}</time>
          </>
        )}
      </p>
      {retracted ? (
        <p data-testid="retraction">
          {t("stories.retractionReason")}: <span lang={textLang(story.retractionReason)}>{story.retractionReason}</span>
        </p>
      ) : (
        <p className={full ? "story" : undefined} lang={textLang(story.body)}>
          {full ? story.body : excerpt(story.body)}
        </p>
      )}
      <NeedLinks matches={story.matches} label={t("stories.toldOf")} />
      {children}
    </article>
  );
}

interface ChunkProps {
  filter: StoryFilter;
  first: number;
  full: boolean;
  empty: MessageKey;
  after: string | null;
  isLast: boolean;
  onMore?: (cursor: string) => void;
  gone?: ReadonlySet<string>;
  actions?: (story: Story) => ReactNode;
  /** Hears how many stories the page shows, and whether more pages follow. */
  onCount?: (after: string | null, rows: number, more: boolean) => void;
}

function StoriesChunk({ filter, first, full, empty, after, isLast, onMore, gone, actions, onCount }: ChunkProps) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({ query: WebStoriesDocument, variables: { first, after, filter } });
  const page = result.data?.stories;
  const shown = page && gone?.size ? { ...page, edges: page.edges.filter((e) => !gone.has(e.node.id)) } : page;
  return (
    <ListPage
      page={shown}
      fetching={result.fetching}
      error={result.error}
      retry={() => refetch({ requestPolicy: "network-only" })}
      after={after}
      isLast={isLast}
      onMore={onMore}
      onCount={onCount}
      empty={t(empty)}
    >
      {(story) => (
        <StoryCard story={story} full={full}>
          {actions?.(story)}
        </StoryCard>
      )}
    </ListPage>
  );
}

/** Published stories, newest first, `first` at a time: in full or as excerpts; `paged` reads
 * further pages as the list scrolls, otherwise only the newest `first` are shown. Those `gone`
 * (retracted meanwhile) are left out; `actions` go on each story. */
export function StoryList({
  filter = {},
  first = 10,
  full = false,
  paged = true,
  empty,
  gone,
  actions,
}: {
  filter?: StoryFilter;
  first?: number;
  full?: boolean;
  paged?: boolean;
  empty: MessageKey;
  gone?: ReadonlySet<string>;
  actions?: (story: Story) => ReactNode;
}) {
  const listKey = JSON.stringify(filter);
  const { cursors, more } = usePages(listKey);
  const read = paged ? cursors : [null];
  const { report, counts } = useResultCounts(listKey, read);
  // The list is not live (each page would read every story again): a line says what was found,
  // or what a further page added. A list of the newest few only (not paged) is read as it is.
  return (
    <>
      {paged && <ResultsStatus counts={counts} words={STORY_WORDS} />}
      <ul className="card-list one-column" data-testid="stories">
        {read.map((after, index) => (
          <StoriesChunk
            key={`${listKey}-${after ?? "first"}`}
            filter={filter}
            first={first}
            full={full}
            empty={empty}
            after={after}
            isLast={index === read.length - 1}
            onMore={paged ? more : undefined}
            gone={gone}
            actions={actions}
            onCount={report}
          />
        ))}
      </ul>
    </>
  );
}

const STORY_WORDS: ResultWords = { found: "stories.found", shownMore: "stories.shownMore", loaded: "stories.loaded", loadedAll: "stories.loadedAll" };
