import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  formatDate,
  formatDateTime,
  formatMonth,
  formatNumber,
  formatPercent,
  formatRegionName,
  formatRegionPath,
  formatYuan,
  textLanguage,
  toNumber,
  type Locale,
  type RegionNames,
} from "./format";
import { messages, type MessageKey } from "./messages";

export const LOCALE_STORAGE_KEY = "hope.locale";
const LOCALES: readonly Locale[] = ["zh-CN", "en"];

/** The API's unit codes in words: [one, more] (English needs both; Chinese says it once). */
const UNIT_WORDS: Record<string, readonly [MessageKey, MessageKey]> = {
  SESSION: ["unit.SESSION.one", "unit.SESSION"],
  HOUR: ["unit.HOUR.one", "unit.HOUR"],
  STORY: ["unit.STORY.one", "unit.STORY"],
};

/** A unit the API names by a code, worded by `quantity` (money's FEN, SESSION, HOUR, STORY), not
 * a unit people typed ("套", "箱"). */
export function isUnitCode(unit: string): boolean {
  return unit === "FEN" || unit in UNIT_WORDS;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** An enum value's label, e.g. label("category", "LIBRARY"); unknown values show as they are. */
  label: (group: string, value: string) => string;
  yuan: (fen: number | string | null | undefined, compact?: boolean) => string;
  /** A quantity in a pledge's unit: yuan for FEN, words for the API's unit codes (SESSION, HOUR,
   * STORY: "5 次", "1 session"), else the number and the unit as typed ("20 套"). */
  quantity: (value: number | string | null | undefined, unit: string) => string;
  number: (value: number | string | null | undefined) => string;
  percent: (ratio: number) => string;
  date: (iso: string) => string;
  dateTime: (iso: string) => string;
  month: (key: string) => string;
  /** A region's name in the reader's language (`nameEn` in English, `name` in Chinese). */
  regionName: (region: RegionNames) => string;
  /** Regions from the largest down (and a town's name as it is) as one place, in the reader's
   * language and its order: "山东省 泰安市" in Chinese, "Tai'an City, Shandong Province" in English. */
  regionPath: (places: readonly (RegionNames | string | null | undefined)[]) => string;
  /** The `lang` of text people typed: "zh-CN" for Han characters in the English UI, "en" for Latin letters and no Han in the Chinese UI, else undefined (no attribute). */
  textLang: (text: string | null | undefined) => string | undefined;
}

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text: string = messages[key][locale === "zh-CN" ? 0 : 1];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

function storedLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  } catch {
    // Storage can be off (private mode): the default is zh-CN.
  }
  return "zh-CN";
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? storedLocale());

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Not persisted; the switch still works for this visit.
    }
  }, []);

  useEffect(() => {
    // The tab's title follows with the page's (Layout), in the same language.
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const t: Translate = (key, vars) => translate(locale, key, vars);
    return {
      locale,
      setLocale,
      t,
      label: (group, value) => {
        const key = `${group}.${value}`;
        return key in messages ? t(key as MessageKey) : value;
      },
      yuan: (fen, compact) => formatYuan(fen, locale, { compact }),
      quantity: (value, unit) => {
        if (unit === "FEN") return formatYuan(value, locale);
        const words = UNIT_WORDS[unit];
        const n = formatNumber(value, locale);
        return words ? t(words[toNumber(value) === 1 ? 0 : 1], { n }) : `${n} ${unit}`;
      },
      number: (v) => formatNumber(v, locale),
      percent: (ratio) => formatPercent(ratio, locale),
      date: (iso) => formatDate(iso, locale),
      dateTime: (iso) => formatDateTime(iso, locale),
      month: (key) => formatMonth(key, locale),
      regionName: (region) => formatRegionName(region, locale),
      regionPath: (places) => formatRegionPath(places, locale),
      textLang: (text) => textLanguage(text, locale),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
