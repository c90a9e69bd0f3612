"""Co-funding offers, allocated with the money they match: a small LP solved with HiGHS.

An offer adds ``ratio_percent`` fen for every 100 fen that eligible money (from the party kinds
it names) brought to a school in its regions, up to its cap. It goes to that same school, on
top of what the pledges gave, into items still short, and each unit of money is matched at
most once, whichever offers could match it.

"y <= ratio * matched money" ties two flows together with a coefficient other than 1; that is
a side constraint no min-cost flow can carry. So this part is a linear program over what the
flow left open, solved by HiGHS with the dual simplex method, after the flow:

    maximise   sum need points(i) * y[o, i] + sum tier value(k) * t[s, k]
    subject to sum_o z[o, p, s] <= money of p at s                      (matched once)
               sum_{i in s} y[o, i] - ratio(o) * sum_p z[o, p, s] <= 0  (with the money)
               sum_i y[o, i] <= cap(o)                                  (never past the cap)
               sum_{i in s} y[o, i] <= school cap(o) - given(o, s)      (nor a school's cap)
               sum_o y[o, i] <= what item i still lacks
               sum_k t[s, k] = sum_{o, i in s} y[o, i],  t[s, k] <= tier left
               y, z, t >= 0

The LP's y are rounded down to whole value units, which keeps every constraint satisfied, and
the coverage points are then handed out again in tier order, so the reported terms add up to
the reported co-funding objective exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from ecosystem.matching.model import CoFundingOffer, CoFundingProposal, Instance, ScoreTerms
from ecosystem.matching.scoring import IntArray, ItemTable, coverage_points


@dataclass(frozen=True, slots=True)
class MoneyAtSchool:
    """Units of one money pledge that the flow sent to one school."""

    pledge: int
    school: int
    units: int


@dataclass
class _LinearProgram:
    cost: list[float]
    upper: list[float]
    rows: list[tuple[float, float]]
    entries: list[tuple[int, int, float]]

    def column(self, cost: float, upper: float) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        return len(self.cost) - 1

    def row(self, terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        r = len(self.rows)
        self.rows.append((lower, upper))
        self.entries.extend((r, c, v) for c, v in terms)

    def maximise(self) -> list[float]:
        """Solve with the HiGHS dual simplex and return the column values."""
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cost)
        lp.num_row_ = len(self.rows)
        lp.col_cost_ = np.array(self.cost)
        lp.col_lower_ = np.zeros(len(self.cost))
        lp.col_upper_ = np.array(self.upper)
        lp.row_lower_ = np.array([low for low, _ in self.rows])
        lp.row_upper_ = np.array([high for _, high in self.rows])
        entries = sorted(self.entries, key=lambda e: (e[1], e[0]))
        starts = np.searchsorted([c for _, c, _ in entries], np.arange(len(self.cost) + 1))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = starts.astype(np.int32)
        lp.a_matrix_.index_ = np.array([r for r, _, _ in entries], np.int32)
        lp.a_matrix_.value_ = np.array([v for _, _, v in entries])
        lp.sense_ = highspy.ObjSense.kMaximize
        solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("solver", "simplex")
        solver.setOptionValue("simplex_strategy", 1)  # dual simplex
        solver.passModel(lp)
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"co-funding LP failed: {solver.getModelStatus()}")
        return list(solver.getSolution().col_value)


def _room_at_schools(offer: CoFundingOffer, table: ItemTable) -> Callable[[int], int] | None:
    """The fen ``offer`` may still give a school under its per-school cap, as a function of the
    school's position; None when it has no such cap."""
    if offer.per_school_cap_fen is None:
        return None
    cap = offer.per_school_cap_fen
    given: dict[str, int] = defaultdict(int)
    for school_id, fen in offer.given:
        given[school_id] += fen
    return lambda s: max(cap - given[table.schools[s].id], 0)


def allocate_cofunding(
    instance: Instance,
    table: ItemTable,
    money: list[MoneyAtSchool],
    item_residual: IntArray,
    tier_residual: IntArray,
) -> tuple[list[CoFundingProposal], int]:
    """Co-funding proposals and the points they add, given the money the flow allocated."""
    if not instance.offers or not money:
        return [], 0
    unit = instance.value_unit_fen
    values = instance.weights.coverage_values
    at_school: dict[tuple[int, int], int] = defaultdict(int)
    for m in money:
        at_school[(m.pledge, m.school)] += m.units
    items_of: dict[int, list[int]] = defaultdict(list)
    for i in np.flatnonzero(item_residual > 0).tolist():
        items_of[int(table.school[i])].append(i)

    lp = _LinearProgram([], [], [], [])
    matched_by: dict[tuple[int, int], list[int]] = defaultdict(list)
    y_columns: list[tuple[int, int, int]] = []  # (column, offer, item)
    y_of_item: dict[int, list[int]] = defaultdict(list)
    y_of_school: dict[int, list[int]] = defaultdict(list)
    # Money at schools with items left, with its party kind and region, in (pledge, school) order.
    reached = [
        (p, s, units, instance.pledges[p].party_kind, table.schools[s].region_code)
        for (p, s), units in sorted(at_school.items())
        if items_of.get(s)
    ]
    for o, offer in enumerate(instance.offers):
        z_at: dict[int, list[int]] = defaultdict(list)
        for p, s, units, kind, code in reached:
            if offer.party_kinds and kind not in offer.party_kinds:
                continue
            if offer.regions and not code.startswith(offer.regions):
                continue
            z = lp.column(0.0, float(units))
            matched_by[(p, s)].append(z)
            z_at[s].append(z)
        offer_ys: list[int] = []
        room = _room_at_schools(offer, table)
        for s, zs in z_at.items():
            ys = []
            room_fen = room(s) if room is not None else None
            for i in items_of[s]:
                if room_fen is not None and table.unit_value_fen[i] > room_fen:
                    continue  # not one of it within the cap: it would round to nothing
                y = lp.column(float(table.need_points[i]), float(item_residual[i]))
                y_columns.append((y, o, i))
                y_of_item[i].append(y)
                y_of_school[s].append(y)
                ys.append(y)
            if not ys:
                continue
            ratio = offer.ratio_percent / 100
            lp.row([(y, 1.0) for y in ys] + [(z, -ratio) for z in zs], -highspy.kHighsInf, 0.0)
            if room_fen is not None:
                lp.row([(y, 1.0) for y in ys], -highspy.kHighsInf, float(room_fen // unit))
            offer_ys.extend(ys)
        if offer_ys:
            lp.row([(y, 1.0) for y in offer_ys], -highspy.kHighsInf, float(offer.cap_fen // unit))
    if not y_columns:
        return [], 0
    for (p, s), zs in matched_by.items():
        lp.row([(z, 1.0) for z in zs], -highspy.kHighsInf, float(at_school[(p, s)]))
    for i, ys in y_of_item.items():
        lp.row([(y, 1.0) for y in ys], -highspy.kHighsInf, float(item_residual[i]))
    for s, ys in y_of_school.items():
        tiers = [
            (lp.column(float(value), float(tier_residual[s, k])), 1.0)
            for k, value in enumerate(values)
            if tier_residual[s, k] > 0
        ]
        lp.row(tiers + [(y, -1.0) for y in ys], 0.0, 0.0)

    solution = lp.maximise()
    tiers_left = {s: tier_residual[s].tolist() for s in y_of_school}
    grants: list[CoFundingProposal] = []
    objective = 0
    for column, o, i in sorted(y_columns, key=lambda c: (int(table.school[c[2]]), c[2], c[1])):
        units = int(np.floor(solution[column] + 1e-7))
        if units <= 0:
            continue
        school = int(table.school[i])
        terms = ScoreTerms(
            urgency=units * int(table.urgency[i]),
            deadline=units * int(table.deadline_points[i]),
            school_priority=units * int(table.priority[i]),
            coverage=coverage_points(values, tiers_left[school], units),
        )
        objective += terms.total
        grants.append(
            CoFundingProposal(
                offer_id=instance.offers[o].id,
                item_id=instance.items[i].id,
                school_id=table.schools[school].id,
                units=units,
                amount_fen=units * unit,
                terms=terms,
            )
        )
    grants.sort(key=lambda g: (g.offer_id, g.item_id))
    return grants, objective
