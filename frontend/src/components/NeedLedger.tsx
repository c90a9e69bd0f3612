import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { useClient } from "urql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { decodeGlobalId } from "../lib/ledger";
import { entriesForNeed, type ParsedEntry } from "../lib/ledgerEntries";
import { errorKey } from "../lib/errors";
import { EntrySummary } from "../pages/LedgerPage";
import { Empty, Notice } from "./ui";

/** The public ledger's entries about a need, each linking to its check on the ledger page.
 * A change of `version` reads them again (after the school publishes or cancels the need). */
export function NeedLedger({ needId, version = 0 }: { needId: string; version?: number }) {
  const { t, number } = useI18n();
  const client = useClient();
  const [state, setState] = useState<{ entries?: ParsedEntry[]; scanned: number; error?: MessageKey; done: boolean }>({ scanned: 0, done: false });
  const key = Number(decodeGlobalId(needId)?.key);

  useEffect(() => {
    let live = true;
    if (!Number.isInteger(key)) return;
    setState({ scanned: 0, done: false });
    entriesForNeed(client, needId, key, (scanned) => live && setState((s) => ({ ...s, scanned })))
      .then((r) => live && setState({ entries: r.entries, scanned: r.scanned, done: true }))
      .catch((e) => live && setState({ scanned: 0, done: true, error: errorKey(e) ?? "error.unexpected" }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, needId, key, version]);

  return (
    <section aria-labelledby="need-ledger" data-testid="need-ledger">
      <h2 id="need-ledger">{t("ledger.forNeed")}</h2>
      <p className="hint">{t("ledger.forNeedHint")}</p>
      {!state.done && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          {t("state.loading")} {state.scanned > 0 && t("ledger.scanned", { n: number(state.scanned) })}
        </p>
      )}
      {state.error && <Notice kind="error">{t(state.error)}</Notice>}
      {state.done && state.entries && state.entries.length === 0 && <Empty>{t("ledger.noneForNeed")}</Empty>}
      {state.entries && state.entries.length > 0 && (
        <ol className="plain-list entries">
          {state.entries.map((entry) => (
            <li key={entry.index} className="row">
              <span className="entry-text">
                <span className="entry-index">#{entry.index}</span> <EntrySummary entry={entry} />
              </span>
              <Link to={`/ledger?entry=${entry.index}`}>
                {t("ledger.open")} <span className="visually-hidden">#{entry.index}</span>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
