"""Instant suggestions: the best use of one new pledge (or need) on what remains.

The current allocation stays as it is; the new pledge is matched against the items' remaining
units and the schools' remaining coverage tiers. That is exactly the optimum of the full problem
with the current allocation held fixed. A full re-solve may do better by moving earlier
allocations around; the gain here is never more than the full re-solve's gain, and the
benchmark measures how close the two come (>= 99% of the offline optimum is the goal).

A new pledge is the only source, so its flow needs no solver: each school's value for its
first units is concave (its items best first, plus its falling coverage tiers), and the optimum
takes the schools' unit values in falling order (``Suggester._best_use``). A new need, with many
pledges as sources, is a small min-cost flow.

Speed: items are indexed by (category, 12-digit region code) (``ItemTable``), so a pledge's
candidates are a few contiguous slices scored with numpy. Only the best candidates are
considered: sorted by an upper bound of their value per unit (donor + need terms + the school's
next coverage tier), all those needed to place the whole pledge, plus every item whose bound is
within the spread of coverage values of the last of them. An item left out can only score less
per unit than every item kept, even after their schools drop to the lowest tier, so leaving it
out changes nothing (when the pledge has a per-school cap, every candidate is kept instead).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from ecosystem.matching.engine import canonical
from ecosystem.matching.model import (
    CoFundingProposal,
    Instance,
    NeedItem,
    Pledge,
    Proposal,
    School,
    ScoreTerms,
)
from ecosystem.matching.scoring import (
    IntArray,
    ItemTable,
    cap_room,
    coverage_caps,
    coverage_points,
    pair_terms,
    round_to_whole,
    units_of_item,
    units_of_pledge,
    whole_quantities,
)


@dataclass(frozen=True)
class Suggestion:
    """Proposals for one new pledge or need, best first, and the points they add in total."""

    proposals: tuple[Proposal, ...]
    gain: int

    def best(self, count: int) -> tuple[Proposal, ...]:
        """The ``count`` best proposals."""
        return self.proposals[:count]


class Suggester:
    """Keeps what remains after an allocation and proposes matches for newcomers."""

    def __init__(
        self,
        instance: Instance,
        allocated: Iterable[Proposal | CoFundingProposal] = (),
    ) -> None:
        """What remains of ``instance`` once the ``allocated`` proposals are taken.

        After a run: ``Suggester(solution.instance, solution.proposals + solution.cofunding)``.
        """
        self.instance = canonical(instance)
        self.table = ItemTable(self.instance, self.instance.schools)
        table = self.table
        self.item_left = table.units.copy()
        self.school_position = {school.id: k for k, school in enumerate(self.instance.schools)}
        self.pledge_left = {p.id: units_of_pledge(self.instance, p) for p in self.instance.pledges}
        self.given: dict[tuple[str, str], int] = {}
        for taken in allocated:
            self.item_left[table.item_position[taken.item_id]] -= taken.units
            if isinstance(taken, Proposal) and taken.pledge_id in self.pledge_left:
                self.pledge_left[taken.pledge_id] -= taken.units
                key = (taken.pledge_id, taken.school_id)
                self.given[key] = self.given.get(key, 0) + taken.units
        n_schools = len(self.instance.schools)
        self.school_total = np.bincount(table.school, weights=table.units, minlength=n_schools)
        self.school_total = self.school_total.astype(np.int64)
        used = self.school_total - np.bincount(
            table.school, weights=self.item_left, minlength=n_schools
        ).astype(np.int64)
        self.tier_left = _tiers_left(self.instance, self.school_total, used)

    def suggest(self, pledge: Pledge) -> Suggestion:
        """The best use of a new pledge on what remains; proposals sorted best first."""
        instance, table, values = self.instance, self.table, self.instance.weights.coverage_values
        supply = units_of_pledge(instance, pledge)
        block = table.pledge_terms(pledge)
        open_ = self.item_left[block.items] > 0
        items = block.items[open_]
        donor = (block.preference + block.distance)[open_]
        schools = table.school[items]
        next_tier = self._next_tier_value(schools)
        bound = donor + table.need_points[items] + next_tier
        keep = (bound > 0) & (next_tier > 0)
        items, donor, schools, bound = items[keep], donor[keep], schools[keep], bound[keep]
        cap = table.cap_units_by_school(pledge)
        if cap is None and len(items) and supply > 0:
            order = np.lexsort((items, -bound))
            reach = np.cumsum(self.item_left[items[order]])
            last = min(int(np.searchsorted(reach, supply)), len(order) - 1)
            threshold = bound[order[last]] - (values[0] - values[-1])
            chosen = order[bound[order] >= threshold]
            items, donor, schools = items[chosen], donor[chosen], schools[chosen]
        if supply <= 0 or len(items) == 0:
            return Suggestion((), 0)
        flows, gain = self._best_use(supply, cap, items, donor, schools)
        return Suggestion(tuple(self._proposals(pledge, flows)), gain)

    def accept(self, suggestion: Suggestion) -> None:
        """Record that the proposals of a pledge's suggestion were taken."""
        for proposal in suggestion.proposals:
            item = self.table.item_position[proposal.item_id]
            school = int(self.table.school[item])
            self.item_left[item] -= proposal.units
            row = self.tier_left[school].tolist()
            coverage_points(self.instance.weights.coverage_values, row, proposal.units)
            self.tier_left[school] = row

    def suggest_for_need(self, school: School, items: list[NeedItem]) -> Suggestion:
        """The best pledges for a new need of ``school`` on what remains of them.

        Scans the pledges with units left through ``pair_terms``; the need's items join the
        school's open need, so its coverage tiers grow with them.
        """
        instance, values = self.instance, self.instance.weights.coverage_values
        units = [units_of_item(instance, item) for item in items]
        known = self.school_position.get(school.id)
        before_total = int(self.school_total[known]) if known is not None else 0
        before_left = 0
        if known is not None:
            before_left = int(self.item_left[self.table.school == known].sum())
        total = before_total + sum(units)
        used = before_total - before_left
        tiers = _tiers_left(instance, np.array([total]), np.array([used]))[0].tolist()
        # Nodes: items 0..n-1, the school, the sink, then per pledge an entry and a gate.
        n_items = len(items)
        school_node, sink = n_items, n_items + 1
        arcs: list[tuple[int, int, int, int]] = []
        supply: dict[int, int] = {}
        pair_arcs: list[tuple[int, Pledge, int, ScoreTerms]] = []
        for pledge in instance.pledges:
            left = self.pledge_left[pledge.id]
            eligible = [
                (i, terms)
                for i, item in enumerate(items)
                if units[i] > 0 and (terms := pair_terms(instance, pledge, item, school))
            ]
            if left <= 0 or not eligible:
                continue
            entry = sink + 1 + 2 * len(supply)
            gate = entry + 1
            supply[entry] = left
            room = left
            cap = cap_room(instance, pledge, school.id)
            if cap is not None:
                cap = cap * pledge.unit_value_fen // instance.value_unit_fen
                room = min(room, max(cap - self.given.get((pledge.id, school.id), 0), 0))
            arcs.append((entry, sink, left, 0))
            arcs.append((entry, gate, room, 0))
            for i, terms in eligible:
                pair_arcs.append((len(arcs), pledge, i, terms))
                arcs.append((gate, i, units[i], -terms.total))
        if not supply:
            return Suggestion((), 0)
        arcs.extend((i, school_node, units[i], 0) for i in range(n_items))
        arcs.extend(
            (school_node, sink, tiers[k], -value) for k, value in enumerate(values) if tiers[k]
        )
        n_nodes = sink + 1 + 2 * len(supply)
        node_supply = np.zeros(n_nodes, np.int64)
        for node, amount in supply.items():
            node_supply[node] = amount
        node_supply[sink] = -int(node_supply.sum())
        table = np.array(arcs, np.int64)
        flow, gain = _solve_small(table, node_supply)
        carried = [(pledge, i, terms, int(flow[k])) for k, pledge, i, terms in pair_arcs if flow[k]]
        # Whole items, one rounding for all pledges, so that no item gets more than it needs.
        by_pledge: dict[str, list[tuple[int, int]]] = {}
        for pledge, i, _, f in carried:
            by_pledge.setdefault(pledge.id, []).append((i, f))
        pledge_of = {pledge.id: pledge for pledge, _, _, _ in carried}
        wholes = round_to_whole(
            instance,
            [(pledge_of[pledge_id], flows) for pledge_id, flows in by_pledge.items()],
            np.array([item.remaining_quantity for item in items], np.int64),
            np.array([item.unit_value_fen for item in items], np.int64),
        )
        quantity = {
            (pledge_id, i): q
            for pledge_id, whole in zip(by_pledge, wholes, strict=True)
            for i, q in whole.items()
        }
        proposals: list[Proposal] = []
        for pledge, i, terms, f in carried:
            coverage = coverage_points(values, tiers, f)
            proposals.append(
                Proposal(
                    pledge_id=pledge.id,
                    item_id=items[i].id,
                    school_id=school.id,
                    units=f,
                    quantity=quantity[(pledge.id, i)],
                    terms=replace(terms.times(f), coverage=coverage),
                )
            )
        proposals.sort(key=lambda x: (-x.terms.total / x.units, x.item_id, x.pledge_id))
        return Suggestion(tuple(proposals), gain)

    def _next_tier_value(self, schools: IntArray) -> IntArray:
        """Per school, the value of the first coverage tier with room left (0 if none)."""
        values = np.array(self.instance.weights.coverage_values, np.int64)
        # Per item for a few items, else per school once (a national pledge reaches them all).
        few = len(schools) < len(self.tier_left)
        has_room = self.tier_left[schools] > 0 if few else self.tier_left > 0
        first = np.argmax(has_room, axis=1)
        value = np.where(has_room.any(axis=1), values[first], 0)
        return value if few else value[schools]

    def _best_use(
        self,
        supply: int,
        cap: IntArray | None,
        items: IntArray,
        donor: IntArray,
        schools: IntArray,
    ) -> tuple[list[tuple[int, int, int, int]], int]:
        """The optimum of pledge -> items -> schools -> tiers for one pledge, without a solver.

        With one source the flow splits into a total per school. A school's value for its
        first y units is concave in y: its items best first (donor + need terms), plus its
        tiers in order, whose values fall. So the optimum takes the schools' unit values in
        falling order until the pledge, the items, the tiers or the per-school cap run out.
        Each school is laid out on a line of its own, cut wherever an item or a tier ends;
        every piece has one value, and the best pieces are taken first. Returns (item, units,
        donor, school) per funded item and the points gained.
        """
        values = np.array(self.instance.weights.coverage_values, np.int64)
        worth = donor + self.table.need_points[items]
        order = np.lexsort((items, -worth, schools))
        items, donor, schools, worth = items[order], donor[order], schools[order], worth[order]
        left = self.item_left[items]
        first = np.flatnonzero(np.diff(schools, prepend=-1))
        unique_schools = schools[first]
        tiers = self.tier_left[unique_schools]
        counts = np.diff(np.append(first, len(items)))
        of_item = np.repeat(np.arange(len(unique_schools)), counts)
        filled = np.cumsum(left)
        item_room = filled[first + counts - 1] - filled[first] + left[first]
        tier_room = tiers.sum(axis=1)
        limit = np.minimum(item_room, tier_room)
        if cap is not None:
            limit = np.minimum(limit, cap[unique_schools])
        span = np.maximum(item_room, tier_room)
        base = np.cumsum(span) - span
        item_end = base[of_item] + filled - np.repeat(filled[first] - left[first], counts)
        tier_end = (base[:, None] + np.cumsum(tiers, axis=1)).ravel()
        cuts = np.sort(np.concatenate([base, base + limit, item_end, tier_end]))
        cuts = cuts[np.diff(cuts, prepend=-1) > 0]
        start, length = cuts[:-1], np.diff(cuts)
        school = np.searchsorted(base, start, side="right") - 1
        usable = start < (base + limit)[school]
        start, length = start[usable], length[usable]
        item = np.searchsorted(item_end, start, side="right")
        tier = np.searchsorted(tier_end, start, side="right") % len(values)
        worth_per_unit = worth[item] + values[tier]
        good = worth_per_unit > 0
        item, length, worth_per_unit = item[good], length[good], worth_per_unit[good]
        best = np.lexsort((start[good], -worth_per_unit))
        before = np.cumsum(length[best]) - length[best]
        taken = np.clip(supply - before, 0, length[best])
        units = np.bincount(item[best], weights=taken, minlength=len(items)).astype(np.int64)
        gain = int((taken * worth_per_unit[best]).sum())
        funded = np.flatnonzero(units > 0)
        flows = [
            (int(items[k]), int(units[k]), int(donor[k]), int(schools[k])) for k in funded.tolist()
        ]
        return flows, gain

    def _proposals(self, pledge: Pledge, flows: list[tuple[int, int, int, int]]) -> list[Proposal]:
        """Proposals with terms; coverage from each school's remaining tiers, in item order."""
        instance, table = self.instance, self.table
        values = instance.weights.coverage_values
        tiers = {school: self.tier_left[school].tolist() for _, _, _, school in flows}
        # How many of each of these items are still needed after the proposals already taken.
        reached = np.array([i for i, _, _, _ in flows], np.int64)
        taken_fen = (table.units[reached] - self.item_left[reached]) * instance.value_unit_fen
        still = (table.value_fen[reached] - taken_fen) // table.unit_value_fen[reached]
        quantity_left = dict(zip(reached.tolist(), still.tolist(), strict=True))
        quantities = whole_quantities(
            instance,
            pledge,
            [(i, f) for i, f, _, _ in flows],
            quantity_left,
            table.unit_value_fen,
            table.school,
        )
        block = table.pledge_terms(pledge, np.array([i for i, _, _, _ in flows], np.int64))
        distance = dict(zip(block.items.tolist(), block.distance.tolist(), strict=True))
        proposals = []
        for i, f, donor, school in sorted(flows, key=lambda x: (x[3], x[0])):
            per_unit_distance = distance[i]
            terms = ScoreTerms(
                urgency=f * int(table.urgency[i]),
                deadline=f * int(table.deadline_points[i]),
                school_priority=f * int(table.priority[i]),
                donor_preference=f * (donor - per_unit_distance),
                distance=f * per_unit_distance,
                coverage=coverage_points(values, tiers[school], f),
            )
            proposals.append(
                Proposal(
                    pledge_id=pledge.id,
                    item_id=instance.items[i].id,
                    school_id=table.schools[school].id,
                    units=f,
                    quantity=quantities[i],
                    terms=terms,
                )
            )
        proposals.sort(key=lambda x: (-x.terms.total / x.units, x.item_id))
        return proposals


def _tiers_left(instance: Instance, total: IntArray, used: IntArray) -> IntArray:
    """Room left per school and coverage tier when ``used`` units filled the tiers in order."""
    caps = coverage_caps(instance, total)
    filled_before = np.cumsum(caps, axis=1) - caps
    taken = np.clip(used[:, None] - filled_before, 0, caps)
    result: IntArray = caps - taken
    return result


def _solve_small(arcs: IntArray, supply: IntArray) -> tuple[IntArray, int]:
    """Solve a small network given as rows (tail, head, capacity, cost); flows and gain."""
    solver = SimpleMinCostFlow()
    handles = solver.add_arcs_with_capacity_and_unit_cost(
        arcs[:, 0].astype(np.int32), arcs[:, 1].astype(np.int32), arcs[:, 2], arcs[:, 3]
    )
    solver.set_nodes_supplies(np.arange(len(supply), dtype=np.int32), supply)
    if solver.solve() != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError("suggestion flow failed")
    return np.asarray(solver.flows(handles), np.int64), -int(solver.optimal_cost())
