"""Writes ``gb2260_en.csv``: an English name for every division in ``gb2260.csv``.

Not part of the server: run it by hand when ``gb2260.csv`` changes, in an environment that has
``pypinyin`` (``pip install pypinyin==0.55.0``), as ``python ecosystem/regions/data/romanize.py``.

A name is its place name in Hanyu Pinyin without tones (syllables joined, an apostrophe before a
syllable that starts with a, o or e, as in Xi'an), then the division's generic term in English:
泰安市 Tai'an City, 肥城市 Feicheng City, 岱岳区 Daiyue District, 东平县 Dongping County,
延边朝鲜族自治州 Yanbian Korean Autonomous Prefecture. Known place names inside a longer name
(a development zone's province and city) are their own words. The provinces' names are the
customary English ones (Inner Mongolia), and ``READINGS`` fixes place names whose characters
pypinyin reads as in ordinary words (长治 Changzhi, not Zhangzhi).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pypinyin import lazy_pinyin  # type: ignore[import-not-found,unused-ignore]

HERE = Path(__file__).parent

PROVINCES = {
    "11": "Beijing Municipality",
    "12": "Tianjin Municipality",
    "13": "Hebei Province",
    "14": "Shanxi Province",
    "15": "Inner Mongolia Autonomous Region",
    "21": "Liaoning Province",
    "22": "Jilin Province",
    "23": "Heilongjiang Province",
    "31": "Shanghai Municipality",
    "32": "Jiangsu Province",
    "33": "Zhejiang Province",
    "34": "Anhui Province",
    "35": "Fujian Province",
    "36": "Jiangxi Province",
    "37": "Shandong Province",
    "41": "Henan Province",
    "42": "Hubei Province",
    "43": "Hunan Province",
    "44": "Guangdong Province",
    "45": "Guangxi Zhuang Autonomous Region",
    "46": "Hainan Province",
    "50": "Chongqing Municipality",
    "51": "Sichuan Province",
    "52": "Guizhou Province",
    "53": "Yunnan Province",
    "54": "Xizang Autonomous Region",
    "61": "Shaanxi Province",
    "62": "Gansu Province",
    "63": "Qinghai Province",
    "64": "Ningxia Hui Autonomous Region",
    "65": "Xinjiang Uygur Autonomous Region",
}

# Whole names that no rule gives.
WHOLE = {
    "市辖区": "City Districts",
    "县": "Counties",
    "省直辖县级行政区划": "County-level Divisions under the Province",
    "自治区直辖县级行政区划": "County-level Divisions under the Autonomous Region",
    "西沙群岛": "Xisha Islands",
    "南沙群岛": "Nansha Islands",
    "中沙群岛的岛礁及其海域": "Zhongsha Islands and Their Waters",
    "乌拉盖管理区管委会": "Wulagai Administrative Area",
    "大柴旦行政委员会": "Dachaidan Administrative Committee",
    "兴安盟": "Hinggan League",
    "神农架林区": "Shennongjia Forestry District",
    "吉林中国新加坡食品区": "Jilin China-Singapore Food Zone",
    "白云鄂博矿区": "Bayan Obo Mining District",
}

# Place names of other languages than Chinese, as English writes them, at every level.
EXONYMS = {
    "内蒙古": "Inner Mongolia",
    "呼和浩特": "Hohhot",
    "鄂尔多斯": "Ordos",
    "呼伦贝尔": "Hulunbuir",
    "巴彦淖尔": "Bayannur",
    "乌兰察布": "Ulanqab",
    "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa",
    "哈尔滨": "Harbin",
    "齐齐哈尔": "Qiqihar",
    "拉萨": "Lhasa",
    "日喀则": "Shigatse",
    "昌都": "Qamdo",
    "林芝": "Nyingchi",
    "那曲": "Nagqu",
    "阿里": "Ngari",
    "果洛": "Golog",
    "格尔木": "Golmud",
    "乌鲁木齐": "Urumqi",
    "克拉玛依": "Karamay",
    "吐鲁番": "Turpan",
    "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin",
    "阿克苏": "Aksu",
    "克孜勒苏": "Kizilsu",
    "喀什": "Kashgar",
    "和田": "Hotan",
    "伊犁": "Ili",
    "阿勒泰": "Altay",
    "塔什库尔干": "Taxkorgan",
    # Inner Mongolia's banners and towns.
    "土默特": "Tumed",
    "达尔罕茂明安": "Darhan Muminggan",
    "阿鲁科尔沁": "Ar Horqin",
    "巴林": "Bairin",
    "克什克腾": "Hexigten",
    "翁牛特": "Ongniud",
    "喀喇沁": "Harqin",
    "敖汉": "Aohan",
    "科尔沁": "Horqin",
    "库伦": "Hure",
    "奈曼": "Naiman",
    "扎鲁特": "Jarud",
    "达拉特": "Dalad",
    "准格尔": "Jungar",
    "鄂托克": "Otog",
    "杭锦": "Hanggin",
    "乌审": "Uxin",
    "伊金霍洛": "Ejin Horo",
    "阿荣": "Arun",
    "莫力达瓦": "Morin Dawa",
    "陈巴尔虎": "Old Barag",
    "新巴尔虎": "New Barag",
    "乌拉特": "Urad",
    "察哈尔": "Chahar",
    "扎赉特": "Jalaid",
    "阿巴嘎": "Abag",
    "苏尼特": "Sonid",
    "东乌珠穆沁": "East Ujimqin",
    "西乌珠穆沁": "West Ujimqin",
    "太仆寺": "Taibus",
    "镶黄": "Bordered Yellow",
    "正镶白": "Plain and Bordered White",
    "正蓝": "Plain Blue",
    "额济纳": "Ejin",
    "海拉尔": "Hailar",
    "额尔古纳": "Ergun",
    "乌兰浩特": "Ulanhot",
    "阿尔山": "Arxan",
    "锡林浩特": "Xilinhot",
    "二连浩特": "Erenhot",
    "托克托": "Togtoh",
    "和林格尔": "Horinger",
    "霍林郭勒": "Holingol",
}

# A banner's place in its league, before 旗: 科尔沁左翼中旗 Horqin Left Wing Middle Banner.
BANNER_POSITIONS = {
    "左翼前": "Left Wing Front",
    "左翼中": "Left Wing Middle",
    "左翼后": "Left Wing Rear",
    "右翼前": "Right Wing Front",
    "右翼中": "Right Wing Middle",
    "右翼后": "Right Wing Rear",
    "联合": "United",
    "左": "Left",
    "右": "Right",
    "前": "Front",
    "中": "Middle",
    "后": "Rear",
}

# Place names pypinyin reads as in ordinary words, as their syllables (matched longest first).
READINGS = {
    "长子": "zhang zi",
    "单": "shan",
    "郫都": "pi du",
    "筠连": "jun lian",
    "漯河": "luo he",
    "什邡": "shi fang",
    "涡阳": "guo yang",
    "六安": "lu an",
    "六合": "lu he",
    "蚌埠": "beng bu",
    "亳州": "bo zhou",
    "乐亭": "lao ting",
    "乐清": "yue qing",
    "蔚": "yu",
    "番禺": "pan yu",
    "铅山": "yan shan",
    "犍为": "qian wei",
    "东阿": "dong e",
    "莘": "shen",
    "浚": "xun",
    "洪洞": "hong tong",
    "繁峙": "fan shi",
    "大冶": "da ye",
    "会泽": "hui ze",
    "会理": "hui li",
    "会同": "hui tong",
    "会宁": "hui ning",
    "会昌": "hui chang",
    "珲春": "hun chun",
    "泊头": "bo tou",
    "闵行": "min hang",
    "万柏林": "wan bai lin",
    "乐陵": "lao ling",
}

# Characters with one reading in place names, whatever pypinyin makes of the phrase.
CHARACTERS = {
    "长": "chang",
    "都": "du",
    "什": "shi",
    "朝": "chao",
    "蚌": "beng",
    "乐": "le",
    "会": "hui",
}

ETHNIC_GROUPS = {
    "朝鲜": "Korean",
    "蒙古": "Mongol",
    "回": "Hui",
    "藏": "Tibetan",
    "维吾尔": "Uygur",
    "苗": "Miao",
    "彝": "Yi",
    "壮": "Zhuang",
    "布依": "Bouyei",
    "侗": "Dong",
    "瑶": "Yao",
    "白": "Bai",
    "土家": "Tujia",
    "哈尼": "Hani",
    "哈萨克": "Kazak",
    "傣": "Dai",
    "黎": "Li",
    "傈僳": "Lisu",
    "佤": "Va",
    "畲": "She",
    "拉祜": "Lahu",
    "水": "Sui",
    "东乡": "Dongxiang",
    "纳西": "Naxi",
    "景颇": "Jingpo",
    "柯尔克孜": "Kirgiz",
    "土": "Tu",
    "达斡尔": "Daur",
    "仫佬": "Mulao",
    "羌": "Qiang",
    "布朗": "Blang",
    "撒拉": "Salar",
    "毛南": "Maonan",
    "仡佬": "Gelao",
    "锡伯": "Xibe",
    "普米": "Pumi",
    "塔吉克": "Tajik",
    "怒": "Nu",
    "鄂温克": "Ewenki",
    "保安": "Bonan",
    "裕固": "Yugur",
    "京": "Gin",
    "独龙": "Derung",
    "鄂伦春": "Oroqen",
    "赫哲": "Hezhen",
    "门巴": "Monba",
    "珞巴": "Lhoba",
    "满": "Manchu",
    "俄罗斯": "Russian",
    "乌孜别克": "Uzbek",
    "塔塔尔": "Tatar",
    "阿昌": "Achang",
    "德昂": "De'ang",
    "基诺": "Jino",
    "各": "Multi-ethnic",  # 龙胜各族自治县
}

# Terms of zones, whose names often start with their province's and city's.
ZONES = {
    "高新技术产业开发区",
    "高技术产业开发区",
    "高新技术开发区",
    "经济技术开发区",
    "经济开发区",
    "现代产业园区",
    "产业园区",
    "工业园区",
    "一体化示范区",
    "示范区",
    "开发区",
    "管理区",
    "新区",
    "新城",
    "高新技术产业园区",
    "风景名胜区",
    "化工园区",
    "园区",
}

# Generic terms at the end of a name, matched longest first (an autonomous one's ethnic groups
# come before it).
GENERIC = [
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("高技术产业开发区", "High-tech Industrial Development Zone"),
    ("高新技术开发区", "High-tech Development Zone"),
    ("高新技术产业园区", "High-tech Industrial Park"),
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("经济开发区", "Economic Development Zone"),
    ("现代产业园区", "Modern Industrial Park"),
    ("产业园区", "Industrial Park"),
    ("工业园区", "Industrial Park"),
    ("园区", "Park"),
    ("一体化示范区", "Integration Demonstration Zone"),
    ("风景名胜区", "Scenic Area"),
    ("化工园区", "Chemical Industrial Park"),
    ("示范区", "Demonstration Zone"),
    ("开发区", "Development Zone"),
    ("管理区", "Administrative Area"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("新城", "New Town"),
    ("矿区", "Mining District"),
    ("新区", "New Area"),
    ("特区", "Special District"),
    ("地区", "Prefecture"),
    ("区", "District"),
    ("县", "County"),
    ("市", "City"),
    ("旗", "Banner"),
    ("盟", "League"),
]


def syllables(chinese: str) -> list[str]:
    """The syllables of a place name: known readings, and pypinyin's for the runs between."""
    result: list[str] = []
    run = ""
    start = 0
    while start < len(chinese):
        known = next(
            (
                chinese[start:end]
                for end in range(len(chinese), start, -1)
                if chinese[start:end] in READINGS
                # A one-character reading is that place's only (单县), not the character's.
                and (end - start > 1 or chinese == chinese[start:end])
            ),
            None,
        )
        if known is None:
            run += chinese[start]
            start += 1
            continue
        result.extend(_read(run))
        run = ""
        result.extend(READINGS[known].split())
        start += len(known)
    return result + _read(run)


def _read(run: str) -> list[str]:
    """pypinyin's reading of a phrase, with the place-name readings of ``CHARACTERS``."""
    read: list[str] = lazy_pinyin(run) if run else []
    if len(read) != len(run):
        return read
    return [CHARACTERS.get(char, syllable) for char, syllable in zip(run, read, strict=True)]


def pinyin(chinese: str) -> str:
    """One word in Pinyin: Xi'an, Feicheng."""
    joined = ""
    for k, syllable in enumerate(syllables(chinese)):
        if k and syllable[:1] in "aoe":
            joined += "'"
        joined += syllable.replace("v", "ü")  # pypinyin writes ü as v
    return joined[:1].upper() + joined[1:]


def place_words(chinese: str, known: list[str]) -> str:
    """A zone's place name as words: the known place names it starts with (a province, a city),
    each a word, then the rest as one (河北唐山芦台: Hebei Tangshan Lutai)."""
    words: list[str] = []
    rest = chinese
    while rest:
        name = next((n for n in known if rest.startswith(n)), None)
        if name is None:
            words.append(EXONYMS.get(rest) or pinyin(rest))
            break
        words.append(EXONYMS.get(name) or pinyin(name))
        rest = rest[len(name) :]
        # 唐山市汉沽: the city's own term is not a word of its own.
        if rest[:1] in ("市", "省"):
            rest = rest[1:]
    return " ".join(w for w in words if w)


def english(name: str, level: int, code: str, known: list[str]) -> str:
    """The English name of one division."""
    if level == 1:
        return PROVINCES[code]
    if name in WHOLE:
        return WHOLE[name]
    for term, translated in sorted(GENERIC, key=lambda generic: -len(generic[0])):
        if not name.endswith(term) or len(name) == len(term):
            continue
        place = name[: -len(term)]
        groups: list[str] = []
        if term.startswith("自治") or (term == "区" and place.endswith("族")):
            place, groups = _without_groups(place)
        if term in ("新区", "新城", "矿区") and len(place) == 1:
            continue  # 清新区 is Qingxin District
        if term == "旗" and place not in EXONYMS:
            position = next((p for p in BANNER_POSITIONS if place.endswith(p)), None)
            if position is not None and place[: -len(position)] in EXONYMS:
                where = BANNER_POSITIONS[position]
                return f"{EXONYMS[place[: -len(position)]]} {where} Banner"
        if term == "区" and len(place) == 1:
            # 城区, 郊区, 矿区: the whole is the name.
            return f"{pinyin(name)} District"
        zone = term in ZONES
        words = place_words(place, known) if zone else EXONYMS.get(place) or pinyin(place)
        return " ".join(part for part in (words, _listed(groups), translated) if part)
    return place_words(name, known)


def _listed(groups: list[str]) -> str:
    """Yi, Hui and Miao."""
    named = [g for g in groups if g]
    return ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else "".join(named)


def _without_groups(place: str) -> tuple[str, list[str]]:
    """An autonomous (or ethnic) division's place name and its ethnic groups in English, in
    order: 威宁彝族回族苗族 is Weining, and Yi, Hui, Miao."""
    groups: list[str] = []
    while True:
        for chinese in sorted(ETHNIC_GROUPS, key=len, reverse=True):
            # 融水苗族: 水 is the place's, not the Sui's; bare names only of two characters or more.
            endings = (chinese + "族", chinese) if len(chinese) > 1 else (chinese + "族",)
            for ending in endings:
                if place.endswith(ending):
                    groups.insert(0, ETHNIC_GROUPS[chinese])
                    place = place[: -len(ending)]
                    break
            else:
                continue
            break
        else:
            return place, groups
        if not place:
            return place, groups


PROVINCE_TERMS = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "地区", "盟")


def short_names(rows: list[dict[str, str]]) -> list[str]:
    """Province and city names, without their generic terms, longest first."""
    names = set()
    for row in rows:
        if int(row["level"]) > 2 or row["name"] in WHOLE:
            continue
        name = row["name"]
        for term in PROVINCE_TERMS:
            if name.endswith(term) and len(name) > len(term) + 1:
                name = name[: -len(term)]
                break
        if "自治州" not in name:
            names.add(name)
    return sorted(names, key=lambda n: (-len(n), n))


def main() -> None:
    with (HERE / "gb2260.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    known = sorted(set(short_names(rows)) | set(EXONYMS), key=lambda n: (-len(n), n))
    with (HERE / "gb2260_en.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["code", "name_en"])
        for row in rows:
            name = english(row["name"], int(row["level"]), row["code"], known)
            out.writerow([row["code"], re.sub(r"\s+", " ", name).strip()])


if __name__ == "__main__":
    main()
