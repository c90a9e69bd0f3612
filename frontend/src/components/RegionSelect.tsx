import { useQuery } from "urql";
import { RegionsDocument } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { Field } from "./ui";

const LEVELS: { key: MessageKey; length: number }[] = [
  { key: "needs.province", length: 2 },
  { key: "needs.city", length: 4 },
  { key: "needs.county", length: 6 },
];

function Level({
  parentCode,
  labelKey,
  value,
  onChange,
  required = false,
  error,
}: {
  parentCode: string | null;
  labelKey: MessageKey;
  value: string;
  onChange: (code: string) => void;
  required?: boolean;
  error?: string;
}) {
  const { t, regionName } = useI18n();
  const [result] = useQuery({ query: RegionsDocument, variables: { parentCode }, requestPolicy: "cache-first" });
  const regions = result.data?.regions ?? [];
  return (
    <Field label={t(labelKey)} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)} disabled={result.fetching && !result.data}>
          <option value="">{t(required ? "form.choose" : "needs.any")}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {regionName(r)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Province → city → county, each list from regions(parentCode). `value` is the deepest code
 * chosen ("" for all); `root` limits the choice to a jurisdiction. `required`: the first level
 * offers no "all" (the form checks that it is chosen), and `error` shows beside it. */
export function RegionSelect({
  value,
  onChange,
  root = "",
  required = false,
  error,
}: {
  value: string;
  onChange: (code: string) => void;
  root?: string;
  required?: boolean;
  error?: string;
}) {
  const levels = LEVELS.filter((level) => level.length > root.length);
  return (
    <div className="region-select">
      {levels.map((level, index) => {
        const parentLength = index === 0 ? root.length : levels[index - 1].length;
        if (parentLength > 0 && value.length < parentLength) return null;
        const parentCode = parentLength === 0 ? null : value.slice(0, parentLength) || root;
        const selected = value.length >= level.length ? value.slice(0, level.length) : "";
        return (
          <Level
            key={`${level.length}-${parentCode ?? ""}`}
            parentCode={parentCode}
            labelKey={level.key}
            value={selected}
            required={required && index === 0}
            error={index === 0 ? error : undefined}
            onChange={(code) => onChange(code || (parentCode ?? root))}
          />
        );
      })}
    </div>
  );
}
