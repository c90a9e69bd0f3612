import { describe, expect, it } from "vitest";
import { FEICHENG, SHANDONG, TAIAN } from "../test/fixtures";
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatRegionName,
  formatRegionPath,
  formatYuan,
  textLanguage,
  typedNumber,
  typedNumberValue,
  yuanProblem,
  yuanToFen,
} from "./format";

describe("money and numbers for the locale", () => {
  it("shows fen as yuan in Chinese", () => {
    expect(formatYuan(123456, "zh-CN")).toBe("¥1,234.56");
    expect(formatYuan(150000, "zh-CN")).toBe("¥1,500");
  });

  it("shows fen as yuan in English, with the CN¥ symbol", () => {
    expect(formatYuan(123456, "en")).toBe("CN¥1,234.56");
  });

  it("accepts BigInt values sent as strings of digits", () => {
    expect(formatYuan("2098096500", "zh-CN")).toBe("¥20,980,965");
  });

  it("shortens large sums the way each language counts", () => {
    expect(formatYuan(2098096500, "zh-CN", { compact: true })).toBe("¥2098.1万");
    expect(formatYuan(2098096500, "en", { compact: true })).toBe("CN¥21M");
  });

  it("formats counts, shares and calendar dates", () => {
    expect(formatNumber(12345, "en")).toBe("12,345");
    expect(formatPercent(0.256, "zh-CN")).toBe("25.6%");
    expect(formatDate("2026-05-01", "zh-CN")).toBe("2026年5月1日");
    expect(formatDate("2026-05-01", "en")).toBe("May 1, 2026");
    expect(formatYuan(252000, "zh-CN", { compact: true })).toBe("¥2,520");
    // An instant is the marketplace's day: 17:30 UTC on 30 November is 1 December in Beijing,
    // wherever the browser is.
    expect(formatDate("2026-11-30T17:30:00+00:00", "zh-CN")).toBe("2026年12月1日");
    expect(formatDateTime("2026-11-30T17:30:00+00:00", "en")).toMatch(/^Dec 1, 2026, 1:30/);
  });

  it("reads yuan typed by a person as whole fen", () => {
    expect(yuanToFen("12.5")).toBe(1250);
    expect(yuanToFen("1,000")).toBe(100000);
    expect(yuanToFen("abc")).toBeNull();
    expect(yuanToFen("")).toBeNull();
  });

  it("refuses more than two decimals of yuan rather than rounding them away", () => {
    expect(yuanToFen("1000.55")).toBe(100055);
    expect(yuanToFen("1000.555")).toBeNull();
    expect(yuanProblem("1000.555")).toBe("TOO_MANY_DECIMALS");
    expect(yuanProblem("1000.50")).toBeNull();
    expect(yuanProblem("abc")).toBe("NOT_NUMBER");
  });
});

describe("regions for the locale", () => {
  it("names a region in Chinese, or by its English name", () => {
    expect(formatRegionName(TAIAN, "zh-CN")).toBe("泰安市");
    expect(formatRegionName(TAIAN, "en")).toBe("Tai'an City");
  });

  it("writes a place from the province down in Chinese, and the smaller place first in English", () => {
    expect(formatRegionPath([SHANDONG, TAIAN, FEICHENG, "边院镇"], "zh-CN")).toBe("山东省 泰安市 肥城市 边院镇");
    expect(formatRegionPath([SHANDONG, TAIAN, FEICHENG, "边院镇"], "en")).toBe("边院镇, Feicheng City, Tai'an City, Shandong Province");
    // What is not known is left out.
    expect(formatRegionPath([null, TAIAN, undefined, ""], "en")).toBe("Tai'an City");
    expect(formatRegionPath([], "zh-CN")).toBe("");
  });
});

describe("the language of text people typed", () => {
  it("marks Chinese in the English UI, names and all, mixed with Latin letters or not", () => {
    expect(textLanguage("边院镇中心小学", "en")).toBe("zh-CN");
    expect(textLanguage("图书角 Library Corner", "en")).toBe("zh-CN");
    expect(textLanguage("Library corner for 120 pupils", "en")).toBeUndefined();
  });

  it("marks English in the Chinese UI only when there is no Chinese in it", () => {
    expect(textLanguage("Hope Foundation", "zh-CN")).toBe("en");
    expect(textLanguage("Hope 基金会", "zh-CN")).toBeUndefined();
    expect(textLanguage("边院镇中心小学", "zh-CN")).toBeUndefined();
  });

  it("leaves what has no letters of either script, and what is missing, unmarked", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      expect(textLanguage("120 × 30", locale)).toBeUndefined();
      expect(textLanguage("", locale)).toBeUndefined();
      expect(textLanguage(null, locale)).toBeUndefined();
      expect(textLanguage(undefined, locale)).toBeUndefined();
    }
  });
});

describe("numbers typed with a Chinese IME", () => {
  it("read full-width digits, full stops and commas as their ASCII forms", () => {
    expect(typedNumber("１２")).toBe("12");
    expect(typedNumber(" １００．５ ")).toBe("100.5");
    expect(typedNumber("１，０００")).toBe("1000");
    expect(typedNumber("１２。５")).toBe("12.5");
    expect(typedNumber("－３")).toBe("-3");
  });

  it("give whole and decimal numbers, and nothing for what is not one", () => {
    expect(typedNumberValue("１２")).toBe(12);
    expect(typedNumberValue("３００")).toBe(300);
    expect(typedNumberValue("１００．５")).toBe(100.5);
    expect(typedNumberValue("1,000")).toBe(1000);
    expect(typedNumberValue("十二")).toBeNull();
    expect(typedNumberValue("１２ａ")).toBeNull();
    expect(typedNumberValue("")).toBeNull();
  });

  it("count as yuan and fen", () => {
    expect(yuanToFen("１００")).toBe(10000);
    expect(yuanToFen("１００．５")).toBe(10050);
    expect(yuanToFen("１，２３４．５６")).toBe(123456);
    expect(yuanProblem("１００．５")).toBeNull();
    expect(yuanProblem("１．２３４")).toBe("TOO_MANY_DECIMALS");
    expect(yuanProblem("一百")).toBe("NOT_NUMBER");
  });
});
