import { Children, Fragment, isValidElement, useCallback, useId, useState, type ButtonHTMLAttributes, type ReactElement, type ReactNode } from "react";
import type { CombinedError } from "urql";
import type { ScoreTerm } from "../gql/graphql";
import { isUnitCode, useI18n } from "../i18n/i18n";
import { messages, type MessageKey } from "../i18n/messages";
import { errorKey, type FieldError } from "../lib/errors";

/** The length of a text as the server counts it: the characters of the trimmed text. */
export function characters(text: string): number {
  return [...text.trim()].length;
}

export function Loading({ more = false }: { more?: boolean }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t(more ? "state.loadingMore" : "state.loading")}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ErrorNotice({ error, retry }: { error: CombinedError | undefined; retry?: () => void }) {
  const { t } = useI18n();
  const key = errorKey(error);
  if (!key) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{t(key)}</p>
      {retry && (
        <button type="button" className="button secondary" onClick={retry}>
          {t("state.retry")}
        </button>
      )}
    </div>
  );
}

/** A notice: an error (role=alert) or news (role=status). Rendered with nothing to say (`children`
 * empty: null, false, ""), it is the live region alone, out of sight and taking no room, so that
 * the text it gets later is announced: many screen readers say nothing of a live region inserted
 * already holding its text. So render it always, its text depending on the state
 * (`<Notice kind="error">{failed && t(failed)}</Notice>`), rather than `{failed && <Notice>…}`. */
export function Notice({ kind = "ok", children }: { kind?: "ok" | "error"; children: ReactNode }) {
  const empty = Children.toArray(children).every((child) => child === "");
  return (
    <div className={empty ? "visually-hidden" : `notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {empty ? null : children}
    </div>
  );
}

/** A notice, kept as its message key (with its values) and/or the payload errors so that it
 * follows a change of language; it is worded when shown. `detail` is data shown as it is (the
 * title of the need it is about). */
export type Message = {
  kind: "ok" | "error";
  key?: MessageKey;
  vars?: Record<string, string | number>;
  detail?: string;
  errors?: readonly FieldError[];
} | null;

/** A message worded as a string, for where only a string goes (a field's error); shown on the
 * page, it is `MessageText`. */
export function useMessageText(): (message: NonNullable<Message>) => string {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (message) =>
    [message.key && t(message.key, message.vars), message.detail, ...(message.errors ?? []).map((e) => errorText(e))]
      .filter(Boolean)
      .join(" ");
}

/** `t(id, vars)` with each value in a language other than the reader's (a school's Chinese name
 * in the English UI) in a span marked with its own (`textLang`), for a screen reader to read it
 * so; the words of the sentence, and values in the reader's language, stay plain text. A value
 * may be an element that marks its own parts (`<Quantity>`): it goes in as it is. */
export function Sentence({ id, vars }: { id: MessageKey; vars: Record<string, string | number | ReactElement> }) {
  const { t, textLang } = useI18n();
  // Without values, `t` gives the sentence with its placeholders: the odd parts name them.
  const parts = t(id).split(/\{(\w+)\}/);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        if (!(part in vars)) return `{${part}}`;
        const given = vars[part];
        if (isValidElement(given)) return <Fragment key={i}>{given}</Fragment>;
        const value = String(given);
        const lang = textLang(value);
        return lang ? (
          <span key={i} lang={lang}>
            {value}
          </span>
        ) : (
          value
        );
      })}
    </>
  );
}

/** A `Message` as `useMessageText` words it, its values and its detail (the title of the need it
 * is about) marked with their language where it is not the reader's (as in `Sentence`). */
export function MessageText({ message }: { message: NonNullable<Message> }) {
  const { textLang } = useI18n();
  const errorText = useErrorText();
  const lang = textLang(message.detail);
  const parts: ReactNode[] = [
    message.key && <Sentence id={message.key} vars={message.vars ?? {}} />,
    message.detail && (lang ? <span lang={lang}>{message.detail}</span> : message.detail),
    ...(message.errors ?? []).map((e) => errorText(e)),
  ].filter(Boolean);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && " "}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** A `Message`, in two live regions always present (one for news, one for errors: a region's role
 * does not change under a screen reader), empty and out of sight until there is a message, so
 * that each message is announced. */
export function MessageNotice({ message }: { message: Message }) {
  return (
    <>
      <Notice kind="ok">{message?.kind === "ok" && <MessageText message={message} />}</Notice>
      <Notice kind="error">{message?.kind === "error" && <MessageText message={message} />}</Notice>
    </>
  );
}

/** A button that stays focusable while what it started is under way. Use it in place of
 * `disabled={state.fetching}` (a `disabled` button that has focus drops it to <body> in Chromium,
 * so a keyboard or screen reader user is lost when the server answers): while `busy` it is
 * aria-disabled="true" (and looks disabled) and presses are ignored, so the form is not sent
 * again, by a click nor by Enter in a field. A submit button unless `type` says otherwise; an
 * `onClick` runs only while not busy.
 *
 *   <BusyButton busy={state.fetching} className="button primary">{t("form.submit")}</BusyButton>
 */
export function BusyButton({ busy, type = "submit", onClick, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean }) {
  return (
    <button
      {...rest}
      type={type}
      aria-disabled={busy || undefined}
      onClick={(event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
    >
      {children}
    </button>
  );
}

/** What one page of a list read page by page holds: its rows, and whether more pages follow. */
interface PageCount {
  rows: number;
  more: boolean;
}

/** What a list read page by page shows so far, once every page read is shown: all its rows
 * (`shown`), those of the page read last when it was asked for afterwards (`added`), and
 * whether there are more (`more`). */
export interface ResultCounts {
  shown: number;
  added: number | null;
  more: boolean;
}

/** The counts of a list read page by page (the `cursors` of `usePages`) for `ResultsStatus`: each
 * page calls `report(after, rows, more)` once shown. Another `listKey` (another filter) starts
 * again. The pages read at once when the list is shown (a list coming back with the pages it
 * had) count as found, not as added. */
export function useResultCounts(listKey: string, cursors: readonly (string | null)[]) {
  const [start, setStart] = useState({ listKey, pages: cursors.length });
  if (start.listKey !== listKey) setStart({ listKey, pages: cursors.length });
  const firstPages = start.listKey === listKey ? start.pages : cursors.length;
  const [counts, setCounts] = useState<{ listKey: string; pages: ReadonlyMap<string | null, PageCount> }>(() => ({ listKey, pages: new Map() }));
  const report = useCallback(
    (after: string | null, rows: number, more: boolean) =>
      setCounts((current) => {
        const pages = current.listKey === listKey ? current.pages : new Map<string | null, PageCount>();
        const before = pages.get(after);
        if (current.listKey === listKey && before?.rows === rows && before.more === more) return current;
        return { listKey, pages: new Map(pages).set(after, { rows, more }) };
      }),
    [listKey],
  );
  const pages = counts.listKey === listKey ? counts.pages : new Map<string | null, PageCount>();
  const read = cursors.map((cursor) => pages.get(cursor));
  const last = read[read.length - 1];
  const counted: ResultCounts | null =
    last && read.every(Boolean)
      ? { shown: read.reduce((sum, page) => sum + (page?.rows ?? 0), 0), added: read.length > firstPages ? last.rows : null, more: last.more }
      : null;
  return { report, counts: counted };
}

/** The words of a list's status line: `found` ({n}) when the first page is all there is,
 * `shownMore` ({n}) when more pages follow it, `loaded` ({k} more, {n} shown) after a further
 * page with more to come, `loadedAll` ({k}, {n}) after the last. */
export interface ResultWords {
  found: MessageKey;
  shownMore: MessageKey;
  loaded: MessageKey;
  loadedAll: MessageKey;
}

/** A list's status line, out of sight: what a new filter found, or what a further page added
 * (the list itself is not live: every card would be read again). Empty while a page loads. */
export function ResultsStatus({ counts, words }: { counts: ResultCounts | null; words: ResultWords }) {
  const { t, number } = useI18n();
  let text = "";
  if (counts) {
    const n = number(counts.shown);
    if (counts.added === null) text = t(counts.more ? words.shownMore : words.found, { n });
    else text = t(counts.more ? words.loaded : words.loadedAll, { k: number(counts.added), n });
  }
  return (
    <p className="visually-hidden" role="status" data-testid="results-status">
      {text}
    </p>
  );
}

/** The bound a refusal names, and the side the value missed it on: `maximum` when it was too
 * large (or too late), `minimum` when too small (or too early). */
function boundOf(error: FieldError): { side: "above" | "below"; bound: string } | null {
  if (error.maximum != null) return { side: "above", bound: error.maximum };
  if (error.minimum != null) return { side: "below", bound: error.minimum };
  return null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Refusals (`field.CODE`, list positions left out) whose bound is an amount in fen though the
 * field's name does not end in "Fen": the items' total value, refused on the list of items. */
const BOUND_IN_FEN = new Set(["items.OUT_OF_RANGE"]);

/** Refusals whose field wording says what is wrong only in general, while the server's own
 * (English) message names the actual reason ("The pledge offers 儿童读物; the school needs
 * 书架."): English readers get that message after the wording. */
const SERVER_SAYS_WHY = new Set(["pledgeId.NOT_ELIGIBLE"]);

/** The text of a payload error in the viewer's language: the field's own wording for its code
 * when there is one (`fieldCode.deadline.OUT_OF_RANGE`; list positions left out, so
 * `items.0.description` reads `fieldCode.items.description.…`), else the code's. A form may name
 * its `scope`, whose wording comes first (`fieldCode.delivery.quantity.OVER_ALLOCATED`: the
 * same field and code mean something else in a delivery). A value out of range is worded by
 * the side it missed (`….OUT_OF_RANGE.above` / `.below`), with the bound the server named as
 * `{max}` or `{min}` (yuan for a field in fen or an amount in fen, see `BOUND_IN_FEN`; a date
 * for a date). When the error lists the values the field takes
 * (`allowed`), they follow, translated.
 * English readers also get the server's own words when there is no field wording (or the
 * wording is general, see `SERVER_SAYS_WHY`), with the internal field path
 * ("items.0.description is required.") left out. */
export function useErrorText(scope?: string): (error: FieldError | undefined) => string | undefined {
  const { t, label, locale, number, yuan, date } = useI18n();
  return (error) => {
    if (!error) return undefined;
    const field = (error.field ?? "").replace(/\.\d+(?=\.|$)/g, "");
    const missed = boundOf(error);
    const side = missed?.side;
    const inFen = field.endsWith("Fen") || BOUND_IN_FEN.has(`${field}.${error.code}`);
    const shown = (bound: string) => (ISO_DATE.test(bound) ? date(bound) : inFen ? yuan(bound) : number(Number(bound)));
    const bounds: Record<string, string> | undefined = missed
      ? { [missed.side === "above" ? "max" : "min"]: shown(missed.bound) }
      : undefined;
    const base = `fieldCode.${field}.${error.code}`;
    const scoped = scope ? `fieldCode.${scope}.${field}.${error.code}` : null;
    // Last, the code's own wording of the side it missed ("内容太长，最多 {max} 个字。").
    const keys = [scoped && side && `${scoped}.${side}`, scoped, side && `${base}.${side}`, base, side && `code.${error.code}.${side}`];
    const key = keys.find((k): k is string => Boolean(k) && k! in messages);
    let text = key ? t(key as MessageKey, bounds) : label("code", error.code);
    if (!key && missed) text = `${text} ${t(missed.side === "above" ? "error.atMost" : "error.atLeast", bounds)}`;
    if (error.allowed?.length && field) {
      const group = field.split(".").pop()!;
      const names = error.allowed.map((value) => label(group, value));
      text = `${text} ${t("error.useOneOf", { allowed: names.join(locale === "en" ? ", " : "、") })}`;
    } else if (locale === "en" && ((!key && !bounds) || SERVER_SAYS_WHY.has(`${field}.${error.code}`))) {
      const detail = serverDetail(error);
      if (detail && detail.toLowerCase() !== text.toLowerCase()) text = `${text} ${detail}`;
    }
    return text || t("error.unexpected");
  };
}

/** The server's (English) message without the internal field path it may start with: "title is
 * 300 characters long…" reads "This is 300 characters long…"; a bare "… is required." adds
 * nothing to the code's text, and a message naming a path elsewhere is left out. */
function serverDetail(error: FieldError): string {
  const message = (error.message ?? "").trim();
  const path = error.field ?? "";
  if (!path) return message;
  if (message.startsWith(`${path} `)) {
    const rest = message.slice(path.length + 1);
    if (/^is required\.?$/.test(rest)) return "";
    return /^(is|must|contains|has)\b/.test(rest) ? `This ${rest}` : "";
  }
  return path.includes(".") && message.includes(path) ? "" : message;
}

interface FieldProps {
  /** Words, or a `<Sentence>` when a value in it (a unit people typed) is marked with its language. */
  label: ReactNode;
  error?: string;
  hint?: string;
  /** The form refuses it empty: said to screen readers (`aria-required`; forms check it themselves,
   * `noValidate`); the optional ones say "（选填）" in their label. */
  required?: boolean;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string; "aria-required"?: true }) => ReactNode;
}

/** The longest text a list's search box takes: the server refuses a search longer than any
 * need's or pledge's title (120 characters) or party's name (200) holds. */
export const SEARCH_MAX = { title: 120, name: 200 } as const;

/** A labelled control with its hint and its error right beside it. */
export function Field({ label, error, hint, required = false, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy, ...(required ? { "aria-required": true as const } : {}) })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The party one acts for, when one belongs to several (schools, donors, media): nothing when
 * there is only one to act for. */
export function PartyChoice({
  label,
  parties,
  value,
  onChange,
  error,
}: {
  label: string;
  parties: readonly { id: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
  error?: string;
}) {
  const { textLang } = useI18n();
  if (parties.length < 2) return null;
  return (
    <Field label={label} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
          {parties.map((p) => (
            <option key={p.id} value={p.id} lang={textLang(p.name)}>
              {p.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A table that may be wider than a phone's screen (English headers, a long word in a row
 * header): it scrolls sideways in a region of its own, not the page. The region takes focus
 * (tabIndex 0) so that a keyboard can scroll it, and is named (`label`) for a screen reader to
 * say what it is when it does. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A quantity in a pledge's or an item's unit as `quantity` words it ("¥300", "5 次", "187 箱"),
 * a unit people typed ("箱") marked with its language where it is not the reader's. */
export function Quantity({ value, unit }: { value: number | string; unit: string }) {
  const { quantity, number, textLang } = useI18n();
  const lang = isUnitCode(unit) ? undefined : textLang(unit);
  if (!lang) return <>{quantity(value, unit)}</>;
  return (
    <>
      {number(value)} <span lang={lang}>{unit}</span>
    </>
  );
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(ratio * 100)}
      >
        <div className="progress-fill" style={{ width: `${ratio * 100}%` }} />
      </div>
      <p className="progress-label">{label}</p>
    </div>
  );
}

export function StatusBadge({ group, value }: { group: string; value: string }) {
  const { label } = useI18n();
  return <span className={`badge badge-${value.toLowerCase()}`}>{label(group, value)}</span>;
}

/** The "why" of a proposal: its score, term by term, and then (when given) the sum, labelled as
 * the match score: a figure to compare proposals by, secondary to what they are. */
export function Explanation({ terms, score }: { terms: readonly Pick<ScoreTerm, "name" | "points">[]; score?: number }) {
  const { t, label, number } = useI18n();
  if (terms.length === 0) return <p className="hint">{t("match.directNoWhy")}</p>;
  return (
    <details className="why">
      <summary>{t("match.why")}</summary>
      <ul>
        {terms.map((term) => (
          <li key={term.name}>
            <span>{label("term", term.name)}</span>
            <span className="points">{t("term.points", { points: number(term.points) })}</span>
          </li>
        ))}
        {score !== undefined && (
          <li className="why-total">
            <span>{t("match.score")}</span>
            <span className="points">{t("term.points", { points: number(score) })}</span>
          </li>
        )}
      </ul>
    </details>
  );
}
