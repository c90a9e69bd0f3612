// Numbers, money and dates for a locale. Money arrives as integer fen (BigInt scalars: a JSON
// number or a string of digits) and is shown in yuan with Intl.
export type Locale = "zh-CN" | "en";

export function toNumber(value: number | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === "number" ? value : Number(value);
}

export function formatYuan(
  fen: number | string | null | undefined,
  locale: Locale,
  options: { compact?: boolean } = {},
): string {
  const yuan = toNumber(fen) / 100;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "CNY",
    currencyDisplay: "symbol",
    notation: options.compact ? "compact" : "standard",
    // Compact notation leaves four digits ungrouped ("¥2520" beside "¥2,520" elsewhere); from
    // 10,000 it counts in 万 or K, grouped as each language writes them ("¥2098.1万").
    useGrouping: !(options.compact && Math.abs(yuan) >= 10_000),
    maximumFractionDigits: options.compact ? 1 : 2,
    minimumFractionDigits: options.compact ? 0 : Number.isInteger(yuan) ? 0 : 2,
  }).format(yuan);
}

export function formatNumber(value: number | string | null | undefined, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(toNumber(value));
}

export function formatPercent(ratio: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

/** A region's names as the API gives them: the official Chinese one and the English one. */
export interface RegionNames {
  name: string;
  nameEn: string;
}

/** A region's name in the reader's language: 泰安市 in Chinese, "Tai'an City" in English. */
export function formatRegionName(region: RegionNames, locale: Locale): string {
  return locale === "en" ? region.nameEn : region.name;
}

/** Places given from the largest down (regions, or a name to show as it is, like a school's
 * town), as each language writes them: "山东省 泰安市 肥城市" in Chinese, "Feicheng City, Tai'an
 * City, Shandong Province" in English. Missing ones are left out. */
export function formatRegionPath(places: readonly (RegionNames | string | null | undefined)[], locale: Locale): string {
  const names = places
    .map((place) => (typeof place === "string" || !place ? place : formatRegionName(place, locale)))
    .filter((name): name is string => Boolean(name));
  return locale === "en" ? names.reverse().join(", ") : names.join(" ");
}

/** The language to mark on text people typed (a school's name, a need's story) when a screen
 * reader should not read it in the page's: "zh-CN" for text with Chinese characters in the
 * English UI, "en" for Latin letters without any in the Chinese UI, else none. Script is all
 * there is to go on: a school's name in pinyin reads as English. */
export function textLanguage(text: string | null | undefined, locale: Locale): Locale | undefined {
  if (!text) return undefined;
  const han = /\p{Script=Han}/u.test(text);
  if (locale === "en") return han ? "zh-CN" : undefined;
  return !han && /\p{Script=Latin}/u.test(text) ? "en" : undefined;
}

/** The marketplace's calendar (the server's TIME_ZONE): days and times are China's wherever the
 * browser is, so a receipt confirmed at 01:30 in Beijing never shows a day before the transfer
 * recorded that morning. */
export const MARKETPLACE_TIME_ZONE = "Asia/Shanghai";

/** A calendar date (YYYY-MM-DD) as that day, or an instant as its day in the marketplace's
 * calendar. */
export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: isoDate.length === 10 ? "UTC" : MARKETPLACE_TIME_ZONE,
  }).format(date);
}

/** An instant as the marketplace's day and time. */
export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: MARKETPLACE_TIME_ZONE }).format(new Date(iso));
}

/** A month key (YYYY-MM) as a short label. */
export function formatMonth(key: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(`${key}-01T00:00:00Z`),
  );
}

/** A number as a person typed it, in the characters a number parses from: a Chinese IME types
 * full-width digits (１２), full stops (．, or 。) and commas (，) and a full-width minus (－); they
 * become 0-9 . , and -. The text is trimmed, and commas (grouping thousands: "1,000") are left out. */
export function typedNumber(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\uFF0E\u3002]/g, ".")
    .replace(/\uFF0C/g, ",")
    .replace(/\uFF0D/g, "-")
    .trim()
    .replace(/,/g, "");
}

/** A whole or decimal number typed by a person (see `typedNumber`), or null when it is not one. */
export function typedNumberValue(text: string): number | null {
  const cleaned = typedNumber(text);
  return cleaned === "" || !/^-?\d+(\.\d+)?$/.test(cleaned) ? null : Number(cleaned);
}

/** What is wrong with yuan typed by a person: not a number, or more than two decimals (a fen is
 * the smallest amount; rounding it away would save another amount than the one typed). */
export function yuanProblem(text: string): "NOT_NUMBER" | "TOO_MANY_DECIMALS" | null {
  const cleaned = typedNumber(text);
  if (cleaned === "" || !/^-?\d+(\.\d+)?$/.test(cleaned)) return "NOT_NUMBER";
  return /\.\d{3,}$/.test(cleaned) ? "TOO_MANY_DECIMALS" : null;
}

/** Yuan typed by a person ("12.5", "１２．５") as whole fen, or null when it is not a number of
 * yuan and fen (see `yuanProblem`). */
export function yuanToFen(text: string): number | null {
  if (yuanProblem(text) !== null) return null;
  return Math.round(Number(typedNumber(text)) * 100);
}
