"""What can be needed and pledged: the categories of the programme, and when goods offered
under one name can be the item a school described."""

from __future__ import annotations

import functools
import re
import unicodedata
from enum import StrEnum


class Category(StrEnum):
    """A kind of resource, following the "Better Education+" programme."""

    DRINKING_WATER = "DRINKING_WATER"
    NUTRITION = "NUTRITION"
    AIR_QUALITY = "AIR_QUALITY"
    SMART_CLASSROOM = "SMART_CLASSROOM"
    LIBRARY = "LIBRARY"
    SPORTS_ARTS = "SPORTS_ARTS"
    STEM_WORKSHOP = "STEM_WORKSHOP"
    TEACHER_TRAINING = "TEACHER_TRAINING"
    PSYCHOSOCIAL = "PSYCHOSOCIAL"
    FACILITIES = "FACILITIES"
    OTHER = "OTHER"


# Han characters (the CJK blocks item names use), and words of other scripts.
_HAN_CHARACTER = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{_HAN_CHARACTER}]+")
_SPACED_HAN = re.compile(f"(?<=[{_HAN_CHARACTER}])\\s+(?=[{_HAN_CHARACTER}])")
_OTHER = re.compile(r"[^\W_]+")
# What brackets hold in an offered name: packaging, a size, a note ("（5公斤装）", "（含安装）");
# a bracket left open runs to the end ("篮球（7号").
_BRACKETED = re.compile(r"[(\[【][^)\]】]*(?:[)\]】]|$)")


def _words(text: str, *, characters: bool) -> frozenset[str]:
    """Han text as pairs of neighbours (篮球架: 篮球, 球架), with the characters themselves when
    ``characters``, or when the text has nothing else (笔); other words of two or more letters
    in lower case, a plural's final s left off; numbers left out. Full-width forms count as
    their plain ones, and spaces between Han characters (篮 球) are dropped."""
    folded = _SPACED_HAN.sub("", unicodedata.normalize("NFKC", text).casefold())
    pairs: set[str] = set()
    singles: set[str] = set()
    for run in _HAN.findall(folded):
        pairs.update(run[k : k + 2] for k in range(len(run) - 1))
        singles.update(run)
    others = {
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        for word in _OTHER.findall(_HAN.sub(" ", folded))
        if len(word) > 1 and not word.isdigit()
    }
    if characters or not (pairs or others):
        return frozenset(pairs | singles | others)
    return frozenset(pairs | others)


def offered_words(name: str) -> frozenset[str]:
    """The words of an item a donor offers, without what its brackets say."""
    plain = unicodedata.normalize("NFKC", name)
    return _words(_BRACKETED.sub(" ", plain), characters=False) or _words(plain, characters=False)


def needed_words(description: str) -> frozenset[str]:
    """The words a need item's description can be found by: neighbour pairs and single
    characters, so that an offer of 笔 finds 铅笔 and one of 篮球 finds 标准篮球（7号）."""
    return _words(description, characters=True)


def same_item(offered: str | None, needed: str) -> bool:
    """Whether goods offered under the name ``offered`` can be the item ``needed`` describes:
    they share a word. An offer that names nothing (or only numbers) fits any item of its
    category. Deliberately lenient: it tells 篮球 from 电子琴 and 鲜桃 from 牛奶, and leaves
    closer calls (a purifier and its filters) to the people who answer and approve."""
    if offered is None:
        return True
    words = offered_words(offered)
    return not words or not words.isdisjoint(needed_words(needed))


# The units a school counts a service in (sessions, hours, days, visits, terms of service):
# an item counted so is a service; a volunteer or a service provider can give it, and goods
# cannot. Anything else (台, 套, 本, 平方米 ...) is counted in things, which only goods and
# money provide.
_SERVICE_UNITS = frozenset(
    {
        *("次", "课", "节", "节课", "堂", "课时", "学时", "小时", "时", "天", "日", "周", "月"),
        *("学期", "年", "场", "期", "人次", "班次", "session", "hour", "day", "week", "visit"),
    }
)


SERVICE_SUFFIX = "+SERVICE"


def is_service_unit(unit: str) -> bool:
    """Whether a need item counted in ``unit`` is a service (its time or visits), not goods."""
    folded = unicodedata.normalize("NFKC", unit).strip().casefold()
    return folded in _SERVICE_UNITS or folded.removesuffix("s") in _SERVICE_UNITS


@functools.lru_cache(maxsize=4096)  # units are few in practice; free text, so bounded
def engine_category(category: Category, unit: str) -> str:
    """An item's category as the matching engine sees it: services and goods of a category
    are kept apart, so that only service pledges reach the one and goods pledges the other
    (money reaches both)."""
    return f"{category.value}{SERVICE_SUFFIX}" if is_service_unit(unit) else category.value
