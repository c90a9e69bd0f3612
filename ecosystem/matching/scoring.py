"""Eligibility and score terms, per value unit, for a pledge and a need item.

``pair_terms`` is the plain reference: one pledge, one item, written to be read. The engine and
the incremental path use ``ItemTable.pledge_terms``, the same rules over numpy arrays of
candidate items found through an index by (category, region code). Tests check the two agree
through the optimum they produce.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ecosystem.matching.model import Instance, NeedItem, Pledge, PledgeKind, School, ScoreTerms

EARTH_RADIUS_KM = 6371.0088
CODE_DIGITS = 12
"""Region codes are right-padded to 12 digits (GB/T 2260 county 6 + town 3 + village 3)."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def units_of_item(instance: Instance, item: NeedItem) -> int:
    """Value units an item still needs; a remainder under one unit is left to direct pledges."""
    return item.remaining_value_fen // instance.value_unit_fen


def units_of_pledge(instance: Instance, pledge: Pledge) -> int:
    """Value units a pledge still offers (the remainder under one unit stays on the pledge)."""
    return pledge.remaining_quantity * pledge.unit_value_fen // instance.value_unit_fen


def cap_room(instance: Instance, pledge: Pledge, school_id: str) -> int | None:
    """What the pledge's per-school cap still allows at this school, in its own unit (what it
    gave there before counted off), or None without a cap."""
    if pledge.per_school_cap is None:
        return None
    given = sum(amount for school, amount in pledge.given if school == school_id)
    return max(pledge.per_school_cap - given, 0)


def school_priority(instance: Instance, school: School) -> int:
    """Points per unit a school earns for any of its items: left-behind share, poverty tier,
    students and days waiting."""
    w = instance.weights
    waiting_days = max((instance.today - school.waiting_since).days, 0)
    return (
        w.left_behind_max * school.left_behind // max(school.students, 1)
        + w.poverty_per_tier * school.poverty_tier
        + min(w.students_max, school.students // w.students_per_point)
        + min(w.waiting_max, waiting_days // w.waiting_days_per_point)
    )


def need_terms(instance: Instance, item: NeedItem, school: School) -> ScoreTerms:
    """Points per unit an item earns whoever funds it: urgency, deadline, school priority."""
    w = instance.weights
    days_left = max((item.deadline - instance.today).days, 0)
    deadline = max(w.deadline_horizon_days - days_left, 0) * w.deadline_max
    return ScoreTerms(
        urgency=w.urgency_per_level * min(max(item.urgency, 1), 4),
        deadline=deadline // w.deadline_horizon_days,
        school_priority=school_priority(instance, school),
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2) - math.radians(lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _window_open(instance: Instance, pledge: Pledge, item: NeedItem) -> bool:
    starts_in_time = pledge.available_from is None or pledge.available_from <= item.deadline
    still_open = pledge.available_until is None or pledge.available_until >= instance.today
    return starts_in_time and still_open


def pair_terms(
    instance: Instance, pledge: Pledge, item: NeedItem, school: School
) -> ScoreTerms | None:
    """Per-unit terms of ``pledge`` funding ``item``, or None when the rules forbid the pair.

    Money funds any category (or those it is restricted to); goods and services only their own
    category and, when both name one, the same item. Money capped per school funds only items
    it can buy one of within what the cap leaves at the school. No pledge fills an item it
    excludes. A region restriction is a code prefix.
    SERVICE and VOLUNTEER pledges reach only schools within their radius (great-circle). An
    availability window must overlap the time until the item's deadline. Coverage is not here:
    it depends on the whole allocation of the school.
    """
    if pledge.kind is PledgeKind.MONEY:
        if pledge.categories and item.category not in pledge.categories:
            return None
    elif item.category != pledge.category:
        return None
    if pledge.item is not None and item.item is not None and pledge.item != item.item:
        return None
    if item.id in pledge.excluded_items:
        return None
    if pledge.regions and not school.region_code.startswith(pledge.regions):
        return None
    if not _window_open(instance, pledge, item):
        return None
    room = cap_room(instance, pledge, school.id) if pledge.kind is PledgeKind.MONEY else None
    if room is not None and item.unit_value_fen > room:
        # Money capped at a school buys only what it can buy one of within the cap there: a
        # share of a dearer item would round to nothing, and the money would do no good.
        return None
    distance = 0
    if pledge.kind is not PledgeKind.MONEY and pledge.latitude is not None:
        assert pledge.longitude is not None
        km = haversine_km(pledge.latitude, pledge.longitude, school.latitude, school.longitude)
        if pledge.kind in (PledgeKind.SERVICE, PledgeKind.VOLUNTEER) and (
            pledge.radius_km is not None and km > pledge.radius_km
        ):
            return None
        w = instance.weights
        distance = -min(w.distance_max, int(km) // w.km_per_point)
    w = instance.weights
    preference = 0
    if item.category in pledge.preferred_categories:
        preference += w.preferred_category
    if pledge.preferred_regions and school.region_code.startswith(pledge.preferred_regions):
        preference += w.preferred_region
    base = need_terms(instance, item, school)
    return ScoreTerms(
        urgency=base.urgency,
        deadline=base.deadline,
        school_priority=base.school_priority,
        donor_preference=preference,
        distance=distance,
    )


def code_number(code: str) -> int:
    """A region code as a 12-digit number, so that a prefix is a numeric range."""
    if not code.isdigit() or len(code) > CODE_DIGITS:
        raise ValueError(f"region code must be up to {CODE_DIGITS} digits: {code!r}")
    return int(code.ljust(CODE_DIGITS, "0"))


def prefix_range(prefix: str) -> tuple[int, int]:
    """The half-open range of 12-digit codes that start with ``prefix``."""
    low = code_number(prefix) if prefix else 0
    return low, low + 10 ** (CODE_DIGITS - len(prefix))


def coverage_caps(instance: Instance, total_units: IntArray) -> IntArray:
    """Per school (rows) and tier (columns), how many units each concave tier holds."""
    shares = np.cumsum(np.array(instance.weights.coverage_shares_percent, dtype=np.int64))
    if shares[-1] != 100:
        raise ValueError("coverage shares must add up to 100")
    cumulative = total_units[:, None] * shares[None, :] // 100
    return np.diff(cumulative, axis=1, prepend=0)


def coverage_points(values: tuple[int, ...], tiers_left: list[int], units: int) -> int:
    """Coverage points of ``units`` more units at a school; uses up ``tiers_left`` in order."""
    points = 0
    for k, value in enumerate(values):
        take = min(units, tiers_left[k])
        tiers_left[k] -= take
        units -= take
        points += take * value
    return points


def whole_quantities(
    instance: Instance,
    pledge: Pledge,
    flows: list[tuple[int, int]],
    item_quantity: IntArray | dict[int, int],
    item_unit_fen: IntArray,
    school_of: IntArray | None = None,
) -> dict[int, int]:
    """What changes hands for each (item, units) flow of one pledge, in the pledge's own unit
    (fen for money, items or sessions otherwise), in whole items: see ``round_to_whole``."""
    return round_to_whole(instance, [(pledge, flows)], item_quantity, item_unit_fen, school_of)[0]


def _school_positions(instance: Instance) -> dict[str, int]:
    """Each school's position in ``instance.schools``, which ``school_of`` arrays index."""
    return {school.id: k for k, school in enumerate(instance.schools)}


def round_to_whole(
    instance: Instance,
    pledge_flows: list[tuple[Pledge, list[tuple[int, int]]]],
    item_quantity: IntArray | dict[int, int],
    item_unit_fen: IntArray,
    school_of: IntArray | None = None,
) -> list[dict[int, int]]:
    """The (item, units) flows of several pledges as whole items, in each pledge's own unit.

    f units of a flow are f * unit / v of the item's units (items or sessions), where v is the
    item's unit value for money (money pays whole items) and the pledge's own unit value for
    goods and services (one of the pledge's items for one of the need's). Each flow first gets
    its whole part, as far as the item still needs it (a pledge's items may be worth less than
    the need's, so its value can stand for more of them than the need asks). Then, pledge by
    pledge in the given order and largest remainder first (ties by item), a flow gets one more
    while the pledge has enough left beyond its whole parts, the item still needs one beyond
    what all these pledges give it (``item_quantity``, indexed by item, is what it needs), the
    pledge's items for it are not worth more than the item in all and, given ``school_of``
    (item -> school), the pledge's per-school cap holds. So no item is promised more than it
    needs, nor any pledge more than it has.
    """
    unit = instance.value_unit_fen
    # Only the items these flows reach: a suggestion rounds a few flows among millions of items.
    left = {i: int(item_quantity[i]) for _, flows in pledge_flows for i, _ in flows}
    prepared = []
    for pledge, flows in pledge_flows:
        money = pledge.kind is PledgeKind.MONEY
        # One of the item's units in fen as the flow counts it, and in the pledge's own unit.
        value = {i: int(item_unit_fen[i]) if money else pledge.unit_value_fen for i, _ in flows}
        cost = {i: value[i] if money else 1 for i, _ in flows}
        whole = {}
        for i, units in flows:
            # A pledge's items may be worth less than the need's: never more than it needs.
            whole[i] = min(units * unit // value[i], max(left[i], 0))
            left[i] -= whole[i]
        prepared.append((pledge, flows, value, cost, whole))
    result = []
    positions: dict[str, int] | None = None
    for pledge, flows, value, cost, whole in prepared:
        spare = pledge.remaining_quantity - sum(whole[i] * cost[i] for i in whole)
        cap = pledge.per_school_cap if school_of is not None else None
        at_school: dict[int, int] = {}
        if cap is not None and school_of is not None:
            # What it gave these schools before counts against the cap too.
            if pledge.given and positions is None:
                positions = _school_positions(instance)
            for school_id, amount in pledge.given:
                position = positions.get(school_id) if positions is not None else None
                if position is not None:
                    at_school[position] = at_school.get(position, 0) + amount
            for i, count in whole.items():
                school = int(school_of[i])
                at_school[school] = at_school.get(school, 0) + count * cost[i]
        # Equal fractions give equal floats; ties go by item.
        remainders = [((units * unit % value[i]) / value[i], i) for i, units in flows]
        for remainder, i in sorted(remainders, key=lambda r: (-r[0], r[1])):
            if remainder == 0:
                break
            if spare < cost[i] or left[i] < 1:
                continue
            # Nor for more than the item is worth in all (a purifier is no filter, though both
            # are drinking water).
            if (whole[i] + 1) * value[i] > int(item_quantity[i]) * int(item_unit_fen[i]):
                continue
            if cap is not None and school_of is not None:
                school = int(school_of[i])
                if at_school[school] + cost[i] > cap:
                    continue
                at_school[school] += cost[i]
            whole[i] += 1
            spare -= cost[i]
            left[i] -= 1
        result.append({i: count * cost[i] for i, count in whole.items()})
    return result


@dataclass(frozen=True, slots=True)
class PairBlock:
    """Eligible candidate items of one pledge and their per-unit donor-side terms."""

    items: IntArray
    preference: IntArray
    distance: IntArray

    def subset(self, keep: npt.NDArray[np.bool_]) -> PairBlock:
        """The candidates ``keep`` marks."""
        return PairBlock(self.items[keep], self.preference[keep], self.distance[keep])


class ItemTable:
    """The open need items as arrays, indexed by (category, region code) for fast candidates.

    Items are kept in id order; ``index`` sorts them by category then 12-digit region code, so
    the items of one category within a region prefix are one contiguous slice.
    """

    def __init__(self, instance: Instance, schools: tuple[School, ...]) -> None:
        self.instance = instance
        self.schools = schools
        school_index = {school.id: k for k, school in enumerate(schools)}
        self.school_position = school_index
        items = instance.items
        self.item_position = {item.id: k for k, item in enumerate(items)}
        self.categories: dict[str, int] = {
            name: k for k, name in enumerate(sorted({item.category for item in items}))
        }
        names = sorted({item.item for item in items if item.item is not None})
        self.item_names: dict[str, int] = {name: k for k, name in enumerate(names)}
        self.school = np.array([school_index[item.school_id] for item in items], dtype=np.int64)
        self.category = np.array([self.categories[item.category] for item in items], np.int64)
        self.item_name = np.array(
            [-1 if item.item is None else self.item_names[item.item] for item in items], np.int64
        )
        self.quantity = np.array([item.remaining_quantity for item in items], np.int64)
        self.unit_value_fen = np.array([item.unit_value_fen for item in items], np.int64)
        self.value_fen = self.quantity * self.unit_value_fen
        self.units = self.value_fen // instance.value_unit_fen
        self.deadline = np.array([item.deadline.toordinal() for item in items], np.int64)
        # The terms of need_terms, over arrays.
        w = instance.weights
        urgency = np.array([item.urgency for item in items], np.int64)
        self.urgency = w.urgency_per_level * np.clip(urgency, 1, 4)
        days_left = np.maximum(self.deadline - instance.today.toordinal(), 0)
        late = np.maximum(w.deadline_horizon_days - days_left, 0) * w.deadline_max
        self.deadline_points = late // w.deadline_horizon_days
        priority = np.array([school_priority(instance, school) for school in schools], np.int64)
        self.priority = priority[self.school] if len(items) else np.zeros(0, np.int64)
        self.need_points = self.urgency + self.deadline_points + self.priority
        self.school_code = np.array([code_number(s.region_code) for s in schools], np.int64)
        self.code = self.school_code[self.school] if len(items) else np.zeros(0, np.int64)
        school_lat = np.radians(np.array([s.latitude for s in schools], np.float64))
        school_lon = np.radians(np.array([s.longitude for s in schools], np.float64))
        self.lat = school_lat[self.school] if len(items) else np.zeros(0)
        self.lon = school_lon[self.school] if len(items) else np.zeros(0)
        key = self.category * 10**CODE_DIGITS + self.code
        self.index = np.argsort(key, kind="stable")
        self.sorted_key = key[self.index]

    def candidates(self, categories: list[int], prefixes: tuple[str, ...]) -> IntArray:
        """Items of the given categories whose school's code starts with one of ``prefixes``."""
        ranges = [prefix_range(p) for p in prefixes] if prefixes else [prefix_range("")]
        parts: list[IntArray] = []
        for category in categories:
            base = category * 10**CODE_DIGITS
            for low, high in ranges:
                start = np.searchsorted(self.sorted_key, base + low, side="left")
                stop = np.searchsorted(self.sorted_key, base + high, side="left")
                parts.append(self.index[start:stop])
        if not parts:
            return np.zeros(0, np.int64)
        found = np.concatenate(parts)
        # Overlapping restrictions ("37" and "3709") would list an item twice.
        return np.unique(found) if len(prefixes) > 1 else np.sort(found)

    def pledge_categories(self, pledge: Pledge) -> list[int]:
        """The category numbers a pledge may fund."""
        if pledge.kind is PledgeKind.MONEY:
            allowed = pledge.categories or tuple(self.categories)
        else:
            allowed = (pledge.category,) if pledge.category is not None else ()
        return sorted(self.categories[c] for c in allowed if c in self.categories)

    def cap_units_by_school(self, pledge: Pledge) -> IntArray | None:
        """The pledge's per-school cap in value units for each school (``cap_room``), or None
        without a cap."""
        if pledge.per_school_cap is None:
            return None
        if not pledge.given:
            # The same cap everywhere: one value seen as an array, not an array per pledge.
            units = pledge.per_school_cap * pledge.unit_value_fen // self.instance.value_unit_fen
            return np.broadcast_to(np.int64(units), (len(self.schools),))
        room = self.cap_room_by_school(pledge)
        assert room is not None
        return room * pledge.unit_value_fen // self.instance.value_unit_fen

    def cap_room_by_school(self, pledge: Pledge) -> IntArray | None:
        """What the pledge's per-school cap still allows at each school, in its own unit
        (``cap_room``), or None without a cap."""
        if pledge.per_school_cap is None:
            return None
        if not pledge.given:
            return np.broadcast_to(np.int64(pledge.per_school_cap), (len(self.schools),))
        room = np.full(len(self.schools), pledge.per_school_cap, np.int64)
        position = self.school_position
        for school, amount in pledge.given:
            if school in position:
                room[position[school]] -= amount
        return np.maximum(room, 0)

    def is_preferred(self, pledge: Pledge) -> npt.NDArray[np.bool_]:
        """Per category number: whether ``pledge`` prefers that category."""
        preferred = np.zeros(len(self.categories), bool)
        for name in pledge.preferred_categories:
            if name in self.categories:
                preferred[self.categories[name]] = True
        return preferred

    def pledge_terms(self, pledge: Pledge, candidates: IntArray | None = None) -> PairBlock:
        """The items ``pledge`` may fund (among ``candidates``) with per-unit donor terms.

        The same rules as ``pair_terms``, over arrays.
        """
        instance, w = self.instance, self.instance.weights
        if candidates is None:
            candidates = self.candidates(self.pledge_categories(pledge), pledge.regions)
        items = candidates[self.units[candidates] > 0]
        if pledge.item is not None and pledge.item in self.item_names:
            name = self.item_names[pledge.item]
            keep = (self.item_name[items] == -1) | (self.item_name[items] == name)
            items = items[keep]
        elif pledge.item is not None:
            items = items[self.item_name[items] == -1]
        if pledge.excluded_items:
            position = self.item_position
            out = [position[i] for i in pledge.excluded_items if i in position]
            items = items[~np.isin(items, np.array(out, np.int64))]
        if pledge.available_until is not None and pledge.available_until < instance.today:
            items = items[:0]
        if pledge.available_from is not None:
            items = items[self.deadline[items] >= pledge.available_from.toordinal()]
        if pledge.kind is PledgeKind.MONEY and pledge.per_school_cap is not None:
            room = self.cap_room_by_school(pledge)
            assert room is not None
            items = items[self.unit_value_fen[items] <= room[self.school[items]]]
        distance = np.zeros(len(items), np.int64)
        if pledge.kind is not PledgeKind.MONEY and pledge.latitude is not None:
            assert pledge.longitude is not None
            km = self._haversine(pledge.latitude, pledge.longitude, items)
            if pledge.kind in (PledgeKind.SERVICE, PledgeKind.VOLUNTEER) and (
                pledge.radius_km is not None
            ):
                inside = km <= pledge.radius_km
                items, km = items[inside], km[inside]
            distance = -np.minimum(w.distance_max, km.astype(np.int64) // w.km_per_point)
        preference = np.where(
            self.is_preferred(pledge)[self.category[items]], w.preferred_category, 0
        )
        if pledge.preferred_regions:
            codes = self.code[items]
            in_region = np.zeros(len(items), dtype=bool)
            for low, high in (prefix_range(p) for p in pledge.preferred_regions):
                in_region |= (codes >= low) & (codes < high)
            preference += np.where(in_region, w.preferred_region, 0)
        return PairBlock(items=items, preference=preference, distance=distance)

    def _haversine(self, lat: float, lon: float, items: IntArray) -> FloatArray:
        # The same formula as haversine_km, so that radius checks agree with the reference.
        p1 = math.radians(lat)
        p2 = self.lat[items]
        dp = p2 - p1
        dl = self.lon[items] - math.radians(lon)
        a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
        result: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
        return result
